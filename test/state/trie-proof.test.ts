// Merkle proofs of the WASM state tries: the node lists of @ethereumjs/mpt's createMerkleProof
// (EIP-1186 accountProof / storageProof), checked node for node and with verifyMerkleProof.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMPT, createMerkleProof, verifyMerkleProof } from "@ethereumjs/mpt";
import { bytesToHex } from "../../src/hex.js";
import { StateTrie } from "../../src/state/trie/state-trie.js";
import {
  EMPTY_TRIE_ROOT, accountValue, addressOf, createRng, hexBytes, randomState, referenceTries, seeds, slotOf, storageValue, valueOf,
} from "./trie-fixtures.js";

const hexes = (nodes: Uint8Array[]) => nodes.map((n) => bytesToHex(n));

test("account and storage proofs are @ethereumjs/mpt's createMerkleProof node for node, for present and absent keys", async (t) => {
  for (const seed of seeds([101, 102])) {
    t.diagnostic(`seed ${seed}`);
    const rng = createRng(seed);
    const state = randomState(rng, 80, 4);
    const trie = StateTrie.fromWorldState(state);
    const reference = await referenceTries(state);
    const addresses = [...state.addresses()].slice(0, 12);
    addresses.push(addressOf(rng), addressOf(rng));
    for (const address of addresses) {
      const account = state.getAccount(address);
      const slots = [...(account?.storage.keys() ?? [])].slice(0, 3);
      slots.push(slotOf(rng));
      const proof = trie.getProof(address, slots);
      assert.deepEqual(hexes(proof.accountProof), hexes(await createMerkleProof(reference.accounts, hexBytes(address))), `seed ${seed}: account proof of ${address}`);
      const storageTrie = reference.storage.get(address) ?? (await createMPT({ useKeyHashing: true }));
      assert.equal(proof.storageHash, bytesToHex(storageTrie.root()), `seed ${seed}: storage hash of ${address}`);
      for (const [i, slot] of slots.entries()) {
        assert.equal(proof.storageProof[i].key, slot);
        assert.deepEqual(hexes(proof.storageProof[i].proof), hexes(await createMerkleProof(storageTrie, hexBytes(slot))), `seed ${seed}: storage proof of ${address} ${slot}`);
      }
    }
  }
});

test("proofs verify with verifyMerkleProof against the root: the account's RLP, the slot's RLP value, null for absent keys", async (t) => {
  const seed = seeds([111])[0];
  t.diagnostic(`seed ${seed}`);
  const rng = createRng(seed);
  const state = randomState(rng, 60, 4);
  const trie = StateTrie.fromWorldState(state);
  const root = hexBytes(trie.root());
  for (const address of [...state.addresses()].slice(0, 10)) {
    const account = state.getAccount(address)!;
    const slots = [...account.storage.keys()];
    const proof = trie.getProof(address, [...slots, bytesToHex(rng.bytes(32))]); // a random 32-byte slot is absent
    const value = await verifyMerkleProof(hexBytes(address), proof.accountProof, { root, useKeyHashing: true });
    assert.deepEqual(value, accountValue(account.nonce, account.balance, hexBytes(proof.storageHash), account.codeHash), `account ${address}`);
    for (const [i, slot] of slots.entries()) {
      const stored = await verifyMerkleProof(hexBytes(slot), proof.storageProof[i].proof, { root: hexBytes(proof.storageHash), useKeyHashing: true });
      assert.deepEqual(stored, storageValue(account.storage.get(slot)!), `slot ${slot} of ${address}`);
    }
    const absentSlot = proof.storageProof[slots.length];
    if (slots.length === 0) {
      // An empty trie's proof has no node; verifyMerkleProof cannot take an empty proof.
      assert.deepEqual(absentSlot.proof, []);
      assert.equal(proof.storageHash, EMPTY_TRIE_ROOT);
    } else {
      assert.equal(await verifyMerkleProof(hexBytes(absentSlot.key), absentSlot.proof, { root: hexBytes(proof.storageHash), useKeyHashing: true }), null);
    }
  }
  const absent = addressOf(rng);
  assert.equal(await verifyMerkleProof(hexBytes(absent), trie.getProof(absent).accountProof, { root, useKeyHashing: true }), null);
});

test("tampered proofs fail verifyMerkleProof: a flipped byte in any node, a dropped node, another root", async (t) => {
  const seed = seeds([121])[0];
  t.diagnostic(`seed ${seed}`);
  const rng = createRng(seed);
  const state = randomState(rng, 200, 2);
  const trie = StateTrie.fromWorldState(state);
  const root = hexBytes(trie.root());
  const address = [...state.addresses()][3];
  const key = hexBytes(address);
  const { accountProof } = trie.getProof(address);
  assert.ok(accountProof.length >= 3, "a path through a few branches");
  for (let i = 0; i < accountProof.length; i++) {
    const flipped = accountProof.map((n) => n.slice());
    flipped[i][Math.floor(flipped[i].length / 2)] ^= 0x01;
    await assert.rejects(verifyMerkleProof(key, flipped, { root, useKeyHashing: true }), `byte flipped in node ${i}`);
  }
  for (let i = 1; i < accountProof.length; i++) {
    const dropped = accountProof.filter((_, j) => j !== i);
    await assert.rejects(verifyMerkleProof(key, dropped, { root, useKeyHashing: true }), `node ${i} dropped`);
  }
  const otherRoot = hexBytes(StateTrie.fromWorldState(randomState(rng, 5, 1)).root());
  await assert.rejects(verifyMerkleProof(key, accountProof, { root: otherRoot, useKeyHashing: true }), "checked against another root");
});

test("proofs follow the changes: after an update the proof shows the new value under the new root", async (t) => {
  const seed = seeds([131])[0];
  t.diagnostic(`seed ${seed}`);
  const rng = createRng(seed);
  const state = randomState(rng, 40, 3);
  const trie = StateTrie.of(state);
  const oldRoot = trie.root();
  const address = [...state.addresses()][5];
  const slot = slotOf(rng);
  const value = valueOf(rng);
  state.setStorage(address, slot, value);
  const proof = trie.getProof(address, [slot]);
  const root = hexBytes(trie.root());
  assert.notEqual(bytesToHex(root), oldRoot);
  assert.deepEqual(await verifyMerkleProof(hexBytes(slot), proof.storageProof[0].proof, { root: hexBytes(proof.storageHash), useKeyHashing: true }), storageValue(value));
  const account = await verifyMerkleProof(hexBytes(address), proof.accountProof, { root, useKeyHashing: true });
  assert.ok(account !== null && Buffer.from(account).includes(Buffer.from(hexBytes(proof.storageHash))), "the account leaf holds the new storage root");
});

test("proofs through inlined nodes (keys sharing 62 nibbles, one-byte values) match createMerkleProof and verify", async (t) => {
  const seed = seeds([141])[0];
  t.diagnostic(`seed ${seed}`);
  const rng = createRng(seed);
  const base = rng.bytes(32);
  const keys = Array.from({ length: 10 }, (_, i) => {
    const key = base.slice();
    key[31] = (i * 37) & 0xff;
    return key;
  });
  const account = rng.bytes(32);
  const trie = new StateTrie();
  const reference = await createMPT();
  for (const [i, key] of keys.entries()) {
    const word = new Uint8Array(32);
    word[31] = 1 + i;
    trie.byKey.putStorage(account, key, word);
    await reference.put(key, storageValue(word));
  }
  const proof = trie.byKey.getProof(account, keys);
  assert.equal(proof.storageHash, bytesToHex(reference.root()));
  for (const [i, key] of keys.entries()) {
    const nodes = proof.storageProof[i].proof;
    assert.deepEqual(hexes(nodes), hexes(await createMerkleProof(reference, key)), `key ${i}`);
    assert.ok(nodes.some((n) => n.length < 32), `key ${i}: the path ends in an inlined node`);
    const word = new Uint8Array(32);
    word[31] = 1 + i;
    assert.deepEqual(await verifyMerkleProof(key, nodes, { root: reference.root() }), storageValue(word));
  }
  assert.equal(new StateTrie().getProof("0x0000000000000000000000000000000000000001").storageHash, EMPTY_TRIE_ROOT);
  assert.deepEqual(new StateTrie().getProof("0x0000000000000000000000000000000000000001").accountProof, [], "an empty trie's proof has no node, as createMerkleProof's");
});

