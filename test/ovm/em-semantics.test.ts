// The OVM's own rules (docs/ovm-em.md), pinned on hand-assembled contracts run through the Solidity
// EM on Hardhat: banned opcodes trap, context opcodes read the transaction context, ETH is no native
// value, static frames refuse logs, and the EM's constants agree with what the stubs and gateway use.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { createEngine } from "../../src/engine/create-engine.js";
import type { Engine } from "../../src/engine/types.js";
import { Assembler, OP } from "../../src/evm/assembler.js";
import { OvmError } from "../../src/errors.js";
import { bytesToHex, type Hex } from "../../src/hex.js";
import { PACKAGE_ROOT } from "../../src/wasm/module.js";

const FROM: Hex = "0x00000000000000000000000000000000000d3b10";
const OTHER: Hex = "0x0000000000000000000000000000000000000b0b";

/** Init code that deploys `runtime` verbatim. */
function deployable(runtime: Uint8Array): Hex {
  const a = new Assembler();
  a.push(runtime.length, 2).op(OP.DUP1).pushLabel("code").push(0).op(OP.CODECOPY).push(0).op(OP.RETURN);
  a.label("code").raw(runtime);
  return bytesToHex(a.assemble());
}

/** Runtime code that runs `body` (leaving one word on the stack) and returns that word. */
function returnsWord(body: (a: Assembler) => void): Uint8Array {
  const a = new Assembler();
  body(a);
  a.push(0).op(OP.MSTORE).push(32).push(0).op(OP.RETURN);
  return a.assemble();
}

function word(value: bigint): Hex {
  return `0x${value.toString(16).padStart(64, "0")}`;
}

let ovm: Engine;
let plain: Engine;

before(async () => {
  [ovm, plain] = await Promise.all([createEngine({ mode: "ovm", backend: "hardhat" }), createEngine({ mode: "evm", backend: "hardhat" })]);
});

/** Deploys on both chains from a sender used for nothing else, so both give the same address. */
let deployers = 0;
async function deployBoth(runtime: Uint8Array): Promise<Hex> {
  const from = `0x${(0xde9000 + ++deployers).toString(16).padStart(40, "0")}`;
  const [a, b] = [await ovm.deploy({ from, data: deployable(runtime) }), await plain.deploy({ from, data: deployable(runtime) })];
  assert.ok(a.success && b.success, "deployment succeeds on both");
  assert.equal(a.address, b.address, "the OVM gives the address L1 gives");
  return a.address!;
}

test("banned opcodes (NUMBER, COINBASE, BASEFEE, GASPRICE, BLOCKHASH) trap in the OVM while plain L1 runs them", async () => {
  for (const op of [OP.NUMBER, OP.COINBASE, OP.BASEFEE, OP.GASPRICE]) {
    const target = await deployBoth(returnsWord((a) => a.op(op)));
    const [onOvm, onPlain] = [await ovm.execute({ from: FROM, to: target }), await plain.execute({ from: FROM, to: target })];
    assert.equal(onPlain.success, true, `opcode 0x${op.toString(16)} runs on L1`);
    assert.equal(onOvm.success, false, `opcode 0x${op.toString(16)} traps in the OVM`);
  }
  const target = await deployBoth(returnsWord((a) => a.push(1).op(OP.BLOCKHASH)));
  assert.equal((await ovm.execute({ from: FROM, to: target })).success, false, "BLOCKHASH traps");
});

test("TIMESTAMP, ORIGIN, CALLER, ADDRESS and GASLIMIT read the transaction context, not the L1 block", async () => {
  const cases: [number, (address: Hex) => bigint][] = [
    [OP.TIMESTAMP, () => 1_234_567n],
    [OP.ORIGIN, () => BigInt(FROM)],
    [OP.CALLER, () => BigInt(FROM)],
    [OP.ADDRESS, (address) => BigInt(address)],
    [OP.GASLIMIT, () => 777_777n],
  ];
  for (const [op, expected] of cases) {
    const target = await deployBoth(returnsWord((a) => a.op(op)));
    const r = await ovm.execute({ from: FROM, to: target, timestamp: 1_234_567n, gasLimit: 777_777n });
    assert.equal(r.success, true);
    assert.equal(r.returnData, word(expected(target)), `opcode 0x${op.toString(16)}`);
  }
});

test("CHAINID returns the chain id the engine was created with", async () => {
  const engine = await createEngine({ mode: "ovm", backend: "hardhat", chainId: 4242 });
  const d = await engine.deploy({ from: FROM, data: deployable(returnsWord((a) => a.op(OP.CHAINID))) });
  assert.equal((await engine.execute({ from: FROM, to: d.address! })).returnData, word(4242n));
});

test("ETH is no native value in the OVM: CALLVALUE, BALANCE and SELFBALANCE read 0, a value-bearing CALL fails without reverting the caller", async () => {
  for (const body of [
    (a: Assembler) => a.op(OP.CALLVALUE),
    (a: Assembler) => a.op(OP.SELFBALANCE),
    (a: Assembler) => a.push(BigInt(FROM)).op(OP.BALANCE),
  ]) {
    const d = await ovm.deploy({ from: FROM, data: deployable(returnsWord(body)) });
    const r = await ovm.execute({ from: FROM, to: d.address! });
    assert.deepEqual([r.success, r.returnData], [true, word(0n)]);
  }
  // CALL(gas, OTHER, value 1, 0, 0, 0, 0): the call's own result is returned.
  const caller = await ovm.deploy({
    from: FROM,
    data: deployable(returnsWord((a) => a.push(0).push(0).push(0).push(0).push(1).push(BigInt(OTHER)).op(OP.GAS, OP.CALL))),
  });
  const r = await ovm.execute({ from: FROM, to: caller.address! });
  assert.deepEqual([r.success, r.returnData], [true, word(0n)], "the value transfer fails as from a zero balance");
});

test("a non-zero value in a library request is refused with UNSUPPORTED (ETH is an ERC-20 in the OVM)", async () => {
  await assert.rejects(ovm.execute({ from: FROM, to: OTHER, value: 1n }), (e: unknown) => e instanceof OvmError && e.code === "UNSUPPORTED");
});

test("a LOG in a STATICCALL frame fails the callee (as on L1), a LOG in a CALL frame is reported under the OVM address", async () => {
  const logger = new Assembler().push(32).push(0).op(OP.LOG0, OP.STOP).assemble();
  const target = await deployBoth(logger);
  const viaStatic = returnsWord((a) => a.push(0).push(0).push(0).push(0).push(BigInt(target)).op(OP.GAS, OP.STATICCALL));
  const viaCall = returnsWord((a) => a.push(0).push(0).push(0).push(0).push(0).push(BigInt(target)).op(OP.GAS, OP.CALL));
  const s = await deployBoth(viaStatic);
  const c = await deployBoth(viaCall);
  for (const engine of [ovm, plain]) {
    const rs = await engine.execute({ from: FROM, to: s });
    assert.deepEqual([rs.success, rs.returnData, rs.logs.length], [true, word(0n), 0], `${engine.mode}: static callee fails`);
    const rc = await engine.execute({ from: FROM, to: c });
    assert.deepEqual([rc.success, rc.returnData], [true, word(1n)], `${engine.mode}: call succeeds`);
    assert.deepEqual(rc.logs.map((l) => l.address), [target], `${engine.mode}: log emitter`);
  }
});

test("the call gateway's runPending() word is the selector the EM dispatches", () => {
  const source = readFileSync(`${PACKAGE_ROOT}/contracts/ovm/ExecutionManager.sol`, "utf8");
  const match = /RUN_PENDING_WORD = 0x([0-9a-f]{8})0{56};/.exec(source);
  assert.ok(match, "RUN_PENDING_WORD is declared");
  assert.equal(match[1], Buffer.from(keccak_256(new TextEncoder().encode("runPending()"))).subarray(0, 4).toString("hex"));
});
