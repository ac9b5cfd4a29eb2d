// Typed errors: each has a stable `code` a caller can branch on, and carries the offending value.

export type OvmErrorCode =
  | "INVALID_HEX"
  | "INVALID_ARGUMENT"
  | "INVALID_NUMBER"
  | "INITCODE_TOO_LARGE"
  | "INTRINSIC_GAS"
  | "GAS_LIMIT_TOO_HIGH"
  | "UNSUPPORTED"
  | "WASM_MISSING"
  | "ENGINE_CLOSED"
  | "ENGINE_FAULT"
  | "PRESTATE_INVALID"
  // The sequencer (src/chain/): why a signed L2 transaction is refused. Nothing changes when it is.
  | "MALFORMED_TRANSACTION"
  | "INVALID_SIGNATURE"
  | "WRONG_CHAIN_ID"
  | "NONCE_TOO_LOW"
  | "NONCE_TOO_HIGH"
  | "NONZERO_VALUE"
  // The chain store: a store that cannot be opened, or whose content does not re-verify.
  | "STORE_UNAVAILABLE"
  | "STORE_CORRUPT"
  | "CHAIN_MISMATCH"
  // Validation (src/validate/): a witness job that cannot be read, one whose proofs or values do not
  // hold, and one that lacks state the re-execution needs (never a verdict on the block itself).
  | "MALFORMED_JOB"
  | "WITNESS_INVALID"
  | "WITNESS_INCOMPLETE";

export class OvmError extends Error {
  readonly code: OvmErrorCode;
  readonly detail?: unknown;
  constructor(code: OvmErrorCode, message: string, detail?: unknown) {
    super(message);
    this.name = "OvmError";
    this.code = code;
    this.detail = detail;
  }
}
