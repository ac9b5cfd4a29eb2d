import type { MachineInfo } from "./machine.js";
export const SUITE_NAME = "execution-cost";
export async function runExecutionCostSuite(_options: { quick: boolean; resultsDir: string; machine: MachineInfo }): Promise<{ failed: boolean }> {
  throw new Error("not written yet");
}
