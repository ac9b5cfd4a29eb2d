// 0x0a KZG point evaluation (EIP-4844): checks that the blob committed to by `commitment`
// evaluates to y at z, given a KZG proof. Verification needs one value of the trusted setup,
// [tau] in G2, so it is done here with @noble/curves' BLS12-381 pairing rather than through a
// KZG library: kzg-wasm's asynchronous setup load takes seconds (it precomputes for cell proofs),
// while the engine calls precompiles synchronously. test/evm/precompiles.test.ts checks this
// against kzg-wasm (c-kzg-4844) and its copy of the ceremony output.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import type { Fp2 } from "@noble/curves/abstract/tower.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { toBigInt, toBytes, type PrecompileResult } from "./common.js";

const GAS = 50000n;
const INPUT_LENGTH = 192;
const VERSIONED_HASH_VERSION_KZG = 0x01;
const FIELD_ELEMENTS_PER_BLOB = 4096n;
/** The scalar field of BLS12-381: z and y must be canonical elements of it. */
export const BLS_MODULUS = bls12_381.fields.Fr.ORDER;

/**
 * [tau]G2, entry 1 of g2_monomial in the Ethereum KZG ceremony's output (consensus-specs'
 * trusted_setup_4096.json; entry 0 is the generator), compressed.
 */
export const TAU_G2_COMPRESSED =
  "b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72" +
  "185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2";

const { Fp, Fp12 } = bls12_381.fields;
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type G1Point = WeierstrassPoint<bigint>;
type G2Point = WeierstrassPoint<Fp2>;

let tauG2: G2Point | undefined;
let negG2: G2Point | undefined;

/** The precompile's success output: FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as 32-byte words. */
const SUCCESS_OUTPUT = new Uint8Array([...toBytes(FIELD_ELEMENTS_PER_BLOB, 32), ...toBytes(BLS_MODULUS, 32)]);

/**
 * A 48-byte compressed G1 point in the ZCash encoding, as consensus-specs' validate_kzg_g1
 * accepts it: compression flag set; infinity only as 0xc0 followed by zeros; otherwise x below p,
 * on the curve, y chosen by the sign flag (set = the larger root), in the order-r subgroup.
 */
export function decodeG1Compressed(bytes: Uint8Array): G1Point | null {
  const flags = bytes[0];
  if ((flags & 0x80) === 0) return null;
  const infinity = (flags & 0x40) !== 0;
  const larger = (flags & 0x20) !== 0;
  const body = bytes.slice(0, 48);
  body[0] &= 0x1f;
  const x = toBigInt(body);
  if (infinity) return !larger && x === 0n ? G1.ZERO : null;
  const p = Fp.ORDER;
  if (x >= p) return null;
  const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
  // p = 3 (mod 4): a square root, if any, is rhs^((p+1)/4).
  let y = Fp.pow(rhs, (p + 1n) / 4n);
  if (Fp.sqr(y) !== rhs) return null;
  // y = 0 would be a 2-torsion point, never in the subgroup.
  if (y === 0n) return null;
  if (y > (p - 1n) / 2n !== larger) y = p - y;
  const point = G1.fromAffine({ x, y });
  return point.isTorsionFree() ? point : null;
}

function setupPoints(): { tau: G2Point; negGenerator: G2Point } {
  tauG2 ??= G2.fromHex(TAU_G2_COMPRESSED);
  negG2 ??= G2.BASE.negate();
  return { tau: tauG2, negGenerator: negG2 };
}

/** verify_kzg_proof_impl: e(C - [y]G1, -G2) * e(proof, [tau - z]G2) = 1. */
function verifyProof(commitment: G1Point, z: bigint, y: bigint, proof: G1Point): boolean {
  const { tau, negGenerator } = setupPoints();
  const cMinusY = commitment.subtract(G1.BASE.multiplyUnsafe(y));
  const tauMinusZ = tau.subtract(G2.BASE.multiplyUnsafe(z));
  const pairs = [
    { g1: cMinusY, g2: negGenerator },
    { g1: proof, g2: tauMinusZ },
  ].filter((pair) => !pair.g1.is0() && !pair.g2.is0());
  // A pair with the point at infinity contributes 1; the library refuses such pairs.
  return pairs.length === 0 || Fp12.eql(bls12_381.pairingBatch(pairs), Fp12.ONE);
}

export function pointEvaluation(input: Uint8Array, gas: bigint): PrecompileResult | null {
  if (gas < GAS) return null;
  if (input.length !== INPUT_LENGTH) return null;
  const commitmentBytes = input.subarray(96, 144);
  const versionedHash = sha256(commitmentBytes);
  versionedHash[0] = VERSIONED_HASH_VERSION_KZG;
  for (let i = 0; i < 32; i++) if (versionedHash[i] !== input[i]) return null;
  const z = toBigInt(input.subarray(32, 64));
  const y = toBigInt(input.subarray(64, 96));
  if (z >= BLS_MODULUS || y >= BLS_MODULUS) return null;
  const commitment = decodeG1Compressed(commitmentBytes);
  const proof = decodeG1Compressed(input.subarray(144, 192));
  if (!commitment || !proof) return null;
  if (!verifyProof(commitment, z, y, proof)) return null;
  return { gasUsed: GAS, output: SUCCESS_OUTPUT.slice() };
}
