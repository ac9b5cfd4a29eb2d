// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Token} from "./Token.sol";
import {LibMath} from "./LibMath.sol";

/// Constant-product pair of two Tokens, Uniswap-v2 flavoured but without
/// flash swaps or price oracles. Needs LibMath linked at deploy time.
contract Exchange {
    Token public immutable token0;
    Token public immutable token1;

    uint256 public constant FEE_NUMERATOR = 997; // 0.3% fee
    uint256 public constant FEE_DENOMINATOR = 1000;

    uint256 public reserve0;
    uint256 public reserve1;
    uint256 public totalLiquidity;
    mapping(address => uint256) public liquidityOf;

    event LiquidityAdded(address indexed provider, uint256 amount0, uint256 amount1, uint256 liquidity);
    event LiquidityRemoved(address indexed provider, uint256 amount0, uint256 amount1, uint256 liquidity);
    event Swap(address indexed trader, address indexed tokenIn, uint256 amountIn, uint256 amountOut);
    event Sync(uint256 reserve0, uint256 reserve1);

    error UnknownToken(address token);
    error SlippageExceeded(uint256 amountOut, uint256 minAmountOut);
    error ZeroLiquidity();

    constructor(Token token0_, Token token1_) {
        require(address(token0_) != address(token1_), "Exchange: identical tokens");
        token0 = token0_;
        token1 = token1_;
    }

    function getReserves() external view returns (uint256, uint256) {
        return (reserve0, reserve1);
    }

    function addLiquidity(uint256 amount0, uint256 amount1) external returns (uint256 liquidity) {
        require(token0.transferFrom(msg.sender, address(this), amount0), "Exchange: transfer0 failed");
        require(token1.transferFrom(msg.sender, address(this), amount1), "Exchange: transfer1 failed");
        if (totalLiquidity == 0) {
            liquidity = LibMath.sqrt(amount0 * amount1);
        } else {
            // Excess of either token is donated to the pool, as in Uniswap v2.
            liquidity = LibMath.min(amount0 * totalLiquidity / reserve0, amount1 * totalLiquidity / reserve1);
        }
        if (liquidity == 0) revert ZeroLiquidity();
        totalLiquidity += liquidity;
        LibMath.credit(liquidityOf, msg.sender, liquidity);
        _sync();
        emit LiquidityAdded(msg.sender, amount0, amount1, liquidity);
    }

    function removeLiquidity(uint256 liquidity) external returns (uint256 amount0, uint256 amount1) {
        LibMath.debit(liquidityOf, msg.sender, liquidity);
        amount0 = liquidity * reserve0 / totalLiquidity;
        amount1 = liquidity * reserve1 / totalLiquidity;
        totalLiquidity -= liquidity;
        require(token0.transfer(msg.sender, amount0), "Exchange: transfer0 failed");
        require(token1.transfer(msg.sender, amount1), "Exchange: transfer1 failed");
        _sync();
        emit LiquidityRemoved(msg.sender, amount0, amount1, liquidity);
    }

    function getAmountOut(address tokenIn, uint256 amountIn) public view returns (uint256) {
        (uint256 rIn, uint256 rOut) = _orientedReserves(tokenIn);
        return LibMath.amountOut(amountIn, rIn, rOut, FEE_NUMERATOR, FEE_DENOMINATOR);
    }

    function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut) external returns (uint256 amountOut) {
        amountOut = getAmountOut(tokenIn, amountIn);
        if (amountOut < minAmountOut) revert SlippageExceeded(amountOut, minAmountOut);
        Token tokenOut = tokenIn == address(token0) ? token1 : token0;
        require(Token(tokenIn).transferFrom(msg.sender, address(this), amountIn), "Exchange: pull failed");
        require(tokenOut.transfer(msg.sender, amountOut), "Exchange: push failed");
        _sync();
        emit Swap(msg.sender, tokenIn, amountIn, amountOut);
    }

    function _orientedReserves(address tokenIn) internal view returns (uint256, uint256) {
        if (tokenIn == address(token0)) return (reserve0, reserve1);
        if (tokenIn == address(token1)) return (reserve1, reserve0);
        revert UnknownToken(tokenIn);
    }

    /// Reserves follow actual balances, so tokens sent directly to the pool
    /// are absorbed at the next interaction.
    function _sync() internal {
        reserve0 = token0.balanceOf(address(this));
        reserve1 = token1.balanceOf(address(this));
        emit Sync(reserve0, reserve1);
    }
}
