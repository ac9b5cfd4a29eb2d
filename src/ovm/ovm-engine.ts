// The engine in mode "ovm": every deploy/execute is wrapped into the ExecutionManager's
// executeTransaction, exactly as the sequencer wraps an L2 transaction (ovm-spec.md, sections 4 and 6),
// and run as a transaction of an L1 engine that holds the compiled EM:
// - backend "wasm": the project's WASM EVM runs the EM bytecode (the fast layer-2 path);
// - backend "hardhat": Hardhat's in-process network runs the same bytecode (the layer-1 path).
// Both run the same compiled contract, so layer 1 and layer 2 agree by construction (invariant I1);
// test/ovm/l1-equals-l2.test.ts checks it transaction by transaction, gas included.
import { AbiCoder } from "ethers";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { loadArtifact } from "../contracts/artifacts.js";
import { OvmError } from "../errors.js";
import { bytesToHex, hexToBytes, parseAddress, parseQuantity, type Hex } from "../hex.js";
import type { Log } from "../evm/types.js";
import { CREATE_ENTRYPOINT, EM_INTERFACE, decodeExecuteTransactionResult, encodeExecuteTransaction } from "./em-interface.js";
import type { CallRequest, DeployRequest, DeployResult, Engine, EngineBackend, TransactionResult } from "../engine/types.js";
import { DEFAULT_GAS_LIMIT } from "../engine/wasm-engine.js";

/**
 * The L1 account that deploys the EM and sends every wrapped transaction: Hardhat's first default
 * account, on both backends, so the EM and everything it creates get the same addresses everywhere.
 */
export const SEQUENCER: Hex = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
/** L1 gas of each wrapped transaction: the EM transpiles and checks code on chain, which costs more than 30M. */
export const L1_TX_GAS = 1_000_000_000n;

interface ExecutionOutcome {
  success: boolean;
  created: Hex | null;
  returnData: Hex;
  gasUsed: bigint;
  logs: Log[];
}

function toHexData(data: string | Uint8Array | undefined, field: string): Hex {
  if (data === undefined) return "0x";
  return typeof data === "string" ? bytesToHex(hexToBytes(data, field)) : bytesToHex(data);
}


export class OvmEngine implements Engine {
  readonly mode = "ovm" as const;
  private closed = false;
  private readonly ovmAddressCache = new Map<string, Hex>();

  private constructor(
    readonly chainId: bigint,
    /** The L1 engine (mode "evm") that holds the EM. */
    readonly l1: Engine,
    /** The ExecutionManager's L1 address. */
    readonly executionManager: Hex,
  ) {}

  get backend(): EngineBackend {
    return this.l1.backend;
  }

  /**
   * Wraps an L1 engine whose state already holds the EM at `executionManager` (a validator's partial
   * state, src/validate/): nothing is deployed.
   */
  static attach(chainId: bigint, l1: Engine, executionManager: Hex): OvmEngine {
    return new OvmEngine(chainId, l1, executionManager.toLowerCase() as Hex);
  }

  /**
   * Forgets the cached OVM addresses of log emitters, so that the next lookups read the EM again: a
   * block's witness (src/validate/witness.ts) must see every read a fresh engine would make.
   */
  forgetAddressCache(): void {
    this.ovmAddressCache.clear();
  }

  /** Deploys the compiled EM (constructor argument: the OVM chain id) on `l1` and wraps it. */
  static async create(chainId: bigint, l1: Engine): Promise<OvmEngine> {
    const artifact = loadArtifact("ExecutionManager");
    const args = AbiCoder.defaultAbiCoder().encode(["uint256"], [chainId]);
    const deployed = await l1.deploy({ from: SEQUENCER, data: bytesToHex(artifact.bytecode) + args.slice(2), gasLimit: L1_TX_GAS });
    if (!deployed.success || !deployed.address) {
      throw new OvmError("ENGINE_FAULT", `deploying the ExecutionManager on the ${l1.backend} backend failed (${deployed.error})`);
    }
    return new OvmEngine(chainId, l1, deployed.address.toLowerCase() as Hex);
  }

  private ensureOpen(): void {
    if (this.closed) throw new OvmError("ENGINE_CLOSED", "the engine is closed");
  }

  private async emCall(data: string): Promise<string> {
    const result = await this.l1.call({ from: SEQUENCER, to: this.executionManager, data, gasLimit: L1_TX_GAS });
    if (!result.success) throw new OvmError("ENGINE_FAULT", `the ExecutionManager refused a read (${result.returnData})`);
    return result.returnData;
  }

  private wrap(request: CallRequest | DeployRequest, entrypoint: string): string {
    const from = parseAddress(request.from, "from");
    const gasLimit = request.gasLimit === undefined ? DEFAULT_GAS_LIMIT : parseQuantity(request.gasLimit, "gasLimit");
    const timestamp = request.timestamp === undefined ? BigInt(Math.floor(Date.now() / 1000)) : parseQuantity(request.timestamp, "timestamp");
    const value = request.value === undefined ? 0n : parseQuantity(request.value, "value");
    if (value !== 0n) {
      throw new OvmError("UNSUPPORTED", "the OVM has no native value: ETH is an ERC-20 token there (docs/ovm-em.md)", { value });
    }
    return encodeExecuteTransaction(timestamp, gasLimit, from, entrypoint, toHexData(request.data, "data"));
  }

  private decode(output: string): { success: boolean; created: Hex | null; returnData: Hex } {
    const { success, created, returnData } = decodeExecuteTransactionResult(output);
    const address = (created as string).toLowerCase() as Hex;
    return {
      success: success as boolean,
      created: /^0x0{40}$/.test(address) ? null : address,
      returnData: (returnData as string).toLowerCase() as Hex,
    };
  }

  /** Logs come from code (runtime) or data (constructor) contracts: report them under the OVM address. */
  private async ovmAddressOf(l1Address: string): Promise<Hex> {
    const key = l1Address.toLowerCase();
    const cached = this.ovmAddressCache.get(key);
    if (cached) return cached;
    const [ovm] = EM_INTERFACE.decodeFunctionResult("ovmAddressOf", await this.emCall(EM_INTERFACE.encodeFunctionData("ovmAddressOf", [key])));
    const address = (ovm as string).toLowerCase() as Hex;
    if (/^0x0{40}$/.test(address)) throw new OvmError("ENGINE_FAULT", `log from ${key}, which is no OVM contract`);
    this.ovmAddressCache.set(key, address);
    return address;
  }

  private async transact(request: CallRequest | DeployRequest, entrypoint: string, keep: boolean): Promise<ExecutionOutcome> {
    this.ensureOpen();
    const data = this.wrap(request, entrypoint);
    // The L1 block time is left to the backend: the EM reads only the context it is given.
    const wrapped = { from: SEQUENCER, to: this.executionManager, data, gasLimit: L1_TX_GAS };
    const l1 = keep ? await this.l1.execute(wrapped) : await this.l1.call(wrapped);
    if (!l1.success) {
      // An L2 failure is a result; an L1 failure means the EM itself refused (e.g. re-entry).
      throw new OvmError("ENGINE_FAULT", `the ExecutionManager refused the transaction (${l1.error}: ${l1.returnData})`);
    }
    const decoded = this.decode(l1.returnData);
    const logs: Log[] = [];
    for (const log of l1.logs) logs.push({ ...log, address: await this.ovmAddressOf(log.address) });
    return { ...decoded, gasUsed: keep ? l1.gasUsed : 0n, logs };
  }

  private result(outcome: ExecutionOutcome): TransactionResult {
    return {
      success: outcome.success,
      returnData: outcome.returnData,
      gasUsed: outcome.gasUsed,
      logs: outcome.logs,
      error: outcome.success ? null : "revert",
    };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const outcome = await this.transact(request, CREATE_ENTRYPOINT, true);
    const result = this.result(outcome);
    if (outcome.success && outcome.created) result.returnData = await this.getCode(outcome.created);
    return { ...result, address: outcome.success ? outcome.created : null };
  }

  async execute(request: CallRequest): Promise<TransactionResult> {
    return this.result(await this.transact(request, parseAddress(request.to, "to"), true));
  }

  /** Runs through the EM without changing state. gasUsed is 0: nothing is mined. */
  async call(request: CallRequest): Promise<TransactionResult> {
    return this.result(await this.transact(request, parseAddress(request.to, "to"), false));
  }

  async getStorage(address: string, slot: string | bigint): Promise<Hex> {
    this.ensureOpen();
    const key = typeof slot === "bigint" ? slot : parseQuantity(slot, "slot");
    const output = await this.emCall(EM_INTERFACE.encodeFunctionData("getStorage", [parseAddress(address, "address"), key]));
    return output.toLowerCase() as Hex;
  }

  /** An OVM account's nonce (the EM's account record): what the sequencer checks signed transactions against. */
  /**
   * The OVM account's nonce, read straight from the EM's storage (docs/ovm-em.md, "Storage layout":
   * the record of `a` starts at keccak256(a . 0), nonce in its low 8 bytes) rather than by running
   * getAccount: the sequencer asks for it on every transaction.
   */
  async getNonce(address: string): Promise<bigint> {
    this.ensureOpen();
    const key = new Uint8Array(64);
    key.set(hexToBytes(parseAddress(address, "address")), 12);
    const record = await this.l1.getStorage(this.executionManager, bytesToHex(keccak_256(key)));
    return BigInt(record) & 0xffffffffffffffffn;
  }

  async getCode(address: string): Promise<Hex> {
    this.ensureOpen();
    const output = await this.emCall(EM_INTERFACE.encodeFunctionData("getCode", [parseAddress(address, "address")]));
    const [code] = EM_INTERFACE.decodeFunctionResult("getCode", output);
    return (code as string).toLowerCase() as Hex;
  }

  /**
   * The root of the L1 world state that holds the EM, its storage (all OVM accounts and storage) and
   * the code contracts. On the hardhat backend it also covers Hardhat's own genesis accounts, so
   * roots are comparable within a backend, not across backends (compare OVM state slot by slot).
   */
  async stateRoot(): Promise<Hex> {
    this.ensureOpen();
    return this.l1.stateRoot();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.l1.close();
  }
}
