// The main job (`npm start`): the design note's example replayed as a rollup. Users sign ordinary
// Ethereum transactions with ethers Wallets; the sequencer checks them, wraps each into the EM's
// executeTransaction and runs it in the WASM engine; blocks are committed to the embedded on-disk
// store. Then the same raw transactions run through the Solidity EM on Hardhat (layer 1) for the L1
// gas, and the chain is reopened from disk, which re-executes every block and re-checks every root.
import { ProgressBar, seededRandom } from "./progress-bar.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Interface, Wallet, getCreateAddress, id, type TransactionRequest } from "ethers";
import { OvmError } from "../errors.js";
import { bytesToHex, parseQuantity, type Hex } from "../hex.js";
import { loadArtifact, linkBytecode } from "../contracts/artifacts.js";
import { Chain } from "../chain/chain.js";
import type { Block } from "../chain/block.js";
import { parseArgs } from "./args.js";

const CHAIN_ID = 10n;
/** Block k gets FIRST_TIMESTAMP + 12k: fixed, so every run gives the same blocks and roots. */
const FIRST_TIMESTAMP = 1_900_000_000n;
const DEPLOY_GAS = 12_000_000n;
const CALL_GAS = 1_000_000n;
const E18 = 10n ** 18n;



type Kind = "deploy" | "setup" | "swap" | "transfer";

interface PlannedTransaction {
  kind: Kind;
  raw: Hex;
  /** A swap signed with an impossible minimum output: it must fail in L2 (a result, not a refusal). */
  expectFailure: boolean;
}

interface Plan {
  transactions: PlannedTransaction[];
  users: number;
  addresses: { weth: Hex; bat: Hex; exchange: Hex };
}

/** Signs the whole example up front: nonces are known since every transaction moves its sender's nonce. */
async function planTransactions(workload: number, userCount: number, progress: ProgressBar): Promise<Plan> {
  const deployer = new Wallet(id("ovm demo: deployer"));
  const users = Array.from({ length: userCount }, (_, i) => new Wallet(id(`ovm demo: user ${i}`)));
  const nonces = new Map<string, number>();
  const transactions: PlannedTransaction[] = [];
  const total = 4 + 3 + 2 * userCount + 2 * userCount + workload;
  let signedCount = 0;

  const sign = async (wallet: Wallet, kind: Kind, request: TransactionRequest, expectFailure = false): Promise<void> => {
    const nonce = nonces.get(wallet.address) ?? 0;
    nonces.set(wallet.address, nonce + 1);
    // The three signed transaction types take turns: legacy (EIP-155), EIP-2930, EIP-1559.
    const type = transactions.length % 3;
    const fees = type === 2 ? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } : { gasPrice: 0n };
    const raw = await wallet.signTransaction({ ...request, ...fees, type, nonce, chainId: CHAIN_ID, value: 0n, ...(type === 1 ? { accessList: [] } : {}) });
    transactions.push({ kind, raw: raw as Hex, expectFailure });
    progress.update(++signedCount);
  };

  const deployData = (name: string, args: unknown[], link?: Record<string, Hex>): Hex => {
    const artifact = loadArtifact(name);
    const code = link ? linkBytecode(artifact.bytecode, artifact.linkReferences, link) : artifact.bytecode;
    return (bytesToHex(code) + new Interface(artifact.abi as never).encodeDeploy(args).slice(2)) as Hex;
  };
  const created = (nonce: number): Hex => getCreateAddress({ from: deployer.address, nonce }).toLowerCase() as Hex;

  // The design note's cast: WETH (all ETH in the OVM is an ERC-20), BAT, and a Uniswap-style exchange.
  const libMath = created(0);
  const weth = created(1);
  const bat = created(2);
  const exchange = created(3);
  await sign(deployer, "deploy", { to: null, data: deployData("LibMath", []), gasLimit: DEPLOY_GAS });
  await sign(deployer, "deploy", { to: null, data: deployData("Token", ["Wrapped Ether", "WETH", 10n ** 9n * E18]), gasLimit: DEPLOY_GAS });
  await sign(deployer, "deploy", { to: null, data: deployData("Token", ["Basic Attention Token", "BAT", 10n ** 12n * E18]), gasLimit: DEPLOY_GAS });
  await sign(deployer, "deploy", { to: null, data: deployData("Exchange", [weth, bat], { "contracts/test/LibMath.sol:LibMath": libMath }), gasLimit: DEPLOY_GAS });

  const token = new Interface(loadArtifact("Token").abi as never);
  const pair = new Interface(loadArtifact("Exchange").abi as never);
  const call = (wallet: Wallet, kind: Kind, to: Hex, data: string, expectFailure = false) => sign(wallet, kind, { to, data, gasLimit: CALL_GAS }, expectFailure);
  const unlimited = (1n << 256n) - 1n;

  await call(deployer, "setup", weth, token.encodeFunctionData("approve", [exchange, unlimited]));
  await call(deployer, "setup", bat, token.encodeFunctionData("approve", [exchange, unlimited]));
  await call(deployer, "setup", exchange, pair.encodeFunctionData("addLiquidity", [10_000n * E18, 2_000_000n * E18]));
  for (const user of users) {
    await call(deployer, "setup", weth, token.encodeFunctionData("transfer", [user.address, 1_000n * E18]));
    await call(deployer, "setup", bat, token.encodeFunctionData("transfer", [user.address, 200_000n * E18]));
  }
  for (const user of users) {
    await call(user, "setup", weth, token.encodeFunctionData("approve", [exchange, unlimited]));
    await call(user, "setup", bat, token.encodeFunctionData("approve", [exchange, unlimited]));
  }

  const rand = seededRandom(2019);
  for (let i = 0; i < workload; i++) {
    const user = users[Math.floor(rand() * users.length)]!;
    if (rand() < 0.6) {
      // ethToTokenSwapInput of the design note, and the way back; every 40th asks for the impossible.
      const wethIn = rand() < 0.5;
      const amount = wethIn ? BigInt(1 + Math.floor(rand() * 20)) * E18 / 10n : BigInt(1 + Math.floor(rand() * 4000)) * E18 / 10n;
      const impossible = i % 40 === 19;
      await call(user, "swap", exchange, pair.encodeFunctionData("swap", [wethIn ? weth : bat, amount, impossible ? unlimited : 0n]), impossible);
    } else {
      const other = users[(users.indexOf(user) + 1 + Math.floor(rand() * (users.length - 1))) % users.length]!;
      const which = rand() < 0.5 ? weth : bat;
      await call(user, "transfer", which, token.encodeFunctionData("transfer", [other.address, BigInt(1 + Math.floor(rand() * 100)) * E18 / 100n]));
    }
  }
  return { transactions, users: userCount, addresses: { weth, bat, exchange } };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface RunResult {
  blocks: Block[];
  seconds: number;
  gasUsed: bigint[];
  success: boolean[];
  /** Seconds from the start to the end of each transaction. */
  elapsed: number[];
}

/** The sequencer's clock of the demo: block k opens at FIRST_TIMESTAMP + 12k. */
class DemoClock {
  now = FIRST_TIMESTAMP;
  readonly read = (): bigint => this.now;
}

/** Feeds the planned transactions to a chain's sequencer one by one, sealing a block every `blockSize`. */
async function runOnChain(chain: Chain, clock: DemoClock, transactions: PlannedTransaction[], blockSize: number, progress: ProgressBar): Promise<RunResult> {
  const started = performance.now();
  const blocks: Block[] = [];
  const gasUsed: bigint[] = [];
  const success: boolean[] = [];
  const elapsed: number[] = [];
  let done = 0;
  for (const [k, batch] of chunk(transactions, blockSize).entries()) {
    clock.now = FIRST_TIMESTAMP + 12n * BigInt(k);
    for (const tx of batch) {
      await chain.sendRawTransaction(tx.raw);
      elapsed.push((performance.now() - started) / 1000);
      progress.update(++done, `block ${chain.head.number + 1}`);
    }
    const block = await chain.sealBlock();
    blocks.push(block);
    for (const r of block.receipts) {
      gasUsed.push(r.gasUsed);
      success.push(r.success);
    }
  }
  return { blocks, seconds: (performance.now() - started) / 1000, gasUsed, success, elapsed };
}

function formatGas(gas: bigint): string {
  return gas.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

export async function demoCommand(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, ["db", "txs", "block-size", "hardhat", "users"], ["quick"]);
  const quick = flags.has("quick");
  const number = (name: string, fallback: number): number => {
    const v = flags.get(name);
    return v === undefined ? fallback : Number(parseQuantity(String(v), `--${name}`));
  };
  const workload = number("txs", quick ? 30 : 400);
  const blockSize = number("block-size", quick ? 20 : 50);
  const userCount = number("users", quick ? 3 : 6);
  if (blockSize < 1) throw new OvmError("INVALID_ARGUMENT", "--block-size must be at least 1");
  if (userCount < 2) throw new OvmError("INVALID_ARGUMENT", "--users must be at least 2");
  const hardhatFlag = String(flags.get("hardhat") ?? "all");

  const ownDir = !flags.has("db");
  const dir = ownDir ? mkdtempSync(join(tmpdir(), "ovm-demo-")) : String(flags.get("db"));
  const wallStart = performance.now();
  try {
    const clock = new DemoClock();
    let chain = await Chain.open({ db: dir, chainId: CHAIN_ID, clock: clock.read });
    if (chain.head.number > 0) {
      // A second run on the same folder: the chain was re-executed and re-checked on open; nothing to add.
      const head = chain.head;
      await chain.close();
      console.log(`${dir} already holds a chain: re-executed and re-checked blocks 1..${head.number} on open ` +
        `(head ${head.hash}, state root ${head.stateRoot}) in ${((performance.now() - wallStart) / 1000).toFixed(2)} s`);
      return;
    }
    const genesisRoot = chain.head.stateRoot;

    const plan = await planTransactions(workload, userCount, new ProgressBar("signing (ethers)", 4 + 3 + 4 * userCount + workload));
    const txs = plan.transactions;
    const l2 = await runOnChain(chain, clock, txs, blockSize, new ProgressBar("L2: sequencer (WASM)", txs.length));
    await chain.close();

    const unexpected = l2.success.flatMap((ok, i) => (ok === !txs[i]!.expectFailure ? [] : [i]));
    if (unexpected.length > 0) {
      throw new OvmError("ENGINE_FAULT", `transactions ${unexpected.join(", ")} did not end as planned (success expected unless marked)`);
    }

    // Layer 1: the same raw transactions, the same blocks and timestamps, through the Solidity EM on Hardhat.
    const sample = hardhatFlag === "all" ? txs.length : hardhatFlag === "none" ? 0 : Math.min(txs.length, Number(parseQuantity(hardhatFlag, "--hardhat")));
    let l1: RunResult | null = null;
    if (sample > 0) {
      const l1Clock = new DemoClock();
      const l1Chain = await Chain.open({ backend: "hardhat", db: "memory", chainId: CHAIN_ID, clock: l1Clock.read });
      l1 = await runOnChain(l1Chain, l1Clock, txs.slice(0, sample), blockSize, new ProgressBar("L1: Solidity EM (Hardhat)", sample));
      await l1Chain.close();
    }

    // Restart: reopen the folder; every block is re-executed and every root re-checked.
    let replayed = 0;
    const reopenStart = performance.now();
    const replayBar = new ProgressBar("restart: re-executing", l2.blocks.length);
    chain = await Chain.open({ db: dir, chainId: CHAIN_ID, onReplay: () => replayBar.update(++replayed) });
    const reopened = chain.head;
    await chain.close();
    const reopenSeconds = (performance.now() - reopenStart) / 1000;
    if (reopened.hash !== l2.blocks[l2.blocks.length - 1]!.hash) throw new OvmError("STORE_CORRUPT", "the reopened chain's head is not the last block built");

    const counts = { deploy: 0, setup: 0, swap: 0, transfer: 0 };
    for (const t of txs) counts[t.kind]++;
    const failed = l2.success.filter((ok) => !ok).length;
    const first = l2.blocks[0]!;
    const last = l2.blocks[l2.blocks.length - 1]!;
    const l2Gas = sum(l2.gasUsed);
    const lines = [
      `OVM rollup demo (the design note's "Sequencer handles request"), chain ${CHAIN_ID}, embedded store ${ownDir ? "(temporary) " : ""}${dir}`,
      `blocks:        ${l2.blocks.length} (1..${last.number}), up to ${blockSize} transactions each; head ${last.hash}`,
      `transactions:  ${txs.length} signed by ${plan.users + 1} ethers wallets (legacy, EIP-2930 and EIP-1559 in turn): ${counts.deploy} deploys ` +
        `(LibMath, WETH, BAT, Exchange), ${counts.setup} setup (funding, approvals, liquidity), ${counts.swap} swaps, ${counts.transfer} transfers`,
      `               ${failed} failed in L2 as planned (swaps asking for an impossible output): a result in the block, not a refusal`,
      `state roots:   genesis ${genesisRoot}`,
      `               first   ${first.stateRoot} (after block ${first.number})`,
      `               last    ${last.stateRoot} (after block ${last.number})`,
      `wall time:     ${l2.seconds.toFixed(2)} s through the sequencer (${(txs.length / l2.seconds).toFixed(1)} tx/s, a state root after every transaction), ` +
        `${((performance.now() - wallStart) / 1000).toFixed(2)} s for the whole demo`,
      `L2 gas:        ${formatGas(l2Gas)} (the wrapped transactions' gasUsed on the WASM engine)`,
    ];
    if (l1) {
      const l1Gas = sum(l1.gasUsed);
      const sampleL2Gas = sum(l2.gasUsed.slice(0, sample));
      const same = l1.gasUsed.filter((g, i) => g === l2.gasUsed[i] && l1!.success[i] === l2.success[i]).length;
      const scope = sample === txs.length ? `all ${sample} transactions` : `the first ${sample} of ${txs.length} transactions (L2 gas of those: ${formatGas(sampleL2Gas)})`;
      lines.push(`L1 gas:        ${formatGas(l1Gas)} through the Solidity EM on Hardhat, ${scope}, ${l1.seconds.toFixed(2)} s ` +
        `(${(sample / l1.seconds).toFixed(1)} tx/s; the WASM engine ran them ${(l1.elapsed[sample - 1]! / l2.elapsed[sample - 1]!).toFixed(0)}x faster)`,
        `               equal to L2 gas and outcome for ${same}/${sample} (invariant I1)`);
    } else {
      lines.push("L1 gas:        not measured (--hardhat none)");
    }
    lines.push(`restart:       reopened the store, re-executed ${replayed} blocks and re-checked ${txs.length} post-state roots in ${reopenSeconds.toFixed(2)} s`);
    console.log(lines.join("\n"));
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  }
}
