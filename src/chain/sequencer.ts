// The sequencer flow of the design note ("Sequencer handles request"): a signed Ethereum transaction
// comes in, is checked (signature, chain id, nonce, no value), and its calldata is wrapped into the
// ExecutionManager's executeTransaction with the sequencer's timestamp and the transaction's gas
// limit; the wrapped transaction runs on the engine's L1 side and the original hash is what the
// caller gets back, with the internal (wrapped) hash kept beside it.
//
// Choices (README, "Chain and sequencer"):
// - Fees: the OVM has no native ETH (docs/ovm-em.md), so gas prices and fee caps are read but not
//   charged; gas limits above `maxGasLimit` are refused. A non-zero value is refused (NONZERO_VALUE).
// - Pre-EIP-155 legacy transactions carry no chain id and could be replayed on any chain: refused
//   (WRONG_CHAIN_ID). EIP-4844 blob transactions have no meaning in L2: refused (UNSUPPORTED).
// - A call to the zero address is refused (UNSUPPORTED): executeTransaction reads entrypoint 0 as a
//   deployment.
// - Internal hash: keccak256 of the EIP-155 signing payload of the wrapped L1 transaction, taken as a
//   legacy transaction with gas price 0, RLP([l1Nonce, 0, L1_TX_GAS, executionManager, 0, calldata,
//   chainId, 0, 0]), where l1Nonce is the sequencer account's L1 nonce: 1 + the number of wrapped
//   transactions before it (nonce 0 deployed the EM). It is the same on every backend and unique.
import { RLP } from "@ethereumjs/rlp";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { OvmError, type OvmErrorCode } from "../errors.js";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import { decodeRawTransaction, MalformedTransactionError } from "../engine/raw-transaction.js";
import { CREATE_ENTRYPOINT, encodeExecuteTransaction } from "../ovm/em-interface.js";
import { L1_TX_GAS, type OvmEngine } from "../ovm/ovm-engine.js";
import type { BlockReceipt } from "./block.js";

/** Gas limits above this are refused by default: the wrapped L1 transaction must leave the EM room to finish. */
export const DEFAULT_MAX_GAS_LIMIT = 100_000_000n;

/** A signed transaction the sequencer refuses: nothing has run and nothing changed. */
export class TransactionRefusedError extends OvmError {
  constructor(code: OvmErrorCode, message: string, readonly hash?: Hex, detail?: Record<string, unknown>) {
    super(code, hash ? `transaction ${hash} refused: ${message}` : `transaction refused: ${message}`, { hash, ...detail });
    this.name = "TransactionRefusedError";
  }
}

/** A decoded signed transaction that passed every check that does not depend on state. */
export interface SignedTransaction {
  /** The raw signed bytes, lower-case hex. */
  raw: Hex;
  /** keccak256 of the raw bytes: the original transaction hash the caller knows. */
  hash: Hex;
  type: number;
  from: Hex;
  /** null: a deployment. */
  to: Hex | null;
  nonce: bigint;
  gasLimit: bigint;
  data: Hex;
  chainId: bigint;
}

/** One executed transaction: what a block records about it. */
export interface ExecutedTransaction {
  tx: SignedTransaction;
  internalHash: Hex;
  receipt: BlockReceipt;
  postStateRoot: Hex;
}

function rlpQuantity(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const hex = value.toString(16);
  return hexToBytes(hex.length % 2 ? `0${hex}` : hex);
}

export class Sequencer {
  /** Wrapped transactions this sequencer has run on its engine (the EM deployment not counted). */
  private wrappedCount = 0n;
  readonly maxGasLimit: bigint;

  /** `engine` must be fresh (only the EM deployed) or have run only this sequencer's transactions. */
  constructor(readonly engine: OvmEngine, options: { maxGasLimit?: bigint } = {}) {
    this.maxGasLimit = options.maxGasLimit ?? DEFAULT_MAX_GAS_LIMIT;
  }

  get chainId(): bigint {
    return this.engine.chainId;
  }

  /**
   * Decodes a raw signed transaction and runs the checks that need no state: encoding, signature,
   * chain id, value, type, gas limit. Throws TransactionRefusedError (or OvmError INVALID_HEX).
   */
  decode(raw: string | Uint8Array): SignedTransaction {
    const bytes = typeof raw === "string" ? hexToBytes(raw, "raw transaction") : raw;
    if (!(bytes instanceof Uint8Array)) throw new OvmError("INVALID_HEX", "raw transaction: expected hex or bytes");
    let decoded;
    try {
      decoded = decodeRawTransaction(bytes);
    } catch (e) {
      if (!(e instanceof MalformedTransactionError)) {
        throw new TransactionRefusedError("MALFORMED_TRANSACTION", (e as Error).message);
      }
      // raw-transaction.ts reports bad signatures with these words (EIP-2 bounds, parity, v, recovery).
      const signature = /signature|invalid v\b|yParity/.test(e.message);
      throw new TransactionRefusedError(signature ? "INVALID_SIGNATURE" : "MALFORMED_TRANSACTION", e.message.replace(/^malformed transaction: /, ""));
    }
    const hash = decoded.hash;
    if (decoded.type === 3) throw new TransactionRefusedError("UNSUPPORTED", "blob transactions (EIP-4844) carry nothing an L2 transaction can use", hash);
    if (decoded.chainId === undefined) {
      throw new TransactionRefusedError("WRONG_CHAIN_ID", `no chain id (a pre-EIP-155 signature, valid on every chain); sign for chain ${this.chainId}`, hash);
    }
    if (decoded.chainId !== this.chainId) {
      throw new TransactionRefusedError("WRONG_CHAIN_ID", `signed for chain ${decoded.chainId}, this chain is ${this.chainId}`, hash, { chainId: decoded.chainId });
    }
    if (decoded.value !== 0n) {
      throw new TransactionRefusedError("NONZERO_VALUE", `value ${decoded.value}: the OVM has no native ETH (it is an ERC-20 token there)`, hash, { value: decoded.value });
    }
    if (decoded.to !== undefined && /^0x0{40}$/.test(decoded.to)) {
      throw new TransactionRefusedError("UNSUPPORTED", "a call to the zero address (executeTransaction reads that entrypoint as a deployment)", hash);
    }
    if (decoded.gasLimit > this.maxGasLimit) {
      throw new TransactionRefusedError("GAS_LIMIT_TOO_HIGH", `gas limit ${decoded.gasLimit} above the sequencer's ${this.maxGasLimit}`, hash, { gasLimit: decoded.gasLimit });
    }
    return {
      raw: bytesToHex(bytes), hash, type: decoded.type, from: decoded.from.toLowerCase() as Hex, to: decoded.to ? (decoded.to.toLowerCase() as Hex) : null,
      nonce: decoded.nonce, gasLimit: decoded.gasLimit, data: bytesToHex(decoded.data), chainId: decoded.chainId,
    };
  }

  /** Throws NONCE_TOO_LOW (a replay) or NONCE_TOO_HIGH (a gap) unless `tx` carries `expected`. */
  static checkNonce(tx: SignedTransaction, expected: bigint): void {
    if (tx.nonce < expected) throw new TransactionRefusedError("NONCE_TOO_LOW", `nonce ${tx.nonce}, the sender ${tx.from} is at ${expected} (a replay?)`, tx.hash, { nonce: tx.nonce, expected });
    if (tx.nonce > expected) throw new TransactionRefusedError("NONCE_TOO_HIGH", `nonce ${tx.nonce}, the sender ${tx.from} is at ${expected} (a gap)`, tx.hash, { nonce: tx.nonce, expected });
  }

  /** The sender's OVM nonce, from the EM's account record. */
  nonceOf(address: Hex): Promise<bigint> {
    return this.engine.getNonce(address);
  }

  /** The calldata of the wrapped L1 transaction: executeTransaction(timestamp, gasLimit, origin, entrypoint, data). */
  wrappedCalldata(tx: SignedTransaction, timestamp: bigint): Hex {
    return encodeExecuteTransaction(timestamp, tx.gasLimit, tx.from, tx.to ?? CREATE_ENTRYPOINT, tx.data) as Hex;
  }

  /** The internal hash of the next wrapped transaction (see the comment at the top). */
  internalHash(tx: SignedTransaction, timestamp: bigint): Hex {
    const payload = RLP.encode([
      rlpQuantity(1n + this.wrappedCount), new Uint8Array(0), rlpQuantity(L1_TX_GAS), hexToBytes(this.engine.executionManager), new Uint8Array(0),
      hexToBytes(this.wrappedCalldata(tx, timestamp)), rlpQuantity(this.engine.chainId), new Uint8Array(0), new Uint8Array(0),
    ]);
    return bytesToHex(keccak_256(payload));
  }

  /**
   * Checks the nonce against the engine's state, then executes: the one call that changes state.
   * Refusals (TransactionRefusedError) happen before anything runs; any other error means the engine
   * failed mid-way and its state can no longer be trusted.
   */
  async execute(tx: SignedTransaction, timestamp: bigint): Promise<ExecutedTransaction> {
    Sequencer.checkNonce(tx, await this.nonceOf(tx.from));
    return this.run(tx, timestamp);
  }

  /** Executes a transaction whose nonce the caller has checked against the engine's current state. */
  async run(tx: SignedTransaction, timestamp: bigint): Promise<ExecutedTransaction> {
    const internalHash = this.internalHash(tx, timestamp);
    const common = { from: tx.from, data: tx.data, gasLimit: tx.gasLimit, timestamp };
    this.wrappedCount++;
    let receipt: BlockReceipt;
    if (tx.to === null) {
      const r = await this.engine.deploy(common);
      receipt = { success: r.success, gasUsed: r.gasUsed, logs: r.logs, returnData: r.returnData, createdAddress: r.address };
    } else {
      const r = await this.engine.execute({ ...common, to: tx.to });
      receipt = { success: r.success, gasUsed: r.gasUsed, logs: r.logs, returnData: r.returnData, createdAddress: null };
    }
    return { tx, internalHash, receipt, postStateRoot: await this.engine.stateRoot() };
  }
}
