// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Recursion {
    /// visited[d] is written on the way down; a level that reverts must lose
    /// its own write while the levels above it keep theirs.
    mapping(uint256 => bool) public visited;
    uint256 public caughtAt;
    bytes public caughtReason;

    error TooDeep(uint256 depth);

    /// Internal recursion: JUMP-based, exercises the EVM stack and return addresses.
    function fib(uint256 n) public pure returns (uint256) {
        if (n < 2) return n;
        return fib(n - 1) + fib(n - 2);
    }

    /// External recursion: each level is a real CALL into this contract.
    function fibExternal(uint256 n) external view returns (uint256) {
        if (n < 2) return n;
        return this.fibExternal(n - 1) + this.fibExternal(n - 2);
    }

    /// Sums depth + (depth-1) + ... + 1 through `depth` nested self-calls.
    function sumDown(uint256 depth) external returns (uint256) {
        visited[depth] = true;
        if (depth == 0) return 0;
        return depth + this.sumDown(depth - 1);
    }

    /// Reverts at `failAt`; nothing here catches it.
    function descend(uint256 depth, uint256 failAt) public returns (uint256) {
        visited[depth] = true;
        if (depth == failAt) revert TooDeep(depth);
        if (depth == 0) return 0;
        return 1 + this.descend(depth - 1, failAt);
    }

    /// Like descend, but every level catches a failure of the level below, so the
    /// revert is absorbed by exactly the frame directly above `failAt`.
    function climb(uint256 depth, uint256 failAt) external returns (uint256 levels) {
        visited[depth] = true;
        if (depth == failAt) revert TooDeep(depth);
        if (depth == 0) return 0;
        try this.climb(depth - 1, failAt) returns (uint256 below) {
            return below + 1;
        } catch (bytes memory reason) {
            caughtAt = depth;
            caughtReason = reason;
            return 0;
        }
    }

    function reset(uint256 upTo) external {
        for (uint256 i = 0; i <= upTo; i++) delete visited[i];
        delete caughtAt;
        delete caughtReason;
    }
}
