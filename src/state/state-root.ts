// The Merkle-Patricia state root of a world state, two ways:
// - computeStateRoot: the WASM tries of src/state/trie, following the state, so that each call
//   re-hashes only what changed since the previous one (the engine's stateRoot());
// - computeReferenceStateRoot: @ethereumjs/mpt rebuilding every trie from scratch, correct but
//   slow (thousands of puts/s): the reference the tests compare the fast root with.
import { createMPT } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import type { WorldState } from "./world-state.js";
import { StateTrie } from "./trie/state-trie.js";

/** The state root of `state`, from the state trie following it (made and loaded on the first call). */
export async function computeStateRoot(state: WorldState): Promise<Hex> {
  return StateTrie.of(state).root();
}

function minimalBytes(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  return hexToBytes(v.toString(16).padStart(Math.ceil(v.toString(16).length / 2) * 2, "0"));
}

function stripLeadingZeros(word: Uint8Array): Uint8Array {
  let i = 0;
  while (i < word.length && word[i] === 0) i++;
  return word.subarray(i);
}

/** The state root rebuilt from scratch with @ethereumjs/mpt (the reference implementation). */
export async function computeReferenceStateRoot(state: WorldState): Promise<Hex> {
  const trie = await createMPT({ useKeyHashing: true });
  for (const address of state.addresses()) {
    const account = state.getAccount(address)!;
    const storage = await createMPT({ useKeyHashing: true });
    for (const [slot, value] of account.storage) {
      await storage.put(hexToBytes(slot), RLP.encode(stripLeadingZeros(value)));
    }
    const encoded = RLP.encode([minimalBytes(account.nonce), minimalBytes(account.balance), storage.root(), account.codeHash]);
    await trie.put(hexToBytes(address), encoded);
  }
  return bytesToHex(trie.root());
}
