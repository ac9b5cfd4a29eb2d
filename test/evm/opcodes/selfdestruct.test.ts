// SELFDESTRUCT under EIP-6780 (Cancun): only a contract created in the same transaction is deleted;
// any other contract just sends its balance away and keeps code, storage and nonce. Gas: 5000, plus
// 2600 for a cold beneficiary (EIP-2929) and 25000 when value goes to an account that does not exist;
// no refund since EIP-3529.
import { test } from "node:test";
import assert from "node:assert/strict";
import { getCreateAddress } from "ethers";
import { CONTRACT, THIRD, code, hexBytes, message, preState, runSequence, word, words } from "./helpers.js";
import type { Hex } from "../../../src/evm/types.js";

const third = BigInt(THIRD);
const CHILD = getCreateAddress({ from: CONTRACT, nonce: 1 }).toLowerCase() as Hex;

/** Factory: CREATE(value, calldata as init code) and return the address. */
const factory = (value: number) => code("CALLDATASIZE", 0, 0, "CALLDATACOPY", "CALLDATASIZE", 0, value, "CREATE", 0, "MSTORE", 32, 0, "RETURN");

test("EIP-6780: a contract that self-destructs in the transaction that created it is deleted, its balance sent", async () => {
  // The init code itself self-destructs to THIRD.
  const init = code(third, "SELFDESTRUCT");
  const pre = preState({ [CONTRACT]: { code: factory(5), balance: 5n } });
  const { outcomes, state } = await runSequence(pre, [message({ data: init })], "destroy in constructor", { watch: [CONTRACT, CHILD, THIRD] });
  assert.deepEqual(words(outcomes[0]!), [BigInt(CHILD)], "CREATE still returns the address");
  assert.equal(state.getAccount(CHILD), undefined);
  assert.equal(state.getAccount(THIRD)?.balance, 5n);
  assert.equal(state.getAccount(CONTRACT)?.balance, 0n);
});

test("EIP-6780: created earlier in the same message, then called and self-destructed: still deleted", async () => {
  // Runtime of the child: SELFDESTRUCT(THIRD); init code returns it (PUSH3 runtime, PUSH0 MSTORE, RETURN(29, 3)).
  const runtime = code(third, "SELFDESTRUCT"); // PUSH2 ca11 ff: 4 bytes
  assert.equal(runtime.length, 4);
  const init = code(BigInt(hexBytes(runtime)), 0, "MSTORE", 4, 28, "RETURN");
  // Factory: CREATE then CALL the new contract with value 0.
  const program = code(
    "CALLDATASIZE", 0, 0, "CALLDATACOPY", "CALLDATASIZE", 0, 3, "CREATE",
    0, 0, 0, 0, 0, { raw: [0x85] }, "GAS", "CALL", "POP", // DUP6 = the address
    0, "MSTORE", 32, 0, "RETURN",
  );
  const pre = preState({ [CONTRACT]: { code: program, balance: 3n } });
  const { outcomes, state } = await runSequence(pre, [message({ data: init })], "create then destroy", { watch: [CONTRACT, CHILD, THIRD] });
  assert.deepEqual(words(outcomes[0]!), [BigInt(CHILD)]);
  assert.equal(state.getAccount(CHILD), undefined);
  assert.equal(state.getAccount(THIRD)?.balance, 3n);
});

test("EIP-6780: a pre-existing contract that self-destructs keeps code, storage and nonce and only loses its balance", async () => {
  const program = code(third, "SELFDESTRUCT", 1, 0, "SSTORE"); // nothing after SELFDESTRUCT runs
  const pre = preState({ [CONTRACT]: { code: program, balance: 1000n, nonce: 4n, storage: { 7: 0x77n } } });
  const { outcomes, state } = await runSequence(pre, [message()], "pre-existing", { watch: [CONTRACT, THIRD] });
  const outcome = outcomes[0]!;
  assert.equal(outcome.success, true);
  // PUSH2 3 + SELFDESTRUCT 5000 + cold THIRD 2600 + new account 25000 (THIRD does not exist, value > 0).
  assert.equal(outcome.gasUsed, 3n + 5000n + 2600n + 25000n);
  assert.equal(outcome.gasRefund, 0n, "EIP-3529 removed the self-destruct refund");
  const after = state.getAccount(CONTRACT)!;
  assert.equal(after.balance, 0n);
  assert.equal(after.nonce, 4n);
  assert.equal(hexBytes(after.code), hexBytes(program));
  assert.deepEqual([...state.dumpStorage(CONTRACT)], [[word(7n), word(0x77n)]]);
  assert.equal(state.getAccount(THIRD)?.balance, 1000n);
});

test("SELFDESTRUCT to an existing beneficiary skips the 25000 new-account charge, and with zero balance too", async () => {
  const program = code(third, "SELFDESTRUCT");
  const existing = await runSequence(preState({ [CONTRACT]: { code: program, balance: 1n }, [THIRD]: { balance: 1n } }), [message()], "existing beneficiary");
  assert.equal(existing.outcomes[0]!.gasUsed, 3n + 5000n + 2600n);
  // No value moves, so an absent beneficiary is not created and costs no 25000 either.
  const noValue = await runSequence(preState({ [CONTRACT]: { code: program } }), [message()], "zero balance", { watch: [CONTRACT, THIRD] });
  assert.equal(noValue.outcomes[0]!.gasUsed, 3n + 5000n + 2600n);
  assert.equal(noValue.state.getAccount(THIRD), undefined);
});

test("SELFDESTRUCT to itself: a pre-existing contract keeps its balance, a same-transaction one burns it", async () => {
  const selfProgram = code("ADDRESS", "SELFDESTRUCT");
  const kept = await runSequence(preState({ [CONTRACT]: { code: selfProgram, balance: 50n } }), [message()], "self beneficiary");
  assert.equal(kept.state.getAccount(CONTRACT)?.balance, 50n);
  // ADDRESS 2 + SELFDESTRUCT 5000 (own address is warm, and exists).
  assert.equal(kept.outcomes[0]!.gasUsed, 2n + 5000n);

  const pre = preState({ [CONTRACT]: { code: factory(9), balance: 9n } });
  const burnt = await runSequence(pre, [message({ data: selfProgram })], "burn", { watch: [CONTRACT, CHILD] });
  assert.deepEqual(words(burnt.outcomes[0]!), [BigInt(CHILD)]);
  assert.equal(burnt.state.getAccount(CHILD), undefined, "deleted with the 9 wei it held");
  assert.equal(burnt.state.getAccount(CONTRACT)?.balance, 0n);
});

test("a contract created by one message and self-destructed by the next is not deleted (different transactions)", async () => {
  const runtime = code(third, "SELFDESTRUCT");
  const init = code(BigInt(hexBytes(runtime)), 0, "MSTORE", 4, 28, "RETURN");
  const pre = preState({ [CONTRACT]: { code: factory(2), balance: 2n } });
  const { state } = await runSequence(pre, [message({ data: init }), message({ to: CHILD })], "two messages", { watch: [CONTRACT, CHILD, THIRD] });
  const child = state.getAccount(CHILD)!;
  assert.equal(hexBytes(child.code), hexBytes(runtime));
  assert.equal(child.balance, 0n);
  assert.equal(state.getAccount(THIRD)?.balance, 2n);
});
