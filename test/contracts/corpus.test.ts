// Proves the Solidity test corpus behaves as intended on Hardhat's own EVM, so
// that later divergences on our interpreter point at the interpreter, not at
// the contracts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  AbiCoder,
  BrowserProvider,
  Contract,
  ContractFactory,
  Interface,
  MaxUint256,
  ZeroAddress,
  ZeroHash,
  concat,
  getAddress,
  getCreate2Address,
  getCreateAddress,
  hexlify,
  id,
  keccak256,
  parseEther,
  toBeHex,
  zeroPadValue,
  type Log,
  type Signer,
  type TransactionReceipt,
} from "ethers";
import { linkBytecode, loadArtifact } from "../../src/contracts/artifacts.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LIBMATH = "contracts/test/LibMath.sol:LibMath";
const coder = AbiCoder.defaultAbiCoder();

// Hardhat 2 is CommonJS and locates its config from the cwd; pointing it at the
// config explicitly keeps the test independent of where node was started.
process.env.HARDHAT_CONFIG ??= `${ROOT}hardhat.config.cjs`;
process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT ??= "true";

interface Hre {
  run(task: string, args?: Record<string, unknown>): Promise<unknown>;
  network: { provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> } };
}

let provider: BrowserProvider;
let deployer: Signer;
let alice: Signer;
let bob: Signer;
let deployerAddr: string;
let aliceAddr: string;
let bobAddr: string;

before(async () => {
  const previousCwd = process.cwd();
  process.chdir(ROOT);
  try {
    const hre = createRequire(import.meta.url)("hardhat") as Hre;
    // Cheap when artifacts are current; otherwise keeps them in sync with the sources.
    await hre.run("compile", { quiet: true });
    // ethers shares identical requests made within 250 ms, which would hand back
    // a balance read before the transaction that changed it; state is only ever
    // read after a mined transaction here, so caching is switched off.
    provider = new BrowserProvider(hre.network.provider, undefined, { cacheTimeout: -1 });
  } finally {
    process.chdir(previousCwd);
  }
  [deployer, alice, bob] = await Promise.all([0, 1, 2].map((i) => provider.getSigner(i)));
  [deployerAddr, aliceAddr, bobAddr] = await Promise.all([deployer, alice, bob].map((s) => s.getAddress()));
});

after(() => {
  provider?.destroy();
});

async function deploy(
  name: string,
  args: unknown[] = [],
  opts: { from?: Signer; value?: bigint; libraries?: Record<string, string> } = {},
): Promise<Contract> {
  const artifact = loadArtifact(name);
  const bytecode = opts.libraries
    ? linkBytecode(artifact.bytecode, artifact.linkReferences, opts.libraries)
    : artifact.bytecode;
  const signer = opts.from ?? deployer;
  const factory = new ContractFactory(artifact.abi, bytecode, signer);
  const deployed = await factory.deploy(...args, { value: opts.value ?? 0n });
  await deployed.waitForDeployment();
  return new Contract(await deployed.getAddress(), artifact.abi, signer);
}

async function mined(tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  assert.ok(receipt, "transaction was not mined");
  assert.equal(receipt.status, 1);
  return receipt;
}

/**
 * Decodes the revert data with the contract's own ABI. ethers only does that
 * for eth_call, not for the eth_estimateGas that precedes a transaction, and
 * it reports Panic codes as numbers rather than uint256 values.
 */
async function expectRevert(
  contract: Contract,
  call: Promise<unknown>,
  name: string,
  args?: unknown[],
): Promise<void> {
  await assert.rejects(call, (err: { data?: unknown }) => {
    assert.equal(typeof err.data, "string", `no revert data in ${String(err)}`);
    const decoded = contract.interface.parseError(err.data as string);
    assert.equal(decoded?.name, name, `expected revert ${name}, got ${String(err)}`);
    if (args) assert.deepEqual([...decoded!.args], args);
    return true;
  });
}

function events(contract: Contract, receipt: TransactionReceipt, name: string) {
  return receipt.logs
    .filter((log: Log) => log.address === contract.target)
    .map((log: Log) => contract.interface.parseLog(log))
    .filter((parsed) => parsed?.name === name)
    .map((parsed) => [...parsed!.args]);
}

describe("artifact loader", () => {
  it("loads bytecode that matches what the chain stores", async () => {
    const token = loadArtifact("Token");
    assert.equal(token.contractName, "Token");
    assert.equal(token.sourceName, "contracts/test/Token.sol");
    assert.ok(token.bytecode.length > token.deployedBytecode.length);
    assert.deepEqual(token.linkReferences, {});
    const deployed = await deploy("Token", ["T", "T", 1n]);
    // Token has no immutables, so its runtime code is exactly the artifact's.
    assert.equal(await provider.getCode(deployed.target as string), hexlify(token.deployedBytecode));
  });

  it("finds secondary contracts and qualified names, and explains missing ones", () => {
    assert.equal(loadArtifact("Child").sourceName, "contracts/test/Factory.sol");
    assert.equal(loadArtifact("contracts/test/Misc.sol:Ephemeral").contractName, "Ephemeral");
    assert.throws(() => loadArtifact("NoSuchContract"), /npm run build:contracts/);
  });

  it("links library addresses into the placeholders", () => {
    const exchange = loadArtifact("Exchange");
    const refs = exchange.linkReferences["contracts/test/LibMath.sol"]?.["LibMath"];
    assert.ok(refs && refs.length > 0, "Exchange should reference LibMath");
    for (const { start } of refs) assert.ok(exchange.bytecode.subarray(start, start + 20).every((b) => b === 0));
    assert.throws(() => linkBytecode(exchange.bytecode, exchange.linkReferences, {}), /LibMath/);
    const lib = "0x" + "ab".repeat(20);
    const linked = linkBytecode(exchange.bytecode, exchange.linkReferences, { [LIBMATH]: lib });
    for (const { start } of refs) assert.ok(linked.subarray(start, start + 20).every((b) => b === 0xab));
    // The input must not be modified: artifacts may be linked to several deployments.
    assert.ok(exchange.bytecode.subarray(refs[0]!.start, refs[0]!.start + 20).every((b) => b === 0));
  });
});

describe("Token (ERC-20)", () => {
  it("mints, transfers, approves and spends allowances", async () => {
    const supply = parseEther("1000000");
    const token = await deploy("Token", ["Test", "TST", supply]);
    assert.equal(await token.name(), "Test");
    assert.equal(await token.decimals(), 18n);
    assert.equal(await token.balanceOf(deployerAddr), supply);

    const r1 = await mined(token.transfer(aliceAddr, parseEther("100")));
    assert.deepEqual(events(token, r1, "Transfer"), [[deployerAddr, aliceAddr, parseEther("100")]]);

    const asAlice = token.connect(alice) as Contract;
    const r2 = await mined(asAlice.approve(bobAddr, parseEther("30")));
    assert.deepEqual(events(token, r2, "Approval"), [[aliceAddr, bobAddr, parseEther("30")]]);
    assert.equal(await token.allowance(aliceAddr, bobAddr), parseEther("30"));

    const asBob = token.connect(bob) as Contract;
    await mined(asBob.transferFrom(aliceAddr, bobAddr, parseEther("12")));
    assert.equal(await token.allowance(aliceAddr, bobAddr), parseEther("18"));
    assert.equal(await token.balanceOf(aliceAddr), parseEther("88"));
    assert.equal(await token.balanceOf(bobAddr), parseEther("12"));
    assert.equal(await token.balanceOf(deployerAddr), supply - parseEther("100"));

    await expectRevert(asBob, asBob.transferFrom(aliceAddr, bobAddr, parseEther("19")), "InsufficientAllowance", [
      bobAddr,
      parseEther("18"),
      parseEther("19"),
    ]);
    await expectRevert(asAlice, asAlice.transfer(bobAddr, parseEther("89")), "InsufficientBalance", [
      aliceAddr,
      parseEther("88"),
      parseEther("89"),
    ]);
    await expectRevert(asAlice, asAlice.transfer(ZeroAddress, 1n), "Error", ["Token: transfer to zero address"]);

    await mined(asAlice.approve(bobAddr, MaxUint256));
    await mined(asBob.transferFrom(aliceAddr, bobAddr, parseEther("1")));
    assert.equal(await token.allowance(aliceAddr, bobAddr), MaxUint256, "unlimited allowance must not shrink");
    assert.equal(await token.totalSupply(), supply);
  });
});

describe("Collectible (ERC-721)", () => {
  it("mints, approves, transfers and calls the receiver hook", async () => {
    const nft = await deploy("Collectible");
    const receiver = await deploy("CollectibleReceiver");
    const receiverAddr = receiver.target as string;

    await mined(nft.mint(aliceAddr, 1n));
    await mined(nft.mint(aliceAddr, 2n));
    await mined(nft.mint(aliceAddr, 3n));
    assert.equal(await nft.ownerOf(1n), aliceAddr);
    assert.equal(await nft.balanceOf(aliceAddr), 3n);
    assert.equal(await nft.tokenURI(2n), "ovm://collectible/2");
    assert.equal(await nft.supportsInterface("0x80ac58cd"), true);
    assert.equal(await nft.supportsInterface("0xffffffff"), false);
    await expectRevert(nft, nft.ownerOf(99n), "NonexistentToken", [99n]);
    await expectRevert(nft, (nft.connect(alice) as Contract).mint(aliceAddr, 4n), "NotMinter", [aliceAddr]);

    const asAlice = nft.connect(alice) as Contract;
    const asBob = nft.connect(bob) as Contract;
    await expectRevert(asBob, asBob.transferFrom(aliceAddr, bobAddr, 1n), "NotAuthorized", [bobAddr, 1n]);
    await mined(asAlice.approve(bobAddr, 1n));
    assert.equal(await nft.getApproved(1n), bobAddr);
    const r = await mined(asBob.transferFrom(aliceAddr, bobAddr, 1n));
    assert.deepEqual(events(nft, r, "Transfer"), [[aliceAddr, bobAddr, 1n]]);
    assert.equal(await nft.ownerOf(1n), bobAddr);
    assert.equal(await nft.getApproved(1n), ZeroAddress, "approval is cleared on transfer");

    // Operator approval, then a safe transfer with data into a contract.
    await mined(asAlice.setApprovalForAll(bobAddr, true));
    const data = "0xc0ffee";
    await mined(asBob.getFunction("safeTransferFrom(address,address,uint256,bytes)")(aliceAddr, receiverAddr, 2n, data));
    assert.equal(await nft.ownerOf(2n), receiverAddr);
    assert.equal(await receiver.received(), 1n);
    assert.equal(await receiver.lastOperator(), bobAddr);
    assert.equal(await receiver.lastFrom(), aliceAddr);
    assert.equal(await receiver.lastTokenId(), 2n);
    assert.equal(await receiver.lastData(), data);

    // A receiver returning the wrong selector makes the whole transfer revert.
    await mined(receiver.setAccept(false));
    await expectRevert(
      asAlice,
      asAlice.getFunction("safeTransferFrom(address,address,uint256)")(aliceAddr, receiverAddr, 3n),
      "UnsafeRecipient",
      [receiverAddr],
    );
    assert.equal(await nft.ownerOf(3n), aliceAddr);
    assert.equal(await receiver.received(), 1n);

    // Safe transfers to an EOA skip the hook.
    await mined(asAlice.getFunction("safeTransferFrom(address,address,uint256)")(aliceAddr, deployerAddr, 3n));
    assert.equal(await nft.ownerOf(3n), deployerAddr);
    assert.equal(await nft.balanceOf(aliceAddr), 0n);
  });
});

describe("Factory (CREATE / CREATE2 / immutables)", () => {
  it("deploys children at the predicted addresses", async () => {
    const factory = await deploy("Factory");
    const factoryAddr = factory.target as string;
    const child = loadArtifact("Child");
    const tag = id("tag-one");

    // Contract nonces start at 1 (EIP-161), and CREATE consumes the current one.
    const nonce = await provider.getTransactionCount(factoryAddr);
    assert.equal(nonce, 1);
    const r1 = await mined(factory.create(7n, tag, { value: 1000n }));
    const created = getCreateAddress({ from: factoryAddr, nonce });
    assert.deepEqual(events(factory, r1, "ChildCreated"), [[created, false, ZeroHash, 7n]]);

    const salt = id("salt-one");
    const initCode = concat([child.bytecode, coder.encode(["uint256", "bytes32"], [11n, tag])]);
    const expected = getCreate2Address(factoryAddr, salt, keccak256(initCode));
    assert.equal(await factory.predict(salt, 11n, tag), expected);
    const r2 = await mined(factory.create2(salt, 11n, tag));
    assert.deepEqual(events(factory, r2, "ChildCreated"), [[expected, true, salt, 11n]]);
    assert.equal(await factory.children(1n), expected);

    // The same salt and init code collide; the failed CREATE2 is caught.
    const [ok, addr] = await factory.tryCreate2.staticCall(salt, 11n, tag);
    assert.equal(ok, false);
    assert.equal(addr, ZeroAddress);
    const other = id("salt-two");
    const [ok2, addr2] = await factory.tryCreate2.staticCall(other, 11n, tag);
    assert.equal(ok2, true);
    assert.equal(addr2, getCreate2Address(factoryAddr, other, keccak256(initCode)));

    const first = new Contract(created, child.abi, deployer);
    assert.deepEqual([...(await first.describe())], [factoryAddr, 7n, tag, 1000n]);
    const second = new Contract(expected, child.abi, deployer);
    assert.deepEqual([...(await second.describe())], [factoryAddr, 11n, tag, 0n]);

    // Immutables are patched into runtime code: same length as the artifact, different bytes.
    const code = await provider.getCode(expected);
    assert.equal((code.length - 2) / 2, child.deployedBytecode.length);
    assert.notEqual(code, hexlify(child.deployedBytecode));

    assert.equal(await factory.childCount(), 2n);
    await mined(factory.bumpAll(3n));
    assert.equal(await first.counter(), 21n);
    assert.equal(await second.counter(), 33n);
    assert.equal(await factory.bumpAll.staticCall(1n), 21n + 7n + 33n + 11n);
  });
});

describe("Recursion", () => {
  it("recurses internally and through self-calls", async () => {
    const rec = await deploy("Recursion");
    assert.equal(await rec.fib(20n), 6765n);
    assert.equal(await rec.fibExternal(10n), 55n);
    assert.equal(await rec.sumDown.staticCall(50n), 1275n);
    await mined(rec.sumDown(50n));
    for (const d of [0n, 25n, 50n]) assert.equal(await rec.visited(d), true);
  });

  it("unwinds a revert at depth to the nearest catching frame", async () => {
    const rec = await deploy("Recursion");
    await expectRevert(rec, rec.descend.staticCall(10n, 3n), "TooDeep", [3n]);

    // Level 4 reverts, level 5 catches and returns 0, levels 6..10 add one each.
    assert.equal(await rec.climb.staticCall(10n, 4n), 5n);
    await mined(rec.climb(10n, 4n));
    assert.equal(await rec.caughtAt(), 5n);
    assert.equal(await rec.caughtReason(), rec.interface.encodeErrorResult("TooDeep", [4n]));
    assert.equal(await rec.visited(4n), false, "the reverted frame's write is rolled back");
    assert.equal(await rec.visited(3n), false, "frames below the failure never ran");
    for (const d of [5n, 6n, 10n]) assert.equal(await rec.visited(d), true);
  });
});

describe("Reverter", () => {
  it("records every kind of revert data in storage", async () => {
    const reverter = await deploy("Reverter");
    const catcher = await deploy("RevertCatcher", [reverter.target]);
    await mined(catcher.catchAll());

    const iface = new Interface(loadArtifact("Reverter").abi);
    const errorData = (msg: string) => "0x08c379a0" + coder.encode(["string"], [msg]).slice(2);
    const panicData = (code: number) => "0x4e487b71" + coder.encode(["uint256"], [code]).slice(2);
    const expected: Array<{ raw: string; clause: bigint; message?: string; panic?: bigint }> = [
      { raw: errorData("Reverter: plain revert"), clause: 1n, message: "Reverter: plain revert" },
      { raw: iface.encodeErrorResult("Unauthorized", [catcher.target, 42n, "custom"]), clause: 3n },
      { raw: errorData("Reverter: require failed"), clause: 1n, message: "Reverter: require failed" },
      { raw: panicData(0x01), clause: 2n, panic: 0x01n },
      { raw: panicData(0x12), clause: 2n, panic: 0x12n },
      { raw: panicData(0x32), clause: 2n, panic: 0x32n },
      { raw: panicData(0x11), clause: 2n, panic: 0x11n },
      { raw: "0x", clause: 3n },
    ];
    for (const [kind, want] of expected.entries()) {
      assert.equal(await catcher.rawReason(kind), want.raw, `raw reason of kind ${kind}`);
      assert.equal(await catcher.clause(kind), want.clause, `catch clause of kind ${kind}`);
      assert.equal(await catcher.message(kind), want.message ?? "");
      assert.equal(await catcher.panicCode(kind), want.panic ?? 0n);
    }
    const custom = iface.parseError(await catcher.rawReason(1));
    assert.equal(custom?.name, "Unauthorized");
    assert.deepEqual([...custom!.args], [catcher.target, 42n, "custom"]);
  });

  it("surfaces the same data to a direct caller", async () => {
    const reverter = await deploy("Reverter");
    await expectRevert(reverter, reverter.divide(1n, 0n), "Panic", [0x12n]);
    await expectRevert(reverter, reverter.outOfBounds(3n), "Panic", [0x32n]);
    await expectRevert(reverter, reverter.requireFalse(), "Error", ["Reverter: require failed"]);
    assert.equal(await reverter.outOfBounds(2n), 0n);
  });
});

describe("HeavyLoop", () => {
  const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
  const MASK64 = (1n << 64n) - 1n;

  const sumOfSquares = (n: bigint) => {
    let acc = 0n;
    for (let i = 1n; i <= n; i++) acc = (acc + ((i * i) % P)) % P;
    return acc;
  };
  const keccakChain = (seed: string, n: number) => {
    let h = seed;
    for (let i = 0; i < n; i++) h = keccak256(h);
    return h;
  };
  const lcgSorted = (n: number, seed: bigint) => {
    let x = seed & MASK64;
    const out: bigint[] = [];
    for (let i = 0; i < n; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & MASK64;
      out.push(x >> 32n);
    }
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  };

  it("computes the same results as a BigInt model", async () => {
    const heavy = await deploy("HeavyLoop");
    assert.equal(await heavy.sumOfSquares(500n), sumOfSquares(500n));
    const seed = id("seed");
    assert.equal(await heavy.keccakChain(seed, 100n), keccakChain(seed, 100));
    assert.deepEqual([...(await heavy.bubbleSort(60n, 12345n))], lcgSorted(60, 12345n));
    assert.deepEqual([...(await heavy.bubbleSort(0n, 1n))], []);

    const n = 40;
    let checksum = sumOfSquares(BigInt(n));
    checksum ^= BigInt(keccakChain(zeroPadValue(toBeHex(checksum), 32), n));
    lcgSorted(Math.min(n, 64), checksum).forEach((v, i) => {
      checksum = (checksum + v * BigInt(i + 1)) % P;
    });
    let written = 0n;
    for (let i = 0n; i < BigInt(n); i++) written += i * i + 1n;
    checksum = (checksum + written) % P;

    await mined(heavy.run(BigInt(n)));
    assert.equal(await heavy.lastChecksum(), checksum);
    assert.equal(await heavy.slots(39n), 39n * 39n + 1n);
    assert.equal(await heavy.slots(40n), 0n);
  });
});

describe("Exchange + LibMath (DELEGATECALL library)", () => {
  const isqrt = (y: bigint) => {
    if (y < 2n) return y;
    let x = y;
    let z = (y >> 1n) + 1n;
    while (z < x) {
      x = z;
      z = (y / z + z) >> 1n;
    }
    return x;
  };
  const amountOut = (amountIn: bigint, rIn: bigint, rOut: bigint) =>
    (amountIn * 997n * rOut) / (rIn * 1000n + amountIn * 997n);

  it("adds liquidity and swaps along the constant-product curve", async () => {
    const lib = await deploy("LibMath");
    const supply = parseEther("1000000");
    const t0 = await deploy("Token", ["Zero", "T0", supply]);
    const t1 = await deploy("Token", ["One", "T1", supply]);
    const ex = await deploy("Exchange", [t0.target, t1.target], { libraries: { [LIBMATH]: lib.target as string } });
    const exAddr = ex.target as string;

    await mined(t0.approve(exAddr, MaxUint256));
    await mined(t1.approve(exAddr, MaxUint256));
    const a0 = parseEther("1000");
    const a1 = parseEther("4000");
    const rAdd = await mined(ex.addLiquidity(a0, a1));
    const liquidity = isqrt(a0 * a1);
    assert.deepEqual(events(ex, rAdd, "LiquidityAdded"), [[deployerAddr, a0, a1, liquidity]]);
    // LibMath.credit runs via DELEGATECALL, so its write lands in the exchange's storage.
    assert.equal(await ex.liquidityOf(deployerAddr), liquidity);
    assert.equal(await ex.totalLiquidity(), liquidity);
    assert.deepEqual([...(await ex.getReserves())], [a0, a1]);

    // Alice trades token0 for token1.
    await mined(t0.transfer(aliceAddr, parseEther("50")));
    const t0Alice = t0.connect(alice) as Contract;
    await mined(t0Alice.approve(exAddr, MaxUint256));
    const exAlice = ex.connect(alice) as Contract;
    const amountIn = parseEther("10");
    const expectedOut = amountOut(amountIn, a0, a1);
    assert.equal(await ex.getAmountOut(t0.target, amountIn), expectedOut);
    await expectRevert(exAlice, exAlice.swap(t0.target, amountIn, expectedOut + 1n), "SlippageExceeded", [
      expectedOut,
      expectedOut + 1n,
    ]);
    const rSwap = await mined(exAlice.swap(t0.target, amountIn, expectedOut));
    assert.deepEqual(events(ex, rSwap, "Swap"), [[aliceAddr, t0.target, amountIn, expectedOut]]);
    assert.equal(await t1.balanceOf(aliceAddr), expectedOut);
    assert.equal(await t0.balanceOf(aliceAddr), parseEther("40"));
    const r0 = a0 + amountIn;
    const r1 = a1 - expectedOut;
    assert.deepEqual([...(await ex.getReserves())], [r0, r1]);
    assert.ok(r0 * r1 >= a0 * a1, "the fee can only grow k");

    // And back the other way, from the updated reserves.
    const t1Alice = t1.connect(alice) as Contract;
    await mined(t1Alice.approve(exAddr, MaxUint256));
    const back = amountOut(expectedOut, r1, r0);
    await mined(exAlice.swap(t1.target, expectedOut, 0n));
    assert.equal(await t0.balanceOf(aliceAddr), parseEther("40") + back);
    assert.ok(back < amountIn, "a round trip loses to fees");

    await expectRevert(ex, ex.getAmountOut(aliceAddr, 1n), "UnknownToken", [aliceAddr]);
    await expectRevert(exAlice, exAlice.removeLiquidity(1n), "Error", ["LibMath: insufficient balance"]);

    const [reserve0, reserve1] = [...(await ex.getReserves())] as bigint[];
    const half = liquidity / 2n;
    const [out0, out1] = await ex.removeLiquidity.staticCall(half);
    assert.equal(out0, (half * reserve0!) / liquidity);
    assert.equal(out1, (half * reserve1!) / liquidity);
    await mined(ex.removeLiquidity(half));
    assert.equal(await ex.liquidityOf(deployerAddr), liquidity - half);
  });
});

describe("Misc", () => {
  let misc: Contract;
  before(async () => {
    misc = await deploy("Misc");
  });

  it("keeps transient storage per transaction and rolls it back on revert", async () => {
    assert.deepEqual([...(await misc.transientRoundTrip.staticCall(7n))], [7n, 7n]);
    await mined(misc.transientRoundTrip(7n));
    assert.equal(await misc.tloadSlot(), 0n, "transient storage is cleared after the transaction");
  });

  it("copies memory with MCOPY, including overlapping ranges", async () => {
    const blob = "0x" + Array.from({ length: 100 }, (_, i) => (i + 1).toString(16).padStart(2, "0")).join("");
    assert.equal(await misc.copy(blob), blob);
    assert.equal(await misc.copy("0x"), "0x");
    assert.equal(await misc.shiftDown("0x0102030405", 2n), "0x030405");
    assert.equal(await misc.shiftUp("0x0102030405", 2n), "0x0102010203");
    const bytes = blob.slice(2);
    assert.equal(await misc.shiftUp(blob, 33n), "0x" + bytes.slice(0, 66) + bytes.slice(0, 200 - 66));
  });

  it("handles full-width constants and signed/bitwise arithmetic", async () => {
    const M = 1n << 256n;
    const magic = 0x0123456789abcdeffedcba9876543210deadbeefcafebabe0badf00d8badf00dn;
    assert.equal(await misc.BIG(), M - 1n);
    assert.equal(await misc.MAGIC(), toBeHex(magic, 32));
    assert.equal(await misc.MOST_NEGATIVE(), -(1n << 255n));
    assert.deepEqual([...(await misc.bigMath())], [1n, ((M - 1n) * (M - 1n)) % magic, 3n ** 160n]);

    const x = (0xf0n << 248n) | 0x81n;
    const signed = x - M; // x has its top bit set
    const s = 4n;
    assert.deepEqual(
      [...(await misc.bitOps(x, s))],
      [(x << s) % M, x >> s, signed >> s, 0xf0n, M - 0x7fn, M - 1n - x],
    );
    assert.deepEqual([...(await misc.signedOps(-7n, 2n))], [-3n, -1n]);
    assert.deepEqual([...(await misc.signedOps(-(1n << 255n), -1n))], [-(1n << 255n), 0n]);
  });

  it("reads its own code and other accounts' code hashes", async () => {
    const [code, hash, size] = await misc.selfCode();
    const onChain = await provider.getCode(misc.target as string);
    assert.equal(code, onChain);
    assert.equal(hash, keccak256(onChain));
    assert.equal(size, BigInt((onChain.length - 2) / 2));
    // An existing account without code hashes to keccak256(""); a non-existent one to zero.
    assert.deepEqual([...(await misc.codeInfo(aliceAddr))], [0n, keccak256("0x")]);
    assert.deepEqual([...(await misc.codeInfo("0x" + "12".repeat(20)))], [0n, ZeroHash]);
  });

  it("sees the block and transaction context", async () => {
    const receipt = await mined((misc.connect(alice) as Contract).recordContext());
    const block = await provider.getBlock(receipt.blockNumber);
    assert.equal(await misc.seenTimestamp(), BigInt(block!.timestamp));
    assert.equal(await misc.seenChainId(), 31337n);
    assert.equal(await misc.seenSender(), aliceAddr);
    assert.equal(await misc.seenOrigin(), aliceAddr);

    const ctx = await (misc.connect(bob) as Contract).context();
    assert.equal(ctx[1], 31337n);
    assert.equal(ctx[2], bobAddr);
    assert.equal(ctx[3], bobAddr);
    assert.deepEqual([...(await (misc.connect(bob) as Contract).relayWhoCalls())], [misc.target, bobAddr]);
  });

  it("removes code only when SELFDESTRUCT runs in the creating transaction (EIP-6780)", async () => {
    const beneficiary = getAddress("0x" + "be".repeat(20));
    const before = await provider.getBalance(beneficiary);
    await mined(misc.createAndDestroy(beneficiary, { value: 1000n }));
    const gone = await misc.lastEphemeral();
    const sizeBefore = await misc.codeSizeBeforeDestroy();
    assert.ok(sizeBefore > 0n);
    assert.equal(await misc.codeSizeAfterDestroy(), sizeBefore, "code survives until the transaction ends");
    assert.equal(await provider.getCode(gone), "0x");
    assert.equal(await provider.getBalance(gone), 0n);
    assert.equal(await provider.getBalance(beneficiary), before + 1000n);

    await mined(misc.createEphemeral({ value: 500n }));
    const kept = await misc.lastEphemeral();
    await mined(misc.destroyEphemeral(beneficiary));
    assert.notEqual(await provider.getCode(kept), "0x", "code of an older contract stays");
    assert.equal(await provider.getBalance(kept), 0n);
    assert.equal(await provider.getBalance(beneficiary), before + 1500n);
    const ephemeral = new Contract(kept, loadArtifact("Ephemeral").abi, deployer);
    assert.equal(await ephemeral.ping(), 0xe4en);
  });

  it("emits logs with zero to four topics", async () => {
    const receipt = await mined(misc.emitAll(5n));
    const word = (v: bigint) => zeroPadValue(toBeHex(v), 32);
    const logs = receipt.logs.map((l) => ({ topics: [...l.topics], data: l.data }));
    assert.deepEqual(
      logs.map((l) => l.topics.length),
      [0, 1, 2, 3, 4, 4],
    );
    assert.equal(logs[0]!.data, word(5n));
    assert.deepEqual(logs[1]!.topics, [id("Topic1(uint256)")]);
    assert.deepEqual(logs[2]!.topics, [id("Topic2(uint256,uint256)"), word(5n)]);
    assert.deepEqual(logs[3]!.topics, [id("Topic3(uint256,address,string)"), word(5n), zeroPadValue(deployerAddr, 32).toLowerCase()]);
    assert.deepEqual(logs[4]!.topics, [
      id("Topic4(uint256,uint256,bytes32,uint256)"),
      word(5n),
      word(6n),
      await misc.MAGIC(),
    ]);
    assert.deepEqual(logs[5]!.topics, [word(5n), word(6n), word(7n), word(8n)], "anonymous: no signature topic");

    const raw = await mined(misc.rawLogs(9n));
    assert.deepEqual(
      raw.logs.map((l) => [...l.topics]),
      [[], [word(1n)], [word(1n), word(2n)], [word(1n), word(2n), word(3n)], [word(1n), word(2n), word(3n), word(4n)]],
    );
    for (const l of raw.logs) assert.equal(l.data, word(9n));
  });
});
