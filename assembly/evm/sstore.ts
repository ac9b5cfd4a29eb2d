// SSTORE's gas and refund rules: EIP-2200 (net metering against the committed value) with the
// EIP-2929 cold surcharge and the EIP-3529 refund figures.
import {
  G_SSTORE_SENTRY, G_COLD_SLOAD, G_WARM_ACCESS, G_SSTORE_SET, G_SSTORE_RESET, R_SSTORE_CLEARS,
} from "../gas";
import { isZero, eqWords, copy } from "../u256";
import { findSlot, slotPtr, S_CURRENT, S_ORIGINAL, S_WARM } from "../state/storage";
import { txEpoch } from "../state/accounts";
import { recordSlotWarm, recordStorage } from "../state/journal";

/** The transaction's refund counter; frames save it on entry and restore it if they fail. */
export let gasRefund: i64 = 0;

export function setGasRefund(v: i64): void { gasRefund = v; }

/** Stores `value` at `key` of `account`; returns the gas left, negative when out of gas. */
export function sstore(account: u32, key: usize, value: usize, gas: i64): i64 {
  // EIP-2200: with no more than the call stipend left, SSTORE fails outright.
  if (gas <= G_SSTORE_SENTRY) return -1;
  const slot = findSlot(account, key);
  const s = slotPtr(slot);
  if (load<u32>(s + S_WARM) != txEpoch) {
    gas -= G_COLD_SLOAD;
    recordSlotWarm(slot);
    store<u32>(s + S_WARM, txEpoch);
  }
  const current = s + S_CURRENT;
  const original = s + S_ORIGINAL;
  if (eqWords(current, value)) {
    gas -= G_WARM_ACCESS;
  } else if (eqWords(original, current)) {
    if (isZero(original)) {
      gas -= G_SSTORE_SET;
    } else {
      gas -= G_SSTORE_RESET;
      if (isZero(value)) gasRefund += R_SSTORE_CLEARS;
    }
  } else {
    gas -= G_WARM_ACCESS;
    if (!isZero(original)) {
      if (isZero(current)) gasRefund -= R_SSTORE_CLEARS;
      else if (isZero(value)) gasRefund += R_SSTORE_CLEARS;
    }
    if (eqWords(original, value)) {
      gasRefund += isZero(original) ? G_SSTORE_SET - G_WARM_ACCESS : G_SSTORE_RESET - G_WARM_ACCESS;
    }
  }
  if (gas < 0) return gas;
  if (!eqWords(current, value)) {
    recordStorage(slot);
    copy(current, value);
  }
  return gas;
}
