// `ovm block build <chain-dir> [--txs FILE]`: opens (or creates) the chain kept in <chain-dir>,
// re-executes and checks its stored blocks, then builds and commits one block from the raw signed
// transactions in FILE (a JSON array of hex strings). `ovm block show <chain-dir> [N]` prints a
// committed block (the head by default) straight from the store, without re-executing anything.
import { existsSync, readFileSync } from "node:fs";
import { OvmError } from "../errors.js";
import { parseQuantity } from "../hex.js";
import { Chain, type RefusedTransaction } from "../chain/chain.js";
import { ChainStore, LevelStore } from "../chain/store.js";
import type { Block } from "../chain/block.js";
import { parseArgs } from "./args.js";

const USAGE = `usage: ovm block build <chain-dir> [--txs FILE] [--timestamp N] [--chain-id N] [--skip-invalid] [--json]
       ovm block show <chain-dir> [N] [--json]`;

function readTransactions(file: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new OvmError("INVALID_ARGUMENT", `--txs ${file}: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === "string")) {
    throw new OvmError("INVALID_ARGUMENT", `--txs ${file}: expected a JSON array of raw signed transactions (hex strings)`);
  }
  return parsed as string[];
}

function summary(block: Block, hashes?: string[]) {
  return {
    number: block.number,
    hash: block.hash,
    parentHash: block.parentHash,
    timestamp: block.timestamp.toString(),
    stateRoot: block.stateRoot,
    transactions: block.transactions.length,
    gasUsed: block.receipts.reduce((sum, r) => sum + r.gasUsed, 0n).toString(),
    failed: block.receipts.filter((r) => !r.success).length,
    ...(hashes ? { transactionHashes: hashes } : {}),
    postStateRoots: block.postStateRoots,
  };
}

function printBlock(block: Block, json: boolean, hashes?: string[]): void {
  const s = summary(block, hashes);
  if (json) {
    console.log(JSON.stringify(s));
    return;
  }
  console.log(`block ${s.number} ${s.hash}`);
  console.log(`  parent ${s.parentHash}, timestamp ${s.timestamp}`);
  console.log(`  ${s.transactions} transactions (${s.failed} failed in L2), L2 gas ${s.gasUsed}`);
  console.log(`  state root ${s.stateRoot}`);
}

function printRefused(refused: RefusedTransaction[]): void {
  for (const r of refused) console.error(`  transaction ${r.index}${r.hash ? ` ${r.hash}` : ""}: ${r.code}: ${r.message}`);
}

async function build(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ["txs", "timestamp", "chain-id"], ["skip-invalid", "json"]);
  if (positional.length !== 1) throw new OvmError("INVALID_ARGUMENT", `expected one chain folder\n${USAGE}`);
  const transactions = flags.has("txs") ? readTransactions(String(flags.get("txs"))) : [];
  const timestamp = flags.has("timestamp") ? parseQuantity(String(flags.get("timestamp")), "--timestamp") : undefined;
  const chainId = flags.has("chain-id") ? parseQuantity(String(flags.get("chain-id")), "--chain-id") : undefined;
  const started = performance.now();
  const chain = await Chain.open({ db: positional[0]!, chainId });
  try {
    if (chain.head.number > 0) {
      console.error(`re-executed and checked blocks 1..${chain.head.number} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    }
    let result;
    try {
      result = await chain.buildBlock(transactions, { timestamp, skipInvalid: flags.has("skip-invalid") });
    } catch (e) {
      const refused = (e as OvmError).detail as { refused?: RefusedTransaction[] } | undefined;
      if (refused?.refused) {
        console.error("no block built; refused transactions (--skip-invalid leaves them out):");
        printRefused(refused.refused);
      }
      throw e;
    }
    if (result.refused.length > 0) {
      console.error(`left out ${result.refused.length} refused transaction(s):`);
      printRefused(result.refused);
    }
    printBlock(result.block, flags.has("json"), result.hashes);
    return 0;
  } finally {
    await chain.close();
  }
}

async function show(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, [], ["json"]);
  if (positional.length < 1 || positional.length > 2) throw new OvmError("INVALID_ARGUMENT", `expected a chain folder and an optional block number\n${USAGE}`);
  const dir = positional[0]!;
  if (!existsSync(dir)) throw new OvmError("INVALID_ARGUMENT", `no chain in ${dir}`);
  const store = new ChainStore(await LevelStore.open(dir));
  try {
    const head = await store.readHead();
    if (head === undefined) throw new OvmError("INVALID_ARGUMENT", `no chain in ${dir}`);
    const n = positional[1] === undefined ? head : Number(parseQuantity(positional[1], "block number"));
    const block = await store.readBlock(n);
    if (!block) throw new OvmError("INVALID_ARGUMENT", `no block ${n}: the head is ${head}`);
    printBlock(block, flags.has("json"));
    return 0;
  } finally {
    await store.close();
  }
}

export async function blockCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "build") return build(rest);
  if (sub === "show") return show(rest);
  throw new OvmError("INVALID_ARGUMENT", USAGE);
}
