// Compiles one of test/assembly's harnesses with asc and instantiates it, for the suites that time
// assembly code directly (keccak, u256) rather than through build/ovm.wasm.
//
// asc runs in a worker started without the tsx loader: under tsx, merely loading binaryen's 13 MB
// of JS takes 20-25 s, against a few seconds for the whole compile without it.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** The release build's optimisation flags; `features` as asc's --enable takes them. */
export async function compileHarness(harnessFile: string, features: string, imports: WebAssembly.Imports = {}): Promise<WebAssembly.Instance> {
  const dir = await mkdtemp(join(tmpdir(), "ovm-bench-harness-"));
  try {
    const outFile = join(dir, "harness.wasm");
    const config = join(dir, "asconfig.json");
    // An empty config keeps asc from picking up the repository's asconfig.json targets.
    await writeFile(config, "{}");
    const argv = [harnessFile, "--config", config, "-O3", "--runtime", "stub", "--noAssert", "--enable", features, "-o", outFile];
    const source = `
      const { parentPort, workerData } = require("node:worker_threads");
      import(workerData.ascUrl).then(async ({ default: asc }) => {
        let stderr = "";
        const result = await asc.main(workerData.argv, { stderr: { write(s) { stderr += s; return true; } } });
        parentPort.postMessage(result.error ? String(result.error) + "\\n" + stderr : null);
      }, (error) => parentPort.postMessage(String((error && error.stack) || error)));`;
    const failure = await new Promise<string | null>((resolve, reject) => {
      const worker = new Worker(source, { eval: true, execArgv: [], workerData: { ascUrl: import.meta.resolve("assemblyscript/asc"), argv } });
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`asc worker exited (${code}) without a result`)));
    });
    if (failure) throw new Error(`asc failed on ${harnessFile}: ${failure}`);
    const module = await WebAssembly.compile(new Uint8Array(await readFile(outFile)));
    return WebAssembly.instantiate(module, imports);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
