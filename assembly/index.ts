// The WASM module's exports: a handful of batch entry points (see abi.ts for the formats).
import { resetAccounts } from "./state/accounts";
import { resetStorage } from "./state/storage";
import { initFrames } from "./evm/frame";

export { inputBuffer, outputBlock } from "./abi";
export { executeMessage, finalizeTransaction, discardTransaction } from "./evm/message";
export { opcodeInfo, opcodeName } from "./opcodes";
export { keccak256 } from "./keccak";
export { transpileCode, checkSafetyCode } from "./transpiler/api";

/** Forgets every cached account and slot (the host's state changed behind the engine's back). */
export function resetState(): void {
  resetAccounts();
  resetStorage();
}

initFrames();
resetState();
