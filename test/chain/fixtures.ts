// Shared by the chain tests (and the kill test's child): ethers wallets signing Token transactions.
import { Interface, Wallet, getCreateAddress, id, type TransactionRequest } from "ethers";
import { loadArtifact } from "../../src/contracts/artifacts.js";
import { bytesToHex, type Hex } from "../../src/hex.js";

export const CHAIN_ID = 10n;
export const TOKEN = new Interface(loadArtifact("Token").abi as never);

export function wallet(name: string): Wallet {
  return new Wallet(id(`chain test: ${name}`));
}

export const alice = wallet("alice");
export const bob = wallet("bob");

export function tokenDeployData(supply = 10n ** 24n): Hex {
  return (bytesToHex(loadArtifact("Token").bytecode) + TOKEN.encodeDeploy(["Test", "TST", supply]).slice(2)) as Hex;
}

/** The OVM address a deployment by `from` with `nonce` gets (the one L1 would give). */
export function createdAddress(from: Wallet, nonce: number | bigint): Hex {
  return getCreateAddress({ from: from.address, nonce }).toLowerCase() as Hex;
}

/** Signs with the chain's id, zero fees and zero value unless `request` says otherwise. */
export async function sign(from: Wallet, request: Omit<TransactionRequest, "nonce"> & { nonce: number | bigint }): Promise<Hex> {
  const type = request.type ?? 2;
  const fees = type === 2 ? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } : { gasPrice: 0n };
  return (await from.signTransaction({ chainId: CHAIN_ID, value: 0n, gasLimit: 1_000_000n, ...fees, ...request, nonce: Number(request.nonce), type })) as Hex;
}

export function signDeploy(from: Wallet, nonce: number | bigint, type = 2): Promise<Hex> {
  return sign(from, { type, nonce, to: null, data: tokenDeployData(), gasLimit: 12_000_000n });
}

export function signTransfer(from: Wallet, nonce: number | bigint, token: Hex, to: string, amount: bigint, type = 2): Promise<Hex> {
  return sign(from, { type, nonce, to: token, data: TOKEN.encodeFunctionData("transfer", [to, amount]) });
}
