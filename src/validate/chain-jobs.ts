// Jobs of a stored chain: a block, its parent's timestamp and state root, and the witness stored
// with it (Chain.open({ witnesses: true })), assembled into one encoded job (job.ts).
import { OvmError } from "../errors.js";
import type { Hex } from "../hex.js";
import type { Block } from "../chain/block.js";
import type { ChainMeta, ChainStore } from "../chain/store.js";
import { decodeStoredWitness } from "./witness.js";
import { encodeJob } from "./job.js";

/** Reads jobs out of a chain store; codes are fetched once each and kept. */
export class StoredJobs {
  private readonly codes = new Map<Hex, Uint8Array>();

  constructor(readonly store: ChainStore, readonly meta: ChainMeta) {}

  static async open(store: ChainStore): Promise<StoredJobs> {
    const meta = await store.readMeta();
    if (!meta) throw new OvmError("STORE_CORRUPT", "the store holds no chain (no meta record)");
    return new StoredJobs(store, meta);
  }

  private async code(hash: Hex, block: number): Promise<Uint8Array> {
    let code = this.codes.get(hash);
    if (code === undefined) {
      code = await this.store.readCode(hash);
      if (code === undefined) throw new OvmError("STORE_CORRUPT", `block ${block}'s witness refers to code ${hash}, which is not stored`, { block });
      this.codes.set(hash, code);
    }
    return code;
  }

  /**
   * The job of block `n` (its parent `parent` read by the caller, who walks the chain anyway), or
   * undefined when the block was stored without a witness.
   */
  async job(block: Block, parent: Block): Promise<ArrayBuffer | undefined> {
    const stored = await this.store.readWitness(block.number);
    if (stored === undefined) return undefined;
    const { section, codeHashes } = decodeStoredWitness(stored);
    const codes = [];
    for (const hash of codeHashes) codes.push(await this.code(hash, block.number));
    // The pre-state root inside the section is the sequencer's; the block's parent claims one too,
    // and the validator checks the nodes against the section's: bind the two here.
    const preStateRoot = `0x${Buffer.from(section.subarray(0, 32)).toString("hex")}`;
    if (preStateRoot !== parent.stateRoot) {
      const patched = section.slice();
      patched.set(Buffer.from(parent.stateRoot.slice(2), "hex"), 0);
      return encodeJob({ chainId: block.chainId, executionManager: this.meta.executionManager, block, parentTimestamp: parent.timestamp, witness: { section: patched, codes } });
    }
    return encodeJob({ chainId: block.chainId, executionManager: this.meta.executionManager, block, parentTimestamp: parent.timestamp, witness: { section, codes } });
  }
}
