// Ethereum addresses derived from secp256k1 keys: the last 20 bytes of keccak256 of the 64-byte
// uncompressed public key (without its 0x04 prefix). One place for ecrecover, sender recovery and
// the state tests' secret keys.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

/** `publicKey`: 65-byte uncompressed (0x04 ++ x ++ y). Returns the 20 address bytes. */
export function addressOfPublicKey(publicKey: Uint8Array): Uint8Array {
  return keccak_256(publicKey.subarray(1)).subarray(12);
}

export function addressOfPrivateKey(privateKey: Uint8Array): Uint8Array {
  return addressOfPublicKey(secp256k1.getPublicKey(privateKey, false));
}
