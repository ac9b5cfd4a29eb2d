// The Merkle-Patricia state root of a world state, computed with @ethereumjs/mpt (the reference
// implementation). Correct but slow for big states: a root in WASM comes with the state-root work.
import { createMPT } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import type { WorldState } from "./world-state.js";

function minimalBytes(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  return hexToBytes(v.toString(16).padStart(Math.ceil(v.toString(16).length / 2) * 2, "0"));
}

function stripLeadingZeros(word: Uint8Array): Uint8Array {
  let i = 0;
  while (i < word.length && word[i] === 0) i++;
  return word.subarray(i);
}

export async function computeStateRoot(state: WorldState): Promise<Hex> {
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
