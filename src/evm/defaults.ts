import { keccak_256 } from "@noble/hashes/sha3.js";
import type { BlockEnv, Hex } from "./types.js";

/**
 * Block environment used when a run does not specify one. The WASM engine and the
 * reference runner must agree on every field, or block opcodes diverge.
 *
 * - number 1 / timestamp 1: non-zero so that NUMBER/TIMESTAMP are distinguishable from
 *   "unset", and BLOCKHASH(0) falls inside the 256-block window.
 * - coinbase 0x…c0ffee: a recognisable non-zero address; it is warm from the start of
 *   every call (EIP-3651), which makes COINBASE + BALANCE a warm-access test.
 * - gasLimit 30M: the mainnet block gas limit at Cancun.
 * - baseFee 7: the EIP-1559 minimum base fee, so BASEFEE is non-zero.
 * - prevRandao 0x…01: non-zero and obviously synthetic.
 * - chainId 1 (mainnet), blobBaseFee 1 (the EIP-4844 minimum).
 */
export const DEFAULT_BLOCK: Readonly<BlockEnv> = Object.freeze({
  number: 1n,
  timestamp: 1n,
  coinbase: "0x0000000000000000000000000000000000c0ffee",
  gasLimit: 30_000_000n,
  baseFee: 7n,
  prevRandao: "0x0000000000000000000000000000000000000000000000000000000000000001",
  chainId: 1n,
  blobBaseFee: 1n,
});

/** geth `evm run`'s default sender: the ASCII bytes of "sender", right-aligned. */
export const DEFAULT_SENDER: Hex = "0x000000000000000000000000000073656e646572";

/** geth `evm run`'s default receiver: the ASCII bytes of "receiver", right-aligned. */
export const DEFAULT_RECEIVER: Hex = "0x0000000000000000000000007265636569766572";

/**
 * Hash that BLOCKHASH returns for an in-window block number. Both engines need the same
 * rule and there is no chain behind a single run, so this follows the default of geth's
 * core/vm/runtime (which `evm run` leaves in place): keccak256 of the block number
 * written in decimal ASCII.
 */
export function blockHashOf(blockNumber: bigint): Uint8Array {
  return keccak_256(new TextEncoder().encode(blockNumber.toString(10)));
}
