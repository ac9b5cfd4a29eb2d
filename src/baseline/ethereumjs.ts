// The reference runner: @ethereumjs/evm 10.1.3 at Cancun, wrapped so that each `runCall`
// behaves like the EVM part of one transaction and reports in the shared ExecutionResult
// shape. Every differential test and benchmark compares the WASM engine against this.
//
// Transaction-boundary semantics reproduced here (evm.runCall alone does not do them; VM's
// runTx does, and a chain would):
//   before each call: warm set reset, then precompiles 0x01..0x0a, origin, caller, `to`
//                     and the coinbase are warm (EIP-2929, EIP-3651); the EIP-2200
//                     "original value" cache is reset, so originals are the values at the
//                     start of this call; transient storage starts empty (EIP-1153).
//   after each call:  accounts that SELFDESTRUCTed and were created in the same call are
//                     deleted (EIP-6780); touched empty accounts are deleted (EIP-161).
//   not done:         intrinsic gas, gas purchase, refund payout, coinbase fee. The
//                     caller's nonce is bumped only for creations (`to` undefined), because
//                     the created address is derived from the nonce a transaction would
//                     have used; message calls leave the caller's nonce unchanged.
//   rejected:         a `value` above the caller's balance: error "insufficient balance",
//                     0 gas, no state change (codeOverride not applied either).
//
// Result mapping: REVERT is `success: false, error: "revert"` with the revert data;
// exceptional halts carry ethereumjs' short error name ("out of gas", "invalid JUMP", …;
// ethereumjs reports RETURNDATACOPY out of bounds as "out of gas") and no return data.
// BLOCKHASH answers keccak256(decimal block number) in the 256-block window (blockHashOf);
// GASPRICE is msg.gasPrice or 0, as in geth's `evm run`.

import { Common, Hardfork, Mainnet, createCustomCommon } from "@ethereumjs/common";
import { EVM, EVMError, createEVM } from "@ethereumjs/evm";
import type { EVMMockBlockchainInterface, EVMResult } from "@ethereumjs/evm";
import { Caches, MerkleStateManager, SimpleStateManager } from "@ethereumjs/statemanager";
import {
  Account,
  Address,
  bigIntToBytes,
  bytesToBigInt,
  bytesToHex,
  createAddressFromString,
  hexToBytes,
  setLengthLeft,
} from "@ethereumjs/util";
import type { BlockEnv, ExecutionResult, Hex, Log, MessageCall, PreState } from "../evm/types.js";
import { blockHashOf } from "../evm/defaults.js";

/**
 * "merkle" (default): MerkleStateManager with caches, the state manager ethereumjs' VM
 * uses. "simple": SimpleStateManager, ethereumjs' default for a stand-alone EVM. Both
 * give the same results; "merkle" is faster on storage-heavy code (snailtracer).
 */
export type ReferenceStateManagerKind = "merkle" | "simple";

export interface ReferenceEvmOptions {
  stateManager?: ReferenceStateManagerKind;
}

export interface ReferenceAccount {
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
}

export interface ReferenceEvm {
  /** The underlying instance, for harnesses that need ethereumjs-specific hooks. */
  readonly evm: EVM;
  readonly block: Readonly<BlockEnv>;
  runCall(msg: MessageCall): Promise<ExecutionResult>;
  /** Every non-zero storage slot of `address` (empty map for a missing account). */
  dumpStorage(address: Hex): Promise<Map<Hex, Hex>>;
  getAccount(address: Hex): Promise<ReferenceAccount | undefined>;
}

/** ethereumjs' name for REVERT, kept as `error` so callers can tell REVERT from success. */
export const REVERT_ERROR: string = EVMError.errorMessages.REVERT;
/** Reported, with no gas used and no state change, when the caller cannot pay `value`. */
export const INSUFFICIENT_BALANCE_ERROR: string = EVMError.errorMessages.INSUFFICIENT_BALANCE;

const PRECOMPILE_COUNT_CANCUN = 10;

const KNOWN_ERRORS: readonly string[] = [...new Set(Object.values(EVMError.errorMessages) as string[])].sort(
  (left, right) => right.length - left.length,
);

/**
 * ethereumjs appends a location to some messages ("invalid JUMP at <codehash>/<address>:<pc>");
 * only the short name is part of the result, so both engines can be compared on it.
 */
export function shortErrorName(message: string): string {
  return KNOWN_ERRORS.find((known) => message === known || message.startsWith(`${known} `)) ?? message;
}

export function commonFor(chainId: bigint): Common {
  if (chainId === 1n) return new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  // Only CHAINID reads this; everything else about mainnet (schedule, params) is kept.
  return createCustomCommon({ chainId: Number(chainId) }, Mainnet, { hardfork: Hardfork.Cancun });
}

/** Serves BLOCKHASH with the same rule the WASM engine's host uses (see blockHashOf). */
class DeterministicBlockHashes implements EVMMockBlockchainInterface {
  async getBlock(blockId: number) {
    const hash = blockHashOf(BigInt(blockId));
    return { hash: () => hash };
  }
  async putBlock() {}
  shallowCopy() {
    return this;
  }
}

/**
 * Every slot key ever written, per account. Neither state manager can list storage by
 * slot (MerkleStateManager's dumpStorage returns hashed keys; with un-hashed keys its
 * trie walk throws on embedded nodes), so dumps read back each recorded slot's value.
 */
class WrittenSlots {
  private readonly byAccount = new Map<Hex, Set<Hex>>();

  record(address: Address, key: Uint8Array): void {
    const owner = address.toString() as Hex;
    let slots = this.byAccount.get(owner);
    if (slots === undefined) {
      slots = new Set();
      this.byAccount.set(owner, slots);
    }
    slots.add(bytesToHex(setLengthLeft(key, 32)) as Hex);
  }

  of(address: Address): Hex[] {
    return [...(this.byAccount.get(address.toString() as Hex) ?? [])].sort();
  }
}

class RecordingMerkleStateManager extends MerkleStateManager {
  readonly writtenSlots = new WrittenSlots();

  override async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    this.writtenSlots.record(address, key);
    return super.putStorage(address, key, value);
  }
}

class RecordingSimpleStateManager extends SimpleStateManager {
  readonly writtenSlots = new WrittenSlots();

  override async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    this.writtenSlots.record(address, key);
    return super.putStorage(address, key, value);
  }

  override async deleteAccount(address: Address): Promise<void> {
    // Unlike MerkleStateManager, SimpleStateManager keeps code and storage in maps apart
    // from the account, so a deleted (self-destructed) account would keep them.
    await this.clearStorage(address);
    this.topCodeStack().delete(address.toString());
    return super.deleteAccount(address);
  }
}

type RecordingStateManager = RecordingMerkleStateManager | RecordingSimpleStateManager;

function blockFor(env: BlockEnv) {
  const prevRandao = setLengthLeft(hexToBytes(env.prevRandao), 32);
  return {
    header: {
      number: env.number,
      coinbase: createAddressFromString(env.coinbase),
      timestamp: env.timestamp,
      // Post-merge DIFFICULTY (0x44) reads prevRandao; kept equal for clarity.
      difficulty: bytesToBigInt(prevRandao),
      prevRandao,
      gasLimit: env.gasLimit,
      baseFeePerGas: env.baseFee,
      getBlobGasPrice: () => env.blobBaseFee,
    },
  };
}

function word(value: bigint): Hex {
  return `0x${value.toString(16).padStart(64, "0")}` as Hex;
}

function hex(bytes: Uint8Array): Hex {
  return bytesToHex(bytes) as Hex;
}

/** Strip leading zero bytes: ethereumjs stores storage values minimally encoded. */
function minimalBytes(value: bigint): Uint8Array {
  return value === 0n ? new Uint8Array(0) : bigIntToBytes(value);
}

class EthereumjsReferenceEvm implements ReferenceEvm {
  constructor(
    readonly evm: EVM,
    readonly block: Readonly<BlockEnv>,
    private readonly state: RecordingStateManager,
  ) {}

  async runCall(msg: MessageCall): Promise<ExecutionResult> {
    const isCreation = msg.to === undefined;
    if (msg.codeOverride !== undefined && isCreation) {
      throw new Error("codeOverride needs a `to` address to run the code at");
    }
    const caller = createAddressFromString(msg.caller);
    const origin = createAddressFromString(msg.origin ?? msg.caller);
    const to = isCreation ? undefined : createAddressFromString(msg.to!);

    // A transaction like this would be invalid. ethereumjs reports it as a failed call
    // for message calls but throws mid-creation (leaving its journal checkpointed), so
    // both are answered here, uniformly and before any state is touched.
    const callerBalance = (await this.evm.stateManager.getAccount(caller))?.balance ?? 0n;
    if (msg.value > callerBalance) {
      return { success: false, returnData: new Uint8Array(0), gasUsed: 0n, gasRefund: 0n, logs: [], error: INSUFFICIENT_BALANCE_ERROR };
    }

    if (to !== undefined && msg.codeOverride !== undefined) {
      // runCode-style execution, but through runCall so that the executing account
      // exists and SLOAD/SSTORE/BALANCE see it as a real account.
      const existing = await this.evm.stateManager.getAccount(to);
      if (existing === undefined) await this.evm.stateManager.putAccount(to, new Account());
      await this.evm.stateManager.putCode(to, msg.codeOverride);
    }

    await this.beginTransaction(origin, caller, to);
    const createdAddresses = new Set<`0x${string}`>();
    const result = await this.evm.runCall({
      block: blockFor(this.block),
      caller,
      origin,
      to,
      data: msg.data,
      value: msg.value,
      gasLimit: msg.gasLimit,
      gasPrice: msg.gasPrice ?? 0n,
      skipNonceIncrement: !isCreation,
      createdAddresses,
    });
    await this.endTransaction(result, createdAddresses);
    return toExecutionResult(result, isCreation);
  }

  private async beginTransaction(origin: Address, caller: Address, to: Address | undefined) {
    const journal = this.evm.journal;
    await journal.cleanup();
    this.evm.stateManager.originalStorageCache.clear();
    for (let index = 1; index <= PRECOMPILE_COUNT_CANCUN; index++) {
      journal.addAlwaysWarmAddress(index.toString(16).padStart(40, "0"));
    }
    journal.addAlwaysWarmAddress(origin.toString());
    journal.addAlwaysWarmAddress(caller.toString());
    if (to !== undefined) journal.addAlwaysWarmAddress(to.toString());
    journal.addAlwaysWarmAddress(this.block.coinbase);
  }

  private async endTransaction(result: EVMResult, createdAddresses: Set<string>) {
    if (result.execResult.exceptionError === undefined) {
      const created = result.execResult.createdAddresses ?? createdAddresses;
      for (const destroyed of result.execResult.selfdestruct?.keys() ?? []) {
        if (created.has(destroyed)) {
          await this.evm.journal.deleteAccount(createAddressFromString(destroyed));
        }
      }
    }
    await this.evm.journal.cleanup();
    this.evm.stateManager.originalStorageCache.clear();
  }

  async dumpStorage(address: Hex): Promise<Map<Hex, Hex>> {
    const owner = createAddressFromString(address);
    const slots = new Map<Hex, Hex>();
    if ((await this.state.getAccount(owner)) === undefined) return slots;
    for (const slot of this.state.writtenSlots.of(owner)) {
      const value = bytesToBigInt(await this.state.getStorage(owner, hexToBytes(slot)));
      if (value !== 0n) slots.set(slot, word(value));
    }
    return slots;
  }

  async getAccount(address: Hex): Promise<ReferenceAccount | undefined> {
    const target = createAddressFromString(address);
    const account = await this.evm.stateManager.getAccount(target);
    if (account === undefined) return undefined;
    return {
      nonce: account.nonce,
      balance: account.balance,
      code: await this.evm.stateManager.getCode(target),
    };
  }
}

function toExecutionResult(result: EVMResult, isCreation: boolean): ExecutionResult {
  const exec = result.execResult;
  const error = exec.exceptionError === undefined ? null : shortErrorName(exec.exceptionError.error);
  const reverted = error === REVERT_ERROR;
  const logs: Log[] = (exec.logs ?? []).map(([address, topics, data]) => ({
    address: hex(address),
    topics: topics.map(hex),
    data: hex(data),
  }));
  const mapped: ExecutionResult = {
    success: error === null,
    // Only REVERT hands data back; an exceptional halt returns nothing.
    returnData: error === null || reverted ? exec.returnValue : new Uint8Array(0),
    gasUsed: exec.executionGasUsed,
    gasRefund: exec.gasRefund ?? 0n,
    logs: error === null ? logs : [],
    error,
  };
  // Reported for every creation, failed or not: the address is fixed by sender and
  // nonce (or salt) before any code runs, as geth's Create also returns it.
  if (isCreation && result.createdAddress !== undefined) {
    mapped.createdAddress = result.createdAddress.toString() as Hex;
  }
  return mapped;
}

/**
 * A fresh ethereumjs EVM holding `pre`, with `block` as the environment of every call.
 * State persists across `runCall`s on the returned instance.
 */
export async function createReferenceEvm(
  pre: PreState,
  block: BlockEnv,
  options: ReferenceEvmOptions = {},
): Promise<ReferenceEvm> {
  const common = commonFor(block.chainId);
  const kind = options.stateManager ?? "merkle";
  const stateManager: RecordingStateManager =
    kind === "simple"
      ? new RecordingSimpleStateManager({ common })
      : new RecordingMerkleStateManager({ common, caches: new Caches() });
  const evm = await createEVM({ common, stateManager, blockchain: new DeterministicBlockHashes() });

  for (const [address, state] of pre) {
    const owner = createAddressFromString(address);
    await stateManager.putAccount(owner, new Account(state.nonce, state.balance));
    if (state.code.length > 0) await stateManager.putCode(owner, state.code);
    for (const [slot, value] of state.storage) {
      const numeric = BigInt(value);
      if (numeric === 0n) continue;
      await stateManager.putStorage(owner, setLengthLeft(hexToBytes(slot), 32), minimalBytes(numeric));
    }
  }
  await stateManager.flush();
  return new EthereumjsReferenceEvm(evm, Object.freeze({ ...block }), stateManager);
}
