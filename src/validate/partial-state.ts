// The validator's world state: only what a block's witness holds. Whatever the witness does not
// hold is unknown, and asking for it throws WITNESS_INCOMPLETE (never a guess: an unknown slot is
// not zero). What the block writes becomes known as it is written.
import { OvmError } from "../errors.js";
import type { Hex } from "../hex.js";
import { WorldState, normalizeAddress, normalizeSlot, type StoredAccount } from "../state/world-state.js";
import type { StateTrie } from "../state/trie/state-trie.js";
import type { ChangeSet } from "../wasm/abi.js";

const EMPTY_TRIE_ROOT: Hex = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

/** What a re-execution asked for that the witness does not hold. */
export interface MissingState {
  address: Hex;
  /** Absent for the account itself. */
  slot?: Hex;
}

export function missingStateError(missing: MissingState): OvmError {
  const what = missing.slot === undefined ? `account ${missing.address}` : `slot ${missing.slot} of ${missing.address}`;
  return new OvmError("WITNESS_INCOMPLETE", `the re-execution needs ${what}, which the witness does not hold`, { missing });
}

export interface PartialAccount {
  address: Hex;
  exists: boolean;
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  code: Uint8Array;
  storageRoot: Hex;
}

export class PartialWorldState extends WorldState {
  /** Accounts the state knows, present or absent. */
  private readonly knownAccounts = new Set<Hex>();
  /** Accounts whose storage is only partly here: non-empty in the pre-state and not deleted since. */
  private readonly partialStorage = new Set<Hex>();
  /** address + slot of every slot the state knows. */
  private readonly knownSlots = new Set<string>();
  /** The partial trie following this state: it knows whether a partly held storage is empty. */
  trie: StateTrie | undefined;

  constructor(accounts: PartialAccount[], slots: { address: Hex; slot: Hex; value: Uint8Array }[]) {
    super();
    for (const a of accounts) {
      const address = normalizeAddress(a.address);
      this.knownAccounts.add(address);
      if (!a.exists) continue;
      this.accounts.set(address, { nonce: a.nonce, balance: a.balance, code: a.code, codeHash: a.codeHash, storage: new Map() });
      if (a.storageRoot !== EMPTY_TRIE_ROOT) this.partialStorage.add(address);
    }
    for (const s of slots) {
      const address = normalizeAddress(s.address);
      const slot = normalizeSlot(s.slot);
      this.knownSlots.add(address + slot);
      const account = this.accounts.get(address);
      if (account && s.value.some((b) => b !== 0)) account.storage.set(slot, s.value);
    }
  }

  override getAccount(address: Hex): StoredAccount | undefined {
    const account = this.accounts.get(address);
    if (account !== undefined || this.knownAccounts.has(address)) return account;
    throw missingStateError({ address });
  }

  override putAccount(address: Hex, fields: { nonce?: bigint; balance?: bigint; code?: Uint8Array }): StoredAccount {
    this.knownAccounts.add(normalizeAddress(address));
    return super.putAccount(address, fields);
  }

  override hasStorage(address: Hex, account: StoredAccount): boolean {
    if (!this.partialStorage.has(address)) return super.hasStorage(address, account);
    if (this.trie === undefined) return true;
    return !this.trie.storageIsEmpty(address);
  }

  override getStorage(address: Hex, slot: string): Uint8Array {
    const a = normalizeAddress(address);
    const s = normalizeSlot(slot);
    // A slot of an account the witness does not show is unknown, even if listed: the account may not be absent.
    if (!this.knownAccounts.has(a)) throw missingStateError({ address: a });
    if (this.partialStorage.has(a) && !this.knownSlots.has(a + s)) throw missingStateError({ address: a, slot: s });
    return super.getStorage(a, s);
  }

  override setStorage(address: Hex, slot: string, value: Uint8Array): void {
    this.knownSlots.add(normalizeAddress(address) + normalizeSlot(slot));
    super.setStorage(address, slot, value);
  }

  override applyChanges(changes: ChangeSet): void {
    for (const c of changes.accounts) {
      this.knownAccounts.add(c.address);
      // A deleted account's storage is gone: what the block writes to it from now on is all of it.
      if (c.deleted) this.partialStorage.delete(c.address);
    }
    super.applyChanges(changes);
  }
}
