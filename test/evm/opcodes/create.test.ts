// Create family: CREATE/CREATE2 addresses (yellow paper / EIP-1014, computed independently by ethers),
// EIP-3860 init code limit and word cost, EIP-170 code size limit, EIP-3541 (no code starting with 0xEF),
// address collisions and a reverting constructor's data. Gas: CREATE 32000, init code 2 per word,
// CREATE2 hashing 6 per word, code deposit 200 per byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { getCreate2Address, getCreateAddress, keccak256 } from "ethers";
import {
  CONTRACT, RETURN_TOP, RETURN_TOP_GAS, SENDER, assertExceptionalHalt, code, hexBytes, memoryCost, message, preState, run,
  runSequence, top, words, type Part,
} from "./helpers.js";
import type { Hex, PreState } from "../../../src/evm/types.js";

/** Init code that returns `runtime`: PUSH2 len, PUSH1 12, PUSH0, CODECOPY, PUSH2 len, PUSH0, RETURN, runtime. */
function initCodeFor(runtime: Uint8Array): Uint8Array {
  const len = runtime.length;
  const prefix = [0x61, len >> 8, len & 0xff, 0x60, 12, 0x5f, 0x39, 0x61, len >> 8, len & 0xff, 0x5f, 0xf3];
  return Uint8Array.from([...prefix, ...runtime]);
}

/**
 * Factory: copies its calldata (the init code) to memory, creates with it, and returns
 * [address, RETURNDATASIZE, return data...].
 */
function factory(create: Part[]): Uint8Array {
  return code(
    "CALLDATASIZE", 0, 0, "CALLDATACOPY",
    ...create,
    0, "MSTORE",
    "RETURNDATASIZE", 32, "MSTORE",
    "RETURNDATASIZE", 0, 64, "RETURNDATACOPY",
    "RETURNDATASIZE", 64, "ADD", 0, "RETURN",
  );
}
const CREATE: Part[] = ["CALLDATASIZE", 0, 0, "CREATE"];
const create2 = (salt: bigint): Part[] => [salt, "CALLDATASIZE", 0, 0, "CREATE2"];

const RUNTIME = code(42, ...RETURN_TOP);

test("CREATE derives the address from (creator, creator nonce) and bumps the nonce: matches ethers' getCreateAddress", async () => {
  // The factory creates twice in one message: nonces 1 and 2 (a contract's nonce starts at 1, EIP-161).
  // Results go to memory 1024.. so the init code at 0.. stays intact for the second CREATE.
  const twice = code("CALLDATASIZE", 0, 0, "CALLDATACOPY", ...CREATE, 1024, "MSTORE", ...CREATE, 1056, "MSTORE", 64, 1024, "RETURN");
  const first = getCreateAddress({ from: CONTRACT, nonce: 1 }).toLowerCase() as Hex;
  const second = getCreateAddress({ from: CONTRACT, nonce: 2 }).toLowerCase() as Hex;
  const pre = preState({ [CONTRACT]: { code: twice, nonce: 1n } });
  const { outcomes, state } = await runSequence(pre, [message({ data: initCodeFor(RUNTIME) })], "CREATE twice", { watch: [CONTRACT, first, second] });
  assert.deepEqual(words(outcomes[0]!), [BigInt(first), BigInt(second)]);
  assert.equal(state.getAccount(CONTRACT)!.nonce, 3n);
  assert.equal(hexBytes(state.getAccount(first)!.code), hexBytes(RUNTIME));
  assert.equal(hexBytes(state.getAccount(second)!.code), hexBytes(RUNTIME));
  assert.equal(state.getAccount(first)!.nonce, 1n, "a new contract starts at nonce 1 (EIP-161)");
});

test("CREATE2 derives the address from (creator, salt, keccak256(init code)): matches ethers' getCreate2Address", async () => {
  const init = initCodeFor(RUNTIME);
  const salt = 0x5a17n;
  const expected = getCreate2Address(CONTRACT, `0x${salt.toString(16).padStart(64, "0")}`, keccak256(init)).toLowerCase() as Hex;
  const outcome = await run(factory(create2(salt)), { data: init, watch: [CONTRACT, expected] });
  assert.deepEqual(words(outcome), [BigInt(expected), 0n], "success leaves the return data buffer empty");

  // A top-level creation (no `to`) uses the sender's nonce as a transaction would.
  const pre = preState({ [SENDER]: { nonce: 7n, balance: 1n } });
  const { outcomes } = await runSequence(pre, [{ ...message(), to: undefined, data: init }], "top-level create");
  assert.equal(outcomes[0]!.createdAddress, getCreateAddress({ from: SENDER, nonce: 7 }).toLowerCase());
});

test("EIP-3860: CREATE with 49152 bytes of init code succeeds; with 49153 the creating frame halts", async () => {
  // CREATE(value 0, offset 0, size n) over zeroed memory: the init code is all STOPs.
  const atLimit = await run(code(49152, 0, 0, "CREATE", ...RETURN_TOP), { gas: 1_000_000n });
  assert.equal(top(atLimit), BigInt(getCreateAddress({ from: CONTRACT, nonce: 1 })));
  // PUSH2 3 + PUSH0 2 + PUSH0 2; CREATE 32000 + 2 * 1536 words = 3072; memory for 1536 words:
  // 3*1536 + 1536^2/512 = 4608 + 4608 = 9216; the init code stops at once (0 gas, nothing deposited);
  // RETURN_TOP without its 3 for memory, which is already expanded.
  assert.equal(memoryCost(1536n), 9216n);
  assert.equal(atLimit.gasUsed, 7n + 32000n + 3072n + 9216n + RETURN_TOP_GAS - 3n);

  assertExceptionalHalt(await run(code(49153, 0, 0, "CREATE"), { gas: 1_000_000n }), 1_000_000n, "CREATE with 49153 bytes");
  assertExceptionalHalt(await run(code(0, 49153, 0, 0, "CREATE2"), { gas: 1_000_000n }), 1_000_000n, "CREATE2 with 49153 bytes");

  // A creation transaction's own init code is held to the same limit.
  const topLevel = await runSequence(preState({}), [{ ...message({ gas: 1_000_000n }), to: undefined, data: new Uint8Array(49153) }], "top-level 49153");
  assert.equal(topLevel.outcomes[0]!.success, false);

  // CREATE2 also pays 6 per word for hashing: 32000 + (2 + 6) * 1536 = 32000 + 12288.
  const create2AtLimit = await run(code(0, 49152, 0, 0, "CREATE2", ...RETURN_TOP), { gas: 1_000_000n });
  assert.notEqual(top(create2AtLimit), 0n);
  assert.equal(create2AtLimit.gasUsed, 2n + 7n + 32000n + 12288n + 9216n + RETURN_TOP_GAS - 3n);
});

test("EIP-170: init code returning 24576 bytes deploys; 24577 bytes fails the creation", async () => {
  // Init code: RETURN(0, n) over zeroed memory.
  const deploy = (n: number) => code(n, 0, "RETURN");
  const child = getCreateAddress({ from: CONTRACT, nonce: 1 }).toLowerCase() as Hex;
  const pre = () => preState({ [CONTRACT]: { code: factory(CREATE) } });
  const okRun = await runSequence(pre(), [message({ data: deploy(24576), gas: 10_000_000n })], "24576-byte code", { watch: [CONTRACT, child] });
  assert.equal(words(okRun.outcomes[0]!)[0], BigInt(child));
  assert.equal(okRun.state.getAccount(child)!.code.length, 24576);

  const tooBig = await runSequence(pre(), [message({ data: deploy(24577), gas: 10_000_000n })], "24577-byte code", { watch: [CONTRACT, child] });
  assert.deepEqual(words(tooBig.outcomes[0]!), [0n, 0n], "address 0, and no return data from an exceptional halt");
  assert.equal(tooBig.state.getAccount(child), undefined);
  assert.equal(tooBig.state.getAccount(CONTRACT)!.nonce, 2n, "the creator's nonce is bumped even though the creation failed");
});

test("EIP-3541: code whose first byte is 0xEF cannot be deployed; 0xEF elsewhere is fine", async () => {
  // MSTORE8(0, 0xEF), RETURN(0, 1)
  const efFirst = code(0xef, 0, "MSTORE8", 1, 0, "RETURN");
  const failed = await run(factory(CREATE), { data: efFirst });
  assert.deepEqual(words(failed), [0n, 0n]);
  // MSTORE8(1, 0xEF), RETURN(0, 2): code 0x00ef
  const efSecond = code(0xef, 1, "MSTORE8", 2, 0, "RETURN");
  const child = getCreateAddress({ from: CONTRACT, nonce: 1 }).toLowerCase() as Hex;
  const pre = preState({ [CONTRACT]: { code: factory(CREATE) } });
  const { outcomes, state } = await runSequence(pre, [message({ data: efSecond })], "0xEF second", { watch: [CONTRACT, child] });
  assert.equal(words(outcomes[0]!)[0], BigInt(child));
  assert.equal(hexBytes(state.getAccount(child)!.code), "0x00ef");
  // A top-level creation is held to the same rule.
  const top0 = await runSequence(preState({}), [{ ...message(), to: undefined, data: efFirst }], "top-level 0xEF");
  assert.equal(top0.outcomes[0]!.success, false);
});

test("creating at an address that already has code or a nonce fails (collision) and CREATE returns 0", async () => {
  const init = initCodeFor(RUNTIME);
  const salt = 1n;
  const target = getCreate2Address(CONTRACT, `0x${salt.toString(16).padStart(64, "0")}`, keccak256(init)).toLowerCase() as Hex;
  // Twice with the same salt in one message: the second collides with the first.
  const twice = code("CALLDATASIZE", 0, 0, "CALLDATACOPY", ...create2(salt), 1024, "MSTORE", ...create2(salt), 1056, "MSTORE", 64, 1024, "RETURN");
  const outcome = await run(twice, { data: init, watch: [CONTRACT, target] });
  assert.deepEqual(words(outcome), [BigInt(target), 0n]);
  // A pre-existing account at the address with only a nonce also collides (no code, no balance).
  const withNonce = await run(factory(create2(salt)), { data: init, accounts: { [target]: { nonce: 1n } } });
  assert.equal(words(withNonce)[0], 0n);
  // A pre-existing account with only a balance does not: the creation takes it over and keeps the balance.
  const pre = preState({ [CONTRACT]: { code: factory(create2(salt)) }, [target]: { balance: 9n } });
  const { outcomes, state } = await runSequence(pre, [message({ data: init })], "balance-only account");
  assert.equal(words(outcomes[0]!)[0], BigInt(target));
  assert.equal(state.getAccount(target)!.balance, 9n);
});

test("a reverting constructor yields address 0 and its revert data in RETURNDATA", async () => {
  const reverting = code(0xdead, 0, "MSTORE", 32, 0, "REVERT");
  const pre = preState({ [CONTRACT]: { code: factory(CREATE) } });
  const child = getCreateAddress({ from: CONTRACT, nonce: 1 }).toLowerCase() as Hex;
  const { outcomes, state } = await runSequence(pre, [message({ data: reverting })], "reverting constructor", { watch: [CONTRACT, child] });
  assert.deepEqual(words(outcomes[0]!), [0n, 32n, 0xdeadn]);
  assert.equal(state.getAccount(child), undefined, "nothing is left at the address");
  assert.equal(state.getAccount(CONTRACT)!.nonce, 2n, "the nonce bump is not reverted");
});

test("a creation from a sender absent from the state leaves the sender in the state with nonce 1", async () => {
  // The nonce a transaction uses is bumped whether or not the sender existed; the account must be
  // committed, or a later transaction (or a fresh cache) would derive the same CREATE address again.
  const pre: PreState = new Map();
  const init = initCodeFor(RUNTIME);
  const { outcomes, state } = await runSequence(pre, [{ ...message(), to: undefined, data: init }], "absent sender", { watch: [SENDER] });
  assert.equal(outcomes[0]!.createdAddress, getCreateAddress({ from: SENDER, nonce: 0 }).toLowerCase());
  assert.equal(state.getAccount(SENDER)?.nonce, 1n);
});
