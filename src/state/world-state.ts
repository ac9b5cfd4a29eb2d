// The engine's world state on the JS side: the source of truth the WASM cache loads from on a miss
// and the change sets of finished transactions are applied to.
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { Hex } from "../hex.js";
import type { PreState } from "../evm/types.js";
import type { ChangeSet } from "../wasm/abi.js";
import type { StateChangeLog } from "./trie/change-log.js";

export interface StoredAccount {
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  codeHash: Uint8Array;
  /** slot (0x + 64 lower-case hex digits) -> 32-byte value; zero values are not kept. */
  storage: Map<Hex, Uint8Array>;
}

export const EMPTY_CODE_HASH: Uint8Array = keccak_256(new Uint8Array(0));
const ZERO_WORD = new Uint8Array(32);

export function normalizeSlot(slot: string): Hex {
  const body = slot.startsWith("0x") ? slot.slice(2) : slot;
  return `0x${body.toLowerCase().padStart(64, "0")}`;
}

export function normalizeAddress(address: string): Hex {
  const body = address.startsWith("0x") ? address.slice(2) : address;
  return `0x${body.toLowerCase().padStart(40, "0")}`;
}

function isZeroWord(v: Uint8Array): boolean {
  for (const b of v) if (b !== 0) return false;
  return true;
}

export class WorldState {
  protected readonly accounts = new Map<Hex, StoredAccount>();
  /** Set by the state trie following this state (src/state/trie): the keys changed since its last root. */
  changeLog: StateChangeLog | undefined;

  static fromPreState(pre: PreState): WorldState {
    const state = new WorldState();
    for (const [address, a] of pre) {
      const storage = new Map<Hex, Uint8Array>();
      for (const [slot, value] of a.storage) {
        const bytes = Buffer.from(value.slice(2).padStart(64, "0"), "hex");
        if (!isZeroWord(bytes)) storage.set(normalizeSlot(slot), new Uint8Array(bytes));
      }
      state.accounts.set(normalizeAddress(address), {
        nonce: a.nonce,
        balance: a.balance,
        code: a.code,
        codeHash: keccak_256(a.code),
        storage,
      });
    }
    return state;
  }

  getAccount(address: Hex): StoredAccount | undefined {
    return this.accounts.get(address);
  }

  /** Creates or replaces an account; its code hash is derived from the code. */
  putAccount(address: Hex, fields: { nonce?: bigint; balance?: bigint; code?: Uint8Array }): StoredAccount {
    const key = normalizeAddress(address);
    const existing = this.accounts.get(key);
    const code = fields.code ?? existing?.code ?? new Uint8Array(0);
    const account: StoredAccount = {
      nonce: fields.nonce ?? existing?.nonce ?? 0n,
      balance: fields.balance ?? existing?.balance ?? 0n,
      code,
      codeHash: fields.code ? keccak_256(code) : existing?.codeHash ?? EMPTY_CODE_HASH,
      storage: existing?.storage ?? new Map(),
    };
    this.accounts.set(key, account);
    this.changeLog?.account(key, false);
    return account;
  }

  /**
   * Whether the account has storage (the engine skips loading slots of accounts without). A partial
   * state (src/validate/) that holds only some slots answers from its trie instead.
   */
  hasStorage(_address: Hex, account: StoredAccount): boolean {
    return account.storage.size > 0;
  }

  getStorage(address: Hex, slot: string): Uint8Array {
    return this.accounts.get(normalizeAddress(address))?.storage.get(normalizeSlot(slot)) ?? ZERO_WORD;
  }

  setStorage(address: Hex, slot: string, value: Uint8Array): void {
    const existing = this.accounts.get(normalizeAddress(address));
    this.changeLog?.slot(normalizeAddress(address), normalizeSlot(slot));
    if (isZeroWord(value)) {
      existing?.storage.delete(normalizeSlot(slot));
      return;
    }
    (existing ?? this.putAccount(address, {})).storage.set(normalizeSlot(slot), value);
  }

  /** Applies a finished transaction's change set (from the WASM engine). */
  applyChanges(changes: ChangeSet): void {
    for (const c of changes.accounts) {
      this.changeLog?.account(c.address, c.deleted);
      if (c.deleted) {
        this.accounts.delete(c.address);
        continue;
      }
      const existing = this.accounts.get(c.address);
      this.accounts.set(c.address, {
        nonce: c.nonce,
        balance: c.balance,
        code: c.code ?? existing?.code ?? new Uint8Array(0),
        codeHash: c.codeHash,
        storage: existing?.storage ?? new Map(),
      });
    }
    for (const s of changes.slots) this.setStorage(s.address, s.slot, s.value);
  }

  /** A deep copy (code bytes are shared: they are never mutated). */
  clone(): WorldState {
    const copy = new WorldState();
    for (const [address, a] of this.accounts) {
      copy.accounts.set(address, { ...a, storage: new Map(a.storage) });
    }
    return copy;
  }

  addresses(): IterableIterator<Hex> {
    return this.accounts.keys();
  }

  get size(): number {
    return this.accounts.size;
  }
}
