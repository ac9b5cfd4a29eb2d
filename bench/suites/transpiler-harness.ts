// The ExecutionManager's on-chain transpiler and safety checker (contracts/ovm/Transpiler.sol,
// contracts/ovm/SafetyChecker.sol) behind contracts/ovm/test/TranspilerHarness.sol, compiled from
// source with solc-js (the settings hardhat.config.cjs gives 0.8.28, as test/ovm/onchain-transpiler.test.ts
// does, so a stale artifact is never measured) and deployed in the project's own engine
// (createEngine mode "evm", backend "wasm").
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Interface, keccak256 } from "ethers";
import { createEngine } from "../../src/engine/create-engine.js";
import type { Engine } from "../../src/engine/types.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCES = [
  "contracts/ovm/StubBlob.sol",
  "contracts/ovm/Transpiler.sol",
  "contracts/ovm/SafetyChecker.sol",
  "contracts/ovm/test/TranspilerHarness.sol",
];
const HARNESS_SOURCE = "contracts/ovm/test/TranspilerHarness.sol";
const SENDER = "0x00000000000000000000000000000000000a11ce";
/** Enough for the largest corpus code (the EM's init code: about 1.3M gas to transpile). */
const CALL_GAS = 4_000_000_000n;

export interface OnchainTranspiler {
  /** Gas of Transpiler.transpile alone (TranspilerHarness.transpileGas) and the output length. */
  transpileGas(code: Uint8Array): Promise<{ gas: bigint; length: number }>;
  /** The output itself (TranspilerHarness.transpile), 0x-hex; throws with the revert data. */
  transpile(code: Uint8Array): Promise<string>;
  /** Gas of SafetyChecker.check alone (TranspilerHarness.checkGas) and its verdict. */
  checkGas(code: Uint8Array): Promise<{ gas: bigint; safe: boolean }>;
  /** A function that runs one harness call with pre-encoded calldata: what the suite times. */
  caller(fn: "transpileGas" | "checkGas", code: Uint8Array): () => Promise<void>;
  /** Gas the harness's deployment used (receipt). */
  deployGas: bigint;
  /** keccak256 of the harness's init code as compiled here: names the Transpiler.sol / SafetyChecker.sol build measured. */
  codeHash: string;
  engine: Engine;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

export function compileTranspilerHarness(): { abi: unknown[]; bytecode: string } {
  const solc = createRequire(import.meta.url)("solc") as { compile(input: string): string };
  const sources = Object.fromEntries(SOURCES.map((file) => [file, { content: readFileSync(path.join(ROOT, file), "utf8") }]));
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      outputSelection: { [HARNESS_SOURCE]: { TranspilerHarness: ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) throw new Error(`solc: ${errors.map((error) => error.formattedMessage).join("\n")}`);
  const harness = output.contracts?.[HARNESS_SOURCE]?.TranspilerHarness;
  if (harness === undefined || harness.evm.bytecode.object.length === 0) throw new Error("solc produced no TranspilerHarness bytecode");
  return { abi: harness.abi, bytecode: `0x${harness.evm.bytecode.object}` };
}

const toBytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ""), "hex"));

/** Compiles, deploys and wraps the harness. Throws when any of that fails (the harness is unusable). */
export async function startOnchainTranspiler(): Promise<OnchainTranspiler> {
  const compiled = compileTranspilerHarness();
  const iface = new Interface(compiled.abi as never);
  const engine = await createEngine({ mode: "evm", backend: "wasm" });
  const deployed = await engine.deploy({ from: SENDER, data: compiled.bytecode, gasLimit: 30_000_000n });
  if (!deployed.success || deployed.address === null) throw new Error(`deploying TranspilerHarness failed (${deployed.error}: ${deployed.returnData.slice(0, 74)})`);
  const harness = deployed.address;
  const run = async (fn: string, args: unknown[]) => {
    const result = await engine.call({ from: SENDER, to: harness, data: toBytes(iface.encodeFunctionData(fn, args)), gasLimit: CALL_GAS });
    if (!result.success) {
      const parsed = iface.parseError(result.returnData);
      throw new Error(`TranspilerHarness.${fn} failed: ${parsed ? `${parsed.name}(${parsed.args.join(", ")})` : `${result.error} ${result.returnData.slice(0, 74)}`}`);
    }
    return iface.decodeFunctionResult(fn, result.returnData);
  };
  return {
    async transpileGas(code) {
      const [gas, length] = await run("transpileGas", [code]);
      return { gas: gas as bigint, length: Number(length) };
    },
    async transpile(code) {
      const [out] = await run("transpile", [code]);
      return (out as string).toLowerCase();
    },
    async checkGas(code) {
      const [gas, safe] = await run("checkGas", [code]);
      return { gas: gas as bigint, safe: safe as boolean };
    },
    caller(fn, code) {
      const data = toBytes(iface.encodeFunctionData(fn, [code]));
      return async () => {
        const result = await engine.call({ from: SENDER, to: harness, data, gasLimit: CALL_GAS });
        if (!result.success) throw new Error(`TranspilerHarness.${fn} failed while timed: ${result.error}`);
      };
    },
    deployGas: deployed.gasUsed,
    codeHash: keccak256(compiled.bytecode),
    engine,
  };
}
