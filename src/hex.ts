// Hex <-> bytes and hex/decimal number parsing for user input, with typed errors naming the field.
import { OvmError } from "./errors.js";

export type Hex = `0x${string}`;

const HEX_RE = /^[0-9a-fA-F]*$/;

/** Parses 0x-prefixed (or bare) hex into bytes; rejects odd length and non-hex characters. */
export function hexToBytes(value: string, field = "value"): Uint8Array {
  if (typeof value !== "string") throw new OvmError("INVALID_HEX", `${field}: expected a hex string, got ${typeof value}`, { field, value });
  const body = value.startsWith("0x") || value.startsWith("0X") ? value.slice(2) : value;
  if (!HEX_RE.test(body)) {
    const at = body.search(/[^0-9a-fA-F]/);
    throw new OvmError("INVALID_HEX", `${field}: not hex (character ${JSON.stringify(body[at])} at position ${at})`, { field, value });
  }
  if (body.length % 2 !== 0) throw new OvmError("INVALID_HEX", `${field}: odd number of hex digits (${body.length})`, { field, value });
  return Uint8Array.from(Buffer.from(body, "hex"));
}

export function bytesToHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

/** A 20-byte address from hex; shorter input is left-padded (as `evm run` accepts). */
export function parseAddress(value: string, field = "address"): Hex {
  const bytes = hexToBytes(value, field);
  if (bytes.length > 20) throw new OvmError("INVALID_ARGUMENT", `${field}: an address has 20 bytes, got ${bytes.length}`, { field, value });
  const padded = new Uint8Array(20);
  padded.set(bytes, 20 - bytes.length);
  return bytesToHex(padded);
}

/** A non-negative integer from a bigint, a safe number, a decimal string or a 0x-hex string. */
export function parseQuantity(value: unknown, field = "value"): bigint {
  if (typeof value === "bigint") {
    if (value < 0n) throw new OvmError("INVALID_NUMBER", `${field}: must not be negative`, { field, value });
    return value;
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new OvmError("INVALID_NUMBER", `${field}: not a non-negative integer: ${value}`, { field, value });
    return BigInt(value);
  }
  if (typeof value === "string") {
    const s = value.trim();
    if (/^0x[0-9a-fA-F]+$/.test(s) || /^[0-9]+$/.test(s)) return BigInt(s);
    throw new OvmError("INVALID_NUMBER", `${field}: not a number: ${JSON.stringify(value)}`, { field, value });
  }
  throw new OvmError("INVALID_NUMBER", `${field}: not a number: ${String(value)}`, { field, value });
}

export function bigintToBytes32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = v;
  for (let i = 31; i >= 0 && x > 0n; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}
