// The library API of ovm-spec.md, section 6. Names and shapes are fixed there.
import type { Hex } from "../hex.js";
import type { Log } from "../evm/types.js";

export type EngineMode = "evm" | "ovm";
export type EngineBackend = "wasm" | "hardhat";

export interface EngineOptions {
  /** "ovm": transactions go through the ExecutionManager; "evm": plain EVM, no transpiling. */
  mode?: EngineMode;
  /** "wasm": our engine; "hardhat": the Solidity EM on Hardhat's in-process network. */
  backend?: EngineBackend;
  /** "memory", or a folder for the embedded on-disk store. */
  db?: string;
  /** What CHAINID returns (and signed transactions must carry). */
  chainId?: number | bigint;
}

type Quantity = number | bigint | string;

export interface DeployRequest {
  from: string;
  data: string | Uint8Array;
  gasLimit?: Quantity;
  timestamp?: Quantity;
  value?: Quantity;
}

export interface CallRequest {
  from: string;
  to: string;
  data?: string | Uint8Array;
  gasLimit?: Quantity;
  timestamp?: Quantity;
  value?: Quantity;
}

export interface TransactionResult {
  success: boolean;
  /** Return data, or revert data when the transaction failed. */
  returnData: Hex;
  /** A receipt's gasUsed: intrinsic gas in, refunds out. */
  gasUsed: bigint;
  logs: Log[];
  /** Why it failed ("revert", "out of gas", ...), null on success. */
  error: string | null;
}

export interface DeployResult extends TransactionResult {
  /** The new contract's address; null when the deployment failed. */
  address: Hex | null;
}

export interface Engine {
  readonly mode: EngineMode;
  readonly backend: EngineBackend;
  readonly chainId: bigint;
  deploy(request: DeployRequest): Promise<DeployResult>;
  execute(request: CallRequest): Promise<TransactionResult>;
  call(request: CallRequest): Promise<TransactionResult>;
  getStorage(address: string, slot: string | bigint): Promise<Hex>;
  getCode(address: string): Promise<Hex>;
  stateRoot(): Promise<Hex>;
  close(): Promise<void>;
}
