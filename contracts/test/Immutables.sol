// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Values that live in the code rather than in storage. Immutables are
/// written into the runtime code by the constructor; constants, long string and
/// bytes literals and constant arrays are PUSH data and code-resident bytes.
/// The OVM must keep all of them readable exactly as on L1.
contract Immutables {
    address public immutable deployer;
    address public immutable partner;
    bytes32 public immutable salt;
    uint256 public immutable createdAt;
    uint256 public immutable chainIdAtDeploy;
    int64 public immutable offset;

    /// A full 32-byte word: one PUSH32.
    uint256 public constant WIDE = 0xfedcba9876543210f0e1d2c3b4a5968778695a4b3c2d1e0f0123456789abcdef;
    bytes32 public constant TAG = keccak256("ovm-engine: Immutables");
    /// Longer than one word, so it is copied to memory in pieces.
    bytes public constant BLOB =
        hex"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041";
    string public constant GREETING = "Constants, immutables and init code must survive the transpiler byte for byte.";

    event Mixed(address indexed caller, bytes32 digest);

    constructor(address partner_, bytes32 salt_, int64 offset_) {
        deployer = msg.sender;
        partner = partner_;
        salt = salt_;
        offset = offset_;
        createdAt = block.timestamp;
        chainIdAtDeploy = block.chainid;
    }

    function snapshot() external view returns (address, address, bytes32, uint256, uint256, int64) {
        return (deployer, partner, salt, createdAt, chainIdAtDeploy, offset);
    }

    /// The twelve smallest primes above 2^255: a constant array built from PUSH32s.
    function table() external pure returns (uint256[12] memory primes) {
        primes = [
            uint256(0x800000000000000000000000000000000000000000000000000000000000005f),
            0x800000000000000000000000000000000000000000000000000000000000008d,
            0x8000000000000000000000000000000000000000000000000000000000000113,
            0x800000000000000000000000000000000000000000000000000000000000014d,
            0x80000000000000000000000000000000000000000000000000000000000001bb,
            0x80000000000000000000000000000000000000000000000000000000000001eb,
            0x800000000000000000000000000000000000000000000000000000000000021b,
            0x8000000000000000000000000000000000000000000000000000000000000263,
            0x8000000000000000000000000000000000000000000000000000000000000335,
            0x8000000000000000000000000000000000000000000000000000000000000431,
            0x8000000000000000000000000000000000000000000000000000000000000455,
            0x800000000000000000000000000000000000000000000000000000000000046b
        ];
    }

    /// Whether the caller is the deployer and the chain is the one it was deployed on.
    function isHome() external view returns (bool) {
        return msg.sender == deployer && block.chainid == chainIdAtDeploy;
    }

    /// An immutable owner check, the way most deployed code gates its admin functions.
    function onlyDeployer() external view returns (bytes32) {
        require(msg.sender == deployer, "Immutables: caller is not the deployer");
        return salt;
    }

    /// Hashes the immutables, the constants and `x` together, and logs the digest.
    function mix(uint256 x) external returns (bytes32 digest) {
        digest = keccak256(abi.encodePacked(salt, partner, offset, WIDE, TAG, BLOB, GREETING, x));
        emit Mixed(msg.sender, digest);
    }
}
