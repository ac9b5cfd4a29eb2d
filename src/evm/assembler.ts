// A small EVM assembler: raw bytes, pushes of any width, and labels so that forward jumps and
// data-section offsets can be written before their targets exist. Tests build programs with it and
// src/ovm/stubs/generate.ts builds the OVM stub blob with it.

export const OP = {
  STOP: 0x00, ADD: 0x01, MUL: 0x02, SUB: 0x03, DIV: 0x04, SDIV: 0x05, MOD: 0x06, SMOD: 0x07,
  ADDMOD: 0x08, MULMOD: 0x09, EXP: 0x0a, SIGNEXTEND: 0x0b,
  LT: 0x10, GT: 0x11, SLT: 0x12, SGT: 0x13, EQ: 0x14, ISZERO: 0x15, AND: 0x16, OR: 0x17,
  XOR: 0x18, NOT: 0x19, BYTE: 0x1a, SHL: 0x1b, SHR: 0x1c, SAR: 0x1d,
  KECCAK256: 0x20,
  ADDRESS: 0x30, BALANCE: 0x31, ORIGIN: 0x32, CALLER: 0x33, CALLVALUE: 0x34, CALLDATALOAD: 0x35,
  CALLDATASIZE: 0x36, CALLDATACOPY: 0x37, CODESIZE: 0x38, CODECOPY: 0x39, GASPRICE: 0x3a,
  EXTCODESIZE: 0x3b, EXTCODECOPY: 0x3c, RETURNDATASIZE: 0x3d, RETURNDATACOPY: 0x3e, EXTCODEHASH: 0x3f,
  BLOCKHASH: 0x40, COINBASE: 0x41, TIMESTAMP: 0x42, NUMBER: 0x43, PREVRANDAO: 0x44, GASLIMIT: 0x45,
  CHAINID: 0x46, SELFBALANCE: 0x47, BASEFEE: 0x48, BLOBHASH: 0x49, BLOBBASEFEE: 0x4a,
  POP: 0x50, MLOAD: 0x51, MSTORE: 0x52, MSTORE8: 0x53, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56,
  JUMPI: 0x57, PC: 0x58, MSIZE: 0x59, GAS: 0x5a, JUMPDEST: 0x5b, TLOAD: 0x5c, TSTORE: 0x5d,
  MCOPY: 0x5e, PUSH0: 0x5f, PUSH1: 0x60, PUSH2: 0x61, PUSH32: 0x7f,
  DUP1: 0x80, DUP6: 0x85, DUP16: 0x8f, SWAP1: 0x90, SWAP2: 0x91, SWAP16: 0x9f,
  LOG0: 0xa0, LOG1: 0xa1, LOG2: 0xa2, LOG3: 0xa3, LOG4: 0xa4,
  CREATE: 0xf0, CALL: 0xf1, CALLCODE: 0xf2, RETURN: 0xf3, DELEGATECALL: 0xf4, CREATE2: 0xf5,
  STATICCALL: 0xfa, REVERT: 0xfd, INVALID: 0xfe, SELFDESTRUCT: 0xff,
} as const;

export type OpName = keyof typeof OP;

type Item = { kind: "bytes"; bytes: number[] } | { kind: "label"; name: string } | { kind: "pushLabel"; name: string };

/** Bytes needed to hold `value` big-endian (0 for 0). */
export function byteWidth(value: bigint): number {
  let width = 0;
  for (let rest = value; rest > 0n; rest >>= 8n) width++;
  return width;
}

export function bigintToBytes(value: bigint, width: number): number[] {
  const bytes: number[] = new Array(width).fill(0);
  let rest = value;
  for (let index = width - 1; index >= 0; index--) {
    bytes[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  if (rest !== 0n) throw new Error(`${value} does not fit ${width} bytes`);
  return bytes;
}

export class Assembler {
  private readonly items: Item[] = [];
  private labelCounter = 0;

  op(...opcodes: number[]): this {
    for (const opcode of opcodes) {
      if (!Number.isInteger(opcode) || opcode < 0 || opcode > 0xff) throw new Error(`bad byte ${opcode}`);
    }
    this.items.push({ kind: "bytes", bytes: opcodes });
    return this;
  }

  raw(bytes: Uint8Array | number[]): this {
    return this.op(...bytes);
  }

  /**
   * PUSH `value` using `width` bytes (default: the fewest, PUSH0 for zero). Wider pushes
   * than needed are legal and exercise the other PUSHn opcodes.
   */
  push(value: bigint | number, width?: number): this {
    const numeric = BigInt(value);
    if (numeric < 0n || numeric >= 1n << 256n) throw new Error(`push out of range: ${numeric}`);
    const size = width ?? byteWidth(numeric);
    if (size === 0) {
      if (numeric !== 0n) throw new Error("PUSH0 can only push zero");
      return this.op(OP.PUSH0);
    }
    if (size > 32) throw new Error(`push width ${size}`);
    return this.op(OP.PUSH1 + size - 1, ...bigintToBytes(numeric, size));
  }

  /** A label name not used before in this assembler. */
  fresh(prefix: string): string {
    return `${prefix}#${this.labelCounter++}`;
  }

  label(name: string): this {
    this.items.push({ kind: "label", name });
    return this;
  }

  /** JUMPDEST preceded by its label. */
  jumpdest(name: string): this {
    return this.label(name).op(OP.JUMPDEST);
  }

  /** PUSH2 of the label's offset. */
  pushLabel(name: string): this {
    this.items.push({ kind: "pushLabel", name });
    return this;
  }

  append(other: Assembler): this {
    this.items.push(...other.items);
    return this;
  }

  /** Assembles as if the first byte sat at offset `base` (labels are absolute). */
  assemble(base = 0): Uint8Array {
    return this.layout(base).code;
  }

  /** The code and every label's absolute offset. */
  layout(base = 0): { code: Uint8Array; labels: Map<string, number> } {
    const offsets = new Map<string, number>();
    let position = base;
    for (const item of this.items) {
      if (item.kind === "label") {
        if (offsets.has(item.name)) throw new Error(`label defined twice: ${item.name}`);
        offsets.set(item.name, position);
      } else {
        position += item.kind === "bytes" ? item.bytes.length : 3;
      }
    }
    if (position > 0xffff) throw new Error(`code too large for PUSH2 labels: ${position}`);
    const out: number[] = [];
    for (const item of this.items) {
      if (item.kind === "bytes") out.push(...item.bytes);
      else if (item.kind === "pushLabel") {
        const target = offsets.get(item.name);
        if (target === undefined) throw new Error(`undefined label: ${item.name}`);
        out.push(OP.PUSH2, target >> 8, target & 0xff);
      }
    }
    return { code: Uint8Array.from(out), labels: offsets };
  }
}

/** Assemble a straight-line sequence given as opcode names and `push` values. */
export function asm(...parts: (OpName | bigint | number)[]): Uint8Array {
  const assembler = new Assembler();
  for (const part of parts) {
    if (typeof part === "string") assembler.op(OP[part]);
    else assembler.push(part);
  }
  return assembler.assemble();
}
