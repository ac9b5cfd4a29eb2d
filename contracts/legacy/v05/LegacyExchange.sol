// SPDX-License-Identifier: MIT
pragma solidity ^0.5.0;

import "./LegacyToken.sol";

/// A Uniswap-v1-style exchange between WETH and one token, as in the design
/// note's "a user trading ETH for BAT": in the OVM all ETH is WETH, so the ETH
/// side is an ERC-20 too. Like v1, the reserves are not stored but read from
/// both tokens' balanceOf(this) on every trade, the price follows x * y = k
/// with a 0.3% fee, and liquidity shares are minted in proportion to WETH.
contract LegacyExchange {
    LegacyToken public weth;
    LegacyToken public token;

    uint256 public totalLiquidity;
    mapping(address => uint256) public liquidityOf;

    event AddLiquidity(address indexed provider, uint256 wethAmount, uint256 tokenAmount, uint256 liquidity);
    event TokenPurchase(address indexed buyer, uint256 wethSold, uint256 tokensBought);
    event WethPurchase(address indexed buyer, uint256 tokensSold, uint256 wethBought);

    constructor(LegacyToken wethToken, LegacyToken tradedToken) public {
        require(address(wethToken) != address(tradedToken), "LegacyExchange: same token twice");
        weth = wethToken;
        token = tradedToken;
    }

    /// The first provider sets the price; later ones add tokens at the
    /// current ratio (rounded up, as v1 does) and must accept that amount.
    function addLiquidity(uint256 wethAmount, uint256 maxTokens, uint256 minLiquidity, uint256 deadline)
        public
        returns (uint256 liquidity)
    {
        require(deadline >= block.timestamp, "LegacyExchange: deadline passed");
        require(wethAmount > 0 && maxTokens > 0, "LegacyExchange: nothing to add");
        uint256 tokenAmount;
        if (totalLiquidity == 0) {
            tokenAmount = maxTokens;
            liquidity = wethAmount;
        } else {
            uint256 wethReserve = weth.balanceOf(address(this));
            uint256 tokenReserve = token.balanceOf(address(this));
            tokenAmount = wethAmount * tokenReserve / wethReserve + 1;
            liquidity = wethAmount * totalLiquidity / wethReserve;
            require(tokenAmount <= maxTokens, "LegacyExchange: too many tokens needed");
            require(liquidity >= minLiquidity, "LegacyExchange: too little liquidity");
        }
        totalLiquidity += liquidity;
        liquidityOf[msg.sender] += liquidity;
        require(weth.transferFrom(msg.sender, address(this), wethAmount), "LegacyExchange: WETH transfer failed");
        require(token.transferFrom(msg.sender, address(this), tokenAmount), "LegacyExchange: token transfer failed");
        emit AddLiquidity(msg.sender, wethAmount, tokenAmount, liquidity);
    }

    function getInputPrice(uint256 inputAmount, uint256 inputReserve, uint256 outputReserve)
        public
        pure
        returns (uint256)
    {
        require(inputReserve > 0 && outputReserve > 0, "LegacyExchange: empty pool");
        uint256 inputWithFee = inputAmount * 997;
        return inputWithFee * outputReserve / (inputReserve * 1000 + inputWithFee);
    }

    function wethToTokenPrice(uint256 wethSold) public view returns (uint256) {
        return getInputPrice(wethSold, weth.balanceOf(address(this)), token.balanceOf(address(this)));
    }

    function tokenToWethPrice(uint256 tokensSold) public view returns (uint256) {
        return getInputPrice(tokensSold, token.balanceOf(address(this)), weth.balanceOf(address(this)));
    }

    /// Sells exactly `wethSold` WETH; reverts unless at least `minTokens` come back.
    function wethToTokenSwapInput(uint256 wethSold, uint256 minTokens, uint256 deadline)
        public
        returns (uint256 tokensBought)
    {
        require(deadline >= block.timestamp, "LegacyExchange: deadline passed");
        tokensBought = wethToTokenPrice(wethSold);
        require(tokensBought >= minTokens, "LegacyExchange: slippage, too few tokens");
        require(weth.transferFrom(msg.sender, address(this), wethSold), "LegacyExchange: WETH transfer failed");
        require(token.transfer(msg.sender, tokensBought), "LegacyExchange: token transfer failed");
        emit TokenPurchase(msg.sender, wethSold, tokensBought);
    }

    /// Sells exactly `tokensSold` tokens; reverts unless at least `minWeth` comes back.
    function tokenToWethSwapInput(uint256 tokensSold, uint256 minWeth, uint256 deadline)
        public
        returns (uint256 wethBought)
    {
        require(deadline >= block.timestamp, "LegacyExchange: deadline passed");
        wethBought = tokenToWethPrice(tokensSold);
        require(wethBought >= minWeth, "LegacyExchange: slippage, too little WETH");
        require(token.transferFrom(msg.sender, address(this), tokensSold), "LegacyExchange: token transfer failed");
        require(weth.transfer(msg.sender, wethBought), "LegacyExchange: WETH transfer failed");
        emit WethPurchase(msg.sender, tokensSold, wethBought);
    }
}
