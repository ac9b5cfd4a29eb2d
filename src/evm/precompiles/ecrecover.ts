// 0x01 ecrecover: the address that signed a 32-byte hash. A bad signature is not a failure:
// the call succeeds with empty output.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { padRight, type PrecompileResult } from "./common.js";
import { addressOfPublicKey } from "../address.js";

const GAS = 3000n;

export function ecrecover(input: Uint8Array, gas: bigint): PrecompileResult | null {
  if (gas < GAS) return null;
  const data = padRight(input, 128);
  const none = { gasUsed: GAS, output: new Uint8Array(0) };
  const v = data.subarray(32, 64);
  for (let i = 0; i < 31; i++) if (v[i] !== 0) return none;
  if (v[31] !== 27 && v[31] !== 28) return none;
  try {
    const sig = secp256k1.Signature.fromBytes(data.slice(64, 128), "compact").addRecoveryBit(v[31] - 27);
    const pub = sig.recoverPublicKey(data.slice(0, 32)).toBytes(false);
    const out = new Uint8Array(32);
    out.set(addressOfPublicKey(pub), 12);
    return { gasUsed: GAS, output: out };
  } catch {
    // The library throws for r or s out of range and for r not an x on the curve: all of these
    // are "no signer", not failures.
    return none;
  }
}
