// Shared scaffolding for the per-family opcode edge-case tests: one contract under test, a sender,
// and helpers that run a message on both engines (assertSameExecution) and return what the hand-worked
// expectations are checked against.
import assert from "node:assert/strict";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Assembler, OP, type OpName } from "../../../src/evm/assembler.js";
import { assertSameExecution, type Outcome } from "../compare.js";
import { MessageRunner } from "../../../src/evm/message-runner.js";
import { DEFAULT_BLOCK } from "../../../src/evm/defaults.js";
import { bytesToHex } from "../../../src/hex.js";
import type { AccountState, BlockEnv, Hex, MessageCall, PreState } from "../../../src/evm/types.js";

export { OP };

export const SENDER: Hex = "0x00000000000000000000000000000000000a11ce";
export const CONTRACT: Hex = "0x000000000000000000000000000000000000c0de";
/** Second and third contracts for call/create scenarios. */
export const OTHER: Hex = "0x000000000000000000000000000000000000b0b0";
export const THIRD: Hex = "0x000000000000000000000000000000000000ca11";
/** An address no test puts in the pre-state. */
export const ABSENT: Hex = "0x000000000000000000000000000000000000dead";

export const SENDER_BALANCE = 10n ** 18n;

export const MAX = (1n << 256n) - 1n;
export const TWO_255 = 1n << 255n;
/** Two's complement encoding of a negative number as an EVM word. */
export const neg = (x: bigint): bigint => ((1n << 256n) - x) & MAX;

export const EMPTY_KECCAK = BigInt(bytesToHex(keccak_256(new Uint8Array(0))));

export interface AccountSpec {
  code?: Uint8Array;
  balance?: bigint;
  nonce?: bigint;
  storage?: Record<string, bigint>;
}

export function word(value: bigint): Hex {
  return `0x${value.toString(16).padStart(64, "0")}`;
}

export function preState(accounts: Record<string, AccountSpec>): PreState {
  const pre: PreState = new Map();
  for (const [address, spec] of Object.entries(accounts)) {
    const storage = new Map<Hex, Hex>();
    for (const [slot, value] of Object.entries(spec.storage ?? {})) storage.set(word(BigInt(slot)), word(value));
    const account: AccountState = {
      nonce: spec.nonce ?? (spec.code && spec.code.length > 0 ? 1n : 0n),
      balance: spec.balance ?? 0n,
      code: spec.code ?? new Uint8Array(0),
      storage,
    };
    pre.set(address.toLowerCase() as Hex, account);
  }
  // The sender exists and is not empty, as a real transaction's sender (it pays fees) always is:
  // an empty touched sender would be swept by EIP-161 at the end of the message.
  if (!pre.has(SENDER)) pre.set(SENDER, { nonce: 0n, balance: SENDER_BALANCE, code: new Uint8Array(0), storage: new Map() });
  return pre;
}

/** Instruction sequence from names, raw opcode numbers via `raw`, and pushed values. */
export type Part = OpName | bigint | number | { raw: number[] } | { label: string } | { jumpdest: string } | { pushLabel: string };

export function code(...parts: Part[]): Uint8Array {
  const a = new Assembler();
  for (const part of parts) {
    if (typeof part === "string") a.op(OP[part]);
    else if (typeof part === "number" || typeof part === "bigint") a.push(part);
    else if ("raw" in part) a.raw(part.raw);
    else if ("label" in part) a.label(part.label);
    else if ("jumpdest" in part) a.jumpdest(part.jumpdest);
    else a.pushLabel(part.pushLabel);
  }
  return a.assemble();
}

/** DUPn / SWAPn / PUSHn with explicit width, which the assembler's name table does not all list. */
export const dup = (n: number): Part => ({ raw: [0x7f + n] });
export const swap = (n: number): Part => ({ raw: [0x8f + n] });
export const pushN = (width: number, value: bigint): Part => {
  const bytes: number[] = [];
  for (let i = width - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return { raw: [0x5f + width, ...bytes] };
};

/** Returns the top of the stack as one 32-byte word: PUSH0 MSTORE PUSH1 32 PUSH0 RETURN. */
export const RETURN_TOP: Part[] = ["PUSH0", "MSTORE", 32, "PUSH0", "RETURN"];
/** PUSH0 2 + MSTORE 3 + first-word memory expansion 3 + PUSH1 3 + PUSH0 2 + RETURN 0. */
export const RETURN_TOP_GAS = 2n + 3n + 3n + 3n + 2n;

/**
 * Stores the stack, top first, into consecutive words and returns them all. For `n` items:
 * per item PUSHn (3, or 2 for PUSH0 at offset 0) + MSTORE 3, memory for n words, then PUSH 3 + PUSH0 2.
 */
export function returnStack(n: number): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < n; i++) parts.push(i * 32, "MSTORE");
  parts.push(n * 32, "PUSH0", "RETURN");
  return parts;
}

/** Gas of a push of `v` as the assembler encodes it: PUSH0 costs 2, any PUSHn costs 3. */
export const pushGas = (v: bigint | number): bigint => (BigInt(v) === 0n ? 2n : 3n);

/** Memory expansion cost for `words` 32-byte words (yellow paper: 3*w + floor(w^2/512)). */
export const memoryCost = (words: bigint): bigint => 3n * words + (words * words) / 512n;

export interface RunOptions {
  gas?: bigint;
  value?: bigint;
  data?: Uint8Array;
  origin?: Hex;
  caller?: Hex;
  to?: Hex;
  block?: BlockEnv;
  /** Extra accounts besides CONTRACT (which holds `code`) and the sender. */
  accounts?: Record<string, AccountSpec>;
  contract?: Omit<AccountSpec, "code">;
  watch?: Hex[];
}

export const DEFAULT_GAS = 1_000_000n;

export function message(options: RunOptions = {}): MessageCall {
  return {
    caller: options.caller ?? SENDER,
    origin: options.origin,
    to: options.to ?? CONTRACT,
    data: options.data ?? new Uint8Array(0),
    value: options.value ?? 0n,
    gasLimit: options.gas ?? DEFAULT_GAS,
  };
}

/** Runs `bytecode` as CONTRACT's code in one message on both engines; they must agree. */
export async function run(bytecode: Uint8Array, options: RunOptions = {}, label = "run"): Promise<Outcome> {
  const pre = preState({ ...options.accounts, [CONTRACT]: { ...options.contract, code: bytecode } });
  const watch = options.watch ?? [...pre.keys()];
  const [outcome] = await assertSameExecution(pre, options.block ?? DEFAULT_BLOCK, [message(options)], watch, label);
  return outcome!;
}

/** Runs several messages in sequence on both engines; returns the outcomes and our engine's final state. */
export async function runSequence(
  pre: PreState,
  messages: MessageCall[],
  label: string,
  options: { block?: BlockEnv; watch?: Hex[] } = {},
): Promise<{ outcomes: Outcome[]; state: MessageRunner }> {
  const block = options.block ?? DEFAULT_BLOCK;
  const outcomes = await assertSameExecution(pre, block, messages, options.watch ?? [...pre.keys()], label);
  // The differential check above already proved both engines end in the same storage/accounts;
  // replaying on ours gives the final state to compare against hand-worked values.
  const state = new MessageRunner(pre, block);
  for (const msg of messages) state.runCall(msg);
  return { outcomes, state };
}

/** The return data read as consecutive 32-byte words. */
export function words(outcome: Outcome): bigint[] {
  const body = outcome.returnData.slice(2);
  assert.equal(body.length % 64, 0, `return data is not whole words: ${outcome.returnData}`);
  const out: bigint[] = [];
  for (let i = 0; i < body.length; i += 64) out.push(BigInt(`0x${body.slice(i, i + 64)}`));
  return out;
}

export function top(outcome: Outcome): bigint {
  assert.equal(outcome.success, true, `expected success, got ${JSON.stringify(outcome, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  const w = words(outcome);
  assert.equal(w.length, 1);
  return w[0]!;
}

/**
 * Evaluates `op(args[0], args[1], ...)` where args[0] is the top of the stack (the yellow paper's
 * mu_s[0]); returns the result and the gas the opcode itself used (pushes and RETURN_TOP taken out).
 */
export async function evalOp(op: OpName, ...args: bigint[]): Promise<{ value: bigint; opGas: bigint }> {
  const parts: Part[] = [...[...args].reverse(), op, ...RETURN_TOP];
  const outcome = await run(code(...parts), {}, `${op}(${args.join(", ")})`);
  const pushes = args.reduce((sum, v) => sum + pushGas(v), 0n);
  return { value: top(outcome), opGas: outcome.gasUsed - pushes - RETURN_TOP_GAS };
}

/**
 * Evaluates many `op(args...)` in one message (one run on each engine instead of one per case):
 * result i is stored at memory word i and all are returned. Values only; use evalOp to pin gas.
 */
export async function evalOps(cases: [OpName, ...bigint[]][], label: string): Promise<bigint[]> {
  const parts: Part[] = [];
  cases.forEach(([op, ...args], i) => parts.push(...[...args].reverse(), op, i * 32, "MSTORE"));
  parts.push(cases.length * 32, 0, "RETURN");
  const outcome = await run(code(...parts), { gas: 10_000_000n }, label);
  assert.equal(outcome.success, true, label);
  const values = words(outcome);
  assert.equal(values.length, cases.length);
  return values;
}

/** Asserts each `[op, ...args]` evaluates to its expected value, all in one message. */
export async function assertOps(cases: [[OpName, ...bigint[]], bigint, string?][], label: string): Promise<void> {
  const values = await evalOps(cases.map(([c]) => c), label);
  cases.forEach(([[op, ...args], expected, note], i) => {
    assert.equal(values[i], expected, `${label}: ${op}(${args.join(", ")})${note ? ` (${note})` : ""}`);
  });
}

/** An exceptional halt: failure, no return data, every unit of gas consumed. */
export function assertExceptionalHalt(outcome: Outcome, gasLimit: bigint, what: string): void {
  assert.equal(outcome.success, false, `${what}: should fail`);
  assert.equal(outcome.returnData, "0x", `${what}: an exceptional halt returns no data`);
  assert.equal(outcome.gasUsed, gasLimit, `${what}: an exceptional halt consumes all gas`);
}

export function hexBytes(bytes: Uint8Array): Hex {
  return bytesToHex(bytes);
}

export function address20(value: Hex): bigint {
  return BigInt(value);
}
