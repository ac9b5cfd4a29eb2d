// Shapes shared by the WASM engine and the reference runners (@ethereumjs/evm), so that
// differential tests and benchmarks compare like with like.

import type { Hex } from "../hex.js";
export type { Hex };

/** Account state as given to a run: a geth-style genesis `alloc` entry, normalised. */
export interface AccountState {
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  /** slot -> value, both as 32-byte big-endian words in 0x-hex (lower-case, zero-padded). */
  storage: Map<Hex, Hex>;
}

/** address (lower-case 0x-hex, 20 bytes) -> account */
export type PreState = Map<Hex, AccountState>;

/** Block environment seen by the block opcodes. Defaults are documented in DEFAULT_BLOCK. */
export interface BlockEnv {
  number: bigint;
  timestamp: bigint;
  coinbase: Hex;
  gasLimit: bigint;
  baseFee: bigint;
  prevRandao: Hex;
  chainId: bigint;
  blobBaseFee: bigint;
}

/** A message call as @ethereumjs/evm's `runCall` takes it (no intrinsic gas, no nonce bump). */
export interface MessageCall {
  caller: Hex;
  origin?: Hex;
  /** undefined: contract creation with `data` as init code */
  to?: Hex;
  data: Uint8Array;
  value: bigint;
  gasLimit: bigint;
  gasPrice?: bigint;
  /** When set, run this code as `to`'s code (geth `evm run` / ethereumjs `runCode` style). */
  codeOverride?: Uint8Array;
}

export interface Log {
  address: Hex;
  topics: Hex[];
  data: Hex;
}

export interface ExecutionResult {
  success: boolean;
  /** Return data, or revert data; empty on exceptional halt. */
  returnData: Uint8Array;
  /** Gas consumed by execution (no intrinsic gas, refund not subtracted): ethereumjs' executionGasUsed. */
  gasUsed: bigint;
  /** Refund counter at the end of execution (EIP-3529 rules), before any cap. */
  gasRefund: bigint;
  logs: Log[];
  /** Address of the created contract, for creations. */
  createdAddress?: Hex;
  /** Short name of why the call failed ("revert" for REVERT), null on success. */
  error: string | null;
}
