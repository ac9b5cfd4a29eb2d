// The transaction and block context of the running message, decoded once from the input block.
import { loadBE32, loadAddressBE } from "../u256";
import {
  IN_NUMBER, IN_TIMESTAMP, IN_GAS_LIMIT, IN_CHAIN_ID, IN_BLOB_HASHES, IN_ORIGIN, IN_COINBASE,
  IN_GAS_PRICE, IN_BASE_FEE, IN_PREV_RANDAO, IN_BLOB_BASE_FEE,
} from "../abi";

export const origin = memory.data(32, 8);
export const coinbase = memory.data(32, 8);
export const gasPrice = memory.data(32, 8);
export const baseFee = memory.data(32, 8);
export const prevRandao = memory.data(32, 8);
export const blobBaseFee = memory.data(32, 8);
export let blockNumber: u64 = 0;
export let timestamp: u64 = 0;
export let blockGasLimit: u64 = 0;
export let chainId: u64 = 0;
export let blobHashes: usize = 0; // big-endian 32-byte hashes in the input block
export let blobHashCount: u32 = 0;

export function decodeContext(block: usize, blobHashesAt: usize): void {
  blockNumber = load<u64>(block + IN_NUMBER);
  timestamp = load<u64>(block + IN_TIMESTAMP);
  blockGasLimit = load<u64>(block + IN_GAS_LIMIT);
  chainId = load<u64>(block + IN_CHAIN_ID);
  blobHashCount = load<u32>(block + IN_BLOB_HASHES);
  blobHashes = blobHashesAt;
  loadAddressBE(origin, block + IN_ORIGIN);
  loadAddressBE(coinbase, block + IN_COINBASE);
  loadBE32(gasPrice, block + IN_GAS_PRICE);
  loadBE32(baseFee, block + IN_BASE_FEE);
  loadBE32(prevRandao, block + IN_PREV_RANDAO);
  loadBE32(blobBaseFee, block + IN_BLOB_BASE_FEE);
}
