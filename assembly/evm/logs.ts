// Logs of the running transaction, serialized as they are emitted in the output format of abi.ts,
// so the result needs no second pass. A reverting frame truncates back to its mark.
let buffer: usize = 0;
let length: u32 = 0;
let capacity: u32 = 0;
let count: u32 = 0;

export function resetLogs(): void { length = 0; count = 0; }
@inline export function logsLength(): u32 { return length; }
@inline export function logCount(): u32 { return count; }
@inline export function logsBuffer(): usize { return buffer; }

export function truncateLogs(len: u32, n: u32): void { length = len; count = n; }

/** Space for one log of `topics` topics and `dataLen` data bytes; returns where to write it. */
export function appendLog(topics: u32, dataLen: u32): usize {
  const size = 20 + 4 + topics * 32 + 4 + dataLen;
  if (length + size > capacity) {
    let cap = capacity == 0 ? <u32>4096 : capacity;
    while (cap < length + size) cap <<= 1;
    buffer = buffer == 0 ? heap.alloc(cap) : heap.realloc(buffer, cap);
    capacity = cap;
  }
  const at = buffer + length;
  length += size;
  count++;
  return at;
}
