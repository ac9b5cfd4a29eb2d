// Precompiled contracts 0x01..0x0a. The identity copy runs here; the others are rarely hot and run
// on the host (well-kept JS libraries), one host call per precompile invocation.
import { G_COPY_WORD } from "../gas";
import { hostRunPrecompile, hostPrecompileOutputLength, hostPrecompileOutput } from "../host";
import { setReturnData } from "./frame";

const IDENTITY = 4;
const G_IDENTITY: i64 = 15;
const LAST_PRECOMPILE: u64 = 10; // Cancun: 0x0a, KZG point evaluation

let hostOutput: usize = 0;
let hostOutputCap: u32 = 0;

export function isPrecompile(address: usize): bool {
  const lo = load<u64>(address);
  return (load<u64>(address, 8) | load<u64>(address, 16) | load<u64>(address, 24)) == 0 && lo >= 1 &&
    lo <= LAST_PRECOMPILE;
}

/** Runs precompile `id` with `gas`; sets `frame`'s return data. Returns the gas used, or -1 on failure. */
export function runPrecompile(id: i32, input: usize, len: u32, gas: i64, frame: usize): i64 {
  if (id == IDENTITY) {
    const cost = G_IDENTITY + <i64>((<u64>len + 31) >> 5) * G_COPY_WORD;
    if (cost > gas) return -1;
    setReturnData(frame, input, len);
    return cost;
  }
  const used = hostRunPrecompile(id, input, len, gas);
  if (used < 0 || used > gas) return -1;
  const outLen = hostPrecompileOutputLength();
  if (outLen > hostOutputCap) {
    if (hostOutput != 0) heap.free(hostOutput);
    hostOutput = heap.alloc(outLen);
    hostOutputCap = outLen;
  }
  if (outLen > 0) hostPrecompileOutput(hostOutput);
  setReturnData(frame, hostOutput, outLen);
  return used;
}
