// ovm-engine's public library API (ovm-spec.md, section 6).
export { createEngine } from "./engine/create-engine.js";
export type {
  Engine, EngineOptions, EngineMode, EngineBackend, DeployRequest, CallRequest, DeployResult, TransactionResult,
} from "./engine/types.js";
export { OvmError, type OvmErrorCode } from "./errors.js";
export type { Hex } from "./hex.js";
export type { Log, ExecutionResult, BlockEnv, MessageCall, PreState, AccountState } from "./evm/types.js";
export { MessageRunner } from "./evm/message-runner.js";
export { opcodeTable, type OpcodeFacts } from "./evm/opcode-table.js";
export {
  transpile, checkSafety, TranspileError, type TranspileOptions, type TranspileResult, type BannedOpcode, type SafetyResult,
  type TranspileErrorCode,
} from "./transpiler/index.js";
export {
  Chain, buildBlock, type ChainOptions, type Receipt, type BuildBlockOptions, type BuildBlockResult, type RefusedTransaction,
} from "./chain/chain.js";
export { Sequencer, TransactionRefusedError } from "./chain/sequencer.js";
export { blockHash, type Block, type BlockReceipt } from "./chain/block.js";
// Validation (docs/validation.md): witness jobs, the block validator, the worker pool.
export {
  encodeJob, decodeJob, type WitnessJob, type Witness, type WitnessAccount, type WitnessSlot,
} from "./validate/job.js";
export {
  validateBlock, createValidatorContext, type ValidationResult, type BlockValid, type BlockInvalid, type ValidationReason, type ValidatorContext,
} from "./validate/validate-block.js";
export { ValidationPool, type ValidationPoolOptions, type WorkerMemory } from "./validate/pool.js";
export { validateChain, type ValidateChainOptions, type ChainValidation } from "./validate/validate-chain.js";
export { WitnessRecorder } from "./validate/witness.js";
export { StoredJobs } from "./validate/chain-jobs.js";
