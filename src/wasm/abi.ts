// The batch formats that cross the WASM/JS boundary, JS side. assembly/abi.ts describes the same
// bytes: the two files change together.
import type { Hex } from "../hex.js";
import { bytesToHex } from "../hex.js";
import type { BlockEnv, Log } from "../evm/types.js";

export const IN = {
  FLAGS: 0, DATA_LEN: 4, CODE_LEN: 8, ACCESS_LIST_LEN: 12, GAS: 16, NUMBER: 24, TIMESTAMP: 32, GAS_LIMIT: 40,
  CHAIN_ID: 48, BLOB_HASHES: 56, CALLER: 64, ORIGIN: 96, TO: 128, COINBASE: 160, VALUE: 192, GAS_PRICE: 224,
  BASE_FEE: 256, PREV_RANDAO: 288, BLOB_BASE_FEE: 320, INTRINSIC_GAS: 352, PRIORITY_FEE: 384, UPFRONT_FEE: 416,
  HEADER_SIZE: 448,
} as const;

export const MessageFlags = {
  Create: 1,
  CodeOverride: 2,
  BumpNonce: 4,
  WarmTransactionAddresses: 8,
  TransferValue: 16,
  ChargeFees: 32,
} as const;

export const OUT = {
  STATUS: 0, DATA_LEN: 4, GAS_LEFT: 8, REFUND: 16, CREATED: 24, HAS_CREATED: 44, LOG_COUNT: 48, LOGS_LEN: 52,
  TX_GAS_USED: 56, HEADER_SIZE: 64,
} as const;

/** Frame end states, numbered as assembly/evm/status.ts numbers them. */
export const STATUS_NAMES = [
  "success", "revert", "out of gas", "stack underflow", "stack overflow", "invalid jump destination",
  "invalid opcode", "write protection", "return data out of bounds", "max code size exceeded",
  "invalid code: must not begin with 0xef", "contract address collision", "max initcode size exceeded",
  "insufficient balance for transfer", "max call depth exceeded", "nonce uint64 overflow", "precompile failed",
] as const;

export interface AccessListEntry {
  address: Hex;
  storageKeys: Hex[];
}

export interface MessageInput {
  flags: number;
  caller: Uint8Array; // 20 bytes
  origin: Uint8Array; // 20 bytes
  to?: Uint8Array; // 20 bytes
  value: bigint;
  gas: bigint;
  gasPrice: bigint;
  data: Uint8Array;
  codeOverride?: Uint8Array;
  block: BlockEnv;
  blobHashes?: Uint8Array[];
  accessList?: AccessListEntry[];
  /** With MessageFlags.ChargeFees: the transaction's intrinsic gas, fees taken up front, priority fee per gas. */
  fees?: { intrinsicGas: bigint; upfront: bigint; priorityFee: bigint };
}

export interface MessageOutput {
  status: number;
  returnData: Uint8Array;
  gasLeft: bigint;
  refund: bigint;
  createdAddress?: Hex;
  logs: Log[];
  /** The receipt's gas used (with MessageFlags.ChargeFees). */
  transactionGasUsed: bigint;
}

export interface AccountChange {
  address: Hex;
  deleted: boolean;
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  /** Present when the transaction installed code. */
  code?: Uint8Array;
}

export interface SlotChange {
  address: Hex;
  slot: Hex;
  value: Uint8Array; // 32 bytes
}

export interface ChangeSet {
  accounts: AccountChange[];
  slots: SlotChange[];
}

/** Writes v as 32 big-endian bytes. Zero and small values (most fields, most calls) skip BigInt work. */
function writeWord(view: Uint8Array, at: number, v: bigint): void {
  if (v <= 0xffffffffn) {
    view.fill(0, at, at + 28);
    const n = Number(v);
    view[at + 28] = n >>> 24;
    view[at + 29] = (n >>> 16) & 0xff;
    view[at + 30] = (n >>> 8) & 0xff;
    view[at + 31] = n & 0xff;
    return;
  }
  const hex = v.toString(16).padStart(64, "0");
  for (let i = 0; i < 32; i++) view[at + i] = parseInt(hex.substr(i * 2, 2), 16);
}

/** Hex strings of the block environment decoded once (the same block serves many messages). */
const hexCache = new Map<string, Uint8Array>();
function cachedBytes(hex: string, length: number): Uint8Array {
  let bytes = hexCache.get(hex);
  if (!bytes) {
    if (hexCache.size > 1024) hexCache.clear();
    bytes = Uint8Array.from(Buffer.from(hex.slice(2).padStart(length * 2, "0"), "hex"));
    hexCache.set(hex, bytes);
  }
  return bytes;
}

function accessListSize(list: AccessListEntry[] | undefined): number {
  let n = 0;
  for (const e of list ?? []) n += 24 + 32 * e.storageKeys.length;
  return n;
}

export function messageSize(m: MessageInput): number {
  return IN.HEADER_SIZE + m.data.length + (m.codeOverride?.length ?? 0) + 32 * (m.blobHashes?.length ?? 0) +
    accessListSize(m.accessList);
}

/** Writes the input block at `at` in `mem` (which must hold messageSize(m) bytes from there). */
export function encodeMessage(mem: Uint8Array, at: number, m: MessageInput): void {
  const view = new DataView(mem.buffer, mem.byteOffset + at);
  mem.fill(0, at, at + IN.HEADER_SIZE);
  const code = m.codeOverride;
  const alLen = accessListSize(m.accessList);
  view.setUint32(IN.FLAGS, m.flags | (code ? MessageFlags.CodeOverride : 0), true);
  view.setUint32(IN.DATA_LEN, m.data.length, true);
  view.setUint32(IN.CODE_LEN, code?.length ?? 0, true);
  view.setUint32(IN.ACCESS_LIST_LEN, alLen, true);
  view.setBigUint64(IN.GAS, m.gas > 0xffffffffffffffffn ? 0xffffffffffffffffn : m.gas, true);
  view.setBigUint64(IN.NUMBER, m.block.number, true);
  view.setBigUint64(IN.TIMESTAMP, m.block.timestamp, true);
  view.setBigUint64(IN.GAS_LIMIT, m.block.gasLimit, true);
  view.setBigUint64(IN.CHAIN_ID, m.block.chainId, true);
  view.setUint32(IN.BLOB_HASHES, m.blobHashes?.length ?? 0, true);
  mem.set(m.caller, at + IN.CALLER);
  mem.set(m.origin, at + IN.ORIGIN);
  if (m.to) mem.set(m.to, at + IN.TO);
  mem.set(cachedBytes(m.block.coinbase, 20), at + IN.COINBASE);
  writeWord(mem, at + IN.VALUE, m.value);
  writeWord(mem, at + IN.GAS_PRICE, m.gasPrice);
  writeWord(mem, at + IN.BASE_FEE, m.block.baseFee);
  mem.set(cachedBytes(m.block.prevRandao, 32), at + IN.PREV_RANDAO);
  writeWord(mem, at + IN.BLOB_BASE_FEE, m.block.blobBaseFee);
  if (m.fees) {
    view.setBigUint64(IN.INTRINSIC_GAS, m.fees.intrinsicGas, true);
    writeWord(mem, at + IN.PRIORITY_FEE, m.fees.priorityFee);
    writeWord(mem, at + IN.UPFRONT_FEE, m.fees.upfront);
  }
  let p = at + IN.HEADER_SIZE;
  mem.set(m.data, p);
  p += m.data.length;
  if (code) { mem.set(code, p); p += code.length; }
  for (const h of m.blobHashes ?? []) { mem.set(h, p); p += 32; }
  for (const e of m.accessList ?? []) {
    mem.set(Buffer.from(e.address.slice(2), "hex"), p);
    new DataView(mem.buffer, mem.byteOffset + p + 20, 4).setUint32(0, e.storageKeys.length, true);
    p += 24;
    for (const k of e.storageKeys) { mem.set(Buffer.from(k.slice(2).padStart(64, "0"), "hex"), p); p += 32; }
  }
}

export function decodeOutput(mem: Uint8Array, at: number): MessageOutput {
  const view = new DataView(mem.buffer, mem.byteOffset + at);
  const dataLen = view.getUint32(OUT.DATA_LEN, true);
  const logCount = view.getUint32(OUT.LOG_COUNT, true);
  let p = at + OUT.HEADER_SIZE;
  const returnData = mem.slice(p, p + dataLen);
  p += dataLen;
  const logs: Log[] = [];
  for (let i = 0; i < logCount; i++) {
    const address = bytesToHex(mem.subarray(p, p + 20));
    const topicCount = new DataView(mem.buffer, mem.byteOffset + p + 20, 4).getUint32(0, true);
    p += 24;
    const topics: Hex[] = [];
    for (let t = 0; t < topicCount; t++) { topics.push(bytesToHex(mem.subarray(p, p + 32))); p += 32; }
    const len = new DataView(mem.buffer, mem.byteOffset + p, 4).getUint32(0, true);
    p += 4;
    logs.push({ address, topics, data: bytesToHex(mem.subarray(p, p + len)) });
    p += len;
  }
  return {
    status: view.getUint32(OUT.STATUS, true),
    returnData,
    gasLeft: view.getBigInt64(OUT.GAS_LEFT, true),
    refund: view.getBigInt64(OUT.REFUND, true),
    createdAddress: view.getUint32(OUT.HAS_CREATED, true) ? bytesToHex(mem.subarray(at + OUT.CREATED, at + OUT.CREATED + 20)) : undefined,
    logs,
    transactionGasUsed: view.getBigUint64(OUT.TX_GAS_USED, true),
  };
}

export function decodeChangeSet(mem: Uint8Array, at: number): ChangeSet {
  const view = new DataView(mem.buffer, mem.byteOffset);
  const accountCount = view.getUint32(at, true);
  const slotCount = view.getUint32(at + 4, true);
  let p = at + 8;
  const accounts: AccountChange[] = [];
  for (let i = 0; i < accountCount; i++) {
    const flags = view.getUint32(p + 20, true);
    const codeLen = view.getUint32(p + 96, true);
    const change: AccountChange = {
      address: bytesToHex(mem.subarray(p, p + 20)),
      deleted: (flags & 1) !== 0,
      nonce: view.getBigUint64(p + 24, true),
      balance: BigInt(bytesToHex(mem.subarray(p + 32, p + 64))),
      codeHash: mem.slice(p + 64, p + 96),
    };
    p += 100;
    if (flags & 2) {
      change.code = mem.slice(p, p + codeLen);
      p += codeLen;
    }
    accounts.push(change);
  }
  const slots: SlotChange[] = [];
  for (let i = 0; i < slotCount; i++) {
    slots.push({
      address: bytesToHex(mem.subarray(p, p + 20)),
      slot: bytesToHex(mem.subarray(p + 20, p + 52)),
      value: mem.slice(p + 52, p + 84),
    });
    p += 84;
  }
  return { accounts, slots };
}
