// Differential comparison of the WASM engine against @ethereumjs/evm: same pre-state, same
// messages; everything observable must match byte for byte.
import assert from "node:assert/strict";
import { MessageRunner } from "../../src/evm/message-runner.js";
import { createReferenceEvm } from "../../src/baseline/ethereumjs.js";
import { bytesToHex } from "../../src/hex.js";
import type { BlockEnv, ExecutionResult, MessageCall, PreState, Hex } from "../../src/evm/types.js";

export interface Outcome {
  success: boolean;
  returnData: Hex;
  gasUsed: bigint;
  gasRefund: bigint;
  logs: ExecutionResult["logs"];
  createdAddress?: Hex;
}

function outcome(r: ExecutionResult): Outcome {
  return {
    success: r.success,
    returnData: bytesToHex(r.returnData),
    gasUsed: r.gasUsed,
    gasRefund: r.gasRefund,
    logs: r.logs,
    // ethereumjs names the address of a failed creation too; only a successful one exists.
    createdAddress: r.success ? (r.createdAddress?.toLowerCase() as Hex | undefined) : undefined,
  };
}

/**
 * Runs `messages` in order on both engines and asserts identical results, then identical
 * accounts (nonce, balance, code) and storage for every address in `watch`. Returns the outcomes.
 */
export async function assertSameExecution(pre: PreState, block: BlockEnv, messages: MessageCall[], watch: Hex[], label: string): Promise<Outcome[]> {
  const ours = new MessageRunner(pre, block);
  const reference = await createReferenceEvm(pre, block);
  const outcomes: Outcome[] = [];
  const addresses = new Set<Hex>(watch.map((a) => a.toLowerCase() as Hex));
  for (const [i, msg] of messages.entries()) {
    const a = outcome(ours.runCall(msg));
    const b = outcome(await reference.runCall(msg));
    assert.deepEqual(a, b, `${label}: message ${i} differs (ours, then @ethereumjs/evm)`);
    if (a.createdAddress) addresses.add(a.createdAddress);
    outcomes.push(a);
  }
  for (const address of addresses) {
    const accountA = ours.getAccount(address);
    const accountB = await reference.getAccount(address);
    const norm = (x: { nonce: bigint; balance: bigint; code: Uint8Array } | undefined) =>
      x && { nonce: x.nonce, balance: x.balance, code: bytesToHex(x.code) };
    assert.deepEqual(norm(accountA), norm(accountB), `${label}: account ${address} differs`);
    assert.deepEqual(ours.dumpStorage(address), await reference.dumpStorage(address), `${label}: storage of ${address} differs`);
  }
  return outcomes;
}
