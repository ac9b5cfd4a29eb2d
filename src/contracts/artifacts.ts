import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** One ABI parameter, shaped so the array is accepted by ethers' Interface as is. */
export interface AbiParam {
  readonly name?: string;
  readonly type: string;
  readonly internalType?: string;
  readonly indexed?: boolean;
  readonly components?: readonly AbiParam[];
}

export interface AbiEntry {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: readonly AbiParam[];
  readonly outputs?: readonly AbiParam[];
  readonly stateMutability?: string;
  readonly anonymous?: boolean;
}

export interface LinkReference {
  readonly start: number;
  readonly length: number;
}

/** sourceName -> libraryName -> byte ranges holding that library's address. */
export type LinkReferences = Readonly<Record<string, Readonly<Record<string, readonly LinkReference[]>>>>;

export interface Artifact {
  contractName: string;
  sourceName: string;
  abi: readonly AbiEntry[];
  /** Creation code. Unlinked library slots are zero-filled; see linkBytecode. */
  bytecode: Uint8Array;
  deployedBytecode: Uint8Array;
  linkReferences: LinkReferences;
  deployedLinkReferences: LinkReferences;
}

// Both src/contracts/artifacts.ts and dist/contracts/artifacts.js sit two
// levels below the package root, so the same relative hop works for both.
const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const BUILD_HINT = "run `npm run build:contracts`";

interface HardhatArtifactJson {
  contractName: string;
  sourceName: string;
  abi: AbiEntry[];
  bytecode: string;
  deployedBytecode: string;
  linkReferences: LinkReferences;
  deployedLinkReferences: LinkReferences;
}

export function artifactsDir(root: string = PACKAGE_ROOT): string {
  return join(root, "artifacts");
}

/**
 * Loads a compiled contract by name. `name` is either a bare contract name
 * ("Token", also for secondary contracts such as "Child" inside Factory.sol)
 * or a fully qualified "contracts/test/Factory.sol:Child" when bare names clash.
 */
export function loadArtifact(name: string, options: { root?: string } = {}): Artifact {
  const dir = artifactsDir(options.root);
  const contractsDir = join(dir, "contracts");
  if (!existsSync(contractsDir)) {
    throw new Error(`contract artifacts not found in ${contractsDir}; ${BUILD_HINT}`);
  }

  let file: string;
  const colon = name.lastIndexOf(":");
  if (colon >= 0) {
    file = join(dir, name.slice(0, colon), `${name.slice(colon + 1)}.json`);
    if (!existsSync(file)) throw new Error(`no artifact for ${name} (expected ${file}); ${BUILD_HINT}`);
  } else {
    const matches = findArtifactFiles(contractsDir, name);
    if (matches.length === 0) {
      throw new Error(`no artifact named ${name} under ${contractsDir}; ${BUILD_HINT}`);
    }
    // <Name>.sol/<Name>.json wins over a same-named contract declared elsewhere.
    const primary = matches.filter((m) => m.endsWith(join(`${name}.sol`, `${name}.json`)));
    const chosen = primary.length === 1 ? primary : matches;
    if (chosen.length > 1) {
      throw new Error(`artifact name ${name} is ambiguous, use "<source>:${name}": ${chosen.join(", ")}`);
    }
    file = chosen[0]!;
  }

  const json = JSON.parse(readFileSync(file, "utf8")) as HardhatArtifactJson;
  return {
    contractName: json.contractName,
    sourceName: json.sourceName,
    abi: json.abi,
    bytecode: decodeBytecode(json.bytecode),
    deployedBytecode: decodeBytecode(json.deployedBytecode),
    linkReferences: json.linkReferences,
    deployedLinkReferences: json.deployedLinkReferences,
  };
}

function findArtifactFiles(dir: string, name: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = join(dir, entry.name);
    if (entry.name.endsWith(".sol")) {
      const candidate = join(sub, `${name}.json`);
      if (existsSync(candidate)) found.push(candidate);
    } else {
      found.push(...findArtifactFiles(sub, name));
    }
  }
  return found.sort();
}

// solc marks unlinked library addresses with `__$<34 hex chars>$__` (40 chars,
// i.e. 20 bytes); zero them so the rest can be decoded as plain hex.
const PLACEHOLDER = /__\$[0-9a-fA-F]{34}\$__/g;

function decodeBytecode(hex: string): Uint8Array {
  const body = (hex.startsWith("0x") ? hex.slice(2) : hex).replace(PLACEHOLDER, "0".repeat(40));
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) {
    throw new Error("artifact bytecode is not valid hex");
  }
  return Uint8Array.from(Buffer.from(body, "hex"));
}

function addressBytes(address: string | Uint8Array, label: string): Uint8Array {
  if (typeof address !== "string") {
    if (address.length !== 20) throw new Error(`address for ${label} must be 20 bytes`);
    return address;
  }
  const hex = address.startsWith("0x") ? address.slice(2) : address;
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) throw new Error(`invalid address for ${label}: ${address}`);
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/**
 * Returns a copy of `bytecode` with library addresses written in. `libraries`
 * is keyed by "<sourceName>:<LibraryName>" (e.g.
 * "contracts/test/LibMath.sol:LibMath"); a bare library name is accepted
 * too. Every referenced library must be supplied; extra entries are ignored
 * so one map can serve several contracts.
 */
export function linkBytecode(
  bytecode: Uint8Array,
  linkReferences: LinkReferences,
  libraries: Readonly<Record<string, string | Uint8Array>>,
): Uint8Array {
  const out = Uint8Array.from(bytecode);
  for (const [sourceName, libs] of Object.entries(linkReferences)) {
    for (const [libName, refs] of Object.entries(libs)) {
      const qualified = `${sourceName}:${libName}`;
      const address = libraries[qualified] ?? libraries[libName];
      if (address === undefined) throw new Error(`missing address for library ${qualified}`);
      const bytes = addressBytes(address, qualified);
      for (const { start, length } of refs) {
        if (length !== 20 || start + length > out.length) {
          throw new Error(`link reference for ${qualified} at ${start}+${length} does not fit the bytecode`);
        }
        out.set(bytes, start);
      }
    }
  }
  return out;
}
