// Test/bench entry point: exposes the keccak module on its own so it can be
// compiled and exercised without the rest of the interpreter. `memory` is
// exported by asc by default.
export { keccak256, keccak256Word, keccak256TwoWords, keccak256Batch } from "../../assembly/keccak";

// First free byte after static data (stub runtime never allocates), 16-aligned;
// the JS side uses everything from here up as its scratch area and grows
// memory itself when it needs more.
export function scratchBase(): usize {
  return (__heap_base + 15) & ~<usize>15;
}
