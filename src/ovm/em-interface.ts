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
