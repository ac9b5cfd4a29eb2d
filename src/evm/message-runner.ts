// Runs messages on the WASM engine with the same boundary rules as the reference runner
// (src/baseline/ethereumjs.ts): one message is one transaction's execution, addresses warmed as a
// transaction warms them, the caller's nonce bumped for creations only, no intrinsic gas or fees.
import { WasmEvm } from "../wasm/instance.js";
import { MessageFlags, STATUS_NAMES, type MessageOutput } from "../wasm/abi.js";
import { WorldState, normalizeAddress } from "../state/world-state.js";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import type { BlockEnv, ExecutionResult, MessageCall, PreState } from "./types.js";
import { blockHashOf } from "./defaults.js";

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? `status ${status}`;
}

export function toExecutionResult(out: MessageOutput, gasLimit: bigint): ExecutionResult {
  return {
    success: out.status === 0,
    returnData: out.returnData,
    gasUsed: gasLimit - out.gasLeft,
    gasRefund: out.refund,
    logs: out.logs,
    createdAddress: out.createdAddress,
    error: out.status === 0 ? null : statusName(out.status),
  };
}

export class MessageRunner {
  readonly state: WorldState;
  readonly evm: WasmEvm;

  constructor(pre: PreState, readonly block: BlockEnv, options: { trace?: boolean } = {}) {
    this.state = WorldState.fromPreState(pre);
    this.evm = new WasmEvm(this.state, blockHashOf, options);
  }

  runCall(msg: MessageCall): ExecutionResult {
    const isCreate = msg.to === undefined;
    if (msg.codeOverride && msg.to) {
      // Like the reference: the code becomes the account's code, so EXTCODE* see it too.
      this.state.putAccount(normalizeAddress(msg.to), { code: msg.codeOverride });
      this.evm.invalidateCache();
    }
    const out = this.evm.run({
      flags: MessageFlags.WarmTransactionAddresses | (isCreate ? MessageFlags.Create | MessageFlags.BumpNonce : 0),
      caller: hexToBytes(msg.caller),
      origin: hexToBytes(msg.origin ?? msg.caller),
      to: msg.to ? hexToBytes(msg.to) : undefined,
      value: msg.value,
      gas: msg.gasLimit,
      gasPrice: msg.gasPrice ?? 0n,
      data: msg.data,
      block: this.block,
    });
    this.evm.commit();
    return toExecutionResult(out, msg.gasLimit);
  }

  dumpStorage(address: Hex): Map<Hex, Hex> {
    const out = new Map<Hex, Hex>();
    const account = this.state.getAccount(normalizeAddress(address));
    if (!account) return out;
    for (const slot of [...account.storage.keys()].sort()) out.set(slot, bytesToHex(account.storage.get(slot)!));
    return out;
  }

  getAccount(address: Hex): { nonce: bigint; balance: bigint; code: Uint8Array } | undefined {
    const a = this.state.getAccount(normalizeAddress(address));
    return a ? { nonce: a.nonce, balance: a.balance, code: a.code } : undefined;
  }
}
