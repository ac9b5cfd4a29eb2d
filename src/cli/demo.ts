// The main job for now (`npm start`): deploy the ERC-20 of the corpus in the WASM engine, run a
// batch of transfers, and report what happened. Later milestones replace it with the rollup replay.
import { AbiCoder, Interface } from "ethers";
import { createEngine } from "../engine/create-engine.js";
import { loadArtifact } from "../contracts/artifacts.js";
import { bytesToHex } from "../hex.js";

export async function demoCommand(argv: string[]): Promise<void> {
  const transfers = Number(argv[0] ?? 500);
  const engine = await createEngine({ mode: "evm", backend: "wasm", db: "memory", chainId: 10 });
  const token = loadArtifact("Token");
  const iface = new Interface(token.abi as never);
  const owner = "0x00000000000000000000000000000000000a11ce";
  const args = AbiCoder.defaultAbiCoder().encode(["string", "string", "uint256"], ["Demo", "DEMO", 10n ** 24n]);
  const deployed = await engine.deploy({ from: owner, data: bytesToHex(token.bytecode) + args.slice(2), timestamp: 1 });
  if (!deployed.success || !deployed.address) throw new Error(`deploy failed: ${deployed.error}`);
  console.log(`deployed Token at ${deployed.address} (gasUsed ${deployed.gasUsed})`);

  const started = process.hrtime.bigint();
  let gas = 0n;
  for (let i = 0; i < transfers; i++) {
    const to = `0x${(0x1000 + i).toString(16).padStart(40, "0")}`;
    const r = await engine.execute({ from: owner, to: deployed.address, data: iface.encodeFunctionData("transfer", [to, 1000n + BigInt(i)]), timestamp: 2 + i });
    if (!r.success) throw new Error(`transfer ${i} failed: ${r.error}`);
    gas += r.gasUsed;
    if ((i + 1) % 100 === 0 || i + 1 === transfers) process.stderr.write(`\rtransfers: ${i + 1}/${transfers}`);
  }
  process.stderr.write("\n");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const balance = await engine.call({ from: owner, to: deployed.address, data: iface.encodeFunctionData("balanceOf", [owner]) });
  const [left] = iface.decodeFunctionResult("balanceOf", balance.returnData);
  console.log(`${transfers} ERC-20 transfers in ${seconds.toFixed(3)} s (${(transfers / seconds).toFixed(0)} tx/s, ${gas} gas in all)`);
  console.log(`owner balance now ${left}`);
  console.log(`state root ${await engine.stateRoot()}`);
  await engine.close();
}
