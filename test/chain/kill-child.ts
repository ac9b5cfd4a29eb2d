// Child process of kill.test.ts: opens the chain in the folder argv[2] (re-executing what is stored)
// and builds small blocks forever, printing "committed <number> <hash>" after each commit, until killed.
import { Chain } from "../../src/chain/chain.js";
import { CHAIN_ID, alice, bob, createdAddress, signDeploy, signTransfer } from "./fixtures.js";

const TRANSFERS_PER_BLOCK = 3;

const chain = await Chain.open({ db: process.argv[2]!, chainId: CHAIN_ID });
process.stdout.write(`opened ${chain.head.number}\n`);
const token = createdAddress(alice, 0);
if ((await chain.getNonce(alice.address)) === 0n) {
  const { block } = await chain.buildBlock([await signDeploy(alice, 0)]);
  process.stdout.write(`committed ${block.number} ${block.hash}\n`);
}
for (;;) {
  const nonce = await chain.getNonce(alice.address);
  const txs = [];
  for (let i = 0n; i < BigInt(TRANSFERS_PER_BLOCK); i++) txs.push(await signTransfer(alice, nonce + i, token, bob.address, 1n + i));
  const { block } = await chain.buildBlock(txs);
  process.stdout.write(`committed ${block.number} ${block.hash}\n`);
}
