// The library API (ovm-spec.md, section 6) in mode "evm" on backend "wasm": the ERC-20 of the corpus
// deployed and used through createEngine, every receipt's gasUsed and the final state root checked
// against @ethereumjs/vm's runTx on the same transactions (legacy, gas price 0, signed by fixed keys),
// plus the typed errors of bad input and the engine's state after them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AbiCoder, Interface, Wallet, getCreateAddress, keccak256, toUtf8Bytes, zeroPadValue } from "ethers";
import { createVM, runTx, type VM } from "@ethereumjs/vm";
import { createLegacyTx } from "@ethereumjs/tx";
import { createBlock } from "@ethereumjs/block";
import { Hardfork, Mainnet, createCustomCommon, type Common } from "@ethereumjs/common";
import { bytesToHex as ejsBytesToHex, createAddressFromString, hexToBytes as ejsHexToBytes } from "@ethereumjs/util";
import { createEngine, OvmError, type Engine } from "../../src/index.js";
import { loadArtifact } from "../../src/contracts/artifacts.js";
import { DEFAULT_BLOCK } from "../../src/evm/defaults.js";
import { bytesToHex } from "../../src/hex.js";
import type { Hex } from "../../src/evm/types.js";

const CHAIN_ID = 10;
const OWNER_KEY = keccak256(toUtf8Bytes("ovm-engine test: token owner"));
const ALICE_KEY = keccak256(toUtf8Bytes("ovm-engine test: alice"));
const OWNER = new Wallet(OWNER_KEY).address.toLowerCase() as Hex;
const ALICE = new Wallet(ALICE_KEY).address.toLowerCase() as Hex;
const BOB: Hex = "0x000000000000000000000000000000000000b0b0";
const GAS_LIMIT = 3_000_000n;
const TIMESTAMP = 1_700_000_000n;
const SUPPLY = 1_000_000n * 10n ** 18n;

const token = loadArtifact("Token");
const tokenIface = new Interface(token.abi as never);
const tokenInitCode = (): Hex =>
  `${bytesToHex(token.bytecode)}${tokenIface.encodeDeploy(["Test Token", "TST", SUPPLY]).slice(2)}` as Hex;
const transfer = (to: string, amount: bigint) => tokenIface.encodeFunctionData("transfer", [to, amount]);
const balanceOf = (who: string) => tokenIface.encodeFunctionData("balanceOf", [who]);

/** The same transactions on @ethereumjs/vm: signed legacy txs, gas price 0, a block with base fee 0. */
class ReferenceChain {
  private readonly nonces = new Map<string, bigint>();
  private constructor(readonly vm: VM, readonly common: Common) {}

  static async create(): Promise<ReferenceChain> {
    const common = createCustomCommon({ chainId: CHAIN_ID }, Mainnet, { hardfork: Hardfork.Cancun });
    return new ReferenceChain(await createVM({ common }), common);
  }

  async send(key: string, to: Hex | undefined, data: string) {
    const from = new Wallet(key).address.toLowerCase();
    const nonce = this.nonces.get(from) ?? 0n;
    this.nonces.set(from, nonce + 1n);
    const tx = createLegacyTx(
      { nonce, gasPrice: 0n, gasLimit: GAS_LIMIT, to: to === undefined ? undefined : createAddressFromString(to), data: ejsHexToBytes(data as Hex), value: 0n },
      { common: this.common },
    ).sign(ejsHexToBytes(key as Hex));
    const block = createBlock(
      { header: { number: 1n, timestamp: TIMESTAMP, gasLimit: DEFAULT_BLOCK.gasLimit, baseFeePerGas: 0n, coinbase: createAddressFromString(DEFAULT_BLOCK.coinbase) } },
      { common: this.common },
    );
    const r = await runTx(this.vm, { tx, block, skipHardForkValidation: true });
    return {
      success: r.execResult.exceptionError === undefined,
      gasUsed: r.totalGasSpent,
      returnData: ejsBytesToHex(r.execResult.returnValue),
      logs: (r.execResult.logs ?? []).map(([address, topics, logData]) => ({
        address: ejsBytesToHex(address), topics: topics.map((t) => ejsBytesToHex(t)), data: ejsBytesToHex(logData),
      })),
      createdAddress: r.createdAddress?.toString(),
    };
  }

  async stateRoot(): Promise<Hex> {
    return ejsBytesToHex(await this.vm.stateManager.getStateRoot()) as Hex;
  }
}

test("createEngine() defaults to mode evm, backend wasm, chain id 10, and CHAINID reads the configured id", async () => {
  const engine = await createEngine();
  assert.equal(engine.mode, "evm");
  assert.equal(engine.backend, "wasm");
  assert.equal(engine.chainId, 10n);
  // Runtime: CHAINID, PUSH0, MSTORE, PUSH1 32, PUSH0, RETURN (7 bytes); init code returns it from CODECOPY.
  const runtime = "465f5260205ff3";
  const init = `0x60078060095f395ff3${runtime}`; // PUSH1 7, DUP1, PUSH1 9, PUSH0, CODECOPY, PUSH0, RETURN: 9 bytes
  const d = await engine.deploy({ from: OWNER, data: init });
  assert.equal(d.success, true);
  assert.equal(d.returnData, `0x${runtime}`, "a deploy returns the runtime code");
  assert.equal((await engine.call({ from: OWNER, to: d.address!, data: "0x" })).returnData, `0x${"a".padStart(64, "0")}`);
  await engine.close();
  const mainnet = await createEngine({ chainId: 1 });
  const d1 = await mainnet.deploy({ from: OWNER, data: init });
  assert.equal(BigInt((await mainnet.call({ from: OWNER, to: d1.address!, data: "0x" })).returnData), 1n);
  await mainnet.close();
});

test("the ERC-20 Token: deploy at ethers' CREATE address, transfers, receipt gasUsed and state root equal @ethereumjs/vm's runTx", async () => {
  const engine = await createEngine({ chainId: CHAIN_ID });
  const reference = await ReferenceChain.create();
  const steps: { label: string; key: string; to?: Hex; data: string; succeeds: boolean }[] = [];

  // 1. Deploy: the address comes from (owner, nonce 0).
  const expectedAddress = getCreateAddress({ from: OWNER, nonce: 0 }).toLowerCase() as Hex;
  const ours = await engine.deploy({ from: OWNER, data: tokenInitCode(), gasLimit: GAS_LIMIT, timestamp: TIMESTAMP });
  const theirs = await reference.send(OWNER_KEY, undefined, tokenInitCode());
  assert.equal(ours.success, true);
  assert.equal(ours.address, expectedAddress);
  assert.equal(theirs.createdAddress, expectedAddress);
  assert.equal(ours.gasUsed, theirs.gasUsed, "deploy receipt gasUsed");
  assert.equal(ours.returnData, bytesToHex(token.deployedBytecode), "a deploy returns the runtime code");
  assert.deepEqual(ours.logs, theirs.logs);
  const tokenAddress = ours.address!;

  steps.push(
    { label: "owner -> alice 1000", key: OWNER_KEY, to: tokenAddress, data: transfer(ALICE, 1000n), succeeds: true },
    { label: "owner -> bob 50 (fresh slot 0 -> non-zero)", key: OWNER_KEY, to: tokenAddress, data: transfer(BOB, 50n), succeeds: true },
    { label: "alice -> bob 300 (non-zero -> non-zero)", key: ALICE_KEY, to: tokenAddress, data: transfer(BOB, 300n), succeeds: true },
    { label: "alice -> bob 701 (more than she holds: custom error revert)", key: ALICE_KEY, to: tokenAddress, data: transfer(BOB, 701n), succeeds: false },
    { label: "alice -> bob 700 (her whole balance: slot cleared, refund)", key: ALICE_KEY, to: tokenAddress, data: transfer(BOB, 700n), succeeds: true },
    { label: "owner -> zero address (require string revert)", key: OWNER_KEY, to: tokenAddress, data: transfer("0x0000000000000000000000000000000000000000", 1n), succeeds: false },
    { label: "approve bob 5", key: OWNER_KEY, to: tokenAddress, data: tokenIface.encodeFunctionData("approve", [BOB, 5n]), succeeds: true },
  );
  for (const step of steps) {
    const from = new Wallet(step.key).address;
    const r = await engine.execute({ from, to: step.to!, data: step.data, gasLimit: GAS_LIMIT, timestamp: TIMESTAMP });
    const ref = await reference.send(step.key, step.to, step.data);
    assert.equal(r.success, step.succeeds, `${step.label}: success`);
    assert.equal(ref.success, step.succeeds, `${step.label}: reference success`);
    assert.equal(r.gasUsed, ref.gasUsed, `${step.label}: receipt gasUsed`);
    assert.equal(r.returnData, ref.returnData, `${step.label}: return/revert data`);
    assert.deepEqual(r.logs, ref.logs, `${step.label}: logs`);
    assert.equal(r.error === null, step.succeeds, `${step.label}: error is null exactly on success`);
  }
  // Balances: owner SUPPLY - 1000 - 50, alice 0, bob 50 + 300 + 700.
  const read = async (who: string) => BigInt((await engine.call({ from: OWNER, to: tokenAddress, data: balanceOf(who) })).returnData);
  assert.equal(await read(OWNER), SUPPLY - 1050n);
  assert.equal(await read(ALICE), 0n);
  assert.equal(await read(BOB), 1050n);

  // Same accounts, nonces, code and storage: same state root. Gas price 0 moves no fee to the
  // coinbase, and the reference sweeps the touched-but-empty coinbase (EIP-161), so no fee account
  // differs; the senders (owner nonce 5, alice nonce 3) must be in both states.
  assert.equal(await engine.stateRoot(), await reference.stateRoot(), "state root after the sequence (same as @ethereumjs/vm)");
  await engine.close();
});

test("engine.call runs the transaction but keeps no change: storage, nonce and state root stay as they were", async () => {
  const engine = await createEngine();
  const { address } = await engine.deploy({ from: OWNER, data: tokenInitCode() });
  const root = await engine.stateRoot();
  const balanceSlot = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [OWNER, 3n])));
  const before = await engine.getStorage(address!, balanceSlot);
  const r = await engine.call({ from: OWNER, to: address!, data: transfer(BOB, 10n) });
  assert.equal(r.success, true);
  assert.equal(BigInt(r.returnData), 1n, "transfer returns true");
  assert.equal(r.logs.length, 1, "the Transfer event is reported");
  assert.equal(await engine.getStorage(address!, balanceSlot), before);
  assert.equal(await engine.stateRoot(), root);
  // The next real transaction still uses nonce 1: the CREATE address proves the call did not bump it.
  const second = await engine.deploy({ from: OWNER, data: tokenInitCode() });
  assert.equal(second.address, getCreateAddress({ from: OWNER, nonce: 1 }).toLowerCase());
  await engine.close();
});

test("getStorage reads 32-byte words by numeric or hex slot, and getCode returns the runtime code", async () => {
  const engine = await createEngine();
  const { address } = await engine.deploy({ from: OWNER, data: tokenInitCode() });
  // Token's layout: 0 name, 1 symbol, 2 totalSupply, 3 balanceOf, 4 allowance.
  const supplyWord = zeroPadValue(`0x${SUPPLY.toString(16)}`, 32);
  assert.equal(await engine.getStorage(address!, 2n), supplyWord);
  assert.equal(await engine.getStorage(address!, "0x2"), supplyWord);
  assert.equal(await engine.getStorage(address!, "2"), supplyWord);
  // balanceOf[owner] lives at keccak256(pad32(owner) ++ pad32(3)) (Solidity mapping layout).
  const slot = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [OWNER, 3n]));
  assert.equal(await engine.getStorage(address!, slot), supplyWord);
  // A short string is stored in place: bytes left-aligned, length * 2 in the lowest byte ("TST" -> 6).
  assert.equal(await engine.getStorage(address!, 1n), `0x545354${"0".repeat(56)}06`);
  assert.equal(await engine.getStorage(address!, 99n), `0x${"0".repeat(64)}`);
  assert.equal(await engine.getCode(address!), bytesToHex(token.deployedBytecode));
  assert.equal(await engine.getCode(BOB), "0x");
  await engine.close();
});

/** Asserts that `action` throws an OvmError with `code`, and that the engine's state root did not move. */
async function assertTypedError(engine: Engine, code: string, action: () => Promise<unknown>, what: string): Promise<void> {
  const root = await engine.stateRoot();
  await assert.rejects(action, (e: unknown) => {
    assert.ok(e instanceof OvmError, `${what}: an OvmError, got ${String(e)}`);
    assert.equal(e.code, code, `${what}: code`);
    return true;
  });
  assert.equal(await engine.stateRoot(), root, `${what}: the state root is unchanged`);
}

test("bad input throws OvmError with a stable code, and the engine keeps working with its state unchanged", async () => {
  const engine = await createEngine();
  const { address } = await engine.deploy({ from: OWNER, data: tokenInitCode() });
  const to = address!;
  await assertTypedError(engine, "INVALID_HEX", () => engine.execute({ from: OWNER, to, data: "0x123" }), "odd-length data");
  await assertTypedError(engine, "INVALID_HEX", () => engine.execute({ from: OWNER, to, data: "0xzz" }), "non-hex data");
  await assertTypedError(engine, "INVALID_HEX", () => engine.execute({ from: "0xnothex", to, data: "0x" }), "non-hex from");
  await assertTypedError(engine, "INVALID_NUMBER", () => engine.execute({ from: OWNER, to, data: "0x", gasLimit: "abc" }), 'gasLimit "abc"');
  // transfer calldata: 4-byte selector + 2 words; 21000 + its data cost > 21000.
  await assertTypedError(engine, "INTRINSIC_GAS", () => engine.execute({ from: OWNER, to, data: transfer(BOB, 1n), gasLimit: 21000 }), "gasLimit below intrinsic gas");
  // Creation: 21000 + 32000 + data; 53000 is too little for any non-empty init code.
  await assertTypedError(engine, "INTRINSIC_GAS", () => engine.deploy({ from: OWNER, data: "0x00", gasLimit: 53000 }), "deploy below intrinsic gas");
  await assertTypedError(engine, "INITCODE_TOO_LARGE", () => engine.deploy({ from: OWNER, data: new Uint8Array(49153) }), "init code of 49153 bytes");
  // After all that, the engine still works: a transfer goes through and changes the root.
  const root = await engine.stateRoot();
  const ok = await engine.execute({ from: OWNER, to, data: transfer(BOB, 7n) });
  assert.equal(ok.success, true);
  assert.notEqual(await engine.stateRoot(), root);
  // Exactly 49152 bytes of init code is allowed (EIP-3860): zeros are STOPs, deploying empty code.
  const atLimit = await engine.deploy({ from: OWNER, data: new Uint8Array(49152) });
  assert.equal(atLimit.success, true);
  await engine.close();
});

test("an on-disk db in createEngine throws UNSUPPORTED, an unknown mode or backend INVALID_ARGUMENT; a closed engine throws ENGINE_CLOSED", async () => {
  await assert.rejects(() => createEngine({ db: "/tmp/ovm-db-folder" }), (e: unknown) => e instanceof OvmError && e.code === "UNSUPPORTED", "db folder");
  for (const options of [{ mode: "zvm" }, { backend: "evmone" }] as const) {
    await assert.rejects(() => createEngine(options as never), (e: unknown) => e instanceof OvmError && e.code === "INVALID_ARGUMENT", JSON.stringify(options));
  }
  const engine = await createEngine();
  const { address } = await engine.deploy({ from: OWNER, data: tokenInitCode() });
  await engine.close();
  const closed = (e: unknown) => e instanceof OvmError && e.code === "ENGINE_CLOSED";
  await assert.rejects(() => engine.execute({ from: OWNER, to: address!, data: transfer(BOB, 1n) }), closed, "execute");
  await assert.rejects(() => engine.call({ from: OWNER, to: address!, data: "0x" }), closed, "call");
  await assert.rejects(() => engine.deploy({ from: OWNER, data: "0x00" }), closed, "deploy");
  await assert.rejects(() => engine.getStorage(address!, 0n), closed, "getStorage");
  await assert.rejects(() => engine.getCode(address!), closed, "getCode");
  await assert.rejects(() => engine.stateRoot(), closed, "stateRoot");
});
