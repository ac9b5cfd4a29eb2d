// The host interface: the only functions the WASM engine imports. JS answers them on a cache miss
// (the state lives in JS; WASM keeps a cache of what a transaction touched), so none of them runs
// per opcode. Addresses, slots and values cross as big-endian bytes, the way JS holds them.
// The JS side of this interface is src/wasm/host.ts.

/**
 * Looks an account up. Writes at `out`: nonce (u64 LE), balance (32 bytes BE), code hash (32 bytes
 * BE), code length (u32 LE), storage-is-empty flag (u32 LE, 1 when the account has no storage).
 * Returns 1 if the account exists, 0 otherwise (then `out` is left alone).
 */
@external("host", "loadAccount")
export declare function hostLoadAccount(address: usize, out: usize): i32;

/** Writes the account's code (its length came from loadAccount) at `out`. */
@external("host", "loadCode")
export declare function hostLoadCode(address: usize, out: usize): void;

/** Writes the slot's committed value (32 bytes BE) at `out`. */
@external("host", "loadStorage")
export declare function hostLoadStorage(address: usize, slot: usize, out: usize): void;

/** Writes the hash of block `number` (32 bytes BE) at `out`; the engine only asks for the last 256. */
@external("host", "blockHash")
export declare function hostBlockHash(number: u64, out: usize): void;

/**
 * Runs precompile `id` (1..10) on `input`/`inputLen` with `gas` available. Returns the gas it
 * used, or -1 when it fails (out of gas or invalid input: all gas is consumed). The output is
 * fetched afterwards with `precompileOutput`.
 */
@external("host", "runPrecompile")
export declare function hostRunPrecompile(id: i32, input: usize, inputLen: u32, gas: i64): i64;

/** Length of the last precompile output. */
@external("host", "precompileOutputLength")
export declare function hostPrecompileOutputLength(): u32;

/** Copies the last precompile output to `out`. */
@external("host", "precompileOutput")
export declare function hostPrecompileOutput(out: usize): void;

/** Debug tracing only (off unless the host turns it on): one call per instruction, before it runs. */
@external("host", "trace")
export declare function hostTrace(pc: u32, op: u32, gas: i64, depth: i32, stackHeight: u32, sp: usize): void;
