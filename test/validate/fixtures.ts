// A small chain for the validation tests, recorded with witnesses: token deployments and
// transfers from several senders, a transfer that empties a balance (a storage slot deleted, whose
// trie sibling the witness must carry), an L2 transaction that fails, a contract that stores
// TIMESTAMP, and an empty block.
import type { Wallet } from "ethers";
import { Chain } from "../../src/chain/chain.js";
import { MemoryStore, type KeyValueStore } from "../../src/chain/store.js";
import type { Block } from "../../src/chain/block.js";
import type { Hex } from "../../src/hex.js";
import { StoredJobs } from "../../src/validate/chain-jobs.js";
import { TOKEN, alice, bob, createdAddress, sign, signDeploy, signTransfer, wallet } from "../chain/fixtures.js";

export { alice, bob, wallet, TOKEN, sign, signTransfer, createdAddress };

export const FIRST_TIMESTAMP = 1_900_000_000n;
/** Runtime code TIMESTAMP PUSH0 SSTORE STOP, returned by its init code. */
export const STAMP_INIT: Hex = "0x63425f55005f526004601cf3";

export const users = Array.from({ length: 6 }, (_, i) => wallet(`validation user ${i}`));
export const token = createdAddress(alice, 0);
export const stamp = createdAddress(bob, 0);

/** Where the interesting transactions are (block number, index). */
export const AT = {
  fullBalanceTransfer: { block: 3, index: 2 },
  failingTransfer: { block: 3, index: 3 },
  stampCall: { block: 3, index: 1 },
  emptyBlock: 5,
} as const;

async function transactions(): Promise<Hex[][]> {
  const [u0, u1, u2, u3, u4, u5] = users as [Wallet, Wallet, Wallet, Wallet, Wallet, Wallet];
  return [
    [await signDeploy(alice, 0), await sign(bob, { nonce: 0, to: null, data: STAMP_INIT, gasLimit: 12_000_000n })],
    await Promise.all(users.slice(0, 5).map((u, i) => signTransfer(alice, i + 1, token, u.address, 10n))),
    [
      await signTransfer(alice, 6, token, bob.address, 7n),
      await sign(alice, { nonce: 7, to: stamp, data: "0x" }),
      await signTransfer(u0, 0, token, alice.address, 10n),
      await signTransfer(u1, 0, token, alice.address, 20n),
    ],
    [await signTransfer(u2, 0, token, u3.address, 10n), await sign(bob, { nonce: 1, to: stamp, data: "0x" }), await signTransfer(alice, 8, token, u4.address, 1n)],
    [],
    [await signTransfer(u3, 0, token, u5.address, 20n), await signTransfer(u4, 0, token, u5.address, 11n), await signTransfer(u5, 0, token, alice.address, 31n)],
  ];
}

let signed: Hex[][] | undefined;

/** Builds the fixture chain into `db` (a fresh MemoryStore by default); returns its blocks 0..head. */
export async function buildFixtureChain(options: { db?: string | KeyValueStore; witnesses?: boolean } = {}): Promise<{ db: string | KeyValueStore; blocks: Block[] }> {
  const db = options.db ?? new MemoryStore();
  signed ??= await transactions();
  const chain = await Chain.open({ db, witnesses: options.witnesses ?? true });
  try {
    const blocks: Block[] = [chain.head];
    for (const [i, txs] of signed.entries()) {
      const timestamp = FIRST_TIMESTAMP + 12n * BigInt(i + 1);
      blocks.push(txs.length === 0 ? await chain.sealBlock({ timestamp }) : (await chain.buildBlock(txs, { timestamp })).block);
    }
    return { db, blocks };
  } finally {
    await chain.close();
  }
}

/** The encoded jobs of blocks 1..head of a stored chain. */
export async function storedJobs(db: KeyValueStore, blocks: Block[]): Promise<ArrayBuffer[]> {
  const { ChainStore } = await import("../../src/chain/store.js");
  const store = new ChainStore(db);
  const jobs = await StoredJobs.open(store);
  const out: ArrayBuffer[] = [];
  for (let n = 1; n < blocks.length; n++) {
    const block = (await store.readBlock(n))!;
    out.push((await jobs.job(block, (await store.readBlock(n - 1))!))!);
  }
  return out;
}
