// Environment and block opcodes: the message context, calldata reads past the end, code/account
// introspection of absent, empty and contract accounts (EIP-1052, EIP-161 emptiness), EIP-2929 cold/warm
// account access, and block values against DEFAULT_BLOCK (src/evm/defaults.ts), BLOBHASH without blobs
// (EIP-4844) and BLOCKHASH's 256-block window.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keccak_256 } from "@noble/hashes/sha3.js";
import {
  ABSENT, CONTRACT, EMPTY_KECCAK, OTHER, RETURN_TOP, RETURN_TOP_GAS, SENDER, THIRD, TWO_255, code, hexBytes, returnStack,
  run, top, words, type Part,
} from "./helpers.js";
import { DEFAULT_BLOCK } from "../../../src/evm/defaults.js";
import type { Hex } from "../../../src/evm/types.js";

const ORIGIN: Hex = "0x00000000000000000000000000000000000041a1";

test("ADDRESS, CALLER, ORIGIN, CALLVALUE and CALLDATASIZE describe the message; each costs 2", async () => {
  const outcome = await run(code("ADDRESS", "CALLER", "ORIGIN", "CALLVALUE", "CALLDATASIZE", ...returnStack(5)), {
    value: 7n, origin: ORIGIN, data: Uint8Array.from([1, 2, 3]),
  });
  // returnStack stores the top first.
  assert.deepEqual(words(outcome), [3n, 7n, BigInt(ORIGIN), BigInt(SENDER), BigInt(CONTRACT)]);
});

test("CALLDATALOAD past the end of the calldata pads with zeros, and at any huge offset reads 0", async () => {
  const data = Uint8Array.from([0x11, 0x22]);
  const at = async (offset: bigint) => top(await run(code(offset, "CALLDATALOAD", ...RETURN_TOP), { data }, `CALLDATALOAD(${offset})`));
  assert.equal(await at(0n), 0x1122n << 240n);
  assert.equal(await at(1n), 0x22n << 248n);
  assert.equal(await at(2n), 0n);
  assert.equal(await at(TWO_255), 0n);
  assert.equal(await at((1n << 256n) - 1n), 0n);
});

test("CODESIZE is the length of the running code; CODECOPY copies it", async () => {
  const program = code("CODESIZE", ...RETURN_TOP);
  assert.equal(top(await run(program)), BigInt(program.length));
});

test("EXTCODESIZE/EXTCODEHASH: absent and EIP-161-empty accounts give 0/0, code-less non-empty accounts give 0/keccak(''), contracts their code", async () => {
  const otherCode = code(1, 2, 3, "ADD");
  const accounts = {
    [OTHER]: { code: otherCode },
    [THIRD]: { balance: 1n }, // exists, not empty
    "0x000000000000000000000000000000000000e417": {}, // exists in the state but empty (nonce 0, balance 0, no code)
  };
  const inspect = async (address: Hex) => {
    const a = BigInt(address);
    return words(await run(code(a, "EXTCODESIZE", a, "EXTCODEHASH", ...returnStack(2)), { accounts }, `inspect ${address}`));
  };
  assert.deepEqual(await inspect(ABSENT), [0n, 0n]);
  assert.deepEqual(await inspect("0x000000000000000000000000000000000000e417"), [0n, 0n]);
  assert.deepEqual(await inspect(THIRD), [EMPTY_KECCAK, 0n]);
  assert.deepEqual(await inspect(OTHER), [BigInt(hexBytes(keccak_256(otherCode))), BigInt(otherCode.length)]);
  // The running contract sees its own code too.
  const self = code("ADDRESS", "EXTCODESIZE", "CODESIZE", "EQ", ...RETURN_TOP);
  assert.equal(top(await run(self)), 1n);
});

test("EXTCODECOPY copies another account's code and zero-fills past its end", async () => {
  const otherCode = Uint8Array.from([0xaa, 0xbb, 0xcc]);
  // EXTCODECOPY(addr, dst 0, src 1, size 32)
  const outcome = await run(code(32, 1, 0, BigInt(OTHER), "EXTCODECOPY", 32, 0, "RETURN"), { accounts: { [OTHER]: { code: otherCode } } });
  assert.deepEqual(words(outcome), [0xbbccn << 240n]);
  // PUSH1 3 + PUSH1 3 + PUSH0 2 + PUSH2 3 + EXTCODECOPY (cold 2600 + 3 per word 3 + memory 3) + PUSH1 3 + PUSH0 2
  assert.equal(outcome.gasUsed, 3n + 3n + 2n + 3n + 2600n + 3n + 3n + 3n + 2n);
});

test("BALANCE costs 2600 for a cold account and 100 once warm; transaction addresses and the coinbase start warm", async () => {
  const other = BigInt(OTHER);
  const outcome = await run(code(other, "BALANCE", "POP", other, "BALANCE", ...RETURN_TOP), { accounts: { [OTHER]: { balance: 123n } } });
  assert.equal(top(outcome), 123n);
  // PUSH2 3 + BALANCE 2600 + POP 2 + PUSH2 3 + BALANCE 100 + RETURN_TOP
  assert.equal(outcome.gasUsed, 3n + 2600n + 2n + 3n + 100n + RETURN_TOP_GAS);
  // Sender (EIP-2929 tx addresses), the contract itself, the coinbase (EIP-3651) and a precompile: 100 each.
  for (const warm of [SENDER, CONTRACT, DEFAULT_BLOCK.coinbase, "0x0000000000000000000000000000000000000004" as Hex]) {
    const w = BigInt(warm);
    const r = await run(code(w, "BALANCE", ...RETURN_TOP), {}, `BALANCE of ${warm}`);
    // PUSHn 3 + BALANCE 100 (warm) + RETURN_TOP
    assert.equal(r.gasUsed, 3n + 100n + RETURN_TOP_GAS, `${warm} is warm`);
  }
  // An absent account has balance 0 and is still charged as cold.
  const absent = await run(code(BigInt(ABSENT), "BALANCE", ...RETURN_TOP));
  assert.equal(top(absent), 0n);
  assert.equal(absent.gasUsed, 3n + 2600n + RETURN_TOP_GAS);
});

test("SELFBALANCE (5 gas) includes the value received by the message", async () => {
  const outcome = await run(code("SELFBALANCE", ...RETURN_TOP), { value: 10n, contract: { balance: 5n } });
  assert.equal(top(outcome), 15n);
  assert.equal(outcome.gasUsed, 5n + RETURN_TOP_GAS);
});

test("block opcodes read DEFAULT_BLOCK: COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE, BLOBBASEFEE, GASPRICE", async () => {
  const ops: Part[] = ["COINBASE", "TIMESTAMP", "NUMBER", "PREVRANDAO", "GASLIMIT", "CHAINID", "BASEFEE", "BLOBBASEFEE", "GASPRICE"];
  const outcome = await run(code(...ops, ...returnStack(ops.length)));
  const b = DEFAULT_BLOCK;
  // Top of the stack first: the reverse of the push order. GASPRICE is the message's gas price, 0 here.
  assert.deepEqual(words(outcome), [0n, b.blobBaseFee, b.baseFee, b.chainId, b.gasLimit, BigInt(b.prevRandao), b.number, b.timestamp, BigInt(b.coinbase)]);
  assert.deepEqual([b.number, b.timestamp, b.gasLimit, b.baseFee, b.chainId, b.blobBaseFee], [1n, 1n, 30_000_000n, 7n, 1n, 1n]);
  // 9 opcodes at G_base = 2, then returnStack(9): PUSH0 2 + 8 PUSH 3 + 9 MSTORE 3 + C_mem(9) = 27 + 0, + PUSH1 3 + PUSH0 2.
  assert.equal(outcome.gasUsed, 9n * 2n + 2n + 8n * 3n + 9n * 3n + 27n + 3n + 2n);
});

test("BLOBHASH with no blob hashes returns 0 for any index and costs 3 (EIP-4844)", async () => {
  for (const index of [0n, 1n, TWO_255]) {
    const outcome = await run(code(index, "BLOBHASH", ...RETURN_TOP), {}, `BLOBHASH(${index})`);
    assert.equal(top(outcome), 0n);
    assert.equal(outcome.gasUsed, (index === 0n ? 2n : 3n) + 3n + RETURN_TOP_GAS);
  }
});

test("BLOCKHASH answers only the 256 blocks before the current one; the current block, the future and older blocks give 0", async () => {
  // The hash rule shared by both engines (src/evm/defaults.ts): keccak256 of the decimal block number.
  const hashOf = (n: number) => BigInt(hexBytes(keccak_256(new TextEncoder().encode(String(n)))));
  const block = { ...DEFAULT_BLOCK, number: 300n };
  const at = async (n: bigint) => {
    const outcome = await run(code(n, "BLOCKHASH", ...RETURN_TOP), { block }, `BLOCKHASH(${n}) at 300`);
    assert.equal(outcome.gasUsed, (n === 0n ? 2n : 3n) + 20n + RETURN_TOP_GAS, "BLOCKHASH costs 20");
    return top(outcome);
  };
  assert.equal(await at(299n), hashOf(299)); // the previous block
  assert.equal(await at(44n), hashOf(44)); // 300 - 256: the oldest in the window
  assert.equal(await at(43n), 0n); // 257 blocks back
  assert.equal(await at(300n), 0n); // the current block
  assert.equal(await at(301n), 0n);
  assert.equal(await at(TWO_255), 0n);
  assert.equal(await at(0n), 0n);
  // At DEFAULT_BLOCK (number 1), block 0 is in the window.
  assert.equal(top(await run(code(0, "BLOCKHASH", ...RETURN_TOP))), hashOf(0));
});

test("GAS pushes the gas left after its own cost", async () => {
  const outcome = await run(code(1, "POP", "GAS", ...RETURN_TOP), { gas: 50_000n });
  // PUSH1 3 + POP 2 + GAS 2 = 7 spent when the value is taken.
  assert.equal(top(outcome), 50_000n - 7n);
});
