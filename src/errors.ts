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
  | "PRESTATE_INVALID";

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
