// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Public functions are reached through DELEGATECALL into a separately
/// deployed, linked library; internal ones are inlined into the caller.
library LibMath {
    /// Floor of the square root (Babylonian method).
    function sqrt(uint256 y) public pure returns (uint256 z) {
        if (y > 3) {
            z = y;
            uint256 x = y / 2 + 1;
            while (x < z) {
                z = x;
                x = (y / x + x) / 2;
            }
        } else if (y != 0) {
            z = 1;
        }
    }

    /// Takes a storage mapping: under DELEGATECALL the library writes into the
    /// caller's storage, which is the point of exercising it.
    function credit(mapping(address => uint256) storage balances, address account, uint256 amount)
        public
        returns (uint256)
    {
        balances[account] += amount;
        return balances[account];
    }

    function debit(mapping(address => uint256) storage balances, address account, uint256 amount)
        public
        returns (uint256)
    {
        uint256 balance = balances[account];
        require(balance >= amount, "LibMath: insufficient balance");
        balances[account] = balance - amount;
        return balances[account];
    }

    function min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// Constant-product output with the fee taken from the input:
    /// out = in*feeNum*rOut / (rIn*feeDen + in*feeNum)
    function amountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut, uint256 feeNum, uint256 feeDen)
        internal
        pure
        returns (uint256)
    {
        require(amountIn > 0, "LibMath: zero input");
        require(reserveIn > 0 && reserveOut > 0, "LibMath: no liquidity");
        uint256 inWithFee = amountIn * feeNum;
        return (inWithFee * reserveOut) / (reserveIn * feeDen + inWithFee);
    }
}
