// The ExecutionManager's public functions (contracts/ovm/ExecutionManager.sol dispatches them by
// selector in its fallback; docs/ovm-em.md). The stub-facing ovm* functions are in stubs/entries.ts.
import { Interface } from "ethers";

export const EM_INTERFACE = new Interface([
  "function executeTransaction(uint256 timestamp, uint256 gasLimit, address origin, address entrypoint, bytes data) returns (bool success, address created, bytes returnData)",
  "function getStorage(address account, uint256 slot) view returns (uint256)",
  "function getCode(address account) view returns (bytes)",
  "function getAccount(address account) view returns (uint64 nonce, address codeContract, address dataContract)",
  "function ovmAddressOf(address l1Contract) view returns (address)",
  "function chainId() view returns (uint256)",
]);

/** The entrypoint that makes executeTransaction deploy its data as init code. */
export const CREATE_ENTRYPOINT = "0x0000000000000000000000000000000000000000";

// executeTransaction is encoded and decoded by hand: it is on every L2 transaction's path, where
// ethers' general ABI coder (checksummed addresses, per-value objects) cost more than running the
// transaction. test/ovm/em-interface.test.ts checks both against ethers.
const EXECUTE_TRANSACTION_SELECTOR = EM_INTERFACE.getFunction("executeTransaction")!.selector.slice(2);

function word(value: bigint, field: string): string {
  if (value < 0n || value >= 1n << 256n) throw new RangeError(`${field} does not fit 256 bits`);
  return value.toString(16).padStart(64, "0");
}

function addressWord(address: string): string {
  const hex = address.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new RangeError(`not an address: ${address}`);
  return hex.padStart(64, "0");
}

/** Calldata of executeTransaction(timestamp, gasLimit, origin, entrypoint, data); `data` is 0x-hex. */
export function encodeExecuteTransaction(timestamp: bigint, gasLimit: bigint, origin: string, entrypoint: string, data: string): string {
  const bytes = data.replace(/^0x/, "").toLowerCase();
  const length = bytes.length / 2;
  const padded = bytes.padEnd(Math.ceil(length / 32) * 64, "0");
  return `0x${EXECUTE_TRANSACTION_SELECTOR}${word(timestamp, "timestamp")}${word(gasLimit, "gasLimit")}${addressWord(origin)}` +
    `${addressWord(entrypoint)}${word(0xa0n, "offset")}${word(BigInt(length), "length")}${padded}`;
}

/** The (success, created, returnData) executeTransaction returns, from its raw ABI output. */
export function decodeExecuteTransactionResult(output: string): { success: boolean; created: string; returnData: string } {
  const hex = output.replace(/^0x/, "").toLowerCase();
  const at = (index: number) => hex.slice(64 * index, 64 * index + 64);
  if (hex.length < 64 * 4) throw new RangeError("executeTransaction output too short");
  const offset = Number(BigInt(`0x${at(2)}`)) * 2;
  const length = Number(BigInt(`0x${hex.slice(offset, offset + 64)}`)) * 2;
  if (offset + 64 + length > hex.length) throw new RangeError("executeTransaction output truncated");
  return {
    success: BigInt(`0x${at(0)}`) !== 0n,
    created: `0x${at(1).slice(24)}`,
    returnData: `0x${hex.slice(offset + 64, offset + 64 + length)}`,
  };
}
