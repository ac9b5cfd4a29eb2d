// Intrinsic gas of a transaction (yellow paper; EIP-2028 calldata, EIP-3860 init code words).
export const TX_GAS = 21000n;
export const TX_CREATE_GAS = 32000n;
export const TX_DATA_ZERO_GAS = 4n;
export const TX_DATA_NONZERO_GAS = 16n;
export const INITCODE_WORD_GAS = 2n;
export const ACCESS_LIST_ADDRESS_GAS = 2400n;
export const ACCESS_LIST_STORAGE_KEY_GAS = 1900n;
export const MAX_CODE_SIZE = 24576;
export const MAX_INITCODE_SIZE = 2 * MAX_CODE_SIZE;
/** EIP-3529: refunds are capped at a fifth of the gas used. */
export const MAX_REFUND_QUOTIENT = 5n;

export function intrinsicGas(data: Uint8Array, isCreate: boolean, accessList: { storageKeys: unknown[] }[] = []): bigint {
  let gas = TX_GAS;
  let zeros = 0;
  for (const b of data) if (b === 0) zeros++;
  gas += BigInt(zeros) * TX_DATA_ZERO_GAS + BigInt(data.length - zeros) * TX_DATA_NONZERO_GAS;
  if (isCreate) gas += TX_CREATE_GAS + BigInt(Math.ceil(data.length / 32)) * INITCODE_WORD_GAS;
  for (const entry of accessList) {
    gas += ACCESS_LIST_ADDRESS_GAS + BigInt(entry.storageKeys.length) * ACCESS_LIST_STORAGE_KEY_GAS;
  }
  return gas;
}

/** Gas a receipt reports: execution plus intrinsic gas, less the capped refund. */
export function receiptGasUsed(intrinsic: bigint, executionGas: bigint, refund: bigint): bigint {
  const used = intrinsic + executionGas;
  const capped = refund < used / MAX_REFUND_QUOTIENT ? refund : used / MAX_REFUND_QUOTIENT;
  return used - (capped > 0n ? capped : 0n);
}
