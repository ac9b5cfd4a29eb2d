// Hardhat's in-process network (EDR), started by the library: nothing to install or run. Each call
// makes an independent chain from the project's hardhat.config.cjs, so two engines never share state.
import { createRequire } from "node:module";
import { PACKAGE_ROOT } from "../wasm/module.js";

export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

interface HardhatNetworkConfig {
  chainId: number;
  hardfork: string;
  blockGasLimit: number;
  initialBaseFeePerGas?: number;
  minGasPrice: bigint;
  throwOnTransactionFailures: boolean;
  throwOnCallFailures: boolean;
  mining: { auto: boolean; interval: number; mempool: { order: string } };
  chains: unknown;
  coinbase?: string;
  accounts: unknown;
  allowUnlimitedContractSize: boolean;
  allowBlocksWithSameTimestamp?: boolean;
  enableTransientStorage?: boolean;
  enableRip7212?: boolean;
}

interface Hre {
  config: { networks: { hardhat: HardhatNetworkConfig } };
}

/** Gas limit of the L1 blocks: the EM transpiles and checks code on chain, which costs more than the 30M default. */
export const L1_BLOCK_GAS_LIMIT = 1_000_000_000;

let hre: Hre | undefined;

function loadHardhat(): Hre {
  if (hre) return hre;
  process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT ??= "true";
  // Hardhat finds its config from the working directory.
  const previous = process.cwd();
  process.chdir(PACKAGE_ROOT);
  try {
    hre = createRequire(import.meta.url)("hardhat") as Hre;
  } finally {
    process.chdir(previous);
  }
  return hre;
}

/** Starts a fresh chain; `chainId` replaces the config's, so CHAINID on L1 reads what the engine was asked for. */
export async function startHardhatNetwork(chainId?: bigint, options: { blockGasLimit?: bigint } = {}): Promise<Eip1193Provider> {
  const config = loadHardhat().config.networks.hardhat;
  const require = createRequire(import.meta.url);
  const { createHardhatNetworkProvider } = require("hardhat/internal/hardhat-network/provider/provider") as {
    createHardhatNetworkProvider(config: unknown, logger: unknown): Promise<Eip1193Provider>;
  };
  const { normalizeHardhatNetworkAccountsConfig } = require("hardhat/internal/core/providers/util") as {
    normalizeHardhatNetworkAccountsConfig(accounts: unknown): unknown;
  };
  return createHardhatNetworkProvider(
    {
      chainId: chainId === undefined ? config.chainId : Number(chainId),
      networkId: chainId === undefined ? config.chainId : Number(chainId),
      hardfork: config.hardfork,
      blockGasLimit: Number(options.blockGasLimit ?? BigInt(L1_BLOCK_GAS_LIMIT)),
      initialBaseFeePerGas: 0,
      minGasPrice: 0n,
      throwOnTransactionFailures: false,
      throwOnCallFailures: false,
      automine: true,
      intervalMining: 0,
      mempoolOrder: config.mining.mempool.order,
      chains: config.chains,
      coinbase: config.coinbase,
      genesisAccounts: normalizeHardhatNetworkAccountsConfig(config.accounts),
      allowUnlimitedContractSize: config.allowUnlimitedContractSize,
      allowBlocksWithSameTimestamp: true,
      enableTransientStorage: true,
      enableRip7212: false,
    },
    { enabled: false },
  );
}
