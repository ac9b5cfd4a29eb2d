// Parser for the Ethereum consensus state tests (GeneralStateTests JSON format). Tolerant of the
// format's quirks: hex with leading zeros, "0x:bigint 0x..." numbers, ":raw" data, `_info` blocks,
// labels, access lists parallel to `data`, blob fields, `expectException`.
import { OvmError } from "../errors.js";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import type { PreState, AccountState } from "../evm/types.js";
import type { AccessListEntry } from "../wasm/abi.js";
import type { Transaction } from "../engine/transaction.js";

export interface StateTestEnv {
  coinbase: Hex;
  gasLimit: bigint;
  number: bigint;
  timestamp: bigint;
  baseFee: bigint;
  prevRandao: Hex;
  excessBlobGas: bigint;
}

export interface StateTestCase {
  /** "<test name>" plus the (data, gas, value) indexes of this post entry. */
  name: string;
  fork: string;
  index: { data: number; gas: number; value: number };
  env: StateTestEnv;
  pre: PreState;
  /** The engine's transaction fields; the type, sender and chain id are derived by the runner. */
  transaction: Omit<Transaction, "type" | "from" | "chainId"> & { sender: Hex; secretKey?: Hex };
  expected: { stateRoot: Hex; logsHash: Hex; exception?: string; txBytes?: Hex };
}

/** A malformed test file or entry, reported with where it is and why. */
export class StateTestFormatError extends OvmError {
  constructor(message: string) {
    super("INVALID_ARGUMENT", message);
    this.name = "StateTestFormatError";
  }
}

export function parseNumber(value: unknown, field: string): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== "string") throw new StateTestFormatError(`${field}: expected a number, got ${JSON.stringify(value)}`);
  let s = value.trim();
  if (s.startsWith("0x:bigint ")) s = s.slice("0x:bigint ".length).trim();
  if (/^0x[0-9a-fA-F]*$/.test(s)) return s === "0x" ? 0n : BigInt(s);
  if (/^[0-9]+$/.test(s)) return BigInt(s);
  throw new StateTestFormatError(`${field}: not a number: ${JSON.stringify(value)}`);
}

export function parseBytes(value: unknown, field: string): Uint8Array {
  if (typeof value !== "string") throw new StateTestFormatError(`${field}: expected hex, got ${JSON.stringify(value)}`);
  let s = value.trim();
  if (s.startsWith(":raw ")) s = s.slice(5).trim();
  if (s === "" || s === "0x") return new Uint8Array(0);
  try {
    return hexToBytes(s, field);
  } catch (e) {
    throw new StateTestFormatError((e as Error).message);
  }
}

function parseAddress(value: unknown, field: string): Hex {
  const bytes = parseBytes(value, field);
  if (bytes.length > 20) throw new StateTestFormatError(`${field}: an address has 20 bytes, got ${bytes.length}`);
  const padded = new Uint8Array(20);
  padded.set(bytes, 20 - bytes.length);
  return bytesToHex(padded);
}

function parseWord(value: unknown, field: string): Hex {
  const n = parseNumber(value, field);
  if (n >= 1n << 256n) throw new StateTestFormatError(`${field}: more than 256 bits`);
  return `0x${n.toString(16).padStart(64, "0")}`;
}

function parsePre(pre: unknown, where: string): PreState {
  if (!pre || typeof pre !== "object") throw new StateTestFormatError(`${where}.pre: expected an object`);
  const out: PreState = new Map();
  for (const [address, raw] of Object.entries(pre as Record<string, Record<string, unknown>>)) {
    const field = `${where}.pre[${address}]`;
    const storage = new Map<Hex, Hex>();
    for (const [slot, value] of Object.entries((raw.storage ?? {}) as Record<string, unknown>)) {
      storage.set(parseWord(slot, `${field}.storage key`), parseWord(value, `${field}.storage[${slot}]`));
    }
    const account: AccountState = {
      nonce: parseNumber(raw.nonce ?? "0x00", `${field}.nonce`),
      balance: parseNumber(raw.balance ?? "0x00", `${field}.balance`),
      code: parseBytes(raw.code ?? "0x", `${field}.code`),
      storage,
    };
    out.set(parseAddress(address, field).toLowerCase() as Hex, account);
  }
  return out;
}

function parseAccessList(value: unknown, field: string): AccessListEntry[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw new StateTestFormatError(`${field}: expected an array`);
  return value.map((e: { address: unknown; storageKeys: unknown[] }, i) => ({
    address: parseAddress(e.address, `${field}[${i}].address`),
    storageKeys: (e.storageKeys ?? []).map((k, j) => parseWord(k, `${field}[${i}].storageKeys[${j}]`)),
  }));
}

/** Every case of `fork` in a parsed test file (an object of named tests). */
export function parseStateTests(json: unknown, fork: string, file = "<input>"): StateTestCase[] {
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new StateTestFormatError(`${file}: expected an object of tests`);
  const cases: StateTestCase[] = [];
  for (const [testName, test] of Object.entries(json as Record<string, Record<string, unknown>>)) {
    const where = `${file}:${testName}`;
    if (!test || typeof test !== "object") throw new StateTestFormatError(`${where}: expected an object`);
    const post = (test.post ?? {}) as Record<string, unknown>;
    const entries = post[fork];
    if (!Array.isArray(entries) || entries.length === 0) continue;
    const env = test.env as Record<string, unknown>;
    const tx = test.transaction as Record<string, unknown>;
    if (!env || !tx) throw new StateTestFormatError(`${where}: missing env or transaction`);
    const pre = parsePre(test.pre, where);
    const parsedEnv: StateTestEnv = {
      coinbase: parseAddress(env.currentCoinbase, `${where}.env.currentCoinbase`),
      gasLimit: parseNumber(env.currentGasLimit, `${where}.env.currentGasLimit`),
      number: parseNumber(env.currentNumber, `${where}.env.currentNumber`),
      timestamp: parseNumber(env.currentTimestamp, `${where}.env.currentTimestamp`),
      baseFee: parseNumber(env.currentBaseFee ?? "0x0a", `${where}.env.currentBaseFee`),
      prevRandao: parseWord(env.currentRandom ?? env.currentDifficulty ?? "0x00", `${where}.env.currentRandom`),
      excessBlobGas: parseNumber(env.currentExcessBlobGas ?? "0x00", `${where}.env.currentExcessBlobGas`),
    };
    const datas = tx.data as unknown[];
    const gasLimits = tx.gasLimit as unknown[];
    const values = tx.value as unknown[];
    const accessLists = tx.accessLists as unknown[] | undefined;
    for (const [i, entry] of (entries as Record<string, unknown>[]).entries()) {
      const idx = entry.indexes as { data: number; gas: number; value: number };
      const field = `${where}.post.${fork}[${i}]`;
      if (!idx || datas[idx.data] === undefined || gasLimits[idx.gas] === undefined || values[idx.value] === undefined) {
        throw new StateTestFormatError(`${field}: indexes out of range`);
      }
      const toRaw = tx.to as string | undefined;
      cases.push({
        name: testName,
        fork,
        index: { data: idx.data, gas: idx.gas, value: idx.value },
        env: parsedEnv,
        pre,
        transaction: {
          sender: tx.sender ? parseAddress(tx.sender, `${where}.transaction.sender`) : ("0x" as Hex),
          secretKey: tx.secretKey as Hex | undefined,
          nonce: parseNumber(tx.nonce, `${where}.transaction.nonce`),
          to: toRaw === undefined || toRaw === "" || toRaw === "0x" ? undefined : parseAddress(toRaw, `${where}.transaction.to`),
          data: parseBytes(datas[idx.data], `${where}.transaction.data[${idx.data}]`),
          gasLimit: parseNumber(gasLimits[idx.gas], `${where}.transaction.gasLimit[${idx.gas}]`),
          value: parseNumber(values[idx.value], `${where}.transaction.value[${idx.value}]`),
          gasPrice: tx.gasPrice === undefined ? undefined : parseNumber(tx.gasPrice, `${where}.transaction.gasPrice`),
          maxFeePerGas: tx.maxFeePerGas === undefined ? undefined : parseNumber(tx.maxFeePerGas, `${where}.transaction.maxFeePerGas`),
          maxPriorityFeePerGas: tx.maxPriorityFeePerGas === undefined ? undefined : parseNumber(tx.maxPriorityFeePerGas, `${where}.transaction.maxPriorityFeePerGas`),
          accessList: accessLists ? parseAccessList(accessLists[idx.data], `${where}.transaction.accessLists[${idx.data}]`) : undefined,
          maxFeePerBlobGas: tx.maxFeePerBlobGas === undefined ? undefined : parseNumber(tx.maxFeePerBlobGas, `${where}.transaction.maxFeePerBlobGas`),
          blobVersionedHashes: (tx.blobVersionedHashes as unknown[] | undefined)?.map((h, j) => bytesToHex(parseBytes(h, `${where}.transaction.blobVersionedHashes[${j}]`))),
        },
        expected: {
          stateRoot: bytesToHex(parseBytes(entry.hash, `${field}.hash`)),
          logsHash: bytesToHex(parseBytes(entry.logs, `${field}.logs`)),
          exception: typeof entry.expectException === "string" ? entry.expectException : undefined,
          txBytes: typeof entry.txbytes === "string" ? (entry.txbytes as Hex) : undefined,
        },
      });
    }
  }
  return cases;
}
