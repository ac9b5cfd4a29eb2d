// The stub entries the transpiler jumps to, and the EM functions the stubs call. One list: the stub
// blob, the WASM transpiler, the Solidity transpiler and the EM's dispatcher are all generated from
// or checked against it.

/** An EM function a stub calls: its Solidity-style signature gives the 4-byte selector. */
export interface EmFunction {
  readonly name: string;
  readonly signature: string;
}

export const EM_FUNCTIONS = {
  ADDRESS: { name: "ovmADDRESS", signature: "ovmADDRESS()" },
  BALANCE: { name: "ovmBALANCE", signature: "ovmBALANCE(uint256)" },
  ORIGIN: { name: "ovmORIGIN", signature: "ovmORIGIN()" },
  CALLER: { name: "ovmCALLER", signature: "ovmCALLER()" },
  CALLVALUE: { name: "ovmCALLVALUE", signature: "ovmCALLVALUE()" },
  EXTCODESIZE: { name: "ovmEXTCODESIZE", signature: "ovmEXTCODESIZE(uint256)" },
  EXTCODECOPY: { name: "ovmEXTCODECOPY", signature: "ovmEXTCODECOPY(uint256,uint256,uint256)" },
  EXTCODEHASH: { name: "ovmEXTCODEHASH", signature: "ovmEXTCODEHASH(uint256)" },
  TIMESTAMP: { name: "ovmTIMESTAMP", signature: "ovmTIMESTAMP()" },
  GASLIMIT: { name: "ovmGASLIMIT", signature: "ovmGASLIMIT()" },
  CHAINID: { name: "ovmCHAINID", signature: "ovmCHAINID()" },
  SELFBALANCE: { name: "ovmSELFBALANCE", signature: "ovmSELFBALANCE()" },
  SLOAD: { name: "ovmSLOAD", signature: "ovmSLOAD(uint256)" },
  SSTORE: { name: "ovmSSTORE", signature: "ovmSSTORE(uint256,uint256)" },
  TLOAD: { name: "ovmTLOAD", signature: "ovmTLOAD(uint256)" },
  TSTORE: { name: "ovmTSTORE", signature: "ovmTSTORE(uint256,uint256)" },
  SELFDESTRUCT: { name: "ovmSELFDESTRUCT", signature: "ovmSELFDESTRUCT(uint256)" },
  LOG_GUARD: { name: "ovmLOGGUARD", signature: "ovmLOGGUARD()" },
  // Calls and creates take two EM calls: the first one (with the stack operands) prepares the
  // frame, the second one carries the caller's own memory range as its calldata unchanged, so no
  // argument bytes are copied or moved (docs/ovm-em.md, "Two-step calls").
  CALL: { name: "ovmCALL", signature: "ovmCALL(uint256,uint256,uint256)" },
  CALLCODE: { name: "ovmCALLCODE", signature: "ovmCALLCODE(uint256,uint256,uint256)" },
  DELEGATECALL: { name: "ovmDELEGATECALL", signature: "ovmDELEGATECALL(uint256,uint256)" },
  STATICCALL: { name: "ovmSTATICCALL", signature: "ovmSTATICCALL(uint256,uint256)" },
  CREATE: { name: "ovmCREATE", signature: "ovmCREATE(uint256,uint256)" },
  CREATE2: { name: "ovmCREATE2", signature: "ovmCREATE2(uint256,uint256,uint256)" },
} as const satisfies Record<string, EmFunction>;

export type EmFunctionKey = keyof typeof EM_FUNCTIONS;
