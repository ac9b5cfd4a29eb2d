// SPDX-License-Identifier: MIT
pragma solidity ^0.6.0;

/// The callee: counts its calls (a write that a revert must undo) and fails
/// in each of the ways a 0.6 contract can.
contract LegacyThrower {
    uint256 public calls;

    function maybeFail(uint256 x) external returns (uint256) {
        calls += 1;
        if (x == 0) revert("LegacyThrower: zero is not allowed");
        if (x == 1) revert();
        // Before 0.8 a failing assert is the INVALID opcode (0xfe), which
        // burns all the gas the call was given and returns no data.
        assert(x != 2);
        return x * 2;
    }
}

/// try/catch (new in 0.6) around a call that may revert. This file is
/// compiled with the optimizer off (hardhat.config.cjs), as plenty of
/// deployed code was.
contract LegacyTryCatch {
    LegacyThrower public target;
    uint256 public successes;
    uint256 public failures;
    uint256 public lastValue;
    string public lastReason;
    bytes public lastData;

    event Succeeded(uint256 indexed input, uint256 value);
    event CaughtReason(uint256 indexed input, string reason);
    event CaughtData(uint256 indexed input, bytes data);

    constructor(LegacyThrower thrower) public {
        target = thrower;
    }

    function attempt(uint256 x) external returns (bool ok) {
        try target.maybeFail(x) returns (uint256 value) {
            successes += 1;
            lastValue = value;
            emit Succeeded(x, value);
            ok = true;
        } catch Error(string memory reason) {
            failures += 1;
            lastReason = reason;
            emit CaughtReason(x, reason);
        } catch (bytes memory data) {
            failures += 1;
            lastData = data;
            emit CaughtData(x, data);
        }
    }

    /// Not caught: the callee's revert reason travels up to the transaction.
    function attemptUncaught(uint256 x) external returns (uint256) {
        return target.maybeFail(x);
    }
}
