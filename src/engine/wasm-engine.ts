// The engine in mode "evm" on backend "wasm": each deploy/execute is one transaction (gas price 0,
// no signature: the library API trusts `from`), each call a transaction whose changes are dropped.
import { WasmEvm } from "../wasm/instance.js";
import { MessageFlags, type ChangeSet } from "../wasm/abi.js";
import type { LoadObserver } from "../wasm/host.js";
import { WorldState, normalizeAddress } from "../state/world-state.js";
import { StateTrie } from "../state/trie/state-trie.js";
import { bytesToHex, hexToBytes, parseAddress, parseQuantity, bigintToBytes32, type Hex } from "../hex.js";
import { OvmError } from "../errors.js";
import { DEFAULT_BLOCK, blockHashOf } from "../evm/defaults.js";
import { statusName } from "../evm/message-runner.js";
import type { BlockEnv } from "../evm/types.js";
import { intrinsicGas, receiptGasUsed, MAX_INITCODE_SIZE } from "./intrinsic-gas.js";
import type { CallRequest, DeployRequest, DeployResult, Engine, TransactionResult } from "./types.js";

export const DEFAULT_GAS_LIMIT = 30_000_000n;

function toBytes(data: string | Uint8Array | undefined, field: string): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return typeof data === "string" ? hexToBytes(data, field) : data;
}

/** An engine's world state, WASM instance and state trie, given by a caller that reuses them (validation). */
export interface EngineParts {
  state: WorldState;
  /** Pointed at `state` (its cache dropped) by the engine. */
  evm: WasmEvm;
  /** Follows `state`. */
  trie: StateTrie;
}

/** Sees what the engine loads and commits (witness recording, src/validate/witness.ts). */
export interface EngineObserver {
  loads?: LoadObserver;
  committed?(changes: ChangeSet): void;
}

export class WasmEvmEngine implements Engine {
  readonly mode = "evm" as const;
  readonly backend = "wasm" as const;
  private readonly state: WorldState;
  private readonly evm: WasmEvm;
  /** Follows the state from the start: commits record what they touch, stateRoot() re-hashes only that. */
  private readonly trie: StateTrie;
  private blockNumber = 0n;
  private closed = false;
  private observer: EngineObserver | undefined;

  constructor(readonly chainId: bigint, parts?: EngineParts) {
    this.state = parts?.state ?? new WorldState();
    if (parts) parts.evm.setWorldState(parts.state);
    this.evm = parts?.evm ?? new WasmEvm(this.state, blockHashOf);
    this.trie = parts?.trie ?? StateTrie.of(this.state);
  }

  /** Reports loads and committed change sets to `observer` (undefined: stop). */
  observe(observer: EngineObserver | undefined): void {
    this.observer = observer;
    this.evm.loadObserver = observer?.loads;
  }

  /** Drops the WASM cache: what the next transactions touch is loaded from the world state again. */
  invalidateCache(): void {
    this.evm.invalidateCache();
  }

  /** The trie following the world state. */
  get stateTrie(): StateTrie {
    return this.trie;
  }

  /** A trie of the world state as it is now, following nothing (fed through its own methods). */
  snapshotTrie(): StateTrie {
    return StateTrie.fromWorldState(this.state, { follow: false });
  }

  private ensureOpen(): void {
    if (this.closed) throw new OvmError("ENGINE_CLOSED", "the engine is closed");
  }

  private blockFor(timestamp: unknown): BlockEnv {
    this.blockNumber++;
    const ts = timestamp === undefined ? BigInt(Math.floor(Date.now() / 1000)) : parseQuantity(timestamp, "timestamp");
    return { ...DEFAULT_BLOCK, number: this.blockNumber, timestamp: ts, chainId: this.chainId, baseFee: 0n };
  }

  private runTransaction(request: CallRequest | DeployRequest, isCreate: boolean, keep: boolean) {
    this.ensureOpen();
    const from = parseAddress(request.from, "from");
    const to = isCreate ? undefined : parseAddress((request as CallRequest).to, "to");
    const data = toBytes(request.data, "data");
    const gasLimit = request.gasLimit === undefined ? DEFAULT_GAS_LIMIT : parseQuantity(request.gasLimit, "gasLimit");
    const value = request.value === undefined ? 0n : parseQuantity(request.value, "value");
    if (isCreate && data.length > MAX_INITCODE_SIZE) {
      throw new OvmError("INITCODE_TOO_LARGE", `init code is ${data.length} bytes; EIP-3860 allows at most ${MAX_INITCODE_SIZE}`, { size: data.length });
    }
    const intrinsic = intrinsicGas(data, isCreate);
    if (gasLimit < intrinsic) {
      throw new OvmError("INTRINSIC_GAS", `gasLimit ${gasLimit} is below the intrinsic gas ${intrinsic}`, { gasLimit, intrinsic });
    }
    if (gasLimit > 0xffffffffffffffffn) throw new OvmError("GAS_LIMIT_TOO_HIGH", "gasLimit does not fit in 64 bits", { gasLimit });
    const block = this.blockFor(request.timestamp);
    const executionGas = gasLimit - intrinsic;
    const out = this.evm.run({
      flags: MessageFlags.BumpNonce | MessageFlags.WarmTransactionAddresses | (isCreate ? MessageFlags.Create : 0),
      caller: hexToBytes(from),
      origin: hexToBytes(from),
      to: to ? hexToBytes(to) : undefined,
      value,
      gas: executionGas,
      gasPrice: 0n,
      data,
      block,
    });
    if (keep) {
      const changes = this.evm.commit();
      this.observer?.committed?.(changes);
    } else {
      this.evm.discard();
    }
    const result: TransactionResult = {
      success: out.status === 0,
      returnData: bytesToHex(out.returnData),
      gasUsed: receiptGasUsed(intrinsic, executionGas - out.gasLeft, out.refund),
      logs: out.logs,
      error: out.status === 0 ? null : statusName(out.status),
    };
    return { result, created: out.createdAddress ?? null };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const { result, created } = this.runTransaction(request, true, true);
    return { ...result, address: created };
  }

  async execute(request: CallRequest): Promise<TransactionResult> {
    return this.runTransaction(request, false, true).result;
  }

  async call(request: CallRequest): Promise<TransactionResult> {
    return this.runTransaction(request, false, false).result;
  }

  async getStorage(address: string, slot: string | bigint): Promise<Hex> {
    this.ensureOpen();
    const key = typeof slot === "bigint" ? bytesToHex(bigintToBytes32(slot)) : bytesToHex(bigintToBytes32(parseQuantity(slot, "slot")));
    const at = normalizeAddress(parseAddress(address, "address"));
    const value = this.state.getStorage(at, key);
    // A read of the world state from JS (OvmEngine.getNonce) is a load too, for a witness.
    const loads = this.observer?.loads;
    if (loads) {
      loads.account(at, this.state.getAccount(at));
      loads.storage(at, key, value);
    }
    return bytesToHex(value);
  }

  async getCode(address: string): Promise<Hex> {
    this.ensureOpen();
    return bytesToHex(this.state.getAccount(normalizeAddress(parseAddress(address, "address")))?.code ?? new Uint8Array(0));
  }

  /** Every account the state holds (tests and tools compare state account by account with it). */
  accountAddresses(): Hex[] {
    this.ensureOpen();
    return [...this.state.addresses()];
  }

  /** The non-zero storage slots of an account (tests and tools compare state slot by slot with it). */
  storageSlots(address: string): Hex[] {
    this.ensureOpen();
    return [...(this.state.getAccount(normalizeAddress(parseAddress(address, "address")))?.storage.keys() ?? [])];
  }

  async stateRoot(): Promise<Hex> {
    this.ensureOpen();
    return this.trie.root();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
