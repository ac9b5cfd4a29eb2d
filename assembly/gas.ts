// Gas schedule of the Cancun fork, named and grouped by the EIP that set each figure.
// Instruction bodies use these names only: no bare numbers.

// Yellow paper (Frontier..Istanbul figures still in force).
export const G_ZERO: i64 = 0;
export const G_JUMPDEST: i64 = 1;
export const G_BASE: i64 = 2;
export const G_VERYLOW: i64 = 3;
export const G_LOW: i64 = 5;
export const G_MID: i64 = 8;
export const G_HIGH: i64 = 10;
export const G_EXP: i64 = 10;
export const G_EXP_BYTE: i64 = 50; // EIP-160
export const G_KECCAK256: i64 = 30;
export const G_KECCAK256_WORD: i64 = 6;
export const G_COPY_WORD: i64 = 3;
export const G_MEMORY_WORD: i64 = 3;
export const G_QUAD_COEFF_DIV: i64 = 512;
export const G_LOG: i64 = 375;
export const G_LOG_TOPIC: i64 = 375;
export const G_LOG_DATA_BYTE: i64 = 8;
export const G_BLOCKHASH: i64 = 20;
export const G_CREATE: i64 = 32000;
export const G_CODE_DEPOSIT_BYTE: i64 = 200;
export const G_CALL_VALUE: i64 = 9000;
export const G_CALL_STIPEND: i64 = 2300;
export const G_NEW_ACCOUNT: i64 = 25000;
export const G_SELFDESTRUCT: i64 = 5000; // EIP-150

// EIP-2929 (Berlin): warm/cold access. Warm cost is charged as the instruction's base gas; the cold
// surcharge is the difference, charged only on first access in the transaction.
export const G_WARM_ACCESS: i64 = 100;
export const G_COLD_ACCOUNT_ACCESS: i64 = 2600;
export const G_COLD_SLOAD: i64 = 2100;
export const G_COLD_ACCOUNT_SURCHARGE: i64 = G_COLD_ACCOUNT_ACCESS - G_WARM_ACCESS;
export const G_COLD_SLOAD_SURCHARGE: i64 = G_COLD_SLOAD - G_WARM_ACCESS;

// EIP-2200 + EIP-2929 + EIP-3529: SSTORE.
export const G_SSTORE_SET: i64 = 20000;
export const G_SSTORE_RESET: i64 = 5000 - G_COLD_SLOAD; // 2900
export const G_SSTORE_SENTRY: i64 = 2300; // EIP-2200: SSTORE fails if gasleft <= stipend
export const R_SSTORE_CLEARS: i64 = 4800; // EIP-3529: SSTORE_RESET + ACCESS_LIST_STORAGE_KEY
export const MAX_REFUND_QUOTIENT: i64 = 5; // EIP-3529

// EIP-1153 (Cancun): transient storage costs a warm access, no cold surcharge, no refunds.
export const G_TLOAD: i64 = G_WARM_ACCESS;
export const G_TSTORE: i64 = G_WARM_ACCESS;

// EIP-3860 (Shanghai): init code metering and limit; EIP-1014: CREATE2 hashes init code.
export const G_INITCODE_WORD: i64 = 2;
export const G_KECCAK_WORD_CREATE2: i64 = G_KECCAK256_WORD;
export const MAX_CODE_SIZE: i32 = 24576; // EIP-170
export const MAX_INITCODE_SIZE: i32 = 2 * MAX_CODE_SIZE; // EIP-3860

// EIP-5656 (Cancun): MCOPY costs like the other copies.
// EIP-4844 (Cancun): BLOBHASH.
export const G_BLOBHASH: i64 = 3;

// EIP-150: a call forwards at most all but one 64th of the remaining gas.
export const CALL_GAS_RETAINED_DIVISOR: i64 = 64;
export const MAX_CALL_DEPTH: i32 = 1024;
export const STACK_LIMIT: i32 = 1024;

// Transaction-level (yellow paper, EIP-2028, EIP-2930, EIP-3860).
export const G_TX: i64 = 21000;
export const G_TX_CREATE: i64 = 32000;
export const G_TX_DATA_ZERO: i64 = 4;
export const G_TX_DATA_NONZERO: i64 = 16; // EIP-2028
export const G_ACCESS_LIST_ADDRESS: i64 = 2400; // EIP-2930
export const G_ACCESS_LIST_STORAGE_KEY: i64 = 1900; // EIP-2930
