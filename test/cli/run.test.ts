// `ovm run` end to end: spawns the built CLI (dist/cli/main.js, from `npm run build:ts`) and checks
// its JSON against gas worked by hand from the Cancun schedule and, where state is involved, against
// the reference EVM (@ethereumjs/evm) running the same code as the receiver's code.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getCreateAddress } from "ethers";
import { createReferenceEvm } from "../../src/baseline/ethereumjs.js";
import { DEFAULT_BLOCK, DEFAULT_RECEIVER, DEFAULT_SENDER } from "../../src/evm/defaults.js";
import { bytesToHex } from "../../src/hex.js";
import type { Hex, PreState } from "../../src/evm/types.js";
import { asm } from "../../src/evm/assembler.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let dir: string;

before(() => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build:wasm && npm run build:ts\` first`);
  dir = mkdtempSync(join(tmpdir(), "ovm-cli-test-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function ovm(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs `ovm run`, expects exit 0 and exactly the three documented fields. */
async function runOk(...args: string[]): Promise<{ output: Hex; gasUsed: string; error: string | null }> {
  const r = await ovm("run", ...args);
  assert.equal(r.status, 0, `exit status (stderr: ${r.stderr})`);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json).sort(), ["error", "gasUsed", "output"]);
  assert.equal(typeof json.output, "string");
  assert.match(json.gasUsed as string, /^[0-9]+$/, "gasUsed is a decimal string");
  return json as { output: Hex; gasUsed: string; error: string | null };
}

function file(name: string, contents: string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

const hex = (bytes: Uint8Array) => bytesToHex(bytes);
const word = (v: bigint) => v.toString(16).padStart(64, "0");

/** The same run on the reference EVM: code installed at the receiver, sender calling it. */
async function reference(code: Uint8Array, opts: { pre?: PreState; gas?: bigint; value?: bigint; input?: Uint8Array } = {}) {
  const ref = await createReferenceEvm(opts.pre ?? new Map(), DEFAULT_BLOCK);
  const r = await ref.runCall({
    caller: DEFAULT_SENDER, to: DEFAULT_RECEIVER, codeOverride: code, data: opts.input ?? new Uint8Array(0),
    value: opts.value ?? 0n, gasLimit: opts.gas ?? 10_000_000_000n,
  });
  return { output: hex(r.returnData), gasUsed: r.gasUsed.toString(), success: r.success };
}

test("ovm run prints {output, gasUsed, error}: gasUsed a decimal string of execution gas, error null on success", async () => {
  // PUSH1 1, PUSH1 2, ADD, PUSH1 0, SSTORE: 3 + 3 + 3 + 3 + 22100 (cold slot 0 -> non-zero).
  const r = await runOk("--code", "0x6001600201600055");
  assert.deepEqual(r, { output: "0x", gasUsed: String(3 + 3 + 3 + 3 + 22100), error: null });
});

test("ovm run returns the program's output: 2 + 3 = 5 in one word, for 22 gas", async () => {
  const code = asm(2, 3, "ADD", "PUSH0", "MSTORE", 32, "PUSH0", "RETURN");
  const r = await runOk("--code", hex(code));
  // PUSH1 3 + PUSH1 3 + ADD 3 + PUSH0 2 + MSTORE 3 + memory 3 + PUSH1 3 + PUSH0 2
  assert.deepEqual(r, { output: `0x${word(5n)}`, gasUsed: "22", error: null });
  const ref = await reference(code);
  assert.deepEqual({ output: r.output, gasUsed: r.gasUsed }, { output: ref.output, gasUsed: ref.gasUsed });
});

test("ovm run reports a revert as error \"revert\" with the revert data as output", async () => {
  const code = asm(0xbeef, "PUSH0", "MSTORE", 32, "PUSH0", "REVERT");
  const r = await runOk("--code", hex(code));
  // PUSH2 3 + PUSH0 2 + MSTORE 6 + PUSH1 3 + PUSH0 2: a revert keeps the unused gas.
  assert.deepEqual(r, { output: `0x${word(0xbeefn)}`, gasUsed: "16", error: "revert" });
});

test("ovm run out of gas: error set, no output, all of --gas used", async () => {
  // The SSTORE needs 22100 but only 100 - 12 are left.
  const r = await runOk("--code", "0x6001600201600055", "--gas", "100");
  assert.equal(r.output, "0x");
  assert.equal(r.gasUsed, "100");
  assert.equal(r.error, "out of gas");
  // INVALID burns everything too, with a different error.
  const invalid = await runOk("--code", "0xfe", "--gas", "5000");
  assert.equal(invalid.gasUsed, "5000");
  assert.ok(invalid.error !== null && invalid.error !== "revert");
});

test("ovm run reads --code and --input from files holding hex (surrounding whitespace ignored)", async () => {
  // Returns CALLDATALOAD(0) + 1.
  const code = asm("PUSH0", "CALLDATALOAD", 1, "ADD", "PUSH0", "MSTORE", 32, "PUSH0", "RETURN");
  const codeFile = file("code.hex", `${hex(code)}\n`);
  const inputFile = file("input.hex", `  ${word(41n)}\n`);
  const r = await runOk("--code", codeFile, "--input", inputFile);
  assert.equal(r.output, `0x${word(42n)}`);
});

test("ovm run --prestate loads a geth alloc: balance, nonce, code and storage are all visible to the code", async () => {
  const other: Hex = "0x00000000000000000000000000000000000000aa";
  const receiver = DEFAULT_RECEIVER;
  const otherCode = Uint8Array.from([0x60, 0x01, 0x00]);
  const alloc = {
    [receiver]: { balance: "0x64", nonce: "0x5", storage: { "0x01": "0x2a" } },
    [other]: { balance: "1000", code: hex(otherCode) },
  };
  // [SLOAD(1), SELFBALANCE, BALANCE(other), EXTCODESIZE(other), CREATE(0, 0, 0)]; the CREATE
  // address is derived from the receiver's nonce.
  const code = asm(
    1, "SLOAD", "PUSH0", "MSTORE",
    "SELFBALANCE", 32, "MSTORE",
    0xaa, "BALANCE", 64, "MSTORE",
    0xaa, "EXTCODESIZE", 96, "MSTORE",
    "PUSH0", "PUSH0", "PUSH0", "CREATE", 128, "MSTORE",
    160, "PUSH0", "RETURN",
  );
  const expected = `0x${word(42n)}${word(100n)}${word(1000n)}${word(3n)}${word(BigInt(getCreateAddress({ from: receiver, nonce: 5 })))}`;
  // Given as a genesis file holding the alloc, which geth's evm run also accepts.
  const r = await runOk("--code", hex(code), "--prestate", file("genesis.json", JSON.stringify({ alloc })));
  assert.equal(r.error, null);
  assert.equal(r.output, expected);

  const pre: PreState = new Map([
    [receiver, { nonce: 5n, balance: 100n, code: new Uint8Array(0), storage: new Map([[`0x${word(1n)}` as Hex, `0x${word(42n)}` as Hex]]) }],
    [other, { nonce: 0n, balance: 1000n, code: otherCode, storage: new Map() }],
  ]);
  const ref = await reference(code, { pre });
  assert.deepEqual({ output: r.output, gasUsed: r.gasUsed }, { output: ref.output, gasUsed: ref.gasUsed });
});

test("ovm run --value moves value from a funded sender, and fails with no gas used when the sender cannot pay", async () => {
  // [CALLVALUE, SELFBALANCE]
  const code = asm("CALLVALUE", "PUSH0", "MSTORE", "SELFBALANCE", 32, "MSTORE", 64, "PUSH0", "RETURN");
  const funded = file("funded.json", JSON.stringify({ [DEFAULT_SENDER]: { balance: "100" } }));
  const r = await runOk("--code", hex(code), "--value", "5", "--prestate", funded);
  // CALLVALUE 2 + PUSH0 2 + MSTORE 6 + SELFBALANCE 5 + PUSH1 3 + MSTORE 6 + PUSH1 3 + PUSH0 2
  assert.deepEqual(r, { output: `0x${word(5n)}${word(5n)}`, gasUsed: "29", error: null });
  const pre: PreState = new Map([[DEFAULT_SENDER, { nonce: 0n, balance: 100n, code: new Uint8Array(0), storage: new Map() }]]);
  const ref = await reference(code, { pre, value: 5n });
  assert.deepEqual({ output: r.output, gasUsed: r.gasUsed }, { output: ref.output, gasUsed: ref.gasUsed });

  // As geth's evm run: the default sender has no balance, so the transfer fails before any code runs.
  const broke = await runOk("--code", hex(code), "--value", "5");
  assert.equal(broke.output, "0x");
  assert.equal(broke.gasUsed, "0");
  assert.ok(broke.error !== null, "an unfunded value transfer is an error");
});

test("ovm run --repeat 5 reports the same result as one run: each repetition starts from the pre-state", async () => {
  // SSTORE 0 -> 1 on a cold slot is 22100 only if slot 0 is 0 again at each repetition.
  const once = await runOk("--code", "0x600160005500");
  assert.deepEqual(once, { output: "0x", gasUsed: String(3 + 3 + 22100), error: null });
  assert.deepEqual(await runOk("--code", "0x600160005500", "--repeat", "5"), once);
  // A counter: returns SLOAD(0) + 1 after storing it; with a fresh state each time that is 1.
  const counter = asm("PUSH0", "SLOAD", 1, "ADD", "DUP1", "PUSH0", "SSTORE", "PUSH0", "MSTORE", 32, "PUSH0", "RETURN");
  const repeated = await runOk("--code", hex(counter), "--repeat", "5");
  assert.equal(repeated.output, `0x${word(1n)}`);
});

test("ovm run executes code longer than 24576 bytes (no EIP-170 limit on code given directly)", async () => {
  // PUSH2 30000, JUMP, zero padding, then at 30000: JUMPDEST, return 42.
  const tail = asm(42, "PUSH0", "MSTORE", 32, "PUSH0", "RETURN");
  const code = new Uint8Array(30001 + tail.length);
  code.set([0x61, 30000 >> 8, 30000 & 0xff, 0x56]);
  code[30000] = 0x5b;
  code.set(tail, 30001);
  const r = await runOk("--code", file("big.hex", hex(code)));
  // PUSH2 3 + JUMP 8 + JUMPDEST 1 + PUSH1 3 + PUSH0 2 + MSTORE 6 + PUSH1 3 + PUSH0 2
  assert.deepEqual(r, { output: `0x${word(42n)}`, gasUsed: "28", error: null });
  const ref = await reference(code);
  assert.deepEqual({ output: r.output, gasUsed: r.gasUsed }, { output: ref.output, gasUsed: ref.gasUsed });
});

/**
 * Bad input: exit code 2, nothing on stdout, and stderr naming the problem. The cases are independent
 * processes, so they run concurrently.
 */
async function assertRejected(cases: [string[], RegExp][]): Promise<void> {
  const results = await Promise.all(cases.map(([args]) => ovm("run", ...args)));
  const failures: string[] = [];
  for (const [i, [args, mention]] of cases.entries()) {
    const r = results[i]!;
    const what = `ovm run ${args.join(" ")}`;
    if (r.status !== 2) failures.push(`${what}: exit status ${r.status}, expected 2 (stdout ${JSON.stringify(r.stdout)}, stderr ${JSON.stringify(r.stderr.slice(0, 200))})`);
    else if (r.stdout !== "") failures.push(`${what}: wrote to stdout: ${r.stdout}`);
    else if (!mention.test(r.stderr)) failures.push(`${what}: stderr ${JSON.stringify(r.stderr)} does not match ${mention}`);
  }
  assert.deepEqual(failures, []);
}

test("ovm run rejects bad arguments with exit code 2, a message naming the problem, and no stdout", async () => {
  await assertRejected([
    [["--code", "0x600"], /--code.*odd/],
    [["--code", "0x60zz"], /--code.*not hex/],
    [["--code", "0x00", "--gas", "abc"], /--gas.*abc/],
    [["--code", "0x00", "--bogus", "1"], /unknown option --bogus/],
    [["--input", "0x00"], /--code is required/],
  ]);
});

test("ovm run rejects a prestate file that is not JSON, or whose fields are not numbers/hex, with exit code 2", async () => {
  await assertRejected([
    [["--code", "0x00", "--prestate", file("broken.json", "{not json")], /--prestate/],
    [["--code", "0x00", "--prestate", file("badbalance.json", JSON.stringify({ "0x01": { balance: "xyz" } }))], /--prestate.*balance/],
  ]);
});

test("ovm run rejects malformed values inside a well-formed prestate (storage values, account entries) with exit code 2", async () => {
  const receiver = DEFAULT_RECEIVER;
  await assertRejected([
    // A storage value that is not hex must not silently become some other number (today "0x1zz" loads as 0x100).
    [["--code", "0x00", "--prestate", file("s1.json", JSON.stringify({ [receiver]: { storage: { "0x00": "0x1zz" } } }))], /--prestate.*storage/],
    // A storage value longer than 32 bytes cannot be a word; it must not be truncated to its first 32 bytes.
    [["--code", "0x00", "--prestate", file("s2.json", JSON.stringify({ [receiver]: { storage: { "0x00": `0x${"01".repeat(33)}` } } }))], /--prestate.*storage/],
    // A storage value that is a JSON number: a clean error, not a TypeError stack trace with exit code 1.
    [["--code", "0x00", "--prestate", file("s3.json", JSON.stringify({ [receiver]: { storage: { "0x00": 5 } } }))], /--prestate.*storage/],
    // An account entry that is not an object.
    [["--code", "0x00", "--prestate", file("a1.json", JSON.stringify({ [receiver]: "hello" }))], /--prestate/],
  ]);
});
