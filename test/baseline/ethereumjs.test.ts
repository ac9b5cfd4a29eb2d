// Pins the reference runner (src/baseline/ethereumjs.ts) to values worked out by hand
// from the Yellow Paper and the EIPs, so that a wiring mistake in the harness (block env,
// warm set, refunds, state persistence, result mapping) cannot pass as "the reference".
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { createReferenceEvm, type ReferenceStateManagerKind } from "../../src/baseline/ethereumjs.js";
import { DEFAULT_BLOCK, DEFAULT_RECEIVER, DEFAULT_SENDER, blockHashOf } from "../../src/evm/defaults.js";
import type { AccountState, BlockEnv, Hex, MessageCall, PreState } from "../../src/evm/types.js";
import { Assembler, OP, asm } from "../../src/evm/assembler.js";
import { createRng, generateMessage, generateProgram } from "../generators/programs.js";

const STATE_MANAGERS: ReferenceStateManagerKind[] = ["merkle", "simple"];
const word = (value: bigint): Hex => `0x${value.toString(16).padStart(64, "0")}` as Hex;
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const wordOf = (bytes: Uint8Array, index: number) => BigInt(`0x${toHex(bytes.subarray(index * 32, index * 32 + 32)) || "0"}`);

function account(code: Uint8Array = new Uint8Array(0), balance = 0n, storage: [bigint, bigint][] = [], nonce = 0n): AccountState {
  return { nonce, balance, code, storage: new Map(storage.map(([slot, value]) => [word(slot), word(value)])) };
}

function call(code: Uint8Array | undefined, extra: Partial<MessageCall> = {}): MessageCall {
  return {
    caller: DEFAULT_SENDER,
    to: DEFAULT_RECEIVER,
    data: new Uint8Array(0),
    value: 0n,
    gasLimit: 1_000_000n,
    ...(code === undefined ? {} : { codeOverride: code }),
    ...extra,
  };
}

/** CREATE-address rule: keccak256(rlp([sender, nonce]))[12:], for nonce < 0x80. */
function createAddress(sender: Hex, nonce: number): Hex {
  const rlp = Uint8Array.from([0xd6, 0x94, ...Buffer.from(sender.slice(2), "hex"), nonce === 0 ? 0x80 : nonce]);
  return `0x${toHex(keccak_256(rlp).subarray(12))}` as Hex;
}

/** CREATE2-address rule: keccak256(0xff ++ sender ++ salt ++ keccak256(init))[12:]. */
function create2Address(sender: Hex, salt: bigint, initCode: Uint8Array): Hex {
  const preimage = Uint8Array.from([
    0xff,
    ...Buffer.from(sender.slice(2), "hex"),
    ...Buffer.from(salt.toString(16).padStart(64, "0"), "hex"),
    ...keccak_256(initCode),
  ]);
  return `0x${toHex(keccak_256(preimage).subarray(12))}` as Hex;
}

/** Init code that deploys `runtime` (which must be under 256 bytes). */
function deployer(runtime: Uint8Array, prelude: (code: Assembler) => void = () => {}): Uint8Array {
  const code = new Assembler();
  prelude(code);
  code.push(runtime.length).op(OP.DUP1).pushLabel("runtime").push(0).op(OP.CODECOPY).push(0).op(OP.RETURN);
  return code.label("runtime").raw(runtime).assemble();
}

// The cross-check runs at module load, before the first test() call: once node:test's
// harness is up, its async_hooks fire on every promise and ethereumjs (one await per
// opcode) runs 5-10x slower inside a test body.
const CROSS_CHECK_SEED = 0x5eed0;
const CROSS_CHECK_PROGRAMS = 60;
const crossCheckSnapshots: { seed: number; merkle: string; simple: string }[] = [];
{
  const render = (value: unknown) =>
    JSON.stringify(value, (_key, item) =>
      typeof item === "bigint" ? item.toString() : item instanceof Uint8Array ? toHex(item) : item instanceof Map ? [...item] : item,
    );
  for (let index = 0; index < CROSS_CHECK_PROGRAMS; index++) {
    const seed = CROSS_CHECK_SEED + index;
    const rng = createRng(seed);
    const program = generateProgram(rng);
    const messages = [generateMessage(rng, program), generateMessage(rng, program)];
    const snapshot = { seed, merkle: "", simple: "" };
    for (const kind of STATE_MANAGERS) {
      try {
        const reference = await createReferenceEvm(program.pre, DEFAULT_BLOCK, { stateManager: kind });
        const results = [];
        for (const message of messages) results.push(await reference.runCall(message));
        const created = results.flatMap((result) => (result.createdAddress ? [result.createdAddress] : []));
        const state = [];
        for (const address of [...program.pre.keys(), ...created]) {
          state.push([address, await reference.getAccount(address), await reference.dumpStorage(address)]);
        }
        snapshot[kind] = render([results, state]);
      } catch (failure) {
        snapshot[kind] = `harness exception: ${String(failure)}`;
      }
    }
    crossCheckSnapshots.push(snapshot);
  }
}

for (const kind of STATE_MANAGERS) {
  const fresh = (pre: PreState = new Map(), block: BlockEnv = DEFAULT_BLOCK) => createReferenceEvm(pre, block, { stateManager: kind });

  describe(`reference runner (${kind} state manager)`, () => {
    test("PUSH1 2, PUSH1 3, ADD, PUSH0, MSTORE, PUSH1 32, PUSH0, RETURN uses 22 gas: PUSH1 3, PUSH0 2, ADD 3, MSTORE 3 + 3 for one memory word, RETURN 0", async () => {
      const reference = await fresh();
      const result = await reference.runCall(call(asm(2, 3, "ADD", 0, "MSTORE", 32, 0, "RETURN")));
      assert.equal(result.success, true);
      assert.equal(result.error, null);
      // 3 + 3 + 3 + 2 + 6 + 3 + 2 + 0.
      assert.equal(result.gasUsed, 22n);
      assert.equal(toHex(result.returnData), "00".repeat(31) + "05");
      assert.equal(result.gasRefund, 0n);
      assert.deepEqual(result.logs, []);
      assert.equal(result.createdAddress, undefined);
    });

    test("REVERT is a failure with error 'revert' that keeps its data and only the gas used so far", async () => {
      const reference = await fresh();
      // PUSH1 3, PUSH0 2, MSTORE8 3 + 3 memory, PUSH1 3, PUSH0 2, REVERT 0.
      const result = await reference.runCall(call(asm(0xaa, 0, "MSTORE8", 1, 0, "REVERT")));
      assert.equal(result.success, false);
      assert.equal(result.error, "revert");
      assert.equal(toHex(result.returnData), "aa");
      assert.equal(result.gasUsed, 16n);
    });

    test("an exceptional halt consumes the whole gas limit, returns no data, and is named by its short error", async () => {
      const reference = await fresh();
      const cases: [Uint8Array, string][] = [
        [Uint8Array.from([OP.INVALID]), "invalid opcode"],
        [Uint8Array.from([0x0c]), "invalid opcode"],
        [Uint8Array.from([OP.ADD]), "stack underflow"],
        // A jump target that is not a JUMPDEST: ethereumjs appends a location, which is stripped.
        [asm(0xaa, 0, "MSTORE", 3, "JUMP"), "invalid JUMP"],
        [asm(1, 1n << 40n, "MSTORE"), "out of gas"],
      ];
      for (const [code, error] of cases) {
        const result = await reference.runCall(call(code, { gasLimit: 50_000n }));
        assert.equal(result.success, false, error);
        assert.equal(result.error, error);
        assert.equal(result.gasUsed, 50_000n, error);
        assert.equal(result.returnData.length, 0, error);
      }
    });

    test("storage persists across calls and dumpStorage lists exactly the non-zero slots", async () => {
      const reference = await fresh(new Map([[DEFAULT_RECEIVER, account(new Uint8Array(0), 0n, [[9n, 0x99n]])]]));
      // SSTORE(1, 7) and SSTORE(2, 8), both zero -> non-zero on cold slots: 2100 + 20000 each.
      const first = await reference.runCall(call(asm(7, 1, "SSTORE", 8, 2, "SSTORE")));
      assert.equal(first.gasUsed, 4n * 3n + 2n * 22_100n);
      const second = await reference.runCall(call(asm(0, 2, "SSTORE", 1, "SLOAD", 0, "MSTORE", 32, 0, "RETURN")));
      assert.equal(second.success, true);
      assert.equal(wordOf(second.returnData, 0), 7n);
      const storage = await reference.dumpStorage(DEFAULT_RECEIVER);
      assert.deepEqual([...storage], [
        [word(1n), word(7n)],
        [word(9n), word(0x99n)],
      ]);
      assert.deepEqual([...(await reference.dumpStorage("0x00000000000000000000000000000000000a0b0c"))], []);
    });

    test("SSTORE gas and refunds follow EIP-2200 with EIP-2929/3529 costs on every path", async () => {
      const reference = await fresh(new Map([[DEFAULT_RECEIVER, account(new Uint8Array(0), 0n, [[1n, 5n]])]]));
      // Slot 1 (original 5): 5 -> 0 costs 2100 cold + 2900 and refunds 4800; 0 -> 5 (back to
      // the original) costs 100, takes the 4800 back and refunds 2900 - 100.
      const reset = await reference.runCall(call(asm(0, 1, "SSTORE", 5, 1, "SSTORE")));
      assert.equal(reset.gasUsed, 2n + 3n + 5000n + 3n + 3n + 100n);
      assert.equal(reset.gasRefund, 2800n);
      // Slot 3 (original 0): 0 -> 1 costs 2100 + 20000; 1 -> 0 costs 100 and refunds 20000 - 100.
      const setClear = await reference.runCall(call(asm(1, 3, "SSTORE", 0, 3, "SSTORE")));
      assert.equal(setClear.gasUsed, 3n + 3n + 22_100n + 2n + 3n + 100n);
      assert.equal(setClear.gasRefund, 19_900n);
      // Originals are per call: in a new call slot 1 (still 5) -> 0 is a fresh clear.
      const clear = await reference.runCall(call(asm(0, 1, "SSTORE")));
      assert.equal(clear.gasUsed, 2n + 3n + 5000n);
      assert.equal(clear.gasRefund, 4800n);
      assert.deepEqual([...(await reference.dumpStorage(DEFAULT_RECEIVER))], []);
    });

    test("logs come back in order with the emitting address, topics and data as 0x-hex", async () => {
      const reference = await fresh();
      // MSTORE8(0, 0xbe); LOG1(0, 1, topic 0x1234); LOG0(0, 0).
      const code = asm(0xbe, 0, "MSTORE8", 0x1234, 1, 0, "LOG1", 0, 0, "LOG0");
      const result = await reference.runCall(call(code));
      assert.equal(result.success, true);
      assert.deepEqual(result.logs, [
        { address: DEFAULT_RECEIVER, topics: [word(0x1234n)], data: "0xbe" },
        { address: DEFAULT_RECEIVER, topics: [], data: "0x" },
      ]);
      // 3+2+6 (MSTORE8) + 3+3+2 + LOG1 375+375+8 + 2+2 + LOG0 375.
      assert.equal(result.gasUsed, 11n + 8n + 758n + 4n + 375n);
    });

    test("logs of a failed call are dropped", async () => {
      const reference = await fresh();
      const result = await reference.runCall(call(asm(0, 0, "LOG0", 0, 0, "REVERT")));
      assert.equal(result.error, "revert");
      assert.deepEqual(result.logs, []);
    });

    test("block opcodes read the BlockEnv, and CHAINID follows a custom chain id", async () => {
      const block: BlockEnv = {
        number: 1234n,
        timestamp: 1_700_000_000n,
        coinbase: "0x00000000000000000000000000000000000c0ffe",
        gasLimit: 29_000_000n,
        baseFee: 11n,
        prevRandao: word(0xabcdefn),
        chainId: 10n,
        blobBaseFee: 3n,
      };
      const reference = await fresh(new Map(), block);
      const code = new Assembler();
      const opcodes = [OP.NUMBER, OP.TIMESTAMP, OP.COINBASE, OP.GASLIMIT, OP.BASEFEE, OP.PREVRANDAO, OP.CHAINID, OP.BLOBBASEFEE];
      opcodes.forEach((opcode, index) => code.op(opcode).push(index * 32).op(OP.MSTORE));
      code.push(opcodes.length * 32).push(0).op(OP.RETURN);
      const result = await reference.runCall(call(code.assemble()));
      const values = opcodes.map((_, index) => wordOf(result.returnData, index));
      assert.deepEqual(values, [1234n, 1_700_000_000n, 0xc0ffen, 29_000_000n, 11n, 0xabcdefn, 10n, 3n]);
    });

    test("BLOCKHASH is keccak256 of the decimal block number inside the 256-block window and zero outside", async () => {
      assert.equal(toHex(blockHashOf(0n)), toHex(keccak_256(new TextEncoder().encode("0"))));
      const reference = await fresh(new Map(), { ...DEFAULT_BLOCK, number: 300n });
      const code = new Assembler();
      [299n, 44n, 43n, 300n, 301n].forEach((number, index) => code.push(number).op(OP.BLOCKHASH).push(index * 32).op(OP.MSTORE));
      code.push(5 * 32).push(0).op(OP.RETURN);
      const result = await reference.runCall(call(code.assemble()));
      const hash = (number: bigint) => BigInt(`0x${toHex(blockHashOf(number))}`);
      assert.deepEqual([0, 1, 2, 3, 4].map((index) => wordOf(result.returnData, index)), [hash(299n), hash(44n), 0n, 0n, 0n]);
    });

    test("each call starts with coinbase, caller, origin, `to` and precompiles warm, everything else cold", async () => {
      const reference = await fresh();
      const balanceCost = async (target: Uint8Array) => {
        // <target>; BALANCE; POP — minus the cost of producing the target.
        const withBalance = await reference.runCall(call(Uint8Array.from([...target, OP.BALANCE, OP.POP])));
        const without = await reference.runCall(call(Uint8Array.from([...target, OP.POP])));
        return withBalance.gasUsed - without.gasUsed;
      };
      assert.equal(await balanceCost(Uint8Array.from([OP.COINBASE])), 100n);
      assert.equal(await balanceCost(Uint8Array.from([OP.CALLER])), 100n);
      assert.equal(await balanceCost(Uint8Array.from([OP.ORIGIN])), 100n);
      assert.equal(await balanceCost(Uint8Array.from([OP.ADDRESS])), 100n);
      assert.equal(await balanceCost(asm(1)), 100n);
      assert.equal(await balanceCost(asm(0x0a)), 100n);
      assert.equal(await balanceCost(asm(0x0b)), 2600n);
      // Warm within a call, cold again in the next call.
      const twice = asm(0xdead, "BALANCE", "POP", 0xdead, "BALANCE", "POP");
      assert.equal((await reference.runCall(call(twice))).gasUsed, 2n * 5n + 2600n + 100n);
      assert.equal((await reference.runCall(call(twice))).gasUsed, 2n * 5n + 2600n + 100n);
    });

    test("transient storage is visible within a call and empty at the start of the next", async () => {
      const reference = await fresh();
      const store = await reference.runCall(call(asm(5, 1, "TSTORE", 1, "TLOAD", 0, "MSTORE", 32, 0, "RETURN")));
      assert.equal(wordOf(store.returnData, 0), 5n);
      const load = await reference.runCall(call(asm(1, "TLOAD", 0, "MSTORE", 32, 0, "RETURN")));
      assert.equal(wordOf(load.returnData, 0), 0n);
    });

    test("codeOverride becomes the code of `to`, so later calls without it run the same code", async () => {
      const original = asm(1, 0, "MSTORE", 32, 0, "RETURN");
      const reference = await fresh(new Map([[DEFAULT_RECEIVER, account(original)]]));
      const override = asm(2, 0, "MSTORE", 32, 0, "RETURN");
      assert.equal(wordOf((await reference.runCall(call(undefined))).returnData, 0), 1n);
      assert.equal(wordOf((await reference.runCall(call(override))).returnData, 0), 2n);
      assert.equal(wordOf((await reference.runCall(call(undefined))).returnData, 0), 2n);
      assert.equal(toHex((await reference.getAccount(DEFAULT_RECEIVER))!.code), toHex(override));
    });

    test("a creation reports keccak(rlp(sender, nonce)) as the address, bumps the sender nonce, and stores the code", async () => {
      const reference = await fresh(new Map([[DEFAULT_SENDER, account(new Uint8Array(0), 10n ** 18n)]]));
      const runtime = Uint8Array.from([OP.PUSH0, OP.SLOAD]);
      const init = deployer(runtime, (code) => code.push(7).push(0).op(OP.SSTORE));
      const result = await reference.runCall({ caller: DEFAULT_SENDER, data: init, value: 5n, gasLimit: 200_000n });
      assert.equal(result.success, true);
      assert.equal(result.createdAddress, createAddress(DEFAULT_SENDER, 0));
      assert.equal(toHex(result.returnData), toHex(runtime));
      // Init: 3+2+22100 (SSTORE) + 3+3+3+2 + CODECOPY (3 + 3 per word + 3 memory) + 2 + 0;
      // then the code deposit, 200 per byte.
      assert.equal(result.gasUsed, 22_105n + 11n + 9n + 2n + 200n * 2n);
      const created = await reference.getAccount(result.createdAddress!);
      assert.deepEqual({ ...created, code: toHex(created!.code) }, { nonce: 1n, balance: 5n, code: toHex(runtime) });
      assert.deepEqual([...(await reference.dumpStorage(result.createdAddress!))], [[word(0n), word(7n)]]);
      assert.equal((await reference.getAccount(DEFAULT_SENDER))!.nonce, 1n);
      const second = await reference.runCall({ caller: DEFAULT_SENDER, data: init, value: 0n, gasLimit: 200_000n });
      assert.equal(second.createdAddress, createAddress(DEFAULT_SENDER, 1));
    });

    test("a failed creation still reports its address, and leaves no account behind", async () => {
      const reference = await fresh();
      const result = await reference.runCall({ caller: DEFAULT_SENDER, data: asm(0, 0, "REVERT"), value: 0n, gasLimit: 100_000n });
      assert.equal(result.error, "revert");
      assert.equal(result.createdAddress, createAddress(DEFAULT_SENDER, 0));
      assert.equal(await reference.getAccount(result.createdAddress!), undefined);
      // As in a transaction, the nonce used for the address stays used.
      assert.equal((await reference.getAccount(DEFAULT_SENDER))?.nonce, 1n);
    });

    test("a call or creation whose value exceeds the caller's balance is rejected with 'insufficient balance', no gas and no state change", async () => {
      const reference = await fresh(new Map([[DEFAULT_SENDER, account(new Uint8Array(0), 10n, [], 3n)]]));
      const rejected = [
        await reference.runCall(call(asm(1, 0, "SSTORE"), { value: 11n })),
        await reference.runCall({ caller: DEFAULT_SENDER, data: asm(0, 0, "RETURN"), value: 11n, gasLimit: 100_000n }),
      ];
      for (const result of rejected) {
        assert.deepEqual(result, { success: false, returnData: new Uint8Array(0), gasUsed: 0n, gasRefund: 0n, logs: [], error: "insufficient balance" });
      }
      assert.deepEqual(await reference.getAccount(DEFAULT_SENDER), { nonce: 3n, balance: 10n, code: new Uint8Array(0) });
      assert.equal(await reference.getAccount(DEFAULT_RECEIVER), undefined, "codeOverride was not applied");
    });

    test("message calls leave the caller nonce alone and move value between balances", async () => {
      const reference = await fresh(new Map([[DEFAULT_SENDER, account(new Uint8Array(0), 1000n, [], 4n)]]));
      const result = await reference.runCall(call(Uint8Array.from([OP.STOP]), { value: 300n }));
      assert.equal(result.success, true);
      assert.deepEqual(await reference.getAccount(DEFAULT_SENDER), { nonce: 4n, balance: 700n, code: new Uint8Array(0) });
      assert.equal((await reference.getAccount(DEFAULT_RECEIVER))!.balance, 300n);
    });

    test("SELFDESTRUCT of a pre-existing contract only moves its balance (EIP-6780)", async () => {
      const beneficiary: Hex = "0x00000000000000000000000000000000000be7ef";
      const code = asm(BigInt(beneficiary), "SELFDESTRUCT");
      const reference = await fresh(new Map([[DEFAULT_RECEIVER, account(code, 100n, [[1n, 1n]])]]));
      const result = await reference.runCall(call(undefined));
      assert.equal(result.success, true);
      // PUSH3 3 + SELFDESTRUCT 5000 + 2600 cold beneficiary + 25000 for creating it with value.
      assert.equal(result.gasUsed, 3n + 5000n + 2600n + 25_000n);
      const survivor = await reference.getAccount(DEFAULT_RECEIVER);
      assert.equal(survivor?.balance, 0n);
      assert.equal(toHex(survivor!.code), toHex(code));
      assert.deepEqual([...(await reference.dumpStorage(DEFAULT_RECEIVER))], [[word(1n), word(1n)]]);
      assert.equal((await reference.getAccount(beneficiary))?.balance, 100n);
    });

    test("a contract created and self-destructed in the same call is deleted, and CREATE2 can recreate it later with fresh storage", async () => {
      // Child: init stores 1 at slot 0 (via SLOAD+1, so a stale slot would show as 2); its
      // runtime self-destructs to the caller.
      const childRuntime = Uint8Array.from([OP.CALLER, OP.SELFDESTRUCT]);
      const childInit = deployer(childRuntime, (code) => code.push(0).op(OP.SLOAD).push(1).op(OP.ADD).push(0).op(OP.SSTORE));
      // Factory: copy child init to memory, CREATE2 with salt 0, call the child, return its address.
      const factory = new Assembler();
      factory.push(childInit.length).pushLabel("init").push(0).op(OP.CODECOPY);
      factory.push(0).push(childInit.length).push(0).push(0).op(OP.CREATE2);
      factory.op(OP.DUP1).push(0).op(OP.MSTORE);
      factory.push(0).push(0).push(0).push(0).push(0).op(OP.DUP6, OP.GAS, OP.CALL, OP.POP, OP.POP);
      factory.push(32).push(0).op(OP.RETURN).label("init").raw(childInit);
      const reference = await fresh(new Map([[DEFAULT_RECEIVER, account(factory.assemble(), 0n, [], 1n)]]));
      const child = create2Address(DEFAULT_RECEIVER, 0n, childInit);

      const first = await reference.runCall(call(undefined));
      assert.equal(first.success, true);
      assert.equal(BigInt(`0x${toHex(first.returnData)}`), BigInt(child));
      assert.equal(await reference.getAccount(child), undefined);
      assert.deepEqual([...(await reference.dumpStorage(child))], []);

      // Deployed again by a second call (no self-destruct this time: the child is not called).
      const recreate = new Assembler();
      recreate.push(childInit.length).pushLabel("init").push(0).op(OP.CODECOPY);
      recreate.push(0).push(childInit.length).push(0).push(0).op(OP.CREATE2).push(0).op(OP.MSTORE).push(32).push(0).op(OP.RETURN);
      recreate.label("init").raw(childInit);
      const second = await reference.runCall(call(recreate.assemble()));
      assert.equal(BigInt(`0x${toHex(second.returnData)}`), BigInt(child));
      assert.deepEqual([...(await reference.dumpStorage(child))], [[word(0n), word(1n)]]);
      assert.equal(toHex((await reference.getAccount(child))!.code), toHex(childRuntime));
    });

    test("an empty account touched by a zero-value CALL does not survive the call (EIP-161)", async () => {
      const absent: Hex = "0x0000000000000000000000000000000000abcdef";
      const reference = await fresh();
      const result = await reference.runCall(call(asm(0, 0, 0, 0, 0, BigInt(absent), 10_000, "CALL")));
      assert.equal(result.success, true);
      assert.equal(await reference.getAccount(absent), undefined);
    });
  });
}

test(`both state managers give identical results, storage and accounts over ${CROSS_CHECK_PROGRAMS} generated programs of two calls each`, () => {
  assert.equal(crossCheckSnapshots.length, CROSS_CHECK_PROGRAMS);
  for (const { seed, merkle, simple } of crossCheckSnapshots) {
    assert.doesNotMatch(merkle, /^harness exception/, `seed ${seed}`);
    assert.equal(simple, merkle, `seed ${seed}: simple and merkle state managers disagree`);
  }
});
