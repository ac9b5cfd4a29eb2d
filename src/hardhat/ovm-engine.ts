// The engine in mode "ovm" on backend "hardhat": every deploy/execute is an L1 transaction to the
// Solidity ExecutionManager on Hardhat's in-process network, wrapped by executeTransaction exactly as
// the sequencer wraps an L2 transaction (ovm-spec.md, sections 4 and 6). This is the layer-1 path:
// slow, and the reference the WASM engine's OVM mode must agree with.
import { AbiCoder } from "ethers";
import { loadArtifact } from "../contracts/artifacts.js";
import { OvmError } from "../errors.js";
import { bytesToHex, hexToBytes, parseAddress, parseQuantity, type Hex } from "../hex.js";
import type { Log } from "../evm/types.js";
import { CREATE_ENTRYPOINT, EM_INTERFACE } from "../ovm/em-interface.js";
import type { CallRequest, DeployRequest, DeployResult, Engine, TransactionResult } from "../engine/types.js";
import { DEFAULT_GAS_LIMIT } from "../engine/wasm-engine.js";
import { L1_BLOCK_GAS_LIMIT, startHardhatNetwork, type Eip1193Provider } from "./network.js";

/** L1 gas each wrapped transaction may use: the whole block, less nothing (blocks hold one transaction). */
const L1_TX_GAS = BigInt(L1_BLOCK_GAS_LIMIT);

interface RpcReceipt {
  status: string;
  gasUsed: string;
  contractAddress: string | null;
  logs: { address: string; topics: string[]; data: string }[];
}

interface ExecutionOutcome {
  success: boolean;
  created: Hex | null;
  returnData: Hex;
  gasUsed: bigint;
  logs: Log[];
}

function toHexData(data: string | Uint8Array | undefined, field: string): Hex {
  if (data === undefined) return "0x";
  return typeof data === "string" ? bytesToHex(hexToBytes(data, field)) : bytesToHex(data);
}

function quantity(value: bigint): string {
  return "0x" + value.toString(16);
}

export class HardhatOvmEngine implements Engine {
  readonly mode = "ovm" as const;
  readonly backend = "hardhat" as const;
  private closed = false;
  private readonly ovmAddressCache = new Map<string, Hex>();

  private constructor(
    readonly chainId: bigint,
    private readonly provider: Eip1193Provider,
    private readonly sequencer: string,
    /** The ExecutionManager's L1 address. */
    readonly executionManager: Hex,
  ) {}

  static async create(chainId: bigint): Promise<HardhatOvmEngine> {
    const provider = await startHardhatNetwork(chainId);
    const [sequencer] = (await provider.request({ method: "eth_accounts" })) as string[];
    const artifact = loadArtifact("ExecutionManager");
    const args = AbiCoder.defaultAbiCoder().encode(["uint256"], [chainId]);
    const data = bytesToHex(artifact.bytecode) + args.slice(2);
    const hash = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: sequencer, data, gas: quantity(L1_TX_GAS), maxFeePerGas: "0x0", maxPriorityFeePerGas: "0x0" }],
    });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as RpcReceipt;
    if (receipt.status !== "0x1" || !receipt.contractAddress) {
      throw new OvmError("ENGINE_FAULT", "deploying the ExecutionManager on Hardhat failed");
    }
    return new HardhatOvmEngine(chainId, provider, sequencer, receipt.contractAddress.toLowerCase() as Hex);
  }

  private ensureOpen(): void {
    if (this.closed) throw new OvmError("ENGINE_CLOSED", "the engine is closed");
  }

  private async emCall(data: string, block = "latest"): Promise<string> {
    return (await this.provider.request({
      method: "eth_call",
      params: [{ from: this.sequencer, to: this.executionManager, data, gas: quantity(L1_TX_GAS) }, block],
    })) as string;
  }

  private wrap(request: CallRequest | DeployRequest, entrypoint: string): string {
    const from = parseAddress(request.from, "from");
    const gasLimit = request.gasLimit === undefined ? DEFAULT_GAS_LIMIT : parseQuantity(request.gasLimit, "gasLimit");
    const timestamp = request.timestamp === undefined ? BigInt(Math.floor(Date.now() / 1000)) : parseQuantity(request.timestamp, "timestamp");
    const value = request.value === undefined ? 0n : parseQuantity(request.value, "value");
    if (value !== 0n) {
      throw new OvmError("UNSUPPORTED", "the OVM has no native value: ETH is an ERC-20 token there (docs/ovm-em.md)", { value });
    }
    return EM_INTERFACE.encodeFunctionData("executeTransaction", [timestamp, gasLimit, from, entrypoint, toHexData(request.data, "data")]);
  }

  private decode(output: string): { success: boolean; created: Hex | null; returnData: Hex } {
    const [success, created, returnData] = EM_INTERFACE.decodeFunctionResult("executeTransaction", output);
    const address = (created as string).toLowerCase() as Hex;
    return {
      success: success as boolean,
      created: /^0x0{40}$/.test(address) ? null : address,
      returnData: (returnData as string).toLowerCase() as Hex,
    };
  }

  /** Logs come from code (runtime) or data (constructor) contracts: report them under the OVM address. */
  private async ovmAddressOf(l1Address: string): Promise<Hex> {
    const key = l1Address.toLowerCase();
    const cached = this.ovmAddressCache.get(key);
    if (cached) return cached;
    const [ovm] = EM_INTERFACE.decodeFunctionResult("ovmAddressOf", await this.emCall(EM_INTERFACE.encodeFunctionData("ovmAddressOf", [key])));
    const address = (ovm as string).toLowerCase() as Hex;
    if (/^0x0{40}$/.test(address)) throw new OvmError("ENGINE_FAULT", `log from ${key}, which is no OVM contract`);
    this.ovmAddressCache.set(key, address);
    return address;
  }

  private async transact(request: CallRequest | DeployRequest, entrypoint: string, keep: boolean): Promise<ExecutionOutcome> {
    this.ensureOpen();
    const data = this.wrap(request, entrypoint);
    // The return value is read with eth_call on the same pre-state: the EM reads nothing from the L1
    // block, so the call and the transaction compute the same thing.
    let output: string;
    try {
      output = await this.emCall(data);
    } catch (error) {
      throw new OvmError("ENGINE_FAULT", `the ExecutionManager refused the transaction: ${(error as Error).message}`);
    }
    const decoded = this.decode(output);
    if (!keep) return { ...decoded, gasUsed: 0n, logs: [] };
    const hash = await this.provider.request({
      method: "eth_sendTransaction",
      params: [{ from: this.sequencer, to: this.executionManager, data, gas: quantity(L1_TX_GAS), maxFeePerGas: "0x0", maxPriorityFeePerGas: "0x0" }],
    });
    const receipt = (await this.provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as RpcReceipt;
    if (receipt.status !== "0x1") throw new OvmError("ENGINE_FAULT", "the wrapped transaction reverted on L1");
    const logs: Log[] = [];
    for (const log of receipt.logs) {
      logs.push({
        address: await this.ovmAddressOf(log.address),
        topics: log.topics.map((t) => t.toLowerCase() as Hex),
        data: log.data.toLowerCase() as Hex,
      });
    }
    return { ...decoded, gasUsed: BigInt(receipt.gasUsed), logs };
  }

  private result(outcome: ExecutionOutcome): TransactionResult {
    return {
      success: outcome.success,
      returnData: outcome.returnData,
      gasUsed: outcome.gasUsed,
      logs: outcome.logs,
      error: outcome.success ? null : "revert",
    };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const outcome = await this.transact(request, CREATE_ENTRYPOINT, true);
    const result = this.result(outcome);
    if (outcome.success && outcome.created) result.returnData = await this.getCode(outcome.created);
    return { ...result, address: outcome.success ? outcome.created : null };
  }

  async execute(request: CallRequest): Promise<TransactionResult> {
    return this.result(await this.transact(request, parseAddress(request.to, "to"), true));
  }

  /** Runs through the EM without changing state. gasUsed is 0: nothing is mined. */
  async call(request: CallRequest): Promise<TransactionResult> {
    return this.result(await this.transact(request, parseAddress(request.to, "to"), false));
  }

  async getStorage(address: string, slot: string | bigint): Promise<Hex> {
    this.ensureOpen();
    const key = typeof slot === "bigint" ? slot : parseQuantity(slot, "slot");
    const output = await this.emCall(EM_INTERFACE.encodeFunctionData("getStorage", [parseAddress(address, "address"), key]));
    return output.toLowerCase() as Hex;
  }

  async getCode(address: string): Promise<Hex> {
    this.ensureOpen();
    const output = await this.emCall(EM_INTERFACE.encodeFunctionData("getCode", [parseAddress(address, "address")]));
    const [code] = EM_INTERFACE.decodeFunctionResult("getCode", output);
    return (code as string).toLowerCase() as Hex;
  }

  /** The L1 state root after the last transaction (the EM's storage is part of it). */
  async stateRoot(): Promise<Hex> {
    this.ensureOpen();
    const block = (await this.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { stateRoot: string };
    return block.stateRoot.toLowerCase() as Hex;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The L1 provider, for tests and tools that compare against plain L1 execution on the same chain. */
  get l1Provider(): Eip1193Provider {
    return this.provider;
  }
}
