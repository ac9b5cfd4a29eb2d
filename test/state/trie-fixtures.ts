// Random world states and reference tries for the state-trie tests.
import { createMPT, type MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { Hex } from "../../src/hex.js";
import { bytesToHex } from "../../src/hex.js";
import { WorldState, EMPTY_CODE_HASH } from "../../src/state/world-state.js";
import { createRng, type Rng } from "../generators/programs.js";

export { createRng, type Rng };

export const EMPTY_TRIE_ROOT: Hex = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

/** Seeds: OVM_TRIE_SEED=N pins one (to replay a failure), else the fixed list. */
export function seeds(defaults: number[]): number[] {
  const pinned = process.env.OVM_TRIE_SEED;
  return pinned === undefined ? defaults : [Number(pinned)];
}

export function addressOf(rng: Rng): Hex {
  return bytesToHex(rng.bytes(20));
}

export function slotOf(rng: Rng): Hex {
  // Small slots (Solidity's first variables) and hashed ones (mappings).
  return rng.chance(0.5) ? (`0x${rng.int(8).toString(16).padStart(64, "0")}` as Hex) : bytesToHex(rng.bytes(32));
}

/** A non-zero word: one byte below 0x80 (encoded as itself), one byte above, or wide. */
export function valueOf(rng: Rng): Uint8Array {
  const v = new Uint8Array(32);
  const shape = rng.int(4);
  if (shape === 0) v[31] = 1 + rng.int(0x7f);
  else if (shape === 1) v[31] = 0x80 + rng.int(0x80);
  else if (shape === 2) v.set(rng.bytes(8), 24);
  else v.set(rng.bytes(32));
  if (v.every((b) => b === 0)) v[31] = 1;
  return v;
}

export function quantityOf(rng: Rng): bigint {
  const shape = rng.int(4);
  if (shape === 0) return 0n;
  if (shape === 1) return BigInt(rng.int(0x80));
  if (shape === 2) return BigInt(rng.next()) * 1_000_000_007n;
  return rng.word();
}

export function codeOf(rng: Rng): Uint8Array {
  return rng.chance(0.6) ? new Uint8Array(0) : rng.bytes(1 + rng.int(40));
}

/** `accounts` random accounts with 0 to `maxSlots` slots each. */
export function randomState(rng: Rng, accounts: number, maxSlots: number): WorldState {
  const state = new WorldState();
  for (let i = 0; i < accounts; i++) {
    const address = addressOf(rng);
    state.putAccount(address, { nonce: quantityOf(rng) & 0xffffffffffffffffn, balance: quantityOf(rng), code: codeOf(rng) });
    const slots = rng.int(maxSlots + 1);
    for (let j = 0; j < slots; j++) state.setStorage(address, slotOf(rng), valueOf(rng));
  }
  return state;
}

export function stripLeadingZeros(word: Uint8Array): Uint8Array {
  let i = 0;
  while (i < word.length && word[i] === 0) i++;
  return word.subarray(i);
}

export function minimalBytes(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const hex = v.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex"));
}

/** The account trie's value: RLP([nonce, balance, storageRoot, codeHash]). */
export function accountValue(nonce: bigint, balance: bigint, storageRoot: Uint8Array, codeHash: Uint8Array): Uint8Array {
  return RLP.encode([minimalBytes(nonce), minimalBytes(balance), storageRoot, codeHash]);
}

/** A storage trie's value: RLP of the word without leading zeros. */
export function storageValue(word: Uint8Array): Uint8Array {
  return RLP.encode(stripLeadingZeros(word));
}

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}

/** @ethereumjs/mpt tries of the whole state (account trie plus every storage trie), for proofs. */
export async function referenceTries(state: WorldState): Promise<{ accounts: MerklePatriciaTrie; storage: Map<Hex, MerklePatriciaTrie> }> {
  const accounts = await createMPT({ useKeyHashing: true });
  const storage = new Map<Hex, MerklePatriciaTrie>();
  for (const address of state.addresses()) {
    const account = state.getAccount(address)!;
    const trie = await createMPT({ useKeyHashing: true });
    for (const [slot, value] of account.storage) await trie.put(hexBytes(slot), storageValue(value));
    storage.set(address, trie);
    await accounts.put(hexBytes(address), accountValue(account.nonce, account.balance, trie.root(), account.codeHash));
  }
  return { accounts, storage };
}

export { EMPTY_CODE_HASH, keccak_256 };
