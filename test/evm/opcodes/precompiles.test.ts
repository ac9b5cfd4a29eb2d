// The precompiles the engine implements at Cancun: ecrecover (0x01), sha256 (0x02), ripemd160 (0x03)
// and identity (0x04). Outputs are checked against independent implementations (node:crypto, ethers'
// signing key) and the yellow paper gas formulas (3000; 60 + 12/word; 600 + 120/word; 15 + 3/word),
// pinned by calling with exactly the price and with one gas less.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Wallet, getBytes, keccak256, toUtf8Bytes } from "ethers";
import { code, hexBytes, run, type Part } from "./helpers.js";

/**
 * Copies calldata to memory, CALLs `precompile` with `gas` (or all gas) over it and returns
 * [success, return data...].
 */
function caller(precompile: number, gas?: number): Uint8Array {
  const gasPart: Part[] = gas === undefined ? ["GAS"] : [gas];
  return code(
    "CALLDATASIZE", 0, 0, "CALLDATACOPY",
    0, 0, "CALLDATASIZE", 0, 0, precompile, ...gasPart, "CALL",
    0, "MSTORE",
    "RETURNDATASIZE", 0, 32, "RETURNDATACOPY",
    "RETURNDATASIZE", 32, "ADD", 0, "RETURN",
  );
}

async function callPrecompile(precompile: number, input: Uint8Array, gas?: number) {
  const outcome = await run(caller(precompile, gas), { data: input }, `precompile ${precompile} (${input.length} bytes, gas ${gas ?? "all"})`);
  assert.equal(outcome.success, true);
  return { ok: BigInt(outcome.returnData.slice(0, 66)) === 1n, output: `0x${outcome.returnData.slice(66)}` };
}

const INPUT_33 = Uint8Array.from({ length: 33 }, (_, i) => (i * 7 + 3) & 0xff);

test("identity (0x04) returns its input; gas 15 + 3 per word", async () => {
  for (const input of [new Uint8Array(0), INPUT_33]) {
    const r = await callPrecompile(4, input);
    assert.equal(r.ok, true);
    assert.equal(r.output, hexBytes(input));
  }
  // 33 bytes = 2 words: 15 + 3*2 = 21.
  assert.deepEqual(await callPrecompile(4, INPUT_33, 21), { ok: true, output: hexBytes(INPUT_33) });
  assert.deepEqual(await callPrecompile(4, INPUT_33, 20), { ok: false, output: "0x" });
});

test("sha256 (0x02) matches node:crypto; gas 60 + 12 per word", async () => {
  for (const input of [new Uint8Array(0), INPUT_33, new Uint8Array(200).fill(0xab)]) {
    const r = await callPrecompile(2, input);
    assert.equal(r.ok, true);
    assert.equal(r.output, `0x${createHash("sha256").update(input).digest("hex")}`);
  }
  // 60 + 12*2 = 84.
  assert.equal((await callPrecompile(2, INPUT_33, 84)).ok, true);
  assert.equal((await callPrecompile(2, INPUT_33, 83)).ok, false);
});

test("ripemd160 (0x03) matches node:crypto, left-padded to 32 bytes; gas 600 + 120 per word", async () => {
  for (const input of [new Uint8Array(0), INPUT_33]) {
    const r = await callPrecompile(3, input);
    assert.equal(r.ok, true);
    assert.equal(r.output, `0x${"00".repeat(12)}${createHash("ripemd160").update(input).digest("hex")}`);
  }
  // 600 + 120*2 = 840.
  assert.equal((await callPrecompile(3, INPUT_33, 840)).ok, true);
  assert.equal((await callPrecompile(3, INPUT_33, 839)).ok, false);
});

test("ecrecover (0x01) returns the signer's address left-padded; bad v or s gives empty output; gas 3000", async () => {
  const wallet = new Wallet(keccak256(toUtf8Bytes("ovm test key")));
  const digest = keccak256(toUtf8Bytes("a message"));
  const sig = wallet.signingKey.sign(digest);
  const input = (v: number, s: string = sig.s) =>
    getBytes(`${digest}${v.toString(16).padStart(64, "0")}${sig.r.slice(2)}${s.slice(2)}`);
  const good = await callPrecompile(1, input(sig.v));
  assert.equal(good.ok, true);
  assert.equal(good.output, `0x${"00".repeat(12)}${wallet.address.slice(2).toLowerCase()}`);
  // The other parity recovers some other key (or nothing), never the signer.
  const flipped = await callPrecompile(1, input(sig.v === 27 ? 28 : 27));
  assert.notEqual(flipped.output, good.output);
  // v must be 27 or 28: anything else succeeds with no output.
  assert.deepEqual(await callPrecompile(1, input(29)), { ok: true, output: "0x" });
  assert.deepEqual(await callPrecompile(1, input(sig.v + 256)), { ok: true, output: "0x" });
  // s = 0 is out of range: no output.
  assert.deepEqual(await callPrecompile(1, input(sig.v, `0x${"00".repeat(32)}`)), { ok: true, output: "0x" });
  // Short input is zero-padded: hash and v only, r = s = 0 -> no output.
  assert.deepEqual(await callPrecompile(1, getBytes(digest)), { ok: true, output: "0x" });
  assert.equal((await callPrecompile(1, input(sig.v), 3000)).ok, true);
  assert.equal((await callPrecompile(1, input(sig.v), 2999)).ok, false);
});
