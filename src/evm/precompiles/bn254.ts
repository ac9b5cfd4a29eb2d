// 0x06 ecAdd, 0x07 ecMul, 0x08 ecPairing on alt_bn128 (EIP-196, EIP-197), priced by EIP-1108
// (Istanbul). @noble/curves does the curve arithmetic; the Ethereum encoding and its validation
// rules are here, so that every input the EIPs reject is rejected before the library sees it.
import { bn254 } from "@noble/curves/bn254.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import { padRight, toBigInt, toBytes, type PrecompileResult } from "./common.js";

const ADD_GAS = 150n;
const MUL_GAS = 6000n;
const PAIRING_BASE_GAS = 45000n;
const PAIRING_PER_PAIR_GAS = 34000n;

const { Fp2: F2, Fp12 } = bn254.fields;
/** Base field modulus: coordinates must be below it (EIP-196: "equal or larger ... fails"). */
const P = bn254.fields.Fp.ORDER;
/** Group order: a scalar acts modulo it, since G1 is cyclic of prime order (cofactor 1). */
const R = bn254.fields.Fr.ORDER;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
/** The twist's b = 3 / (9 + i) (EIP-197), as the library holds it. */
const TWIST_B = G2.CURVE().b;

type G1Point = WeierstrassPoint<bigint>;
type G2Point = WeierstrassPoint<Fp2>;

/** 64 bytes (x, y), each a 32-byte big-endian number; (0, 0) is the point at infinity. */
function decodeG1(bytes: Uint8Array): G1Point | null {
  const x = toBigInt(bytes.subarray(0, 32));
  const y = toBigInt(bytes.subarray(32, 64));
  if (x >= P || y >= P) return null;
  if (x === 0n && y === 0n) return G1.ZERO;
  // y^2 = x^3 + 3; every curve point is in G1 (cofactor 1), so this is the whole check.
  if ((y * y) % P !== (((x * x) % P) * x + 3n) % P) return null;
  return G1.fromAffine({ x, y });
}

/**
 * 128 bytes: x then y, each an F_p^2 element a*i + b written as (a, b), imaginary part first
 * (EIP-197). All zeros is the point at infinity. The point must be on the twist and in the
 * order-r subgroup: the twist has other points, and EIP-197 requires the subgroup check.
 */
function decodeG2(bytes: Uint8Array): G2Point | null {
  const parts = [0, 32, 64, 96].map((at) => toBigInt(bytes.subarray(at, at + 32)));
  if (parts.some((v) => v >= P)) return null;
  const [xIm, xRe, yIm, yRe] = parts;
  if (parts.every((v) => v === 0n)) return G2.ZERO;
  const x = F2.fromBigTuple([xRe, xIm]);
  const y = F2.fromBigTuple([yRe, yIm]);
  if (!F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), TWIST_B))) return null;
  const point = G2.fromAffine({ x, y });
  return point.isTorsionFree() ? point : null;
}

function encodeG1(point: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  out.set(toBytes(x, 32), 0);
  out.set(toBytes(y, 32), 32);
  return out;
}

export function ecAdd(input: Uint8Array, gas: bigint): PrecompileResult | null {
  if (gas < ADD_GAS) return null;
  const data = padRight(input, 128);
  const a = decodeG1(data.subarray(0, 64));
  const b = decodeG1(data.subarray(64, 128));
  if (!a || !b) return null;
  return { gasUsed: ADD_GAS, output: encodeG1(a.add(b)) };
}

export function ecMul(input: Uint8Array, gas: bigint): PrecompileResult | null {
  if (gas < MUL_GAS) return null;
  const data = padRight(input, 96);
  const point = decodeG1(data.subarray(0, 64));
  if (!point) return null;
  const scalar = toBigInt(data.subarray(64, 96)) % R;
  const product = scalar === 0n || point.is0() ? G1.ZERO : point.multiplyUnsafe(scalar);
  return { gasUsed: MUL_GAS, output: encodeG1(product) };
}

export function ecPairing(input: Uint8Array, gas: bigint): PrecompileResult | null {
  if (input.length % 192 !== 0) return null;
  const count = input.length / 192;
  const cost = PAIRING_BASE_GAS + PAIRING_PER_PAIR_GAS * BigInt(count);
  if (gas < cost) return null;
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  for (let k = 0; k < count; k++) {
    const at = 192 * k;
    const g1 = decodeG1(input.subarray(at, at + 64));
    const g2 = decodeG2(input.subarray(at + 64, at + 192));
    if (!g1 || !g2) return null;
    // A pair with the point at infinity contributes e = 1 to the product; the library
    // refuses such pairs outright, so they are left out here.
    if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
  }
  const holds = pairs.length === 0 || Fp12.eql(bn254.pairingBatch(pairs), Fp12.ONE);
  const output = new Uint8Array(32);
  output[31] = holds ? 1 : 0;
  return { gasUsed: cost, output };
}
