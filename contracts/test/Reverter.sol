// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Every way a call can fail that Solidity encodes differently in the returndata.
contract Reverter {
    error Unauthorized(address caller, uint256 code, string note);

    function revertWithReason() external pure {
        revert("Reverter: plain revert");
    }

    function revertCustom(uint256 code) external view {
        revert Unauthorized(msg.sender, code, "custom");
    }

    function requireFalse() external pure {
        require(false, "Reverter: require failed");
    }

    function assertFalse(uint256 x) external pure returns (uint256) {
        assert(x == 0);
        return x;
    }

    function divide(uint256 a, uint256 b) external pure returns (uint256) {
        return a / b;
    }

    function outOfBounds(uint256 index) external pure returns (uint256) {
        uint256[] memory items = new uint256[](3);
        return items[index];
    }

    function overflow(uint256 a) external pure returns (uint256) {
        return a + type(uint256).max;
    }

    function emptyRevert() external pure {
        revert();
    }
}

/// Calls each failure mode through try/catch and stores what came back, so the
/// revert data survives the transaction and can be read afterwards.
contract RevertCatcher {
    Reverter public immutable target;

    enum Kind { Reason, Custom, Require, Assert, DivByZero, OutOfBounds, Overflow, Empty }

    /// Raw returndata captured by `catch (bytes memory)`, one entry per Kind.
    mapping(uint8 => bytes) public rawReason;
    /// What the typed catch clauses decoded: Error(string) and Panic(uint256).
    mapping(uint8 => string) public message;
    mapping(uint8 => uint256) public panicCode;
    mapping(uint8 => uint8) public clause; // 1 = Error, 2 = Panic, 3 = bytes fallback

    constructor(Reverter target_) {
        target = target_;
    }

    function _invoke(uint8 kind) external view {
        Kind k = Kind(kind);
        if (k == Kind.Reason) target.revertWithReason();
        else if (k == Kind.Custom) target.revertCustom(42);
        else if (k == Kind.Require) target.requireFalse();
        else if (k == Kind.Assert) target.assertFalse(1);
        else if (k == Kind.DivByZero) target.divide(1, 0);
        else if (k == Kind.OutOfBounds) target.outOfBounds(3);
        else if (k == Kind.Overflow) target.overflow(1);
        else target.emptyRevert();
    }

    function catchRaw(uint8 kind) public returns (bytes memory) {
        try this._invoke(kind) {
            revert("RevertCatcher: call did not fail");
        } catch (bytes memory data) {
            rawReason[kind] = data;
            return data;
        }
    }

    function catchTyped(uint8 kind) public {
        try this._invoke(kind) {
            revert("RevertCatcher: call did not fail");
        } catch Error(string memory reason) {
            message[kind] = reason;
            clause[kind] = 1;
        } catch Panic(uint256 code) {
            panicCode[kind] = code;
            clause[kind] = 2;
        } catch (bytes memory) {
            clause[kind] = 3;
        }
    }

    function catchAll() external {
        for (uint8 k = 0; k <= uint8(Kind.Empty); k++) {
            catchRaw(k);
            catchTyped(k);
        }
    }
}
