// The batch formats that cross the WASM/JS boundary: one input block per message, one output
// block per result, one change set per transaction. The JS side is src/wasm/abi.ts; the two files
// describe the same bytes and change together. Integers are little-endian; addresses, words and
// hashes are big-endian bytes, as JS holds them.

// Message input block.
export const IN_FLAGS: usize = 0; // u32, MessageFlags
export const IN_DATA_LEN: usize = 4; // u32
export const IN_CODE_LEN: usize = 8; // u32: code override length
export const IN_ACCESS_LIST_LEN: usize = 12; // u32: byte length of the access list section
export const IN_GAS: usize = 16; // u64
export const IN_NUMBER: usize = 24; // u64
export const IN_TIMESTAMP: usize = 32; // u64
export const IN_GAS_LIMIT: usize = 40; // u64 (block)
export const IN_CHAIN_ID: usize = 48; // u64
export const IN_BLOB_HASHES: usize = 56; // u32: count of blob versioned hashes
export const IN_CALLER: usize = 64; // 20 bytes
export const IN_ORIGIN: usize = 96; // 20 bytes
export const IN_TO: usize = 128; // 20 bytes
export const IN_COINBASE: usize = 160; // 20 bytes
export const IN_VALUE: usize = 192; // 32 bytes
export const IN_GAS_PRICE: usize = 224; // 32 bytes
export const IN_BASE_FEE: usize = 256; // 32 bytes
export const IN_PREV_RANDAO: usize = 288; // 32 bytes
export const IN_BLOB_BASE_FEE: usize = 320; // 32 bytes
export const IN_INTRINSIC_GAS: usize = 352; // u64: the transaction's intrinsic gas (with ChargeFees)
export const IN_PRIORITY_FEE: usize = 384; // 32 bytes: wei per gas paid to the coinbase (with ChargeFees)
export const IN_UPFRONT_FEE: usize = 416; // 32 bytes: wei taken from the sender before execution (with ChargeFees)
export const IN_HEADER_SIZE: usize = 448;
// Then: data, code override, blob hashes (32 bytes each), access list entries
// (address 20 bytes, u32 key count, keys 32 bytes each).

export const enum MessageFlags {
  Create = 1,
  CodeOverride = 2,
  /** Bump the caller's nonce before running (what a transaction and ethereumjs' runCall do). */
  BumpNonce = 4,
  /** Warm the sender, the recipient, the precompiles and the coinbase (EIP-2929, EIP-3651). */
  WarmTransactionAddresses = 8,
  /** Move `value` from caller to recipient (a plain call always does; flag kept for symmetry). */
  TransferValue = 16,
  /**
   * Settle fees as a transaction does: take IN_UPFRONT_FEE from the sender first; afterwards
   * refund the unused gas (refund counter capped per EIP-3529) at IN_GAS_PRICE and pay the coinbase
   * IN_PRIORITY_FEE per gas used. IN_GAS is the gas left after the intrinsic gas.
   */
  ChargeFees = 32,
}

// Message output block.
export const OUT_STATUS: usize = 0; // u32, Status
export const OUT_DATA_LEN: usize = 4; // u32
export const OUT_GAS_LEFT: usize = 8; // i64
export const OUT_REFUND: usize = 16; // i64
export const OUT_CREATED: usize = 24; // 20 bytes
export const OUT_HAS_CREATED: usize = 44; // u32
export const OUT_LOG_COUNT: usize = 48; // u32
export const OUT_LOGS_LEN: usize = 52; // u32
export const OUT_TX_GAS_USED: usize = 56; // u64: the receipt's gas used (with ChargeFees)
export const OUT_HEADER_SIZE: usize = 64;
// Then: output data, then logs (address 20, u32 topic count, topics 32 each, u32 data length, data).

// Change set (after finalizeTransaction): u32 account count, u32 slot count, then accounts
// (address 20, u32 ChangeFlags, u64 nonce, balance 32, code hash 32, u32 code length, code bytes
// when CodeChanged), then slots (address 20, slot 32, value 32).
export const enum ChangeFlags {
  Deleted = 1,
  CodeChanged = 2,
}

let input: usize = 0;
let inputCap: usize = 0;
let output: usize = 0;
let outputCap: usize = 0;

/** A buffer of at least `size` bytes for the next input block (its address may change per call). */
export function inputBuffer(size: usize): usize {
  if (size > inputCap) {
    if (input != 0) heap.free(input);
    inputCap = max<usize>(size, 4096);
    input = heap.alloc(inputCap);
  }
  return input;
}

@inline export function inputBlock(): usize { return input; }

/** Makes the output buffer at least `size` bytes, keeping its contents. */
export function reserveOutput(size: usize): usize {
  if (size > outputCap) {
    const cap = max<usize>(size, outputCap << 1);
    output = output == 0 ? heap.alloc(cap) : heap.realloc(output, cap);
    outputCap = cap;
  }
  return output;
}

@inline export function outputBlock(): usize { return output; }
