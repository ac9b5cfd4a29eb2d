// What changed in a WorldState since its state trie last caught up: addresses and slots only, the
// values are read from the state when the trie syncs (so a key written by many transactions of a
// block is sent to the trie once, with its final value).
import type { Hex } from "../../hex.js";

export interface TouchedAccount {
  /** The account was deleted (its storage with it) at least once: the trie drops and reloads it. */
  storageDropped: boolean;
  /** Slots written since the last sync (not kept once the storage is dropped: all are reloaded). */
  slots: Set<Hex>;
}

export class StateChangeLog {
  private touched = new Map<Hex, TouchedAccount>();

  account(address: Hex, storageDropped: boolean): void {
    const entry = this.touched.get(address);
    if (entry === undefined) {
      this.touched.set(address, { storageDropped, slots: new Set() });
    } else if (storageDropped && !entry.storageDropped) {
      entry.storageDropped = true;
      entry.slots.clear();
    }
  }

  slot(address: Hex, slot: Hex): void {
    let entry = this.touched.get(address);
    if (entry === undefined) {
      entry = { storageDropped: false, slots: new Set() };
      this.touched.set(address, entry);
    }
    if (!entry.storageDropped) entry.slots.add(slot);
  }

  get size(): number {
    return this.touched.size;
  }

  /** The changes recorded so far; the log starts over empty. */
  take(): Map<Hex, TouchedAccount> {
    const taken = this.touched;
    this.touched = new Map();
    return taken;
  }
}
