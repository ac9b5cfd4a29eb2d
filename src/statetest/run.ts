// Runs state test cases on the WASM engine: one transaction on the pre-state, then the state root
// and the logs hash compared with the expected ones.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { RLP } from "@ethereumjs/rlp";
import { WasmEvm } from "../wasm/instance.js";
import { WorldState } from "../state/world-state.js";
import { computeStateRoot } from "../state/state-root.js";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import { blockHashOf } from "../evm/defaults.js";
import type { BlockEnv, Log } from "../evm/types.js";
import { executeTransaction, InvalidTransactionError, blobBaseFee, type Transaction, type TransactionType } from "../engine/transaction.js";
import { parseStateTests, type StateTestCase } from "./parse.js";
import { decodeRawTransaction, MalformedTransactionError } from "../engine/raw-transaction.js";
import { addressOfPrivateKey } from "../evm/address.js";

export interface StateTestResult {
  name: string;
  fork: string;
  index: number;
  pass: boolean;
  stateRoot: Hex | null;
  logsHash: Hex | null;
  error: string | null;
}

/** keccak256(rlp(logs)), the `logs` field of a state test's post entry. */
export function logsHash(logs: Log[]): Hex {
  const encoded = RLP.encode(logs.map((l) => [hexToBytes(l.address), l.topics.map((t) => hexToBytes(t)), hexToBytes(l.data)]));
  return bytesToHex(keccak_256(encoded));
}

export function senderOf(secretKey: Hex): Hex {
  return bytesToHex(addressOfPrivateKey(hexToBytes(secretKey)));
}

function transactionOf(c: StateTestCase): Transaction {
  const t = c.transaction;
  const type: TransactionType = t.blobVersionedHashes !== undefined || t.maxFeePerBlobGas !== undefined ? 3
    : t.maxFeePerGas !== undefined ? 2 : t.accessList !== undefined ? 1 : 0;
  return {
    type,
    from: t.secretKey ? senderOf(t.secretKey) : t.sender,
    nonce: t.nonce,
    gasLimit: t.gasLimit,
    to: t.to,
    value: t.value,
    data: t.data,
    gasPrice: t.gasPrice,
    maxFeePerGas: t.maxFeePerGas,
    maxPriorityFeePerGas: t.maxPriorityFeePerGas,
    accessList: t.accessList,
    maxFeePerBlobGas: t.maxFeePerBlobGas,
    blobVersionedHashes: t.blobVersionedHashes,
    chainId: 1n,
  };
}

export class StateTestRunner {
  private readonly evm = new WasmEvm(new WorldState(), blockHashOf);

  async runCase(c: StateTestCase, index: number): Promise<StateTestResult> {
    const state = WorldState.fromPreState(c.pre);
    this.evm.setWorldState(state);
    const block: BlockEnv = {
      number: c.env.number,
      timestamp: c.env.timestamp,
      coinbase: c.env.coinbase,
      gasLimit: c.env.gasLimit,
      baseFee: c.env.baseFee,
      prevRandao: c.env.prevRandao,
      chainId: 1n,
      blobBaseFee: blobBaseFee(c.env.excessBlobGas),
    };
    let logs: Log[] = [];
    let error: string | null = null;
    let rejected = false;
    try {
      // The signed bytes, when the test carries them, go through decoding and sender recovery as a
      // sequencer's input would; the parsed fields are the fallback for tests without them.
      const tx = c.expected.txBytes ? decodeRawTransaction(hexToBytes(c.expected.txBytes)) : transactionOf(c);
      logs = executeTransaction(this.evm, state, tx, block).output.logs;
    } catch (e) {
      if (!(e instanceof InvalidTransactionError) && !(e instanceof MalformedTransactionError)) throw e;
      rejected = true;
      error = e.message;
    }
    const stateRoot = await computeStateRoot(state);
    const hash = logsHash(logs);
    let pass = stateRoot === c.expected.stateRoot && hash === c.expected.logsHash;
    if (c.expected.exception && !rejected) {
      pass = false;
      error = `expected the transaction to be rejected (${c.expected.exception}), but it was valid`;
    } else if (!c.expected.exception && rejected) {
      pass = false;
    } else if (!pass) {
      error = stateRoot !== c.expected.stateRoot ? `state root ${stateRoot}, expected ${c.expected.stateRoot}` : `logs hash ${hash}, expected ${c.expected.logsHash}`;
    }
    if (pass && rejected) error = null;
    return { name: c.name, fork: c.fork, index, pass, stateRoot, logsHash: hash, error };
  }
}

/** Every .json file under the given files and folders, sorted. */
export function collectTestFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    } else if (p.endsWith(".json")) {
      files.push(p);
    }
  };
  for (const p of paths) walk(p);
  return files;
}

/** Runs every case of every file, reporting each result (or a file that could not be read) as it goes. */
export async function runStateTests(files: string[], fork: string, report: (r: StateTestResult) => void): Promise<{ passed: number; failed: number }> {
  const runner = new StateTestRunner();
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    let cases: StateTestCase[];
    try {
      cases = parseStateTests(JSON.parse(readFileSync(file, "utf8")), fork, file);
    } catch (e) {
      failed++;
      report({ name: file, fork, index: -1, pass: false, stateRoot: null, logsHash: null, error: `malformed test file: ${(e as Error).message}` });
      continue;
    }
    let i = 0;
    let lastName = "";
    for (const c of cases) {
      i = c.name === lastName ? i + 1 : 0;
      lastName = c.name;
      let result: StateTestResult;
      try {
        result = await runner.runCase(c, i);
      } catch (e) {
        result = { name: c.name, fork, index: i, pass: false, stateRoot: null, logsHash: null, error: `engine error: ${(e as Error).message}` };
      }
      if (result.pass) passed++;
      else failed++;
      report(result);
    }
  }
  return { passed, failed };
}
