// Ethereum addresses derived from secp256k1 keys: the last 20 bytes of keccak256 of the 64-byte
// uncompressed public key (without its 0x04 prefix). One place for ecrecover, sender recovery and
// the state tests' secret keys.
import { createRequire } from "node:module";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

interface NativeSecp256k1 {
  ecdsaRecover(signature: Uint8Array, recoveryId: number, message: Uint8Array, compressed: boolean): Uint8Array;
}

/**
 * libsecp256k1 through the `secp256k1` package's prebuilt N-API binding: public-key recovery in about
 * 55 us against about 1.4 ms for @noble/curves here (sender recovery is what bounds transaction
 * throughput). Where no prebuilt binary loads, the package itself falls back to a JS implementation.
 */
const native = createRequire(import.meta.url)("secp256k1") as NativeSecp256k1;

/** `publicKey`: 65-byte uncompressed (0x04 ++ x ++ y). Returns the 20 address bytes. */
export function addressOfPublicKey(publicKey: Uint8Array): Uint8Array {
  return keccak_256(publicKey.subarray(1)).subarray(12);
}

export function addressOfPrivateKey(privateKey: Uint8Array): Uint8Array {
  return addressOfPublicKey(secp256k1.getPublicKey(privateKey, false));
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31, v = value; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/**
 * The 65-byte uncompressed public key that signed `hash` with (r, s, recoveryBit), or null when the
 * signature recovers none (r or s out of [1, n), r not the x of a curve point). High s is accepted:
 * EIP-2's low-s rule belongs to transactions, not to ecrecover.
 */
export function recoverPublicKey(hash: Uint8Array, r: bigint, s: bigint, recoveryBit: number): Uint8Array | null {
  if (r <= 0n || r >= SECP256K1_N || s <= 0n || s >= SECP256K1_N || (recoveryBit !== 0 && recoveryBit !== 1)) return null;
  const signature = new Uint8Array(64);
  signature.set(word(r), 0);
  signature.set(word(s), 32);
  try {
    return native.ecdsaRecover(signature, recoveryBit, hash, false);
  } catch {
    return null;
  }
}
