// Raw signed transactions: the `txbytes` the official state tests carry (signed by their filler, an
// independent implementation) decode to the test's own fields, and recover the secret key's address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { decodeRawTransaction, MalformedTransactionError } from "../../src/engine/raw-transaction.js";
import { parseStateTests } from "../../src/statetest/parse.js";
import { collectTestFiles, senderOf } from "../../src/statetest/run.js";
import { PACKAGE_ROOT } from "../../src/wasm/module.js";
import { bytesToHex, hexToBytes } from "../../src/hex.js";

const ROOT = path.resolve(PACKAGE_ROOT, "../shared/conformance/GeneralStateTests");
// Folders that hold legacy, EIP-155, access-list, EIP-1559 and blob transactions.
const FOLDERS = ["stExample", "stEIP1559", "stEIP2930", "stChainId", "Cancun/stEIP4844-blobtransactions", "stTransactionTest"];

test("txbytes of the state tests decode to their fields and recover the sender of their secret key", () => {
  assert.ok(existsSync(ROOT), `state tests not found at ${ROOT}`);
  let checked = 0;
  const types = new Set<number>();
  for (const folder of FOLDERS) {
    const dir = path.join(ROOT, folder);
    if (!existsSync(dir)) continue;
    for (const file of collectTestFiles([dir])) {
      for (const c of parseStateTests(JSON.parse(readFileSync(file, "utf8")), "Cancun", file)) {
        if (c.expected.exception || !c.expected.txBytes || !c.transaction.secretKey) continue;
        const tx = decodeRawTransaction(hexToBytes(c.expected.txBytes));
        const where = `${c.name} in ${file}`;
        assert.equal(tx.from, senderOf(c.transaction.secretKey), where);
        assert.equal(tx.nonce, c.transaction.nonce, where);
        assert.equal(tx.gasLimit, c.transaction.gasLimit, where);
        assert.equal(tx.to, c.transaction.to, where);
        assert.equal(tx.value, c.transaction.value, where);
        assert.equal(bytesToHex(tx.data), bytesToHex(c.transaction.data), where);
        if (tx.maxFeePerGas !== undefined) assert.equal(tx.maxFeePerGas, c.transaction.maxFeePerGas, where);
        types.add(tx.type);
        checked++;
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} transactions checked`);
  assert.deepEqual([...types].sort(), [0, 1, 2, 3]);
});

test("malformed raw transactions are refused with MalformedTransactionError", () => {
  const cases = ["0x", "0x05c0", "0xc0", "0x02c0", "0xf800", "0x01" + "c5".padEnd(12, "0")];
  for (const raw of cases) {
    assert.throws(() => decodeRawTransaction(hexToBytes(raw)), MalformedTransactionError, raw);
  }
  // A valid legacy transaction with its s value pushed above n/2 (EIP-2) is refused too.
  const legacy = "0xf86b808504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0" +
    "2d7c5bef027816a800da1736444fb58a807ef4c9603b7848673f7e3a68eb14a5a0" +
    "ff".repeat(32);
  assert.throws(() => decodeRawTransaction(hexToBytes(legacy)), MalformedTransactionError);
});
