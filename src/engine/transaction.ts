// Transaction processing for Cancun on the WASM engine: validity rules (nonce, balance, fee caps,
// intrinsic gas, EIP-3860, EIP-3607, EIP-4844), then one message with fee settlement in WASM.
import { OvmError } from "../errors.js";
import type { Hex } from "../hex.js";
import { hexToBytes } from "../hex.js";
import type { BlockEnv } from "../evm/types.js";
import { MessageFlags, type AccessListEntry, type MessageOutput } from "../wasm/abi.js";
import type { WasmEvm } from "../wasm/instance.js";
import type { WorldState } from "../state/world-state.js";
import { normalizeAddress } from "../state/world-state.js";
import { intrinsicGas, MAX_INITCODE_SIZE } from "./intrinsic-gas.js";

export type TransactionType = 0 | 1 | 2 | 3;

export interface Transaction {
  type: TransactionType;
  /** The sender, already recovered from the signature (or given, for unsigned test inputs). */
  from: Hex;
  nonce: bigint;
  gasLimit: bigint;
  /** undefined: contract creation. */
  to?: Hex;
  value: bigint;
  data: Uint8Array;
  /** Legacy and EIP-2930. */
  gasPrice?: bigint;
  /** EIP-1559 and EIP-4844. */
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  accessList?: AccessListEntry[];
  /** EIP-4844. */
  maxFeePerBlobGas?: bigint;
  blobVersionedHashes?: Hex[];
  chainId?: bigint;
}

export type InvalidTransactionReason =
  | "NONCE_MISMATCH" | "NONCE_MAX" | "INSUFFICIENT_FUNDS" | "INTRINSIC_GAS_TOO_LOW" | "GAS_LIMIT_EXCEEDS_BLOCK"
  | "FEE_CAP_BELOW_BASE_FEE" | "PRIORITY_FEE_ABOVE_FEE_CAP" | "INITCODE_TOO_LARGE" | "SENDER_NOT_EOA"
  | "BLOB_FEE_CAP_TOO_LOW" | "BLOB_TX_WITHOUT_BLOBS" | "BLOB_TX_CREATE" | "BLOB_VERSION_INVALID" | "TOO_MANY_BLOBS"
  | "WRONG_CHAIN_ID" | "GAS_PRICE_OVERFLOW" | "TYPE_NOT_SUPPORTED";

/** A transaction that cannot be included: nothing about the state changes. */
export class InvalidTransactionError extends OvmError {
  constructor(readonly reason: InvalidTransactionReason, message: string) {
    super("INVALID_ARGUMENT", `invalid transaction (${reason}): ${message}`, { reason });
    this.name = "InvalidTransactionError";
  }
}

// EIP-4844 constants.
export const GAS_PER_BLOB = 131072n;
export const MAX_BLOBS_PER_BLOCK = 6n;
export const VERSIONED_HASH_VERSION_KZG = 0x01;
export const MIN_BLOB_BASE_FEE = 1n;
export const BLOB_BASE_FEE_UPDATE_FRACTION = 3338477n;
const U256_MAX = (1n << 256n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

/** EIP-4844's fake_exponential: the blob base fee from the excess blob gas. */
export function blobBaseFee(excessBlobGas: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accumulator = MIN_BLOB_BASE_FEE * BLOB_BASE_FEE_UPDATE_FRACTION;
  while (accumulator > 0n) {
    output += accumulator;
    accumulator = (accumulator * excessBlobGas) / (BLOB_BASE_FEE_UPDATE_FRACTION * i);
    i++;
  }
  return output / BLOB_BASE_FEE_UPDATE_FRACTION;
}

export interface TransactionReceipt {
  status: number;
  success: boolean;
  gasUsed: bigint;
  output: MessageOutput;
  createdAddress?: Hex;
}

function invalid(reason: InvalidTransactionReason, message: string): never {
  throw new InvalidTransactionError(reason, message);
}

/** Checks validity against the state and block; returns the effective gas price and the fees to move. */
export function validateTransaction(state: WorldState, tx: Transaction, block: BlockEnv) {
  const sender = state.getAccount(normalizeAddress(tx.from));
  const nonce = sender?.nonce ?? 0n;
  const balance = sender?.balance ?? 0n;
  if (tx.chainId !== undefined && tx.type !== 0 && tx.chainId !== block.chainId) invalid("WRONG_CHAIN_ID", `chain id ${tx.chainId}, expected ${block.chainId}`);
  if (sender && sender.code.length > 0) invalid("SENDER_NOT_EOA", "the sender has code (EIP-3607)");
  if (nonce === U64_MAX) invalid("NONCE_MAX", "the sender's nonce is at its maximum (EIP-2681)");
  if (tx.nonce !== nonce) invalid("NONCE_MISMATCH", `nonce ${tx.nonce}, the sender's is ${nonce}`);
  if (tx.gasLimit > block.gasLimit) invalid("GAS_LIMIT_EXCEEDS_BLOCK", `gas limit ${tx.gasLimit} above the block's ${block.gasLimit}`);
  if (tx.to === undefined && tx.data.length > MAX_INITCODE_SIZE) invalid("INITCODE_TOO_LARGE", `init code of ${tx.data.length} bytes (EIP-3860)`);
  const intrinsic = intrinsicGas(tx.data, tx.to === undefined, tx.accessList);
  if (tx.gasLimit < intrinsic) invalid("INTRINSIC_GAS_TOO_LOW", `gas limit ${tx.gasLimit} below intrinsic gas ${intrinsic}`);

  let maxFee: bigint, priorityCap: bigint;
  if (tx.type === 0 || tx.type === 1) {
    maxFee = tx.gasPrice ?? 0n;
    priorityCap = maxFee;
  } else {
    maxFee = tx.maxFeePerGas ?? 0n;
    priorityCap = tx.maxPriorityFeePerGas ?? 0n;
    if (priorityCap > maxFee) invalid("PRIORITY_FEE_ABOVE_FEE_CAP", `priority fee ${priorityCap} above fee cap ${maxFee}`);
  }
  if (maxFee > U256_MAX || priorityCap > U256_MAX) invalid("GAS_PRICE_OVERFLOW", "fee above 2^256");
  if (maxFee < block.baseFee) invalid("FEE_CAP_BELOW_BASE_FEE", `fee cap ${maxFee} below base fee ${block.baseFee}`);
  const effectiveGasPrice = priorityCap < maxFee - block.baseFee ? block.baseFee + priorityCap : maxFee;
  const priorityFee = effectiveGasPrice - block.baseFee;

  let blobGas = 0n;
  let maxBlobCost = 0n;
  if (tx.type === 3) {
    const hashes = tx.blobVersionedHashes ?? [];
    if (tx.to === undefined) invalid("BLOB_TX_CREATE", "a blob transaction cannot create a contract");
    if (hashes.length === 0) invalid("BLOB_TX_WITHOUT_BLOBS", "a blob transaction needs at least one blob");
    if (BigInt(hashes.length) > MAX_BLOBS_PER_BLOCK) invalid("TOO_MANY_BLOBS", `${hashes.length} blobs, at most ${MAX_BLOBS_PER_BLOCK}`);
    for (const h of hashes) if (hexToBytes(h)[0] !== VERSIONED_HASH_VERSION_KZG) invalid("BLOB_VERSION_INVALID", `versioned hash ${h}`);
    if ((tx.maxFeePerBlobGas ?? 0n) < block.blobBaseFee) invalid("BLOB_FEE_CAP_TOO_LOW", `blob fee cap ${tx.maxFeePerBlobGas} below ${block.blobBaseFee}`);
    blobGas = GAS_PER_BLOB * BigInt(hashes.length);
    maxBlobCost = blobGas * (tx.maxFeePerBlobGas ?? 0n);
  }
  const maxCost = tx.gasLimit * maxFee + tx.value + maxBlobCost;
  if (balance < maxCost) invalid("INSUFFICIENT_FUNDS", `balance ${balance} below the maximum cost ${maxCost}`);
  const upfront = tx.gasLimit * effectiveGasPrice + blobGas * block.blobBaseFee;
  return { intrinsic, effectiveGasPrice, priorityFee, upfront };
}

/**
 * Validates and executes `tx` in `evm` (whose world state is `state`), committing its changes.
 * Throws InvalidTransactionError, with nothing changed, when the transaction is invalid.
 */
export function executeTransaction(evm: WasmEvm, state: WorldState, tx: Transaction, block: BlockEnv): TransactionReceipt {
  const { intrinsic, effectiveGasPrice, priorityFee, upfront } = validateTransaction(state, tx, block);
  const output = evm.run({
    flags: MessageFlags.BumpNonce | MessageFlags.WarmTransactionAddresses | MessageFlags.ChargeFees |
      (tx.to === undefined ? MessageFlags.Create : 0),
    caller: hexToBytes(tx.from),
    origin: hexToBytes(tx.from),
    to: tx.to ? hexToBytes(tx.to) : undefined,
    value: tx.value,
    gas: tx.gasLimit - intrinsic,
    gasPrice: effectiveGasPrice,
    data: tx.data,
    block,
    accessList: tx.accessList,
    blobHashes: tx.blobVersionedHashes?.map((h) => hexToBytes(h)),
    fees: { intrinsicGas: intrinsic, upfront, priorityFee },
  });
  evm.commit();
  return {
    status: output.status,
    success: output.status === 0,
    gasUsed: output.transactionGasUsed,
    output,
    createdAddress: output.createdAddress,
  };
}
