// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Transpiler} from "../Transpiler.sol";
import {SafetyChecker} from "../SafetyChecker.sol";

/// External wrappers around the EM's on-chain transpiler and safety checker, for tests and gas figures.
contract TranspilerHarness {
    function transpile(bytes memory code) external pure returns (bytes memory) {
        return Transpiler.transpile(code);
    }

    function check(bytes memory code) external pure returns (bool safe, uint256 offset, uint256 opcode) {
        return SafetyChecker.check(code);
    }

    /// Gas of the library call alone (the code already in memory, the output left there).
    function transpileGas(bytes memory code) external view returns (uint256 gasUsed, uint256 length) {
        uint256 before = gasleft();
        bytes memory out = Transpiler.transpile(code);
        gasUsed = before - gasleft();
        length = out.length;
    }

    /// Gas of the library call alone.
    function checkGas(bytes memory code) external view returns (uint256 gasUsed, bool safe) {
        uint256 before = gasleft();
        (safe,,) = SafetyChecker.check(code);
        gasUsed = before - gasleft();
    }

    /// Transpiles, then checks the output, as the EM does on a deployment.
    function transpileAndCheck(bytes memory code) external pure returns (bytes memory out, bool safe, uint256 offset, uint256 opcode) {
        out = Transpiler.transpile(code);
        (safe, offset, opcode) = SafetyChecker.check(out);
    }
}
