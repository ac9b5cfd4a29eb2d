// SPDX-License-Identifier: MIT
pragma solidity ^0.6.0;

/// Created by LegacyFactory. `factory` is an immutable (new in 0.6.5): the
/// constructor writes it into the runtime code, so each child's code differs
/// from the artifact's deployedBytecode.
contract LegacyChild {
    address public immutable factory;
    uint256 public seed;
    string public label;
    uint256 public counter;

    event Bumped(uint256 by, uint256 counter);

    constructor(uint256 childSeed, string memory childLabel) public {
        factory = msg.sender;
        seed = childSeed;
        label = childLabel;
    }

    function bump(uint256 by) external returns (uint256) {
        counter += by * seed;
        emit Bumped(by, counter);
        return counter;
    }
}

/// Deploys LegacyChild from its embedded init code with CREATE and with
/// CREATE2 (salted `new`, 0.6.2+), passing constructor arguments both ways.
contract LegacyFactory {
    address[] public children;

    event Created(address indexed child, bool viaCreate2, uint256 seed);

    function create(uint256 seed, string calldata label) external returns (address child) {
        child = address(new LegacyChild(seed, label));
        children.push(child);
        emit Created(child, false, seed);
    }

    function create2(bytes32 salt, uint256 seed, string calldata label) external returns (address child) {
        child = address(new LegacyChild{salt: salt}(seed, label));
        require(child == predict(salt, seed, label), "LegacyFactory: CREATE2 address mismatch");
        children.push(child);
        emit Created(child, true, seed);
    }

    /// A second CREATE2 with the same salt and arguments collides; try/catch
    /// on `new` turns the failure into a false instead of a revert.
    function tryCreate2(bytes32 salt, uint256 seed, string calldata label) external returns (bool ok, address child) {
        try new LegacyChild{salt: salt}(seed, label) returns (LegacyChild created) {
            child = address(created);
            children.push(child);
            emit Created(child, true, seed);
            ok = true;
        } catch {
            ok = false;
        }
    }

    function predict(bytes32 salt, uint256 seed, string memory label) public view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(LegacyChild).creationCode, abi.encode(seed, label)));
        return address(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash))));
    }

    function childCount() external view returns (uint256) {
        return children.length;
    }
}
