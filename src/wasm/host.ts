// The host side of assembly/host.ts: answers the WASM engine's cache misses from the world state.
// Runs only on a miss (first touch of an account, code or slot in a transaction), never per opcode.
import type { StoredAccount, WorldState } from "../state/world-state.js";
import { bytesToHex, type Hex } from "../hex.js";
import { runHostPrecompile } from "../evm/precompiles.js";

export interface HostContext {
  state(): WorldState;
  memory(): Uint8Array;
  blockHash(number: bigint): Uint8Array;
  /** Debug tracing (only called after `setTracing(true)`): the stack top is `stack[0]`. */
  trace?(step: TraceStep): void;
  /** Sees every load the engine makes (witness recording, src/validate/witness.ts). */
  observer?(): LoadObserver | undefined;
}

/** What the engine loaded from the world state on a cache miss (account undefined: absent). */
export interface LoadObserver {
  account(address: Hex, account: StoredAccount | undefined): void;
  storage(address: Hex, slot: Hex, value: Uint8Array): void;
}

export interface TraceStep {
  pc: number;
  opcode: number;
  gasLeft: bigint;
  depth: number;
  stackHeight: number;
  /** Top of stack (up to 4 items) as bigints. */
  stackTop: bigint[];
}

export function createHostImports(host: HostContext): WebAssembly.Imports {
  let precompileOutput: Uint8Array = new Uint8Array(0);
  const address = (mem: Uint8Array, at: number) => bytesToHex(mem.subarray(at, at + 20));
  return {
    env: {
      abort(messagePtr: number, filePtr: number, line: number, column: number): never {
        throw new Error(`WASM engine aborted at ${line}:${column} (message at ${messagePtr}, file at ${filePtr})`);
      },
    },
    host: {
      loadAccount(addressPtr: number, out: number): number {
        const mem = host.memory();
        const state = host.state();
        const at = address(mem, addressPtr);
        const account = state.getAccount(at);
        host.observer?.()?.account(at, account);
        if (!account) return 0;
        const view = new DataView(mem.buffer, mem.byteOffset + out, 80);
        view.setBigUint64(0, account.nonce, true);
        let b = account.balance;
        for (let i = 39; i >= 8; i--) { mem[out + i] = Number(b & 0xffn); b >>= 8n; }
        mem.set(account.codeHash, out + 40);
        view.setUint32(72, account.code.length, true);
        view.setUint32(76, state.hasStorage(at, account) ? 0 : 1, true);
        return 1;
      },
      loadCode(addressPtr: number, out: number): void {
        const mem = host.memory();
        const account = host.state().getAccount(address(mem, addressPtr));
        if (account) mem.set(account.code, out);
      },
      loadStorage(addressPtr: number, slotPtr: number, out: number): void {
        const mem = host.memory();
        const at = address(mem, addressPtr);
        const slot = bytesToHex(mem.subarray(slotPtr, slotPtr + 32));
        const value = host.state().getStorage(at, slot);
        host.observer?.()?.storage(at, slot, value);
        mem.set(value, out);
      },
      blockHash(number: bigint, out: number): void {
        host.memory().set(host.blockHash(BigInt.asUintN(64, number)), out);
      },
      runPrecompile(id: number, input: number, len: number, gas: bigint): bigint {
        const mem = host.memory();
        const result = runHostPrecompile(id, mem.slice(input, input + len), gas);
        if (!result) return -1n;
        precompileOutput = result.output;
        return result.gasUsed;
      },
      precompileOutputLength(): number {
        return precompileOutput.length;
      },
      precompileOutput(out: number): void {
        host.memory().set(precompileOutput, out);
      },
      trace(pc: number, opcode: number, gasLeft: bigint, depth: number, stackHeight: number, sp: number): void {
        if (!host.trace) return;
        const mem = host.memory();
        const stackTop: bigint[] = [];
        for (let k = 1; k <= Math.min(4, stackHeight); k++) {
          let v = 0n;
          for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(mem[sp - 32 * k + i]);
          stackTop.push(v);
        }
        host.trace({ pc, opcode, gasLeft, depth, stackHeight, stackTop });
      },
    },
  };
}
