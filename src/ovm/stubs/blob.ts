// The stub blob: the shared code every transpiled contract carries at offset 9 (docs/ovm-transpiler.md).
// Each site of a replaced opcode pushes its return offset and jumps to one stub; the stub calls the
// EM (reached as CALLER: transpiled code only ever runs as the EM's callee) and jumps back.
//
// Stack pictures are written top first. Scratch memory is [0x00, 0x80): a stub saves every word it
// touches on the stack first and restores it before returning. A selector is stored as a whole word
// at 0x00, so a call's input starts at 0x1c with the arguments at 0x20, 0x40, 0x60.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Assembler, OP } from "../../evm/assembler.js";
import { EM_FUNCTIONS, type EmFunctionKey } from "./entries.js";

/** Where the blob sits in every transpiled contract: after `PUSH2 B JUMP` and the PUSH4 header. */
export const STUB_BLOB_OFFSET = 9;
/** Header layout: PUSH4 at offset 4, tableStart u16 at 5, originalStart u16 at 7. */
const HEADER_TABLE_START = 5;
const HEADER_ORIGINAL_START = 7;
const IDENTITY_PRECOMPILE = 4;

export function selectorOf(signature: string): number {
  const hash = keccak_256(new TextEncoder().encode(signature));
  return ((hash[0] << 24) | (hash[1] << 16) | (hash[2] << 8) | hash[3]) >>> 0;
}

class StubWriter {
  readonly a = new Assembler();

  op(...names: (keyof typeof OP)[]): this {
    for (const name of names) this.a.op(OP[name]);
    return this;
  }

  push(value: number | bigint): this {
    this.a.push(value);
    return this;
  }

  /** Pushes the saved words of scratch memory [0, 32*count): the word at 32*(count-1) ends on top. */
  saveScratch(count: number): this {
    for (let i = 0; i < count; i++) this.push(32 * i).op("MLOAD");
    return this;
  }

  /** Writes the saved words back; they must be the top `count` items as saveScratch left them. */
  restoreScratch(count: number): this {
    for (let i = count - 1; i >= 0; i--) this.push(32 * i).op("MSTORE");
    return this;
  }

  /** Like restoreScratch, with one result on top that stays on top. */
  restoreScratchUnder(count: number): this {
    for (let i = count - 1; i >= 0; i--) this.op("SWAP1").push(32 * i).op("MSTORE");
    return this;
  }

  /** Copies the stack item at `depth` (1 = top) into the scratch word at `offset`. */
  storeArgument(depth: number, offset: number): this {
    if (depth < 1 || depth > 16) throw new Error(`stub stack depth ${depth} out of DUP range`);
    this.a.op(OP.DUP1 + depth - 1);
    return this.push(offset).op("MSTORE");
  }

  selector(key: EmFunctionKey): this {
    this.a.op(0x63, ...bytes4(selectorOf(EM_FUNCTIONS[key].signature)));
    return this.push(0).op("MSTORE");
  }

  /** (STATIC)CALL the EM with input [0x1c, 0x1c + 4 + 32*args) and output [0, outLength). */
  callEm(kind: "CALL" | "STATICCALL", args: number, outLength: number): this {
    this.push(outLength).push(0).push(4 + 32 * args).push(0x1c);
    if (kind === "CALL") this.push(0);
    return this.op("CALLER", "GAS", kind);
  }

  trapIfZero(): this {
    this.a.op(OP.ISZERO).pushLabel("trap").op(OP.JUMPI);
    return this;
  }

  swap(n: number): this {
    this.a.op(OP.SWAP1 + n - 1);
    return this;
  }

  dup(n: number): this {
    this.a.op(OP.DUP1 + n - 1);
    return this;
  }

  pops(n: number): this {
    for (let i = 0; i < n; i++) this.op("POP");
    return this;
  }
}

function bytes4(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

// Opcodes of one shape share one body: each has a 10-byte entry that pushes its selector and jumps
// to the body, which finds the selector right under the saved scratch words.

/** ADDRESS, CALLER, TIMESTAMP...: [sel, ret] -> [result]. */
function contextRead(w: StubWriter): void {
  w.saveScratch(1).dup(2).push(0).op("MSTORE").callEm("STATICCALL", 0, 0x20).trapIfZero();
  w.push(0).op("MLOAD").restoreScratchUnder(1);
  w.op("SWAP1", "POP", "SWAP1", "JUMP");
}

/** SLOAD, TLOAD, BALANCE, EXTCODESIZE, EXTCODEHASH: [sel, ret, a] -> [result]. */
function unaryRead(w: StubWriter): void {
  w.saveScratch(2).dup(3).push(0).op("MSTORE").storeArgument(5, 0x20).callEm("STATICCALL", 1, 0x20).trapIfZero();
  w.push(0).op("MLOAD").restoreScratchUnder(2);
  w.swap(3).op("POP", "POP", "JUMP");
}

/** SSTORE, TSTORE: [sel, ret, key, value] -> []. A refusal (static frame) is an exceptional halt, as on L1. */
function binaryWrite(w: StubWriter): void {
  w.saveScratch(3).dup(4).push(0).op("MSTORE").storeArgument(6, 0x20).storeArgument(7, 0x40);
  w.callEm("CALL", 2, 0).trapIfZero().restoreScratch(3);
  w.op("POP", "SWAP2", "POP", "POP", "JUMP");
}

/** SELFDESTRUCT: [ret, beneficiary] -> the frame stops, as on L1. */
function selfdestruct(w: StubWriter): void {
  w.saveScratch(2).storeArgument(4, 0x20).selector("SELFDESTRUCT").callEm("CALL", 1, 0).trapIfZero();
  w.op("STOP");
}

/** LOGn: [ret] -> []; the EM refuses (trap) in a static frame, then the site runs its LOG natively. */
function logGuard(w: StubWriter): void {
  w.saveScratch(1).selector("LOG_GUARD").callEm("STATICCALL", 0, 0).trapIfZero();
  w.restoreScratch(1).op("JUMP");
}

/** EXTCODECOPY: [ret, address, destOffset, offset, size] -> []. The EM returns exactly `size` bytes. */
function extcodecopy(w: StubWriter): void {
  w.saveScratch(4).storeArgument(6, 0x20).storeArgument(8, 0x40).storeArgument(9, 0x60);
  w.selector("EXTCODECOPY").callEm("STATICCALL", 3, 0).trapIfZero().restoreScratch(4);
  // Copied after the scratch words are back, so a destination overlapping them keeps the code bytes.
  w.dup(5).push(0).dup(5).op("RETURNDATACOPY");
  w.swap(4).pops(4).op("JUMP");
}

/** CODECOPY: [ret, destOffset, offset, size] -> []; reads the original code kept at the end. */
function codecopy(w: StubWriter): void {
  const a = w.a;
  w.saveScratch(1).push(0).push(0).op("MSTORE");
  w.push(2).push(HEADER_ORIGINAL_START).push(0x1e).op("CODECOPY");
  w.push(0).op("MLOAD").restoreScratchUnder(1); // [o, ret, dest, offset, size]
  w.dup(1).op("CODESIZE", "SUB"); // [n, o, ...], n = original length
  w.dup(5); // [offset, n, o, ...]
  w.dup(2).dup(2).op("GT"); // offset > n ?
  a.pushLabel("codecopy.clamp").op(OP.JUMPI);
  w.op("SWAP1", "POP");
  a.label("codecopy.merge").op(OP.JUMPDEST);
  w.op("ADD"); // [o + min(offset, n), ret, dest, offset, size]
  w.dup(5).op("SWAP1").dup(4).op("CODECOPY");
  w.swap(3).pops(3).op("JUMP");
  a.jumpdest("codecopy.clamp");
  w.op("POP");
  a.pushLabel("codecopy.merge").op(OP.JUMP);
}

/** Dynamic JUMP/JUMPI target translation: [t] -> jump to new(t), or INVALID if t is no original JUMPDEST. */
function jumpTranslation(w: StubWriter): void {
  const a = w.a;
  w.saveScratch(1).push(0).push(0).op("MSTORE");
  w.push(4).push(HEADER_TABLE_START).push(0x1c).op("CODECOPY");
  w.push(0).op("MLOAD"); // [h, s0, t]
  w.dup(1).push(16).op("SHR", "SWAP1").push(0xffff).op("AND"); // [originalStart, tableStart, s0, t]
  w.dup(2).op("SWAP1", "SUB").push(2).op("SHR").push(0); // [lo=0, hi=count, tableStart, s0, t]
  a.jumpdest("jump.loop");
  w.dup(2).dup(2).op("LT", "ISZERO");
  a.pushLabel("trap").op(OP.JUMPI);
  w.dup(2).dup(2).op("ADD").push(1).op("SHR"); // [mid, lo, hi, ts, s0, t]
  w.dup(1).push(2).op("SHL").dup(5).op("ADD"); // [pos, mid, lo, hi, ts, s0, t]
  w.push(4).op("SWAP1").push(0x1c).op("CODECOPY");
  w.push(0).op("MLOAD").dup(1).push(16).op("SHR").dup(8); // [t, eo, e, mid, lo, hi, ts, s0, t]
  w.dup(2).dup(2).op("EQ");
  a.pushLabel("jump.found").op(OP.JUMPI);
  w.op("GT");
  a.pushLabel("jump.right").op(OP.JUMPI);
  w.op("POP", "SWAP2", "POP"); // hi = mid
  a.pushLabel("jump.loop").op(OP.JUMP);
  a.jumpdest("jump.right");
  w.op("POP").push(1).op("ADD", "SWAP1", "POP"); // lo = mid + 1
  a.pushLabel("jump.loop").op(OP.JUMP);
  a.jumpdest("jump.found");
  w.op("POP", "POP").push(0xffff).op("AND"); // [new, mid, lo, hi, ts, s0, t]
  w.dup(6).push(0).op("MSTORE");
  w.swap(6).pops(6).op("JUMP");
}

/** CALL, CALLCODE: [sel, ret, gas, address, value, argsOffset, argsLength, retOffset, retLength] -> [success]. */
function valueCall(w: StubWriter): void {
  w.saveScratch(4).dup(5).push(0).op("MSTORE").storeArgument(7, 0x20).storeArgument(8, 0x40).storeArgument(9, 0x60);
  w.callEm("CALL", 3, 0x20).trapIfZero().push(0).op("MLOAD").restoreScratchUnder(4).op("SWAP1", "POP");
  secondStepCall(w, 7);
}

/** DELEGATECALL, STATICCALL: [sel, ret, gas, address, argsOffset, argsLength, retOffset, retLength] -> [success]. */
function plainCall(w: StubWriter): void {
  w.saveScratch(3).dup(4).push(0).op("MSTORE").storeArgument(6, 0x20).storeArgument(7, 0x40);
  w.callEm("CALL", 2, 0x20).trapIfZero().push(0).op("MLOAD").restoreScratchUnder(3).op("SWAP1", "POP");
  secondStepCall(w, 6);
}

/**
 * The second step calls the EM's call gateway (whose address the first step returned) with the
 * caller's argument range as calldata and its return range as the output buffer, so return data,
 * RETURNDATASIZE and memory writes are exactly the callee's (docs/ovm-em.md, "Two-step calls").
 * Stack: [gateway, ret, x1..x(operands)], the last four operands argsOffset, argsLength, retOffset, retLength.
 */
function secondStepCall(w: StubWriter, operands: number): void {
  const depth = operands + 2;
  w.dup(depth).dup(depth).dup(depth).dup(depth).push(0).dup(6).op("GAS", "CALL", "SWAP1", "POP");
  w.swap(operands + 1).op("POP").swap(operands - 1).pops(operands - 1).op("JUMP");
}

/** CREATE: [ret, value, offset, size] -> [address]; CREATE2: [ret, value, offset, size, salt] -> [address]. */
function create(w: StubWriter, key: "CREATE" | "CREATE2"): void {
  const a = w.a;
  const operands = key === "CREATE" ? 3 : 4;
  // The first step gets the size too: init code over the EIP-3860 limit is an exceptional halt.
  if (key === "CREATE") {
    w.saveScratch(3).storeArgument(5, 0x20).storeArgument(7, 0x40);
    w.selector(key).callEm("CALL", 2, 0x20).trapIfZero().push(0).op("MLOAD").restoreScratchUnder(3);
  } else {
    w.saveScratch(4).storeArgument(6, 0x20).storeArgument(9, 0x40).storeArgument(8, 0x60);
    w.selector(key).callEm("CALL", 3, 0x20).trapIfZero().push(0).op("MLOAD").restoreScratchUnder(4);
  }
  // [gateway, ret, operands...]: the init code goes to the gateway as calldata.
  w.push(0).push(0).dup(7).dup(7).push(0).dup(6).op("GAS", "CALL", "SWAP1", "POP");
  const ok = `${key}.ok`, done = `${key}.done`;
  a.pushLabel(ok).op(OP.JUMPI);
  w.push(0); // failed: address 0, return data is the init code's revert data (or empty)
  a.pushLabel(done).op(OP.JUMP);
  a.jumpdest(ok);
  w.saveScratch(1).push(0x20).push(0).push(0).op("RETURNDATACOPY").push(0).op("MLOAD").restoreScratchUnder(1);
  // A successful CREATE leaves empty return data; an empty call to the identity precompile clears it.
  w.push(0).push(0).push(0).push(0).push(IDENTITY_PRECOMPILE).op("GAS", "STATICCALL", "POP");
  a.jumpdest(done); // [address, ret, operands...]
  w.swap(operands + 1).op("POP").swap(operands - 1).pops(operands - 1).op("JUMP");
}

export interface StubBlob {
  readonly code: Uint8Array;
  /** opcode -> absolute entry offset, for every Replaced opcode and CODECOPY. */
  readonly entries: ReadonlyMap<number, number>;
  readonly jumpStub: number;
  readonly logGuard: number;
}

const CONTEXT_READS: [number, EmFunctionKey][] = [
  [OP.ADDRESS, "ADDRESS"], [OP.ORIGIN, "ORIGIN"], [OP.CALLER, "CALLER"], [OP.CALLVALUE, "CALLVALUE"],
  [OP.TIMESTAMP, "TIMESTAMP"], [OP.GASLIMIT, "GASLIMIT"], [OP.CHAINID, "CHAINID"], [OP.SELFBALANCE, "SELFBALANCE"],
];
const UNARY_READS: [number, EmFunctionKey][] = [
  [OP.SLOAD, "SLOAD"], [OP.TLOAD, "TLOAD"], [OP.BALANCE, "BALANCE"], [OP.EXTCODESIZE, "EXTCODESIZE"],
  [OP.EXTCODEHASH, "EXTCODEHASH"],
];

export function buildStubBlob(): StubBlob {
  const w = new StubWriter();
  const a = w.a;
  const opLabels = new Map<number, string>();
  const entry = (op: number, name: string): void => {
    opLabels.set(op, name);
    a.jumpdest(name);
  };
  /** Entries that push their selector and jump to a shared body. */
  const group = (members: [number, EmFunctionKey][], body: string, emit: (w: StubWriter) => void): void => {
    for (const [op, key] of members) {
      entry(op, key);
      a.op(0x63, ...bytes4(selectorOf(EM_FUNCTIONS[key].signature))).pushLabel(body).op(OP.JUMP);
    }
    a.jumpdest(body);
    emit(w);
  };
  a.jumpdest("trap").op(OP.INVALID);
  a.jumpdest("jump");
  jumpTranslation(w);
  a.jumpdest("logGuard");
  logGuard(w);
  group(CONTEXT_READS, "contextRead", contextRead);
  group(UNARY_READS, "unaryRead", unaryRead);
  group([[OP.SSTORE, "SSTORE"], [OP.TSTORE, "TSTORE"]], "binaryWrite", binaryWrite);
  group([[OP.CALL, "CALL"], [OP.CALLCODE, "CALLCODE"]], "valueCall", valueCall);
  group([[OP.DELEGATECALL, "DELEGATECALL"], [OP.STATICCALL, "STATICCALL"]], "plainCall", plainCall);
  entry(OP.SELFDESTRUCT, "SELFDESTRUCT"); selfdestruct(w);
  entry(OP.EXTCODECOPY, "EXTCODECOPY"); extcodecopy(w);
  entry(OP.CODECOPY, "CODECOPY"); codecopy(w);
  entry(OP.CREATE, "CREATE"); create(w, "CREATE");
  entry(OP.CREATE2, "CREATE2"); create(w, "CREATE2");
  const { code, labels } = a.layout(STUB_BLOB_OFFSET);
  const entries = new Map<number, number>();
  for (const [op, name] of opLabels) entries.set(op, labels.get(name)!);
  return { code, entries, jumpStub: labels.get("jump")!, logGuard: labels.get("logGuard")! };
}
