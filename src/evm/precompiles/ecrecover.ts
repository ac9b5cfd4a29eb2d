// 0x01 ecrecover: the address that signed a 32-byte hash. A bad signature is not a failure:
// the call succeeds with empty output.
import { padRight, type PrecompileResult } from "./common.js";
import { addressOfPublicKey, recoverPublicKey } from "../address.js";

const GAS = 3000n;

export function ecrecover(input: Uint8Array, gas: bigint): PrecompileResult | null {
  if (gas < GAS) return null;
  const data = padRight(input, 128);
  const none = { gasUsed: GAS, output: new Uint8Array(0) };
  const v = data.subarray(32, 64);
  for (let i = 0; i < 31; i++) if (v[i] !== 0) return none;
  if (v[31] !== 27 && v[31] !== 28) return none;
  const r = BigInt("0x" + Buffer.from(data.subarray(64, 96)).toString("hex"));
  const s = BigInt("0x" + Buffer.from(data.subarray(96, 128)).toString("hex"));
  // r or s out of range and r not an x on the curve all mean "no signer", not a failure.
  const pub = recoverPublicKey(data.slice(0, 32), r, s, v[31] - 27);
  if (pub === null) return none;
  const out = new Uint8Array(32);
  out.set(addressOfPublicKey(pub), 12);
  return { gasUsed: GAS, output: out };
}
