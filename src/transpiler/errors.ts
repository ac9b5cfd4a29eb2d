// The transpiler's typed error: a stable `code` to branch on and the offending value in `detail`.

export type TranspileErrorCode = "EMPTY_CODE" | "CODE_TOO_LARGE" | "TRUNCATED_PUSH" | "INVALID_HEX";

export interface TranspileErrorDetail {
  /** TRUNCATED_PUSH: offset of the PUSH; INVALID_HEX: position of the first bad character. */
  offset?: number;
  /** CODE_TOO_LARGE: the input length, or the originalStart the output would need. */
  size?: number;
  /** CODE_TOO_LARGE: the limit that size exceeds. */
  limit?: number;
}

export class TranspileError extends Error {
  readonly code: TranspileErrorCode;
  readonly detail: TranspileErrorDetail;
  constructor(code: TranspileErrorCode, message: string, detail: TranspileErrorDetail = {}) {
    super(message);
    this.name = "TranspileError";
    this.code = code;
    this.detail = detail;
  }
}
