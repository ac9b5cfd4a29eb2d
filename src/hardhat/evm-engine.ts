// The engine in mode "evm" on backend "hardhat": plain L1 execution on Hardhat's in-process network,
// with the library API's rules (gas price 0, any `from`). It is the "plainly on Hardhat" side of the
// OVM = EVM comparison (invariant I2): the same steps, no ExecutionManager.
import { OvmError } from "../errors.js";
import { bytesToHex, hexToBytes, parseAddress, parseQuantity, bigintToBytes32, type Hex } from "../hex.js";
import type { Log } from "../evm/types.js";
import type { CallRequest, DeployRequest, DeployResult, Engine, TransactionResult } from "../engine/types.js";
import { DEFAULT_GAS_LIMIT } from "../engine/wasm-engine.js";
import { startHardhatNetwork, type Eip1193Provider } from "./network.js";

interface RpcReceipt {
  status: string;
  gasUsed: string;
  contractAddress: string | null;
  logs: { address: string; topics: string[]; data: string }[];
}

function quantity(value: bigint): string {
  return "0x" + value.toString(16);
}

function toHexData(data: string | Uint8Array | undefined, field: string): Hex {
  if (data === undefined) return "0x";
  return typeof data === "string" ? bytesToHex(hexToBytes(data, field)) : bytesToHex(data);
}

/**
 * How execute() learns a transaction's return data, which receipts do not carry:
 * - "trace": debug_traceTransaction after mining; exact for any contract, slow for long executions.
 * - "call-first": eth_call on the pre-state, then the transaction; exact only for code that reads
 *   nothing of the block it is mined in (the OVM's EM reads only the context it is passed).
 */
export type ReturnDataSource = "trace" | "call-first";

export class HardhatEvmEngine implements Engine {
  readonly mode = "evm" as const;
  readonly backend = "hardhat" as const;
  private closed = false;
  private readonly impersonated = new Set<string>();
  private lastTimestamp = 0n;

  private constructor(
    readonly chainId: bigint,
    private readonly provider: Eip1193Provider,
    private readonly returnDataSource: ReturnDataSource,
  ) {}

  static async create(chainId: bigint, options: { returnData?: ReturnDataSource } = {}): Promise<HardhatEvmEngine> {
    return new HardhatEvmEngine(chainId, await startHardhatNetwork(chainId), options.returnData ?? "trace");
  }

  private ensureOpen(): void {
    if (this.closed) throw new OvmError("ENGINE_CLOSED", "the engine is closed");
  }

  private async send(request: CallRequest | DeployRequest, to: Hex | undefined): Promise<{ receipt: RpcReceipt; hash: string }> {
    const from = parseAddress(request.from, "from").toLowerCase();
    if (!this.impersonated.has(from)) {
      await this.provider.request({ method: "hardhat_impersonateAccount", params: [from] });
      this.impersonated.add(from);
    }
    if ((request.value ?? 0n) !== 0n && parseQuantity(request.value, "value") !== 0n) {
      await this.provider.request({ method: "hardhat_setBalance", params: [from, "0x" + (1n << 200n).toString(16)] });
    }
    // TIMESTAMP must read the request's timestamp, as the OVM context does.
    const timestamp = request.timestamp === undefined ? undefined : parseQuantity(request.timestamp, "timestamp");
    if (timestamp !== undefined) {
      if (timestamp < this.lastTimestamp) throw new OvmError("INVALID_ARGUMENT", "timestamps on Hardhat must not decrease", { timestamp });
      await this.provider.request({ method: "evm_setNextBlockTimestamp", params: [quantity(timestamp)] });
      this.lastTimestamp = timestamp;
    }
    const gas = request.gasLimit === undefined ? DEFAULT_GAS_LIMIT : parseQuantity(request.gasLimit, "gasLimit");
    const hash = (await this.provider.request({
      method: "eth_sendTransaction",
      params: [{
        from, to, data: toHexData(request.data, "data"), gas: quantity(gas),
        value: quantity(request.value === undefined ? 0n : parseQuantity(request.value, "value")),
        maxFeePerGas: "0x0", maxPriorityFeePerGas: "0x0",
      }],
    })) as string;
    const receipt = (await this.provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as RpcReceipt;
    return { receipt, hash };
  }

  private async returnValue(hash: string): Promise<Hex> {
    const trace = (await this.provider.request({
      method: "debug_traceTransaction",
      params: [hash, { disableStorage: true, disableMemory: true, disableStack: true }],
    })) as { returnValue: string };
    const value = trace.returnValue ?? "";
    return (value.startsWith("0x") ? value : "0x" + value).toLowerCase() as Hex;
  }

  private result(receipt: RpcReceipt, returnData: Hex): TransactionResult {
    const success = receipt.status === "0x1";
    const logs: Log[] = receipt.logs.map((l) => ({
      address: l.address.toLowerCase() as Hex,
      topics: l.topics.map((t) => t.toLowerCase() as Hex),
      data: l.data.toLowerCase() as Hex,
    }));
    return { success, returnData, gasUsed: BigInt(receipt.gasUsed), logs, error: success ? null : "revert" };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    this.ensureOpen();
    const { receipt, hash } = await this.send(request, undefined);
    const address = receipt.status === "0x1" && receipt.contractAddress ? (receipt.contractAddress.toLowerCase() as Hex) : null;
    const returnData = address ? await this.getCode(address) : await this.returnValue(hash);
    return { ...this.result(receipt, returnData), address };
  }

  async execute(request: CallRequest): Promise<TransactionResult> {
    this.ensureOpen();
    if (this.returnDataSource === "call-first") {
      const preview = await this.call(request);
      const { receipt } = await this.send(request, parseAddress(request.to, "to"));
      if ((receipt.status === "0x1") !== preview.success) {
        throw new OvmError("ENGINE_FAULT", "eth_call and the mined transaction disagree: this code reads the L1 block; use returnData \"trace\"");
      }
      return this.result(receipt, preview.returnData);
    }
    const { receipt, hash } = await this.send(request, parseAddress(request.to, "to"));
    return this.result(receipt, await this.returnValue(hash));
  }

  async call(request: CallRequest): Promise<TransactionResult> {
    this.ensureOpen();
    try {
      const gas = request.gasLimit === undefined ? DEFAULT_GAS_LIMIT : parseQuantity(request.gasLimit, "gasLimit");
      const output = (await this.provider.request({
        method: "eth_call",
        params: [{ from: parseAddress(request.from, "from"), to: parseAddress(request.to, "to"), data: toHexData(request.data, "data"), gas: quantity(gas) }, "latest"],
      })) as string;
      return { success: true, returnData: output.toLowerCase() as Hex, gasUsed: 0n, logs: [], error: null };
    } catch (error) {
      const data = (error as { data?: string | { data?: string } }).data;
      const revert = typeof data === "string" ? data : data?.data ?? "0x";
      return { success: false, returnData: revert.toLowerCase() as Hex, gasUsed: 0n, logs: [], error: "revert" };
    }
  }

  async getStorage(address: string, slot: string | bigint): Promise<Hex> {
    this.ensureOpen();
    const key = bytesToHex(bigintToBytes32(typeof slot === "bigint" ? slot : parseQuantity(slot, "slot")));
    const value = (await this.provider.request({ method: "eth_getStorageAt", params: [parseAddress(address, "address"), key, "latest"] })) as string;
    return bytesToHex(bigintToBytes32(BigInt(value)));
  }

  async getCode(address: string): Promise<Hex> {
    this.ensureOpen();
    return ((await this.provider.request({ method: "eth_getCode", params: [parseAddress(address, "address"), "latest"] })) as string).toLowerCase() as Hex;
  }

  async stateRoot(): Promise<Hex> {
    this.ensureOpen();
    const block = (await this.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { stateRoot: string };
    return block.stateRoot.toLowerCase() as Hex;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
