// One instance of the WASM engine bound to a world state: runs messages, hands back change sets.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { loadWasmModule, type EngineExports } from "./module.js";
import { createHostImports, type LoadObserver, type TraceStep } from "./host.js";
import { encodeMessage, decodeOutput, decodeChangeSet, messageSize, type MessageInput, type MessageOutput, type ChangeSet } from "./abi.js";
import type { WorldState } from "../state/world-state.js";
import { OvmError } from "../errors.js";


/** Default BLOCKHASH answer when no chain is attached: keccak256 of the block number, as test tools do. */
function syntheticBlockHash(number: bigint): Uint8Array {
  return keccak_256(new TextEncoder().encode(number.toString()));
}

export class WasmEvm {
  private readonly exports: EngineExports;
  private state: WorldState;
  /** Set when a host call threw mid-message: the WASM cache may be half-updated and is rebuilt. */
  private poisoned = false;
  private tracer: ((step: TraceStep) => void) | undefined;
  /** Sees the loads from the world state (witness recording); none by default. */
  loadObserver: LoadObserver | undefined;

  /**
   * `trace: true` loads the trace build, which reports every instruction to `setTracer`'s callback
   * (its gas figure is the gas left after the current basic block's base gas was charged).
   */
  constructor(state: WorldState, blockHash: (n: bigint) => Uint8Array = syntheticBlockHash, options: { trace?: boolean } = {}) {
    this.state = state;
    let memory: WebAssembly.Memory | undefined;
    const imports = createHostImports({
      state: () => this.state,
      memory: () => new Uint8Array(memory!.buffer),
      blockHash,
      trace: (step) => this.tracer?.(step),
      observer: () => this.loadObserver,
    });
    const instance = new WebAssembly.Instance(loadWasmModule(options.trace ? "trace" : "release"), imports);
    this.exports = instance.exports as unknown as EngineExports;
    memory = this.exports.memory;
    this.exports._initialize();
  }

  /** Reports every instruction to `tracer` before it runs (only on an instance made with `trace: true`). */
  setTracer(tracer: ((step: TraceStep) => void) | undefined): void {
    this.tracer = tracer;
  }

  get worldState(): WorldState {
    return this.state;
  }

  /** Points the engine at another world state (its cache is dropped). */
  setWorldState(state: WorldState): void {
    this.state = state;
    this.exports.resetState();
  }

  /** The world state changed outside the engine: forget the cache. */
  invalidateCache(): void {
    this.exports.resetState();
  }

  private mem(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  /** Runs one message; state changes stay pending until `commit` or `discard`. */
  run(message: MessageInput): MessageOutput {
    if (this.poisoned) {
      this.exports.resetState();
      this.poisoned = false;
    }
    const at = this.exports.inputBuffer(messageSize(message));
    encodeMessage(this.mem(), at, message);
    let out: number;
    try {
      out = this.exports.executeMessage();
    } catch (e) {
      this.poisoned = true;
      if (e instanceof OvmError) throw e;
      throw new OvmError("ENGINE_FAULT", `the WASM engine failed: ${(e as Error).message}`, e);
    }
    return decodeOutput(this.mem(), out);
  }

  /** Ends the transaction: applies its changes to the world state and returns them. */
  commit(): ChangeSet {
    const at = this.exports.finalizeTransaction(); // may grow memory: take the view afterwards
    const changes = decodeChangeSet(this.mem(), at);
    this.state.applyChanges(changes);
    return changes;
  }

  /** Ends the transaction leaving no trace (eth_call). */
  discard(): void {
    this.exports.discardTransaction();
  }

  /** Size of the instance's linear memory in bytes. */
  memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** keccak-256 in the engine's WASM (used by JS callers that hash in bulk). */
  keccak256(data: Uint8Array): Uint8Array {
    const at = this.exports.inputBuffer(data.length + 32);
    this.mem().set(data, at);
    this.exports.keccak256(at, data.length, at + data.length);
    return this.mem().slice(at + data.length, at + data.length + 32);
  }
}

