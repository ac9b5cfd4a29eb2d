// The WASM state tries (assembly/trie/, src/state/trie/) against @ethereumjs/mpt: state roots of
// random states, roots after random sequences of puts, updates and deletes (incremental re-hashing,
// down to the empty trie), storage roots, keys sharing long prefixes and inlined short nodes.
// Seeds are printed; OVM_TRIE_SEED=N replays one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMPT, type MerklePatriciaTrie } from "@ethereumjs/mpt";
import { bytesToHex, type Hex } from "../../src/hex.js";
import { WorldState } from "../../src/state/world-state.js";
import { computeStateRoot, computeReferenceStateRoot } from "../../src/state/state-root.js";
import { StateTrie } from "../../src/state/trie/state-trie.js";
import type { ChangeSet } from "../../src/wasm/abi.js";
import {
  EMPTY_TRIE_ROOT, EMPTY_CODE_HASH, accountValue, addressOf, codeOf, createRng, hexBytes, quantityOf, randomState,
  referenceTries, seeds, slotOf, storageValue, valueOf, type Rng,
} from "./trie-fixtures.js";

const ZERO = new Uint8Array(32);

test("an empty trie's root is keccak256(RLP('')), as @ethereumjs/mpt's", async () => {
  assert.equal(new StateTrie().root(), EMPTY_TRIE_ROOT);
  assert.equal(await computeStateRoot(new WorldState()), await computeReferenceStateRoot(new WorldState()));
});

test("state roots equal @ethereumjs/mpt's on random states (up to 300 accounts, 0-5 slots each)", async (t) => {
  for (const seed of seeds([1, 2, 3, 4, 5, 6])) {
    t.diagnostic(`seed ${seed}`);
    const rng = createRng(seed);
    const state = randomState(rng, 1 + rng.int(300), 5);
    const reference = await computeReferenceStateRoot(state);
    assert.equal(await computeStateRoot(state), reference, `seed ${seed}: following trie`);
    assert.equal(StateTrie.fromWorldState(state.clone()).root(), reference, `seed ${seed}: bulk-loaded trie`);
  }
});

test("each account's storage root equals @ethereumjs/mpt's storage trie root", async (t) => {
  const seed = seeds([11])[0];
  t.diagnostic(`seed ${seed}`);
  const state = randomState(createRng(seed), 60, 6);
  const trie = StateTrie.fromWorldState(state);
  const reference = await referenceTries(state);
  for (const address of state.addresses()) {
    assert.equal(trie.getProof(address).storageHash, bytesToHex(reference.storage.get(address)!.root()), `seed ${seed}: storage root of ${address}`);
  }
  assert.equal(trie.getProof("0x00000000000000000000000000000000000000ff").storageHash, EMPTY_TRIE_ROOT, "an absent account has the empty storage root");
});

type Step = (state: WorldState, trie: StateTrie) => void;

/** One random change to the state, mirrored on a standalone trie through its own API. */
function randomStep(rng: Rng, known: Hex[]): Step {
  const existing = (state: WorldState) => [...state.addresses()];
  const kind = rng.weighted<string>([[3, "account"], [5, "slot"], [2, "clear slot"], [1, "delete"], [1, "delete and recreate"]]);
  const fresh = rng.chance(0.3) || known.length === 0;
  const address = fresh ? addressOf(rng) : rng.pick(known);
  if (fresh) known.push(address);
  const nonce = quantityOf(rng) & 0xffffffffffffffffn;
  const balance = quantityOf(rng);
  const code = codeOf(rng);
  const slot = slotOf(rng);
  const value = valueOf(rng);
  const pickSlot = rng.next();
  return (state, trie) => {
    const mirror = () => {
      const a = state.getAccount(address)!;
      trie.putAccount(address, { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash });
    };
    if (kind === "account") {
      state.putAccount(address, { nonce, balance, code });
      mirror();
    } else if (kind === "slot") {
      state.setStorage(address, slot, value);
      trie.putStorage(address, slot, value);
    } else if (kind === "clear slot") {
      // Clear a slot the account has, when it has one (else a slot it does not have: a no-op).
      const slots = [...(state.getAccount(address)?.storage.keys() ?? [])];
      const target = slots.length > 0 ? slots[pickSlot % slots.length] : slot;
      state.setStorage(address, target, ZERO);
      trie.putStorage(address, target, ZERO);
    } else {
      const victim = existing(state).length > 0 ? existing(state)[pickSlot % existing(state).length] : address;
      const changes: ChangeSet = { accounts: [{ address: victim, deleted: true, nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH }], slots: [] };
      state.applyChanges(changes);
      trie.applyChanges(changes);
      if (kind === "delete and recreate") {
        // Same address again within one root: its old storage must not come back.
        const again: ChangeSet = {
          accounts: [{ address: victim, deleted: false, nonce: 1n, balance, codeHash: EMPTY_CODE_HASH }],
          slots: [{ address: victim, slot, value }],
        };
        state.applyChanges(again);
        trie.applyChanges(again);
      }
    }
  };
}

test("roots follow random sequences of puts, updates, slot clears and deletes, then deletes down to the empty trie", async (t) => {
  for (const seed of seeds([21, 22, 23])) {
    t.diagnostic(`seed ${seed}`);
    const rng = createRng(seed);
    const state = randomState(rng, 20, 3);
    const standalone = StateTrie.fromWorldState(state, { follow: false });
    const known = [...state.addresses()];
    for (let round = 0; round < 40; round++) {
      const steps = 1 + rng.int(6);
      for (let i = 0; i < steps; i++) randomStep(rng, known)(state, standalone);
      const reference = await computeReferenceStateRoot(state);
      assert.equal(await computeStateRoot(state), reference, `seed ${seed} round ${round}: trie following the state`);
      assert.equal(standalone.root(), reference, `seed ${seed} round ${round}: trie fed the same changes`);
    }
    for (const address of [...state.addresses()]) {
      const changes: ChangeSet = { accounts: [{ address, deleted: true, nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH }], slots: [] };
      state.applyChanges(changes);
      standalone.applyChanges(changes);
      if (rng.chance(0.2)) assert.equal(await computeStateRoot(state), await computeReferenceStateRoot(state), `seed ${seed}: while emptying`);
    }
    assert.equal(await computeStateRoot(state), EMPTY_TRIE_ROOT, `seed ${seed}: every account deleted`);
    assert.equal(standalone.root(), EMPTY_TRIE_ROOT, `seed ${seed}: standalone trie emptied`);
    assert.equal(standalone.stats().cells, 0, `seed ${seed}: every node and account record is back on the free list`);
  }
});

/** 32-byte keys equal to `base` but for 1-2 nibbles at the given positions: long shared prefixes. */
function prefixKeys(rng: Rng, count: number, positions: number[]): Uint8Array[] {
  const base = rng.bytes(32);
  const keys = new Map<string, Uint8Array>();
  while (keys.size < count) {
    const key = base.slice();
    for (let n = 1 + rng.int(2); n > 0; n--) {
      const p = rng.pick(positions);
      const shift = p % 2 === 0 ? 4 : 0;
      key[p >> 1] = (key[p >> 1] & ~(0xf << shift)) | (rng.int(16) << shift);
    }
    keys.set(bytesToHex(key), key);
  }
  return [...keys.values()];
}

async function putOrDelete(reference: MerklePatriciaTrie, key: Uint8Array, value: Uint8Array | undefined): Promise<void> {
  if (value === undefined) await reference.del(key);
  else await reference.put(key, value);
}

test("storage tries of keys sharing up to 62 nibbles equal @ethereumjs/mpt's through inserts, updates and deletes to empty", async (t) => {
  const POSITIONS = [0, 1, 2, 17, 40, 41, 61, 62, 63];
  for (const seed of seeds([31, 32, 33, 34])) {
    t.diagnostic(`seed ${seed}`);
    const rng = createRng(seed);
    const keys = prefixKeys(rng, 24, POSITIONS);
    const account = rng.bytes(32);
    const trie = new StateTrie();
    const reference = await createMPT();
    const present = new Set<number>();
    for (let step = 0; step < 160; step++) {
      const k = rng.int(keys.length);
      const remove = present.has(k) && rng.chance(0.4);
      const value = remove ? undefined : valueOf(rng);
      trie.byKey.putStorage(account, keys[k], value ?? ZERO);
      await putOrDelete(reference, keys[k], value && storageValue(value));
      if (remove) present.delete(k);
      else present.add(k);
      assert.equal(trie.byKey.getProof(account, []).storageHash, bytesToHex(reference.root()), `seed ${seed} step ${step}`);
    }
    for (const k of [...present]) {
      trie.byKey.putStorage(account, keys[k], ZERO);
      await reference.del(keys[k]);
      assert.equal(trie.byKey.getProof(account, []).storageHash, bytesToHex(reference.root()), `seed ${seed}: deleting key ${k}`);
    }
    assert.equal(trie.byKey.getProof(account, []).storageHash, EMPTY_TRIE_ROOT, `seed ${seed}: storage emptied`);
  }
});

test("the account trie of keys sharing long prefixes equals @ethereumjs/mpt's through puts and deletes to empty", async (t) => {
  const emptyRoot = hexBytes(EMPTY_TRIE_ROOT);
  for (const seed of seeds([41, 42])) {
    t.diagnostic(`seed ${seed}`);
    const rng = createRng(seed);
    const keys = prefixKeys(rng, 20, [0, 1, 5, 6, 30, 31, 62, 63]);
    const trie = new StateTrie();
    const reference = await createMPT();
    const present = new Set<number>();
    for (let step = 0; step < 120; step++) {
      const k = rng.int(keys.length);
      if (present.has(k) && rng.chance(0.35)) {
        trie.byKey.deleteAccount(keys[k]);
        await reference.del(keys[k]);
        present.delete(k);
      } else {
        const fields = { nonce: quantityOf(rng) & 0xffffffffn, balance: quantityOf(rng), codeHash: rng.bytes(32) };
        trie.byKey.putAccount(keys[k], fields);
        await reference.put(keys[k], accountValue(fields.nonce, fields.balance, emptyRoot, fields.codeHash));
        present.add(k);
      }
      if (step % 3 === 0) assert.equal(trie.root(), bytesToHex(reference.root()), `seed ${seed} step ${step}`);
    }
    for (const k of present) {
      trie.byKey.deleteAccount(keys[k]);
      await reference.del(keys[k]);
    }
    assert.equal(trie.root(), EMPTY_TRIE_ROOT, `seed ${seed}: emptied`);
  }
});

test("nodes under 32 bytes are inlined in their parent (Yellow Paper), not hashed, and roots still match", async (t) => {
  // Keys differing only in their last two nibbles, with one-byte values: the leaves under the
  // deepest branches encode in 3 bytes and sit inside the branch's encoding.
  const seed = seeds([51])[0];
  t.diagnostic(`seed ${seed}`);
  const rng = createRng(seed);
  const keys = prefixKeys(rng, 12, [62, 63]);
  const account = rng.bytes(32);
  const trie = new StateTrie();
  const reference = await createMPT();
  for (const key of keys) {
    const word = new Uint8Array(32);
    word[31] = 1 + rng.int(0x7e);
    trie.byKey.putStorage(account, key, word);
    await reference.put(key, storageValue(word));
  }
  const proof = trie.byKey.getProof(account, [keys[0]]);
  assert.equal(proof.storageHash, bytesToHex(reference.root()));
  const nodes = proof.storageProof[0].proof;
  const leaf = nodes[nodes.length - 1];
  assert.ok(leaf.length < 32, `the leaf encodes in ${leaf.length} bytes`);
  const parent = nodes[nodes.length - 2];
  assert.ok(Buffer.from(parent).includes(Buffer.from(leaf)), "the parent branch embeds the leaf's encoding itself");
});

test("a non-zero storage write to an absent account creates it empty; clearing a slot of an absent account creates nothing", async () => {
  const state = new WorldState();
  const trie = new StateTrie();
  const a: Hex = "0x00000000000000000000000000000000000000a1";
  const b: Hex = "0x00000000000000000000000000000000000000b2";
  const word = valueOf(createRng(61));
  state.setStorage(a, "0x01", word);
  trie.putStorage(a, "0x01", word);
  state.setStorage(b, "0x01", ZERO);
  trie.putStorage(b, "0x01", ZERO);
  assert.equal(state.size, 1);
  assert.equal(trie.root(), await computeReferenceStateRoot(state));
  assert.equal(trie.getProof(b).accountProof.length > 0, true, "the proof of an absent account still shows the path");
});

test("writing the value already there re-hashes nothing", () => {
  const state = randomState(createRng(71), 50, 3);
  const trie = StateTrie.fromWorldState(state);
  const root = trie.root();
  const hashed = trie.stats().hashedNodes;
  const address = [...state.addresses()][7];
  const account = state.getAccount(address)!;
  trie.putAccount(address, { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash });
  for (const [slot, value] of account.storage) trie.putStorage(address, slot, value);
  assert.equal(trie.root(), root);
  assert.equal(trie.stats().hashedNodes, hashed);
  trie.putAccount(address, { nonce: account.nonce + 1n, balance: account.balance, codeHash: account.codeHash });
  trie.root();
  const rehashed = trie.stats().hashedNodes - hashed;
  assert.ok(rehashed > 0 && rehashed <= 6, `one account changed in a 50-account trie: ${rehashed} nodes re-hashed (its path only)`);
});

test("a trie whose state was taken over by another trie rebuilds from the state and stays correct", async () => {
  const rng = createRng(81);
  const state = randomState(rng, 30, 2);
  const first = StateTrie.fromWorldState(state);
  first.root();
  const second = StateTrie.fromWorldState(state);
  state.putAccount(addressOf(rng), { balance: 5n });
  const reference = await computeReferenceStateRoot(state);
  assert.equal(second.root(), reference);
  assert.equal(first.root(), reference);
});

test("bad input throws OvmError: non-hex or over-long addresses and slots (INVALID_HEX), nonces over 64 bits (INVALID_NUMBER)", () => {
  const trie = new StateTrie();
  const code = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return "no error";
  };
  const fields = { nonce: 0n, balance: 1n, codeHash: EMPTY_CODE_HASH };
  assert.equal(code(() => trie.putAccount("0xzz00000000000000000000000000000000000000" as Hex, fields)), "INVALID_HEX");
  assert.equal(code(() => trie.putAccount(`0x${"11".repeat(21)}` as Hex, fields)), "INVALID_HEX");
  assert.equal(code(() => trie.putStorage("0x01", `0x${"22".repeat(33)}` as Hex, ZERO)), "INVALID_HEX");
  assert.equal(code(() => trie.putAccount("0x01", { ...fields, nonce: 1n << 64n })), "INVALID_NUMBER");
  assert.equal(code(() => trie.putAccount("0x01", { ...fields, balance: 1n << 256n })), "INVALID_NUMBER");
  assert.equal(trie.root(), EMPTY_TRIE_ROOT, "nothing was applied");
  trie.putAccount("0x01", fields);
  assert.notEqual(trie.root(), EMPTY_TRIE_ROOT, "the trie still works");
});
