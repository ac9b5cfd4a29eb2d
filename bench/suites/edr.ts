// Hardhat's EDR runs revm, a native (Rust) EVM, behind an in-process JSON-RPC interface: the one native
// EVM installable from npm here. It is timed on the same bytecode and input through eth_call, with
// nothing subtracted: each figure includes the JSON-RPC request handling, EDR's per-call block and
// state setup and the N-API crossing, which dominate short programs (the suite prints EDR's cost for
// an empty program so the reader can judge), and, measured here, whatever per-step work Hardhat 2.29's
// provider asks of EDR for its Solidity stack traces: long programs run at only a few Mgas/s through it,
// far below what revm reaches natively, so this column is "revm as Hardhat exposes it", not raw revm.
import { bytesToHex } from "../../src/hex.js";
import { startHardhatNetwork, type Eip1193Provider } from "../../src/hardhat/network.js";
import { DEFAULT_SENDER } from "../../src/evm/defaults.js";

export interface EdrProgram {
  readonly code: Uint8Array;
  readonly input: Uint8Array;
}

export interface EdrRunner {
  /** Runs the program once; resolves to its output (hex). */
  run(index: number): Promise<string>;
  /** Mean seconds per call of `index` over at least `budgetSeconds` (after one warm-up call). */
  time(index: number, budgetSeconds: number): Promise<{ meanSeconds: number; calls: number }>;
}

export async function createEdrRunner(programs: readonly EdrProgram[], gasLimit: bigint): Promise<EdrRunner> {
  const provider: Eip1193Provider = await startHardhatNetwork(undefined, { blockGasLimit: gasLimit });
  const addresses = programs.map((_, i) => `0x${(0xbe0000 + i).toString(16).padStart(40, "0")}`);
  for (const [i, program] of programs.entries()) {
    await provider.request({ method: "hardhat_setCode", params: [addresses[i], bytesToHex(program.code)] });
  }
  const gas = `0x${gasLimit.toString(16)}`;
  const run = async (index: number): Promise<string> =>
    (await provider.request({
      method: "eth_call",
      params: [{ from: DEFAULT_SENDER, to: addresses[index], data: bytesToHex(programs[index]!.input), gas }, "latest"],
    })) as string;
  return {
    run,
    async time(index, budgetSeconds) {
      await run(index);
      let calls = 0;
      const start = process.hrtime.bigint();
      let elapsed = 0;
      while (elapsed < budgetSeconds || calls < 3) {
        await run(index);
        calls++;
        elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      }
      return { meanSeconds: elapsed / calls, calls };
    },
  };
}
