// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Compute-bound kernels, each scaled by n, for benchmarking the interpreter's
/// hot paths: arithmetic, hashing, memory traffic and storage writes.
contract HeavyLoop {
    /// The secp256k1 field prime: a full 256-bit modulus keeps MULMOD honest.
    uint256 public constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;

    mapping(uint256 => uint256) public slots;
    uint256 public lastChecksum;

    /// sum_{i=1..n} i^2 mod P
    function sumOfSquares(uint256 n) public pure returns (uint256 acc) {
        for (uint256 i = 1; i <= n; i++) {
            acc = addmod(acc, mulmod(i, i, P), P);
        }
    }

    /// h_0 = seed, h_{k+1} = keccak256(h_k)
    function keccakChain(bytes32 seed, uint256 n) public pure returns (bytes32 h) {
        h = seed;
        for (uint256 i = 0; i < n; i++) {
            h = keccak256(abi.encodePacked(h));
        }
    }

    /// Fills n words from a 64-bit LCG (Knuth's MMIX constants) so the test can
    /// reproduce the input exactly, then bubble-sorts them in memory.
    function bubbleSort(uint256 n, uint256 seed) public pure returns (uint256[] memory a) {
        a = new uint256[](n);
        uint64 x = uint64(seed);
        for (uint256 i = 0; i < n; i++) {
            unchecked {
                x = x * 6364136223846793005 + 1442695040888963407;
            }
            a[i] = x >> 32;
        }
        for (uint256 i = 0; i < n; i++) {
            bool swapped = false;
            for (uint256 j = 0; j + 1 < n - i; j++) {
                if (a[j] > a[j + 1]) {
                    (a[j], a[j + 1]) = (a[j + 1], a[j]);
                    swapped = true;
                }
            }
            if (!swapped) break;
        }
    }

    /// slots[i] = i*i + 1 for i < n; returns the sum of what was written.
    function writeSlots(uint256 n) public returns (uint256 total) {
        for (uint256 i = 0; i < n; i++) {
            uint256 v = i * i + 1;
            slots[i] = v;
            total += v;
        }
    }

    /// Runs every kernel in a single transaction and keeps a checksum, so the
    /// result is observable from storage after the fact.
    function run(uint256 n) external returns (uint256 checksum) {
        checksum = sumOfSquares(n);
        checksum ^= uint256(keccakChain(bytes32(checksum), n));
        uint256[] memory sorted = bubbleSort(n < 64 ? n : 64, checksum);
        for (uint256 i = 0; i < sorted.length; i++) {
            checksum = addmod(checksum, sorted[i] * (i + 1), P);
        }
        checksum = addmod(checksum, writeSlots(n), P);
        lastChecksum = checksum;
    }
}
