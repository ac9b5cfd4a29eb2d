// EXTCODEHASH of an account that exists without code is keccak256("") (EIP-1052): pins the engine's
// built-in empty-code hash, for an account that only came to exist in this transaction.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { asm } from "../../src/evm/assembler.js";
import { assertSameExecution } from "./compare.js";
import { DEFAULT_BLOCK, DEFAULT_SENDER } from "../../src/evm/defaults.js";
import { bytesToHex } from "../../src/hex.js";
import type { Hex, PreState } from "../../src/evm/types.js";

const CONTRACT: Hex = "0x00000000000000000000000000000000000c0de1";
const FRESH = 0xf7e54n;
// CALL(gas, FRESH, value 1, 0, 0, 0, 0); then return EXTCODEHASH(FRESH).
const code = asm(
  0, 0, 0, 0, 1, FRESH, "GAS", "CALL", "POP",
  FRESH, "EXTCODEHASH", 0, "MSTORE", 32, 0, "RETURN",
);
const pre: PreState = new Map([
  [CONTRACT, { nonce: 1n, balance: 10n, code, storage: new Map() }],
  [DEFAULT_SENDER, { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(0), storage: new Map() }],
]);
const outcomes = await assertSameExecution(pre, DEFAULT_BLOCK, [{ caller: DEFAULT_SENDER, to: CONTRACT, data: new Uint8Array(0), value: 0n, gasLimit: 100_000n }], [CONTRACT], "empty code hash");

test("EXTCODEHASH of an account funded in this transaction is keccak256 of the empty string", () => {
  assert.equal(outcomes[0].returnData, bytesToHex(keccak_256(new Uint8Array(0))));
});
