// validateBlock: checks a witness job (job.ts) without any other state. The witness's nodes must
// hash to the pre-state root and prove its entries (one WASM call builds the partial trie and checks
// both, assembly/trie/witness.ts); then the block's transactions run again through the chain's own
// sequencer code (Sequencer + reexecuteBlock, src/chain/) on a WASM engine whose world state holds
// the witness only, and every post-state root is recomputed from the partial trie, where the
// subtrees nobody touched are known by their hash alone.
//
// One WASM engine instance and one trie instance serve every job of a thread (ValidatorContext):
// a job replaces their content, so memory stays that of the largest block seen.
import { OvmError } from "../errors.js";
import { bytesToHex, type Hex } from "../hex.js";
import { blockHash, type Block, type BlockReceipt } from "../chain/block.js";
import { reexecuteBlock, type ReexecutionDifference } from "../chain/chain.js";
import { Sequencer, type ExecutedTransaction } from "../chain/sequencer.js";
import { WasmEvmEngine } from "../engine/wasm-engine.js";
import { OvmEngine } from "../ovm/ovm-engine.js";
import { StateTrie, WitnessStatus } from "../state/trie/state-trie.js";
import { EMPTY_CODE_HASH, WorldState } from "../state/world-state.js";
import { WasmEvm } from "../wasm/instance.js";
import { blockHashOf } from "../evm/defaults.js";
import { decodeBlockSection, decodeCodesSection, decodeWitnessSection, encodeJob, jobSections, type WitnessJob } from "./job.js";
import { PartialWorldState, type MissingState } from "./partial-state.js";
import type { MissingNode } from "../state/trie/batch.js";

/** Why a block is not valid. */
export type ValidationReason =
  /** A transaction's post-state root differs from the re-execution's. */
  | "postStateRoot"
  /** A receipt field differs (`field` names it). */
  | "receipt"
  /** The re-execution refuses a transaction (bad signature, nonce, chain id: `expected` is the code). */
  | "refused"
  /** The block's own fields: number, parent hash, chain id, timestamp order, final state root, hash. */
  | "header"
  /** The witness does not hold: nodes that do not hash to the pre-state root, an entry the proofs contradict. */
  | "witness"
  /** The witness lacks something the re-execution needs (`incomplete: true`): no verdict on the block. */
  | "incomplete"
  /** The engine failed on a transaction (the EM refused the wrapped transaction). */
  | "engine"
  /** The validating worker threw or died (pool.ts): no verdict. */
  | "worker";

export interface BlockValid {
  valid: true;
  block: number;
  transactions: number;
}

export interface BlockInvalid {
  valid: false;
  block: number;
  reason: ValidationReason;
  /** The first bad transaction; null when the fault is not a transaction's. */
  index: number | null;
  /** What re-execution gives (a root; a refusal's code) and what the block claims. */
  expected?: string;
  claimed?: string;
  /** The field at fault ("postStateRoot", "receipt.gasUsed", "parentHash", "hash", ...). */
  field?: string;
  /** Set when the witness, not the block, is lacking. */
  incomplete?: true;
  /** What the witness lacks: an account, a slot, a code, or a trie node. */
  missing?: MissingState | MissingNode | { code: Hex } | { entry: number };
  message: string;
}

export type ValidationResult = BlockValid | BlockInvalid;

/** The WASM instances a thread validates with, created once and reused for every job. */
export interface ValidatorContext {
  evm: WasmEvm;
  trie: StateTrie;
}

export function createValidatorContext(): ValidatorContext {
  return { evm: new WasmEvm(new WorldState(), blockHashOf), trie: new StateTrie() };
}

let threadContext: ValidatorContext | undefined;

/** This thread's context, made on first use. */
export function validatorContext(): ValidatorContext {
  return (threadContext ??= createValidatorContext());
}

const EMPTY_CODE_HASH_HEX: Hex = bytesToHex(EMPTY_CODE_HASH);

const WITNESS_MESSAGES: Record<number, string> = {
  [WitnessStatus.MalformedNode]: "a witness node is not a trie node",
  [WitnessStatus.RootMismatch]: "the witness's nodes do not hash to the pre-state root",
  [WitnessStatus.MalformedRequest]: "the witness section is malformed",
  [WitnessStatus.EntryMismatch]: "a witness entry differs from what its proof shows",
  [WitnessStatus.EntryUnproven]: "a witness entry has no proof in the witness's nodes",
};

/**
 * Validates one block from its witness job alone (an encoded job, or its plain value). Resolves to
 * `{ valid: true }` or to the first fault, pinned to its transaction; throws only for a job that
 * cannot be read at all (OvmError MALFORMED_JOB) or an engine bug.
 */
export async function validateBlock(job: ArrayBuffer | Uint8Array | WitnessJob, context: ValidatorContext = validatorContext()): Promise<ValidationResult> {
  const sections = jobSections(job instanceof ArrayBuffer || job instanceof Uint8Array ? job : encodeJob(job));
  const { header } = sections;
  const blockNumber = header.number;
  const block = decodeBlockSection(header, sections.block);
  const witness = decodeWitnessSection(sections.witness);
  const codes = decodeCodesSection(sections.codes);
  const fail = (reason: ValidationReason, index: number | null, message: string, extra: Partial<BlockInvalid> = {}): BlockInvalid =>
    ({ valid: false, block: blockNumber, reason, index, message: `block ${blockNumber}${index === null ? "" : `, transaction ${index}`}: ${message}`, ...extra });

  // 1. The proofs: nodes against the pre-state root, entries against the nodes (one WASM call).
  const load = context.trie.loadWitness(sections.witness);
  if (load.status === WitnessStatus.EntryUnproven) {
    return fail("incomplete", null, `${WITNESS_MESSAGES[load.status]} (entry ${load.entry})`, { incomplete: true, missing: { entry: load.entry } });
  }
  if (load.status !== WitnessStatus.Ok) {
    const entry = load.status === WitnessStatus.EntryMismatch ? describeEntry(witness, load.entry) : "";
    return fail("witness", null, `${WITNESS_MESSAGES[load.status] ?? `witness status ${load.status}`}${entry}`, { field: "witness" });
  }

  // 2. Codes by hash; every existing account with code needs its own.
  const byHash = new Map<Hex, Uint8Array>();
  for (const code of codes) byHash.set(bytesToHex(context.evm.keccak256(code)), code);
  const accounts = [];
  for (const a of witness.accounts) {
    let code: Uint8Array = new Uint8Array(0);
    if (a.exists && a.codeHash !== EMPTY_CODE_HASH_HEX) {
      const found = byHash.get(a.codeHash);
      if (!found) return fail("incomplete", null, `the witness lacks the code of ${a.address} (${a.codeHash})`, { incomplete: true, missing: { code: a.codeHash } });
      code = found;
    }
    accounts.push({ address: a.address, exists: a.exists, nonce: a.nonce, balance: a.balance, codeHash: hexBytes(a.codeHash), code, storageRoot: a.storageRoot });
  }
  const state = new PartialWorldState(accounts, witness.slots.map((s) => ({ address: s.address, slot: s.slot, value: hexBytes(s.value) })));
  context.trie.followPartial(state);
  state.trie = context.trie;

  // 3. Re-execution through the chain's sequencer code, on an engine over the partial state.
  const l1 = new WasmEvmEngine(header.chainId, { state, evm: context.evm, trie: context.trie });
  const sequencer = new Sequencer(OvmEngine.attach(header.chainId, l1, header.executionManager));
  const parent: Block = {
    hash: block.parentHash, chainId: header.chainId, number: blockNumber - 1, timestamp: header.parentTimestamp, parentHash: block.parentHash,
    stateRoot: witness.preStateRoot, transactions: [], postStateRoots: [], receipts: [],
  };
  let current: number | null = null;
  let executed: ExecutedTransaction | undefined;
  try {
    await reexecuteBlock(sequencer, block, parent, {
      beforeTransaction: (i) => { current = i; executed = undefined; },
      afterTransaction: (_, e) => { executed = e; },
    });
  } catch (e) {
    if (!(e instanceof OvmError)) throw e;
    if (e.code === "WITNESS_INCOMPLETE") {
      const detail = e.detail as { missing?: MissingState | MissingNode } | undefined;
      return fail("incomplete", current, e.message, { incomplete: true, missing: detail?.missing });
    }
    if (e.code === "STORE_CORRUPT") {
      const d = e.detail as ReexecutionDifference;
      const values = differingValues(d, block, parent, executed, e.message);
      return fail(reasonOf(d.field), d.index, e.message.replace(/^block \d+(, transaction \d+)?: /, ""), { field: d.field, ...values });
    }
    return fail("engine", current, `${e.code}: ${e.message}`);
  }

  // 4. The block's hash binds what was checked to the chain.
  const hash = blockHash(block);
  if (hash !== header.hash) return fail("header", null, `the block's content hashes to ${hash}, not to its hash ${header.hash}`, { field: "hash", expected: hash, claimed: header.hash });
  return { valid: true, block: blockNumber, transactions: block.transactions.length };
}

/** What re-execution gives and what the block claims, for the fields that have one value. */
function differingValues(d: ReexecutionDifference, block: Block, parent: Block, executed: ExecutedTransaction | undefined, message: string): { expected?: string; claimed?: string } {
  if (d.field === "postStateRoot" && d.index !== null) return { expected: executed?.postStateRoot, claimed: block.postStateRoots[d.index] };
  if (d.field === "transaction") return { expected: /refused on re-execution \(([A-Z_]+):/.exec(message)?.[1] };
  if (d.field.startsWith("receipt.") && d.index !== null && executed) {
    const name = d.field.slice("receipt.".length) as "success" | "gasUsed" | "returnData" | "createdAddress" | "logs";
    const show = (r: BlockReceipt) => name === "logs" ? JSON.stringify(r.logs) : String(r[name]);
    return { expected: show(executed.receipt), claimed: show(block.receipts[d.index]!) };
  }
  if (d.field === "stateRoot") {
    return { expected: block.transactions.length > 0 ? block.postStateRoots[block.postStateRoots.length - 1] : parent.stateRoot, claimed: block.stateRoot };
  }
  return {};
}

/** The reason for a re-execution difference's field (chain.ts, ReexecutionDifference). */
export function reasonOf(field: string): ValidationReason {
  if (field === "postStateRoot") return "postStateRoot";
  if (field === "transaction") return "refused";
  return field.startsWith("receipt.") ? "receipt" : "header";
}

function hexBytes(hex: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}

function describeEntry(witness: ReturnType<typeof decodeWitnessSection>, entry: number): string {
  if (entry < witness.accounts.length) return ` (account ${witness.accounts[entry]!.address})`;
  const slot = witness.slots[entry - witness.accounts.length];
  return slot ? ` (slot ${slot.slot} of ${slot.address})` : "";
}
