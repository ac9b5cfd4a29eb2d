// Random EVM programs for differential tests: the same (pre, message) is run on the WASM
// engine and on the ethereumjs reference, and everything observable is compared.
//
// A program is a main contract plus a few helper contracts it calls (and that call it
// back), an EOA, and addresses that do not exist. Code is built from fragments that each
// leave the stack as they found it, so most programs run far; a minority of fragments
// break things on purpose (underflow, invalid opcode, bad jump, huge memory, static
// violations). Only forward jumps and counter-bounded loops are generated, so every run
// terminates without relying on gas; precompiles (0x01..0x0a) are never called.

import type { Hex, MessageCall, PreState, AccountState } from "../../src/evm/types.js";
import { DEFAULT_BLOCK, DEFAULT_RECEIVER, DEFAULT_SENDER } from "../../src/evm/defaults.js";
import { Assembler, OP } from "../../src/evm/assembler.js";

// ---------------------------------------------------------------------------------
// Seeded PRNG

export interface Rng {
  readonly seed: number;
  /** Uniform 32-bit unsigned integer. */
  next(): number;
  /** Uniform integer in [0, bound). */
  int(bound: number): number;
  /** Uniform integer in [low, high] inclusive. */
  range(low: number, high: number): number;
  chance(probability: number): boolean;
  pick<T>(choices: readonly T[]): T;
  /** Pick by relative weight: [[weight, value], ...]. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T;
  bytes(length: number): Uint8Array;
  /** Uniform 256-bit word. */
  word(): bigint;
}

/**
 * sfc32 seeded through splitmix32: fast, good enough statistically for test inputs, and
 * fully determined by one 32-bit seed (which failing tests print).
 */
export function createRng(seed: number): Rng {
  let mix = seed >>> 0;
  const splitmix = () => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32's early state still correlates with the seed.
  for (let warmup = 0; warmup < 12; warmup++) next();

  const rng: Rng = {
    seed: seed >>> 0,
    next,
    int(bound) {
      if (bound <= 0) throw new Error(`bound must be positive, got ${bound}`);
      return Math.floor((next() / 0x1_0000_0000) * bound);
    },
    range(low, high) {
      return low + rng.int(high - low + 1);
    },
    chance(probability) {
      return next() / 0x1_0000_0000 < probability;
    },
    pick(choices) {
      return choices[rng.int(choices.length)];
    },
    weighted(choices) {
      const total = choices.reduce((sum, [weight]) => sum + weight, 0);
      let roll = (next() / 0x1_0000_0000) * total;
      for (const [weight, value] of choices) {
        if (roll < weight) return value;
        roll -= weight;
      }
      return choices[choices.length - 1][1];
    },
    bytes(length) {
      const out = new Uint8Array(length);
      for (let index = 0; index < length; index++) out[index] = next() & 0xff;
      return out;
    },
    word() {
      let value = 0n;
      for (let limb = 0; limb < 8; limb++) value = (value << 32n) | BigInt(next());
      return value;
    },
  };
  return rng;
}

// ---------------------------------------------------------------------------------
// Accounts and values

const MAX_WORD = (1n << 256n) - 1n;
const SIGN_BIT = 1n << 255n;

const addressOf = (tag: string): Hex => `0x${tag.padStart(40, "0")}` as Hex;

/** Helper contracts live at 0x…c0de01, 0x…c0de02, …: far from the precompiles. */
export function helperAddress(index: number): Hex {
  return addressOf(`c0de${(index + 1).toString(16).padStart(2, "0")}`);
}
export const EOA_ADDRESS = addressOf("e0a0e0a0");
/** Never created by the pre-state: exercises absent/cold account paths. */
export const ABSENT_ADDRESSES: readonly Hex[] = [addressOf("dead01"), addressOf("0bad000000000000000000000000000000dead02")];

/** Storage slots that programs touch; the pre-state gives some of them originals. */
const SLOTS: readonly bigint[] = [0n, 1n, 2n, 3n, 0xdeadn, MAX_WORD];

function interestingValue(rng: Rng): bigint {
  return rng.weighted<() => bigint>([
    [3, () => 0n],
    [3, () => 1n],
    [1, () => 2n],
    [2, () => MAX_WORD],
    [1, () => MAX_WORD - 1n],
    [2, () => SIGN_BIT],
    [1, () => SIGN_BIT - 1n],
    [4, () => BigInt(rng.range(0, 64))],
    [2, () => BigInt(rng.range(0, 300))],
    [1, () => 1n << BigInt(rng.range(0, 255))],
    [1, () => (1n << BigInt(rng.range(1, 256))) - 1n],
    [1, () => BigInt(rng.next()) | (BigInt(rng.next()) << 32n)],
    [4, () => rng.word()],
  ])();
}

/** Push `value` with a random legal width, so every PUSHn opcode gets used. */
function pushValue(code: Assembler, rng: Rng, value: bigint): void {
  let minimal = 0;
  for (let rest = value; rest > 0n; rest >>= 8n) minimal++;
  if (minimal === 0 && rng.chance(0.5)) {
    code.op(OP.PUSH0);
    return;
  }
  const width = rng.chance(0.7) ? Math.max(minimal, 1) : rng.range(Math.max(minimal, 1), 32);
  code.push(value, width);
}

/**
 * Memory offsets: mostly small, sometimes costly (tens of KiB). Offsets no gas limit can
 * pay for only appear in contracts generated with `hugeMemory`, which is decided once
 * per contract: a per-use chance would end most long programs the same way.
 */
function memoryOffset(ctx: { rng: Rng; hugeMemory: boolean }): bigint {
  const { rng } = ctx;
  return rng.weighted<() => bigint>([
    [30, () => BigInt(rng.range(0, 0x1ff))],
    [6, () => BigInt(rng.pick([0, 31, 32, 33, 64, 0x100]))],
    [3, () => BigInt(rng.range(0x200, 0x3000))],
    [0.5, () => 0x10000n],
    [ctx.hugeMemory ? 1.5 : 0, () => rng.pick([0x100000n, 1n << 32n, (1n << 64n) - 1n, MAX_WORD])],
  ])();
}

function copyLength(ctx: { rng: Rng; hugeMemory: boolean }): bigint {
  const { rng } = ctx;
  return rng.weighted<() => bigint>([
    [4, () => 0n],
    [20, () => BigInt(rng.range(1, 96))],
    [3, () => BigInt(rng.range(97, 600))],
    [ctx.hugeMemory ? 1 : 0, () => rng.pick([1n << 32n, MAX_WORD])],
  ])();
}

// ---------------------------------------------------------------------------------
// Fragments

export interface GenerateProgramOptions {
  /** Fragments in the main contract (default: random 8..40). */
  mainFragments?: number;
  /** Helper contracts in the pre-state (default: random 1..3). */
  helpers?: number;
  /** Probability that a fragment is deliberately broken (default 0.008). */
  breakageRate?: number;
  /** Probability that a contract may use unpayable memory sizes (default 0.08). */
  hugeMemoryRate?: number;
}

export interface GeneratedProgram {
  /** Code of the main contract, which is also in `pre` at `address`. */
  code: Uint8Array;
  calldata: Uint8Array;
  pre: PreState;
  address: Hex;
  sender: Hex;
}

interface ContractContext {
  rng: Rng;
  code: Assembler;
  /** Init-code blobs appended after the code, addressed via labels. */
  dataSections: { label: string; bytes: Uint8Array }[];
  /** Addresses this contract may CALL into (never precompiles). */
  callTargets: readonly Hex[];
  /** Addresses to query with BALANCE/EXTCODE*. */
  queryTargets: readonly Hex[];
  /** Original values (from pre) of this contract's slots, for EIP-2200 "reset" writes. */
  originals: ReadonlyMap<bigint, bigint>;
  breakageRate: number;
  hugeMemory: boolean;
  allowCalls: boolean;
  allowCreates: boolean;
  loopDepth: number;
}

/** Leaves one value on the stack. */
function emitExpression(ctx: ContractContext, depth: number): void {
  const { rng, code } = ctx;
  if (depth <= 0 || rng.chance(0.3)) {
    const leaf = rng.weighted<() => void>([
      [10, () => pushValue(code, rng, interestingValue(rng))],
      [1, () => code.op(rng.pick([OP.ADDRESS, OP.CALLER, OP.ORIGIN, OP.CALLVALUE, OP.CALLDATASIZE, OP.CODESIZE, OP.GASPRICE, OP.RETURNDATASIZE, OP.MSIZE, OP.PC, OP.SELFBALANCE]))],
      [1, () => code.op(rng.pick([OP.COINBASE, OP.TIMESTAMP, OP.NUMBER, OP.PREVRANDAO, OP.GASLIMIT, OP.CHAINID, OP.BASEFEE, OP.BLOBBASEFEE]))],
      [1, () => {
        pushValue(code, rng, rng.chance(0.8) ? BigInt(rng.range(0, 80)) : interestingValue(rng));
        code.op(OP.CALLDATALOAD);
      }],
      [0.2, () => code.op(OP.GAS)],
    ]);
    leaf();
    return;
  }
  const arity = rng.weighted([[6, 2], [1, 1], [1, 3]] as const);
  for (let operand = 0; operand < arity; operand++) emitExpression(ctx, depth - 1);
  if (arity === 1) code.op(rng.pick([OP.ISZERO, OP.NOT]));
  else if (arity === 3) code.op(rng.pick([OP.ADDMOD, OP.MULMOD]));
  else {
    code.op(
      rng.pick([
        OP.ADD, OP.MUL, OP.SUB, OP.DIV, OP.SDIV, OP.MOD, OP.SMOD, OP.EXP, OP.SIGNEXTEND, OP.LT, OP.GT,
        OP.SLT, OP.SGT, OP.EQ, OP.AND, OP.OR, OP.XOR, OP.BYTE, OP.SHL, OP.SHR, OP.SAR,
      ]),
    );
  }
}

/** Consumes the value on top of the stack, making it observable where possible. */
function emitSink(ctx: ContractContext): void {
  const { rng, code } = ctx;
  rng.weighted<() => void>([
    [8, () => { pushValue(code, rng, BigInt(rng.range(0, 0x1e0))); code.op(OP.MSTORE); }],
    [2, () => { pushValue(code, rng, BigInt(rng.range(0, 0x1ff))); code.op(OP.MSTORE8); }],
    [2, () => { pushValue(code, rng, rng.pick(SLOTS)); code.op(OP.SSTORE); }],
    [1, () => { pushValue(code, rng, rng.pick(SLOTS)); code.op(OP.TSTORE); }],
    [3, () => code.op(OP.POP)],
  ])();
}

function emitArithmetic(ctx: ContractContext): void {
  emitExpression(ctx, ctx.rng.range(1, 4));
  emitSink(ctx);
}

/** DUPn/SWAPn over a stack built for the purpose, then everything is consumed. */
function emitStackShuffle(ctx: ContractContext): void {
  const { rng, code } = ctx;
  const height = rng.range(1, 17);
  for (let index = 0; index < height; index++) pushValue(code, rng, interestingValue(rng));
  let current = height;
  for (let step = rng.range(1, 4); step > 0; step--) {
    if (rng.chance(0.5) && current < 1024) {
      code.op(OP.DUP1 + rng.int(Math.min(current, 16)));
      current++;
    } else if (current >= 2) {
      code.op(OP.SWAP1 + rng.int(Math.min(current - 1, 16)));
    }
  }
  while (current > 1) {
    code.op(rng.pick([OP.ADD, OP.XOR, OP.SUB, OP.MUL]));
    current--;
  }
  emitSink(ctx);
}

function emitMemory(ctx: ContractContext): void {
  const { rng, code } = ctx;
  rng.weighted<() => void>([
    [4, () => { emitExpression(ctx, 1); pushValue(code, rng, memoryOffset(ctx)); code.op(rng.pick([OP.MSTORE, OP.MSTORE8])); }],
    [3, () => { pushValue(code, rng, memoryOffset(ctx)); code.op(OP.MLOAD); emitSink(ctx); }],
    [2, () => {
      // MCOPY(dest, src, length): operands are pushed in reverse.
      pushValue(code, rng, copyLength(ctx));
      pushValue(code, rng, memoryOffset(ctx));
      pushValue(code, rng, memoryOffset(ctx));
      code.op(OP.MCOPY);
    }],
    [2, () => {
      pushValue(code, rng, copyLength(ctx));
      pushValue(code, rng, BigInt(rng.range(0, 120)));
      pushValue(code, rng, memoryOffset(ctx));
      code.op(rng.pick([OP.CALLDATACOPY, OP.CODECOPY]));
    }],
    [2, () => {
      pushValue(code, rng, copyLength(ctx));
      pushValue(code, rng, memoryOffset(ctx));
      code.op(OP.KECCAK256);
      emitSink(ctx);
    }],
    [2, () => {
      // Copying exactly RETURNDATASIZE is always in range; a literal length often is not.
      // RETURNDATACOPY(dest, offset, length): operands are pushed in reverse.
      if (rng.chance(0.95)) {
        code.op(OP.RETURNDATASIZE).push(0);
      } else {
        pushValue(code, rng, copyLength(ctx));
        pushValue(code, rng, BigInt(rng.range(0, 40)));
      }
      pushValue(code, rng, memoryOffset(ctx));
      code.op(OP.RETURNDATACOPY);
    }],
    [1, () => code.op(OP.MSIZE).op(OP.POP)],
  ])();
}

function emitStorage(ctx: ContractContext): void {
  const { rng, code } = ctx;
  const slot = rng.pick(SLOTS);
  const original = ctx.originals.get(slot) ?? 0n;
  const value = () => rng.weighted<bigint>([[3, 0n], [2, 1n], [3, original], [3, BigInt(rng.range(2, 1000))], [1, rng.word()]]);
  rng.weighted<() => void>([
    [3, () => { pushValue(code, rng, slot); code.op(OP.SLOAD); emitSink(ctx); }],
    [3, () => { pushValue(code, rng, value()); pushValue(code, rng, slot); code.op(OP.SSTORE); }],
    [3, () => {
      // Dirty the slot, then write again: covers dirty->original, dirty->zero, dirty->other.
      pushValue(code, rng, value()); pushValue(code, rng, slot); code.op(OP.SSTORE);
      pushValue(code, rng, rng.pick([original, 0n, (original + 1n) & MAX_WORD])); pushValue(code, rng, slot); code.op(OP.SSTORE);
    }],
    [2, () => { pushValue(code, rng, value()); pushValue(code, rng, slot); code.op(OP.TSTORE); }],
    [2, () => { pushValue(code, rng, slot); code.op(OP.TLOAD); emitSink(ctx); }],
  ])();
}

function emitLog(ctx: ContractContext): void {
  const { rng, code } = ctx;
  const topics = rng.int(5);
  for (let topic = 0; topic < topics; topic++) emitExpression(ctx, 1);
  pushValue(code, rng, rng.chance(0.9) ? BigInt(rng.range(0, 80)) : copyLength(ctx));
  pushValue(code, rng, rng.chance(0.9) ? BigInt(rng.range(0, 0x200)) : memoryOffset(ctx));
  code.op(OP.LOG0 + topics);
}

function emitEnvironment(ctx: ContractContext): void {
  const { rng, code } = ctx;
  rng.weighted<() => void>([
    [4, () => { pushValue(code, rng, BigInt(rng.pick(ctx.queryTargets))); code.op(rng.pick([OP.BALANCE, OP.EXTCODESIZE, OP.EXTCODEHASH])); emitSink(ctx); }],
    [1, () => {
      pushValue(code, rng, copyLength(ctx));
      pushValue(code, rng, BigInt(rng.range(0, 40)));
      pushValue(code, rng, memoryOffset(ctx));
      pushValue(code, rng, BigInt(rng.pick(ctx.queryTargets)));
      code.op(OP.EXTCODECOPY);
    }],
    [2, () => {
      const block = DEFAULT_BLOCK.number;
      pushValue(code, rng, rng.pick([0n, block - 1n, block, block + 1n, 300n, MAX_WORD]));
      code.op(OP.BLOCKHASH);
      emitSink(ctx);
    }],
    [1, () => { pushValue(code, rng, BigInt(rng.range(0, 2))); code.op(OP.BLOBHASH); emitSink(ctx); }],
    [3, () => { code.op(rng.pick([OP.ADDRESS, OP.CALLER, OP.ORIGIN, OP.CALLVALUE, OP.CALLDATASIZE, OP.CODESIZE, OP.SELFBALANCE, OP.COINBASE, OP.TIMESTAMP, OP.NUMBER, OP.PREVRANDAO, OP.GASLIMIT, OP.CHAINID, OP.BASEFEE, OP.BLOBBASEFEE, OP.GASPRICE])); emitSink(ctx); }],
    [0.5, () => { code.op(OP.GAS); emitSink(ctx); }],
  ])();
}

/** Forward JUMP over junk, or JUMPI on a data-dependent condition over a fragment. */
function emitForwardJump(ctx: ContractContext): void {
  const { rng, code } = ctx;
  const target = code.fresh("skip");
  if (rng.chance(0.4)) {
    code.pushLabel(target).op(OP.JUMP);
    // Junk must not contain PUSHn, whose immediate would swallow the JUMPDEST below.
    for (let junk = rng.range(0, 6); junk > 0; junk--) {
      let byte = rng.int(256);
      if (byte >= 0x60 && byte <= 0x7f) byte = OP.INVALID;
      code.op(byte);
    }
  } else {
    if (rng.chance(0.5)) {
      pushValue(code, rng, BigInt(rng.range(0, 64)));
      code.op(OP.CALLDATALOAD);
      pushValue(code, rng, BigInt(rng.pick([1, 3, 0xff])));
      code.op(OP.AND);
    } else {
      emitExpression(ctx, 1);
    }
    code.pushLabel(target).op(OP.JUMPI);
    emitFragment(ctx);
  }
  code.jumpdest(target);
}

/** A counter loop of 1..6 iterations around net-zero fragments. */
function emitLoop(ctx: ContractContext): void {
  const { rng, code } = ctx;
  if (ctx.loopDepth >= 2) return emitArithmetic(ctx);
  const top = code.fresh("loop");
  pushValue(code, rng, BigInt(rng.range(1, 6)));
  code.jumpdest(top);
  ctx.loopDepth++;
  for (let body = rng.range(1, 3); body > 0; body--) emitFragment(ctx);
  ctx.loopDepth--;
  code.push(1).op(OP.SWAP1, OP.SUB, OP.DUP1).pushLabel(top).op(OP.JUMPI, OP.POP);
}

function emitCall(ctx: ContractContext): void {
  const { rng, code } = ctx;
  const kind = rng.weighted([[5, OP.CALL], [2, OP.STATICCALL], [2, OP.DELEGATECALL], [1, OP.CALLCODE]] as const);
  const target = rng.pick(ctx.callTargets);
  // Arguments are pushed last-first: retLength, retOffset, argsLength, argsOffset, [value], address, gas.
  pushValue(code, rng, BigInt(rng.pick([0, 32, 64, rng.range(0, 100)])));
  pushValue(code, rng, BigInt(rng.range(0, 0x1e0)));
  pushValue(code, rng, rng.chance(0.9) ? BigInt(rng.range(0, 100)) : copyLength(ctx));
  pushValue(code, rng, rng.chance(0.95) ? BigInt(rng.range(0, 0x1e0)) : memoryOffset(ctx));
  if (kind === OP.CALL || kind === OP.CALLCODE) {
    pushValue(code, rng, rng.weighted([[6, 0n], [3, BigInt(rng.range(1, 1000))], [0.3, MAX_WORD]]));
  }
  pushValue(code, rng, BigInt(target));
  rng.weighted<() => void>([
    // Forwarding all gas is kept rare: a callee that halts exceptionally burns it all,
    // and the caller's 1/64 remainder then runs out at the next costly opcode.
    [1.5, () => code.op(OP.GAS)],
    [6, () => pushValue(code, rng, BigInt(rng.pick([0, 100, 2300, 5000, 30_000, 100_000])))],
    [0.5, () => pushValue(code, rng, MAX_WORD)],
  ])();
  code.op(kind);
  emitSink(ctx);
  if (rng.chance(0.4)) {
    code.op(OP.RETURNDATASIZE).push(0);
    pushValue(code, rng, BigInt(rng.range(0, 0x1e0)));
    code.op(OP.RETURNDATACOPY);
  }
}

/** Init code for CREATE/CREATE2: deploys, reverts, fails or self-destructs. */
function buildInitCode(rng: Rng): Uint8Array {
  const init = new Assembler();
  const runtime = rng.weighted<() => Uint8Array>([
    [4, () => Uint8Array.from([OP.PUSH1, 0x2a, OP.PUSH0, OP.SSTORE, OP.CALLER, OP.PUSH0, OP.MSTORE, OP.PUSH1, 32, OP.PUSH0, OP.RETURN])],
    [2, () => Uint8Array.from([OP.ADDRESS, OP.SELFDESTRUCT])],
    [1, () => new Uint8Array(0)],
    [1, () => Uint8Array.from([0xef, ...rng.bytes(rng.range(0, 4))])],
    [2, () => rng.bytes(rng.range(1, 40))],
  ])();
  const behaviour = rng.weighted([[6, "deploy"], [2, "revert"], [1, "selfdestruct"], [1, "oog"], [1, "sstore-then-deploy"]] as const);
  if (behaviour === "revert") {
    init.push(0x5eed).push(0).op(OP.MSTORE).push(rng.range(0, 40)).push(rng.range(0, 20)).op(OP.REVERT);
    return init.assemble();
  }
  if (behaviour === "selfdestruct") {
    init.op(OP.CALLER, OP.SELFDESTRUCT);
    return init.assemble();
  }
  if (behaviour === "oog") {
    init.push(1n << 40n).op(OP.MLOAD);
    return init.assemble();
  }
  if (behaviour === "sstore-then-deploy") init.push(rng.range(1, 9)).push(rng.range(0, 3)).op(OP.SSTORE);
  const body = init.fresh("runtime");
  init.push(runtime.length).op(OP.DUP1).pushLabel(body).push(0).op(OP.CODECOPY).push(0).op(OP.RETURN);
  init.label(body).raw(runtime);
  return init.assemble();
}

function emitCreate(ctx: ContractContext): void {
  const { rng, code } = ctx;
  const initCode = buildInitCode(rng);
  const label = code.fresh("initcode");
  ctx.dataSections.push({ label, bytes: initCode });
  const memory = BigInt(rng.range(0, 0x300));
  // CODECOPY(memory, label, length); then CREATE(value, memory, length) or CREATE2(..., salt).
  code.push(initCode.length).pushLabel(label);
  pushValue(code, rng, memory);
  code.op(OP.CODECOPY);
  const useCreate2 = rng.chance(0.4);
  if (useCreate2) pushValue(code, rng, BigInt(rng.pick([0, 1, 0x5a17])));
  code.push(initCode.length);
  pushValue(code, rng, memory);
  pushValue(code, rng, rng.weighted([[6, 0n], [2, BigInt(rng.range(1, 100))], [0.2, MAX_WORD]]));
  code.op(useCreate2 ? OP.CREATE2 : OP.CREATE);
  if (rng.chance(0.4)) {
    // Use the new contract right away: query or call it (address 0 if creation failed).
    code.op(OP.DUP1, rng.pick([OP.EXTCODESIZE, OP.EXTCODEHASH, OP.BALANCE]));
    emitSink(ctx);
    code.push(32).push(0).push(0).push(0).push(0).op(OP.DUP6, OP.GAS, OP.CALL);
    emitSink(ctx);
  }
  emitSink(ctx);
}

/** Deliberate failures: the run (or at least this frame) halts exceptionally. */
function emitBreakage(ctx: ContractContext): void {
  const { rng, code } = ctx;
  rng.weighted<() => void>([
    [3, () => code.op(rng.pick([OP.ADD, OP.POP, OP.MSTORE, OP.SWAP1, OP.JUMP, OP.SSTORE, OP.CALL]))],
    [2, () => code.op(rng.pick([0x0c, 0x0d, 0x1e, 0x21, 0x4b, 0xa5, 0xb0, 0xef, 0xf6, OP.INVALID]))],
    [2, () => { pushValue(code, rng, BigInt(rng.pick([0, 1, 0xffff, 0x10000]))); code.op(OP.JUMP); }],
    [1, () => {
      // The jump target is a 0x5b byte inside PUSH data: not a valid JUMPDEST.
      const inside = code.fresh("pushdata");
      code.pushLabel(inside).op(OP.JUMP).op(OP.PUSH2).label(inside).op(OP.JUMPDEST, OP.JUMPDEST);
    }],
    [1, () => { for (let item = 0; item < 1025; item++) code.op(OP.PUSH0); }],
    [1, () => { code.push(1).push(1n << 40n).op(OP.MSTORE); }],
  ])();
}

function emitFragment(ctx: ContractContext): void {
  const { rng } = ctx;
  if (rng.chance(ctx.breakageRate)) return emitBreakage(ctx);
  const choices: [number, () => void][] = [
    [6, () => emitArithmetic(ctx)],
    [2, () => emitStackShuffle(ctx)],
    [5, () => emitMemory(ctx)],
    [5, () => emitStorage(ctx)],
    [2, () => emitLog(ctx)],
    [4, () => emitEnvironment(ctx)],
    [3, () => emitForwardJump(ctx)],
    [1.5, () => emitLoop(ctx)],
  ];
  if (ctx.allowCalls) choices.push([3, () => emitCall(ctx)]);
  if (ctx.allowCreates) choices.push([1, () => emitCreate(ctx)]);
  rng.weighted(choices)();
}

function emitTerminator(ctx: ContractContext, isMain: boolean): void {
  const { rng, code } = ctx;
  const returnRange = () => {
    pushValue(code, rng, BigInt(rng.weighted([[1, 0], [6, rng.range(1, 0x200)], [0.2, 0x3000]])));
    pushValue(code, rng, BigInt(rng.range(0, 0x40)));
  };
  rng.weighted<() => void>([
    [45, () => { returnRange(); code.op(OP.RETURN); }],
    [20, () => { returnRange(); code.op(OP.REVERT); }],
    [12, () => code.op(OP.STOP)],
    [4, () => code.op(OP.INVALID)],
    [isMain ? 3 : 6, () => { pushValue(code, rng, BigInt(rng.pick([EOA_ADDRESS, ABSENT_ADDRESSES[0], helperAddress(0)]))); code.op(OP.SELFDESTRUCT); }],
    [4, () => {}],
  ])();
}

/** Transient slot counting how deep the main contract is re-entered in this transaction. */
export const REENTRY_COUNTER_SLOT = 0x7e3e7n;
export const MAX_MAIN_REENTRY = 3;

/**
 * Main is re-entered by its own calls and by helpers' callbacks; without a bound the
 * number of frames grows with gas alone and runs get slow. A reentrancy counter in
 * transient storage (incremented on entry, so it counts the main frames on the current
 * call path) sends deeper entries straight to an early RETURN of the counter.
 */
function emitReentryGuard(ctx: ContractContext, exitLabel: string): void {
  ctx.code
    .push(REENTRY_COUNTER_SLOT).op(OP.TLOAD).push(1).op(OP.ADD, OP.DUP1)
    .push(REENTRY_COUNTER_SLOT).op(OP.TSTORE)
    // [count, limit+1] -> GT: limit+1 > count, i.e. count <= limit.
    .push(MAX_MAIN_REENTRY + 1).op(OP.GT, OP.ISZERO).pushLabel(exitLabel).op(OP.JUMPI);
}

function buildContract(
  rng: Rng,
  fragments: number,
  settings: Omit<ContractContext, "rng" | "code" | "dataSections" | "loopDepth">,
  isMain: boolean,
): Uint8Array {
  const ctx: ContractContext = { ...settings, rng, code: new Assembler(), dataSections: [], loopDepth: 0 };
  const reentryExit = ctx.code.fresh("reentry-exit");
  if (isMain) emitReentryGuard(ctx, reentryExit);
  for (let index = 0; index < fragments; index++) emitFragment(ctx);
  emitTerminator(ctx, isMain);
  if (isMain) {
    ctx.code.jumpdest(reentryExit).push(REENTRY_COUNTER_SLOT).op(OP.TLOAD).push(0).op(OP.MSTORE).push(32).push(0).op(OP.RETURN);
  }
  for (const section of ctx.dataSections) {
    // A leading STOP keeps a fall-through out of the code from running init code.
    ctx.code.op(OP.STOP).label(section.label).raw(section.bytes);
  }
  return ctx.code.assemble();
}

function storageWithOriginals(rng: Rng): Map<bigint, bigint> {
  const originals = new Map<bigint, bigint>();
  originals.set(1n, 1n);
  originals.set(2n, rng.word());
  if (rng.chance(0.5)) originals.set(0xdeadn, BigInt(rng.range(1, 1000)));
  if (rng.chance(0.3)) originals.set(MAX_WORD, MAX_WORD);
  return originals;
}

const word = (value: bigint): Hex => `0x${value.toString(16).padStart(64, "0")}` as Hex;

function account(code: Uint8Array, balance: bigint, originals: Map<bigint, bigint> = new Map(), nonce = 0n): AccountState {
  const storage = new Map<Hex, Hex>();
  for (const [slot, value] of originals) storage.set(word(slot), word(value));
  return { nonce, balance, code, storage };
}

export function generateProgram(rng: Rng, options: GenerateProgramOptions = {}): GeneratedProgram {
  const helperCount = options.helpers ?? rng.range(1, 3);
  const breakageRate = options.breakageRate ?? 0.008;
  const hugeMemoryRate = options.hugeMemoryRate ?? 0.08;
  const helpers = Array.from({ length: helperCount }, (_, index) => helperAddress(index));
  const address = DEFAULT_RECEIVER;
  const sender = DEFAULT_SENDER;
  const queryTargets: Hex[] = [address, sender, EOA_ADDRESS, ...ABSENT_ADDRESSES, ...helpers, DEFAULT_BLOCK.coinbase];
  const pre: PreState = new Map();

  const mainOriginals = storageWithOriginals(rng);
  const code = buildContract(
    rng,
    options.mainFragments ?? rng.range(8, 40),
    {
      callTargets: [...helpers, ...helpers, address, EOA_ADDRESS, ABSENT_ADDRESSES[0]],
      queryTargets,
      originals: mainOriginals,
      breakageRate,
      hugeMemory: rng.chance(hugeMemoryRate),
      allowCalls: true,
      allowCreates: true,
    },
    true,
  );
  pre.set(address, account(code, BigInt(rng.range(0, 1_000_000)), mainOriginals, 1n));

  helpers.forEach((helper, index) => {
    const originals = storageWithOriginals(rng);
    // Helpers may call later helpers and back into main (re-entrancy), which bounds
    // recursion by gas alone; calls into themselves are left out to keep runs short.
    const callTargets = [address, ...helpers.slice(index + 1), EOA_ADDRESS];
    const helperCode = buildContract(
      rng,
      rng.range(2, 12),
      {
        callTargets,
        queryTargets,
        originals,
        breakageRate,
        hugeMemory: rng.chance(hugeMemoryRate),
        allowCalls: rng.chance(0.6),
        allowCreates: rng.chance(0.3),
      },
      false,
    );
    pre.set(helper, account(helperCode, BigInt(rng.range(0, 5000)), originals, 1n));
  });

  pre.set(sender, account(new Uint8Array(0), 10n ** 24n));
  pre.set(EOA_ADDRESS, account(new Uint8Array(0), BigInt(rng.range(1, 1000))));
  return { code, calldata: rng.bytes(rng.weighted([[1, 0], [6, rng.range(1, 100)]])), pre, address, sender };
}

/**
 * The call that runs `program`: usually a message call to the main contract, sometimes
 * the same code given as `codeOverride` (geth `evm run` style), and sometimes a creation
 * that runs the main code as init code. Gas is generous most of the time and tight
 * enough to run out on a minority of runs.
 */
export function generateMessage(rng: Rng, program: GeneratedProgram): MessageCall {
  const gasLimit = BigInt(
    rng.weighted<() => number>([
      [70, () => rng.range(300_000, 3_000_000)],
      [20, () => rng.range(20_000, 300_000)],
      [10, () => rng.range(0, 20_000)],
    ])(),
  );
  const value = rng.weighted([[7, 0n], [3, BigInt(rng.range(1, 10_000))]]);
  const shape = rng.weighted([[80, "call"], [12, "override"], [8, "create"]] as const);
  if (shape === "create") {
    return { caller: program.sender, data: program.code, value, gasLimit };
  }
  const message: MessageCall = { caller: program.sender, to: program.address, data: program.calldata, value, gasLimit };
  if (shape === "override") message.codeOverride = program.code;
  return message;
}
