// How a frame ends. The numbers cross to JS (src/wasm/abi.ts names them): keep them stable.
export const enum Status {
  Success = 0,
  Revert = 1,
  OutOfGas = 2,
  StackUnderflow = 3,
  StackOverflow = 4,
  InvalidJump = 5,
  InvalidOpcode = 6,
  StaticStateChange = 7,
  ReturnDataOutOfBounds = 8,
  CodeSizeExceeded = 9, // EIP-170
  InvalidCodePrefix = 10, // EIP-3541
  CreateCollision = 11, // EIP-684 / EIP-7610
  InitCodeSizeExceeded = 12, // EIP-3860
  InsufficientBalance = 13, // only at the top level; nested calls just push 0
  DepthExceeded = 14, // only at the top level
  NonceOverflow = 15, // EIP-2681
  PrecompileFailure = 16,
  /** Internal: the frame is still running (never reported). */
  Running = 255,
}
