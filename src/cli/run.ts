// `ovm run`: execute code as the receiver's code in plain-EVM mode, like geth's `evm run`.
import { readFileSync } from "node:fs";
import { WasmEvm } from "../wasm/instance.js";
import { MessageFlags } from "../wasm/abi.js";
import { WorldState, normalizeAddress } from "../state/world-state.js";
import { bytesToHex, hexToBytes, parseAddress, parseQuantity } from "../hex.js";
import { OvmError } from "../errors.js";
import { DEFAULT_BLOCK, DEFAULT_RECEIVER, DEFAULT_SENDER, blockHashOf } from "../evm/defaults.js";
import { statusName } from "../evm/message-runner.js";
import type { PreState, AccountState, Hex } from "../evm/types.js";
import { parseArgs, hexArgument } from "./args.js";

/** geth's `evm run` default gas. */
const DEFAULT_GAS = 10_000_000_000n;

/** Reads a geth-style genesis `alloc` (or a genesis holding one). */
export function readPrestate(file: string): PreState {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new OvmError("PRESTATE_INVALID", `--prestate ${file}: ${(e as Error).message}`);
  }
  const alloc = (json && typeof json === "object" && "alloc" in json ? (json as { alloc: unknown }).alloc : json) as Record<string, Record<string, unknown>>;
  if (!alloc || typeof alloc !== "object") throw new OvmError("PRESTATE_INVALID", `--prestate ${file}: expected an object of accounts`);
  const pre: PreState = new Map();
  for (const [address, entry] of Object.entries(alloc)) {
    const field = `--prestate ${address}`;
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      throw new OvmError("PRESTATE_INVALID", `${field}: an account must be an object with balance/nonce/code/storage`);
    }
    const rawStorage = entry.storage ?? {};
    if (!rawStorage || typeof rawStorage !== "object" || Array.isArray(rawStorage)) {
      throw new OvmError("PRESTATE_INVALID", `${field}: storage must be an object of slot -> value`);
    }
    const storage = new Map<Hex, Hex>();
    for (const [slot, value] of Object.entries(rawStorage as Record<string, unknown>)) {
      storage.set(word(slot, `${field} storage key`), word(value, `${field} storage value at ${slot}`));
    }
    const account: AccountState = {
      nonce: entry.nonce === undefined ? 0n : parseQuantity(entry.nonce, `${field} nonce`),
      balance: entry.balance === undefined ? 0n : parseQuantity(entry.balance, `${field} balance`),
      code: entry.code === undefined ? new Uint8Array(0) : hexToBytes(String(entry.code), `${field} code`),
      storage,
    };
    pre.set(normalizeAddress(parseAddress(address, field)), account);
  }
  return pre;
}

/** A storage key or value: hex of at most 32 bytes (odd lengths allowed, as geth allows), as a 32-byte word. */
function word(value: unknown, field: string): Hex {
  if (typeof value !== "string") throw new OvmError("PRESTATE_INVALID", `${field}: expected a hex string`);
  const body = value.replace(/^0x/i, "");
  const bytes = hexToBytes(body.length % 2 ? `0${body}` : body, field);
  if (bytes.length > 32) throw new OvmError("PRESTATE_INVALID", `${field}: more than 32 bytes`);
  return `0x${Buffer.from(bytes).toString("hex").padStart(64, "0")}`;
}

export interface RunOutput {
  output: Hex;
  gasUsed: string;
  error: string | null;
}

export function runCommand(argv: string[]): RunOutput {
  const { flags, positional } = parseArgs(argv, ["code", "input", "gas", "value", "sender", "receiver", "prestate", "repeat"], ["json"]);
  if (positional.length > 0) throw new OvmError("INVALID_ARGUMENT", `unexpected argument ${JSON.stringify(positional[0])}`);
  const codeArg = flags.get("code");
  if (typeof codeArg !== "string") throw new OvmError("INVALID_ARGUMENT", "--code is required (hex, or a file holding hex)");
  const code = hexToBytes(hexArgument(codeArg), "--code");
  const inputArg = flags.get("input");
  const input = typeof inputArg === "string" ? hexToBytes(hexArgument(inputArg), "--input") : new Uint8Array(0);
  const gas = flags.has("gas") ? parseQuantity(flags.get("gas"), "--gas") : DEFAULT_GAS;
  if (gas > 0xffffffffffffffffn) throw new OvmError("INVALID_NUMBER", "--gas does not fit in 64 bits");
  const value = flags.has("value") ? parseQuantity(flags.get("value"), "--value") : 0n;
  const sender = flags.has("sender") ? parseAddress(String(flags.get("sender")), "--sender") : DEFAULT_SENDER;
  const receiver = flags.has("receiver") ? parseAddress(String(flags.get("receiver")), "--receiver") : DEFAULT_RECEIVER;
  const repeat = flags.has("repeat") ? Number(parseQuantity(flags.get("repeat"), "--repeat")) : 1;
  if (repeat < 1) throw new OvmError("INVALID_NUMBER", "--repeat must be at least 1");
  const prestateFile = flags.get("prestate");

  const pre = typeof prestateFile === "string" ? WorldState.fromPreState(readPrestate(prestateFile)) : new WorldState();
  // As geth: the code becomes the receiver's code, so EXTCODE*/CODECOPY all see it.
  pre.putAccount(normalizeAddress(receiver), { code });
  const evm = new WasmEvm(pre.clone(), blockHashOf);
  let result: RunOutput | undefined;
  for (let i = 0; i < repeat; i++) {
    if (i > 0) evm.setWorldState(pre.clone());
    const out = evm.run({
      flags: MessageFlags.WarmTransactionAddresses,
      caller: hexToBytes(sender),
      origin: hexToBytes(sender),
      to: hexToBytes(receiver),
      value,
      gas,
      gasPrice: 0n,
      data: input,
      block: DEFAULT_BLOCK,
    });
    evm.commit();
    result = { output: bytesToHex(out.returnData), gasUsed: (gas - out.gasLeft).toString(), error: out.status === 0 ? null : statusName(out.status) };
  }
  return result!;
}
