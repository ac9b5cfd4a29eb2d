// Every compiled contract of the repository as transpiler input: the bytecode (init code) and the
// deployedBytecode (runtime code) of each artifact under artifacts/contracts, the 0.8.28 corpus, the
// contracts/legacy/ corpus (solc 0.5.17 and 0.6.12) and the OVM's own contracts alike. Unlinked
// library slots (`__$...$__`) are zero-filled, as src/contracts/artifacts.ts does; empty codes
// (interfaces, abstract contracts) are left out because there is nothing to transpile.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ARTIFACT_CONTRACTS_DIR = fileURLToPath(new URL("../../artifacts/contracts", import.meta.url));

export type CodeKind = "init" | "runtime";

export interface CorpusCode {
  /** `<contractName>.<kind>`, unique in the corpus. */
  name: string;
  contractName: string;
  /** `contracts/test/Token.sol` */
  sourceName: string;
  kind: CodeKind;
  code: Uint8Array;
}

const PLACEHOLDER = /__\$[0-9a-fA-F]{34}\$__/g;

function artifactFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return artifactFiles(full);
      return entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json") ? [full] : [];
    })
    .sort();
}

/** The corpus, sorted by source then contract, init code before runtime code. */
export function loadArtifactCorpus(dir: string = ARTIFACT_CONTRACTS_DIR): CorpusCode[] {
  const codes: CorpusCode[] = [];
  for (const file of artifactFiles(dir)) {
    const json = JSON.parse(readFileSync(file, "utf8")) as { contractName: string; sourceName: string; bytecode: string; deployedBytecode: string };
    for (const [field, kind] of [["bytecode", "init"], ["deployedBytecode", "runtime"]] as const) {
      const body = (json[field] ?? "0x").replace(/^0x/, "").replace(PLACEHOLDER, "0".repeat(40));
      if (body.length === 0) continue;
      codes.push({
        name: `${json.contractName}.${kind}`,
        contractName: json.contractName,
        sourceName: json.sourceName,
        kind,
        code: Uint8Array.from(Buffer.from(body, "hex")),
      });
    }
  }
  const names = new Set<string>();
  for (const item of codes) {
    // Two contracts of one name in different sources would make rows ambiguous: qualify them.
    if (names.has(item.name)) item.name = `${item.sourceName}:${item.name}`;
    names.add(item.name);
  }
  return codes;
}

/** contracts/legacy/v05 -> "solc 0.5.17" etc.; the compiler folders of hardhat.config.cjs. */
export function compilerOf(sourceName: string): string {
  if (sourceName.startsWith("contracts/legacy/v05/")) return "0.5.17";
  if (sourceName.startsWith("contracts/legacy/v06/")) return "0.6.12";
  return "0.8.28";
}
