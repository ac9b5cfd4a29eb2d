// Test and benchmark harness for assembly/u256.ts: re-exports every operation so that the test
// can call it with pointers into this module's memory, plus a static I/O area and in-WASM loops
// for timing (one JS call per million operations, not per operation).
import {
  add, sub, mul, div, mod, sdiv, smod, addmod, mulmod, exp, signextend,
  lt, gt, slt, sgt, eq, iszero, and, or, xor, not, byteAt, shl, shr, sar,
  isZero, fitsU64, lo64, setU64, setZero, copy, eqWords, byteLength,
  loadBE, storeBE32, loadBE32, storeAddressBE, loadAddressBE,
} from "../../assembly/u256";

export {
  add, sub, mul, div, mod, sdiv, smod, addmod, mulmod, exp, signextend,
  lt, gt, slt, sgt, eq, iszero, and, or, xor, not, byteAt, shl, shr, sar,
  isZero, fitsU64, lo64, setU64, setZero, copy, eqWords, byteLength,
  loadBE, storeBE32, loadBE32, storeAddressBE, loadAddressBE,
};

const IO: usize = memory.data(8192, 16);

export function io(): usize {
  return IO;
}

// Each loop feeds its result back into an operand so that no call can be hoisted or skipped,
// and perturbs inputs with the counter so branch predictors see varying data.

export function benchMulmod(iters: i32, a: usize, b: usize, n: usize): void {
  for (let i = 0; i < iters; i++) mulmod(a, a, b, n);
}

export function benchAddmod(iters: i32, a: usize, b: usize, n: usize): void {
  for (let i = 0; i < iters; i++) addmod(a, a, b, n);
}

export function benchMul(iters: i32, a: usize, b: usize): void {
  for (let i = 0; i < iters; i++) {
    mul(a, a, b);
    store<u64>(a, load<u64>(a) | 1); // keep the chain odd so it never collapses to zero
  }
}

export function benchDiv(iters: i32, r: usize, a: usize, b: usize): void {
  for (let i = 0; i < iters; i++) {
    store<u64>(a, load<u64>(a) + <u64>i);
    div(r, a, b);
  }
}

export function benchMod(iters: i32, r: usize, a: usize, b: usize): void {
  for (let i = 0; i < iters; i++) {
    store<u64>(a, load<u64>(a) + <u64>i);
    mod(r, a, b);
  }
}

export function benchExp(iters: i32, r: usize, base: usize, e: usize): void {
  for (let i = 0; i < iters; i++) {
    store<u64>(base, load<u64>(base) + 2);
    exp(r, base, e);
  }
}

export function benchAdd(iters: i32, a: usize, b: usize): void {
  for (let i = 0; i < iters; i++) add(a, a, b);
}

// MSTORE then MLOAD of a freshly computed word, as Solidity code does with its scratch space.
export function benchStoreBE32(iters: i32, dst: usize, a: usize, b: usize): void {
  for (let i = 0; i < iters; i++) {
    add(a, a, b);
    storeBE32(dst, a);
    loadBE32(a, dst);
  }
}

// A mix shaped like elliptic-curve field arithmetic: pseudo-random reduced operands flowing
// between MULMOD and ADDMOD (three operations per iteration).
export function benchField(iters: i32, a: usize, b: usize, c: usize, n: usize): void {
  for (let i = 0; i < iters; i++) {
    mulmod(a, a, b, n);
    addmod(c, c, a, n);
    addmod(b, b, c, n);
  }
}

// ADDMOD over a table of operands (`count` words at `tbl`, count a power of two), so that
// data-dependent branches see unpredictable inputs.
export function benchAddmodTable(iters: i32, r: usize, tbl: usize, count: i32, n: usize): void {
  const mask = count - 1;
  for (let i = 0; i < iters; i++) {
    addmod(r, tbl + (<usize>(i & mask) << 5), tbl + (<usize>((i * 7 + 3) & mask) << 5), n);
    addmod(tbl + (<usize>((i + 1) & mask) << 5), r, tbl + (<usize>((i * 3 + 1) & mask) << 5), n);
  }
}
