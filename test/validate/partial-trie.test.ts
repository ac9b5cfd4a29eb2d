// Partial state tries (assembly/trie/witness.ts): rebuilt from proof nodes, with subtrees nobody
// opened kept as hash-only cells. They must hash like the full trie, follow the same updates to the
// same roots, and refuse (WITNESS_INCOMPLETE) any update that needs a node they lack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { OvmError } from "../../src/errors.js";
import { bytesToHex, type Hex } from "../../src/hex.js";
import { StateTrie, WitnessStatus } from "../../src/state/trie/state-trie.js";
import type { WorldState } from "../../src/state/world-state.js";
import { encodeWitnessSection, type WitnessAccount, type WitnessSlot } from "../../src/validate/job.js";
import { EMPTY_TRIE_ROOT, createRng, randomState, seeds, slotOf, valueOf } from "../state/trie-fixtures.js";

interface Pick {
  address: Hex;
  slots: Hex[];
}

/** The witness request of `picks` (and of pre-hashed `extra` keys) against `full`'s current root. */
function witnessOf(full: StateTrie, state: WorldState, picks: Pick[], extra: { accountKey: Uint8Array; slotKey?: Uint8Array }[] = []): Uint8Array {
  const nodes = new Map<string, Uint8Array>();
  const add = (list: Uint8Array[]) => list.forEach((n) => nodes.set(bytesToHex(n), n));
  const accounts: WitnessAccount[] = [];
  const slots: WitnessSlot[] = [];
  for (const pick of picks) {
    const proof = full.getProof(pick.address, pick.slots);
    add(proof.accountProof);
    proof.storageProof.forEach((p) => add(p.proof));
    const account = state.getAccount(pick.address);
    accounts.push(account
      ? { address: pick.address, exists: true, nonce: account.nonce, balance: account.balance, codeHash: bytesToHex(account.codeHash), storageRoot: proof.storageHash }
      : { address: pick.address, exists: false, nonce: 0n, balance: 0n, codeHash: `0x${"00".repeat(32)}`, storageRoot: `0x${"00".repeat(32)}` });
    for (const slot of pick.slots) slots.push({ address: pick.address, slot, value: bytesToHex(state.getStorage(pick.address, slot)) });
  }
  for (const key of extra) {
    const proof = full.byKey.getProof(key.accountKey, key.slotKey ? [key.slotKey] : []);
    add(proof.accountProof);
    proof.storageProof.forEach((p) => add(p.proof));
  }
  return encodeWitnessSection({ preStateRoot: full.root(), accounts, slots, codes: [], nodes: [...nodes.values()] });
}

function isIncomplete(e: unknown): boolean {
  return e instanceof OvmError && e.code === "WITNESS_INCOMPLETE";
}

test("a partial trie from some keys' proofs hashes to the full root and proves their entries, present and absent", (t) => {
  for (const seed of seeds([601, 602, 603])) {
    t.diagnostic(`seed ${seed}`);
    const rng = createRng(seed);
    const state = randomState(rng, 150, 5);
    const full = StateTrie.fromWorldState(state, { follow: false });
    const addresses = [...state.addresses()];
    const picks: Pick[] = addresses.slice(0, 8).map((address) => ({ address, slots: [...state.getAccount(address)!.storage.keys()].slice(0, 2).concat([slotOf(rng)]) }));
    picks.push({ address: bytesToHex(rng.bytes(20)), slots: [] }); // an absent account
    const partial = new StateTrie();
    assert.equal(partial.loadWitness(witnessOf(full, state, picks)).status, WitnessStatus.Ok, `seed ${seed}`);
    assert.equal(partial.root(), full.root(), `seed ${seed}: same root`);
    assert.ok(partial.stats().cells < full.stats().cells / 3, `seed ${seed}: the partial trie holds a fraction of the cells`);
  }
});

test("updates of witnessed keys give the full trie's root after each change; a key the witness does not open is WITNESS_INCOMPLETE", (t) => {
  for (const seed of seeds([611, 612])) {
    t.diagnostic(`seed ${seed}`);
    const rng = createRng(seed);
    const state = randomState(rng, 120, 4);
    const full = StateTrie.fromWorldState(state, { follow: false });
    const addresses = [...state.addresses()];
    const fresh = Array.from({ length: 3 }, () => slotOf(rng));
    const picks: Pick[] = addresses.slice(0, 6).map((address, i) => ({ address, slots: [...state.getAccount(address)!.storage.keys(), fresh[i % 3]!] }));
    const newAccount = bytesToHex(rng.bytes(20));
    picks.push({ address: newAccount, slots: [] });
    const partial = new StateTrie();
    assert.equal(partial.loadWitness(witnessOf(full, state, picks)).status, WitnessStatus.Ok);
    for (let step = 0; step < 40; step++) {
      const pick = picks[rng.int(picks.length)]!;
      const account = state.getAccount(pick.address);
      if (pick.slots.length > 0 && rng.chance(0.7)) {
        const slot = pick.slots[rng.int(pick.slots.length)]!;
        const value = rng.chance(0.3) ? new Uint8Array(32) : valueOf(rng);
        full.putStorage(pick.address, slot, value);
        partial.putStorage(pick.address, slot, value);
      } else {
        const fields = { nonce: (account?.nonce ?? 0n) + BigInt(step), balance: BigInt(step) * 1000n, codeHash: account?.codeHash ?? keccak_256(new Uint8Array(0)) };
        full.putAccount(pick.address, fields);
        partial.putAccount(pick.address, fields);
      }
      assert.equal(partial.root(), full.root(), `seed ${seed}, step ${step}`);
    }
    const outsider = addresses.find((a) => !picks.some((p) => p.address === a))!;
    assert.throws(() => partial.putAccount(outsider, { nonce: 1n, balance: 1n, codeHash: keccak_256(new Uint8Array(0)) }).root(), isIncomplete,
      `seed ${seed}: an account outside the witness`);
  }
});

test("a deletion that merges a hash-only sibling is WITNESS_INCOMPLETE; with the key the full trie records for it, the roots agree", () => {
  const rng = createRng(621);
  const state = randomState(rng, 60, 0);
  const address = [...state.addresses()][0]!;
  // Two slots: deleting one leaves the other the only child of the storage root (a leaf: it merges).
  const [a, b] = [slotOf(rng), slotOf(rng)];
  state.setStorage(address, a, valueOf(rng));
  state.setStorage(address, b, valueOf(rng));
  const full = StateTrie.fromWorldState(state, { follow: false });
  const request = witnessOf(full, state, [{ address, slots: [a] }]);

  const bare = new StateTrie();
  assert.equal(bare.loadWitness(request).status, WitnessStatus.Ok);
  assert.throws(() => bare.putStorage(address, a, new Uint8Array(32)).root(), (e: unknown) => isIncomplete(e) && (e as OvmError & { detail: { missing: { trie: string } } }).detail.missing.trie === "storage");

  const recorder = StateTrie.fromWorldState(state, { follow: false });
  recorder.recordSiblings(true);
  recorder.putStorage(address, a, new Uint8Array(32)).root();
  const siblings = recorder.takeSiblings();
  assert.equal(siblings.length, 1, "one merge recorded");
  assert.equal(bytesToHex(siblings[0]!.slotKey!), bytesToHex(keccak_256(Buffer.from(b.slice(2), "hex"))), "the recorded key is the surviving slot's");

  const completed = new StateTrie();
  assert.equal(completed.loadWitness(witnessOf(full, state, [{ address, slots: [a] }], siblings)).status, WitnessStatus.Ok);
  assert.equal(completed.putStorage(address, a, new Uint8Array(32)).root(), recorder.root());
});

test("proofs that do not hold are refused: a changed node proves nothing, a changed entry value is a mismatch, an entry without proof is unproven", () => {
  const rng = createRng(631);
  const state = randomState(rng, 80, 3);
  const full = StateTrie.fromWorldState(state, { follow: false });
  const address = [...state.addresses()].find((x) => state.getAccount(x)!.storage.size > 0)!;
  const slot = [...state.getAccount(address)!.storage.keys()][0]!;
  const good = witnessOf(full, state, [{ address, slots: [slot] }]);
  const trie = new StateTrie();
  assert.equal(trie.loadWitness(good).status, WitnessStatus.Ok);

  // Nodes are found by their hash: a changed node is no longer the one its parent names, so the
  // entries below it are left without proof.
  const flipped = good.slice();
  flipped[36 + 4 + 4 + 40] ^= 1; // a byte inside the first node
  assert.equal(trie.loadWitness(flipped).status, WitnessStatus.EntryUnproven);
  const otherRoot = good.slice();
  otherRoot[0] ^= 1;
  assert.equal(trie.loadWitness(otherRoot).status, WitnessStatus.EntryUnproven, "another pre-state root");

  const wrongValue = good.slice();
  wrongValue[wrongValue.length - 1] ^= 1; // the last slot's value
  assert.deepEqual(trie.loadWitness(wrongValue), { status: WitnessStatus.EntryMismatch, entry: 1 });

  const other = [...state.addresses()].find((x) => x !== address)!;
  const unproven = encodeWitnessSection({
    preStateRoot: full.root(), codes: [], slots: [],
    nodes: full.getProof(address).accountProof,
    accounts: [{ address: other, exists: true, nonce: 0n, balance: 0n, codeHash: `0x${"00".repeat(32)}`, storageRoot: EMPTY_TRIE_ROOT }],
  });
  const answer = trie.loadWitness(unproven);
  // The account proof of `address` shows where `other`'s path leaves it: either absent (a mismatch
  // with `exists`) or inside a subtree the nodes do not open.
  assert.ok(answer.status === WitnessStatus.EntryUnproven || answer.status === WitnessStatus.EntryMismatch, `status ${answer.status}`);
  const malformed = good.slice(0, good.length - 3);
  assert.equal(trie.loadWitness(malformed).status, WitnessStatus.MalformedRequest, "a truncated request");
});

test("one trie instance reused for 300 witnesses keeps its memory flat", () => {
  const rng = createRng(641);
  const state = randomState(rng, 400, 3);
  const full = StateTrie.fromWorldState(state, { follow: false });
  const addresses = [...state.addresses()];
  const trie = new StateTrie();
  let afterWarmUp = 0;
  for (let i = 0; i < 300; i++) {
    const picks = Array.from({ length: 20 }, () => {
      const address = addresses[rng.int(addresses.length)]!;
      return { address, slots: [...state.getAccount(address)!.storage.keys()] };
    });
    assert.equal(trie.loadWitness(witnessOf(full, state, picks)).status, WitnessStatus.Ok);
    assert.equal(trie.root(), full.root());
    if (i === 20) afterWarmUp = trie.stats().memoryBytes;
  }
  assert.equal(trie.stats().memoryBytes, afterWarmUp, "no growth after the first 20 witnesses");
});
