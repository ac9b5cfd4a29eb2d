// Decoding of signed raw transactions (legacy with or without EIP-155, EIP-2930, EIP-1559,
// EIP-4844) and sender recovery from the signature (secp256k1, low-s per EIP-2).
import { RLP } from "@ethereumjs/rlp";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, type Hex } from "../hex.js";
import { OvmError } from "../errors.js";
import type { Transaction, TransactionType } from "./transaction.js";
import type { AccessListEntry } from "../wasm/abi.js";
import { addressOfPublicKey, recoverPublicKey } from "../evm/address.js";

export class MalformedTransactionError extends OvmError {
  constructor(message: string) {
    super("INVALID_ARGUMENT", `malformed transaction: ${message}`);
    this.name = "MalformedTransactionError";
  }
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

type Item = Uint8Array | Item[];

function bad(message: string): never {
  throw new MalformedTransactionError(message);
}

function bytesOf(item: Item | undefined, field: string): Uint8Array {
  if (!(item instanceof Uint8Array)) bad(`${field} must be a byte string`);
  return item;
}

function quantity(item: Item | undefined, field: string): bigint {
  const b = bytesOf(item, field);
  if (b.length > 0 && b[0] === 0) bad(`${field} has leading zeros`);
  if (b.length > 32) bad(`${field} is longer than 32 bytes`);
  return b.length === 0 ? 0n : BigInt(bytesToHex(b));
}

function address(item: Item | undefined, field: string): Hex | undefined {
  const b = bytesOf(item, field);
  if (b.length === 0) return undefined;
  if (b.length !== 20) bad(`${field} must be 20 bytes or empty`);
  return bytesToHex(b);
}

function accessList(item: Item | undefined): AccessListEntry[] {
  if (!Array.isArray(item)) bad("accessList must be a list");
  return item.map((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[1])) bad(`accessList[${i}] must be [address, [keys]]`);
    const a = address(entry[0], `accessList[${i}].address`);
    if (!a) bad(`accessList[${i}].address is empty`);
    return {
      address: a,
      storageKeys: (entry[1] as Item[]).map((k, j) => {
        const key = bytesOf(k, `accessList[${i}].storageKeys[${j}]`);
        if (key.length !== 32) bad(`accessList[${i}].storageKeys[${j}] must be 32 bytes`);
        return bytesToHex(key);
      }),
    };
  });
}

function recoverSender(hash: Uint8Array, yParity: number, r: bigint, s: bigint): Hex {
  if (r === 0n || r >= SECP256K1_N || s === 0n || s > SECP256K1_N / 2n) bad("invalid signature values (EIP-2)");
  if (yParity !== 0 && yParity !== 1) bad("invalid signature parity");
  const publicKey = recoverPublicKey(hash, r, s, yParity);
  if (publicKey === null) return bad("the signature does not recover a public key");
  return bytesToHex(addressOfPublicKey(publicKey));
}

export interface DecodedTransaction extends Transaction {
  /** keccak256 of the raw bytes: the transaction hash. */
  hash: Hex;
}

/** Decodes a signed raw transaction and recovers its sender. Throws MalformedTransactionError. */
export function decodeRawTransaction(raw: Uint8Array): DecodedTransaction {
  if (raw.length === 0) bad("empty input");
  const hash = bytesToHex(keccak_256(raw));
  let type: TransactionType = 0;
  let payload = raw;
  if (raw[0] <= 0x7f) {
    if (raw[0] < 1 || raw[0] > 3) bad(`unsupported transaction type ${raw[0]}`);
    type = raw[0] as TransactionType;
    payload = raw.subarray(1);
  }
  let fields: Item;
  try {
    fields = RLP.decode(payload) as Item;
  } catch (e) {
    return bad(`not valid RLP (${(e as Error).message})`);
  }
  if (!Array.isArray(fields)) bad("expected an RLP list");
  const f = fields;
  if (type === 0) {
    if (f.length !== 9) bad(`a legacy transaction has 9 fields, got ${f.length}`);
    const v = quantity(f[6], "v");
    const r = quantity(f[7], "r");
    const s = quantity(f[8], "s");
    let chainId: bigint | undefined;
    let yParity: number;
    let unsigned: Item[];
    if (v === 27n || v === 28n) {
      yParity = Number(v - 27n);
      unsigned = f.slice(0, 6);
    } else if (v >= 35n) {
      chainId = (v - 35n) / 2n;
      yParity = Number((v - 35n) % 2n);
      const id = chainId === 0n ? new Uint8Array(0) : Uint8Array.from(Buffer.from(chainId.toString(16).padStart(Math.ceil(chainId.toString(16).length / 2) * 2, "0"), "hex"));
      unsigned = [...f.slice(0, 6), id, new Uint8Array(0), new Uint8Array(0)];
    } else {
      return bad(`invalid v ${v}`);
    }
    const from = recoverSender(keccak_256(RLP.encode(unsigned as never)), yParity, r, s);
    return {
      type, from, hash, chainId,
      nonce: quantity(f[0], "nonce"), gasPrice: quantity(f[1], "gasPrice"), gasLimit: quantity(f[2], "gasLimit"),
      to: address(f[3], "to"), value: quantity(f[4], "value"), data: bytesOf(f[5], "data"),
    };
  }
  const expected = type === 1 ? 11 : type === 2 ? 12 : 14;
  if (f.length !== expected) bad(`a type ${type} transaction has ${expected} fields, got ${f.length}`);
  const n = f.length;
  const unsignedPayload = RLP.encode(f.slice(0, n - 3) as never);
  const sigHash = keccak_256(new Uint8Array([type, ...unsignedPayload]));
  const from = recoverSender(sigHash, Number(quantity(f[n - 3], "yParity")), quantity(f[n - 2], "r"), quantity(f[n - 1], "s"));
  const common = { type, from, hash, chainId: quantity(f[0], "chainId"), nonce: quantity(f[1], "nonce") };
  if (type === 1) {
    return {
      ...common, gasPrice: quantity(f[2], "gasPrice"), gasLimit: quantity(f[3], "gasLimit"), to: address(f[4], "to"),
      value: quantity(f[5], "value"), data: bytesOf(f[6], "data"), accessList: accessList(f[7]),
    };
  }
  const base = {
    ...common, maxPriorityFeePerGas: quantity(f[2], "maxPriorityFeePerGas"), maxFeePerGas: quantity(f[3], "maxFeePerGas"),
    gasLimit: quantity(f[4], "gasLimit"), to: address(f[5], "to"), value: quantity(f[6], "value"), data: bytesOf(f[7], "data"),
    accessList: accessList(f[8]),
  };
  if (type === 2) return base;
  const hashes = f[10];
  if (!Array.isArray(hashes)) bad("blobVersionedHashes must be a list");
  return {
    ...base,
    maxFeePerBlobGas: quantity(f[9], "maxFeePerBlobGas"),
    blobVersionedHashes: hashes.map((h, i) => {
      const b = bytesOf(h, `blobVersionedHashes[${i}]`);
      if (b.length !== 32) bad(`blobVersionedHashes[${i}] must be 32 bytes`);
      return bytesToHex(b);
    }),
  };
}
