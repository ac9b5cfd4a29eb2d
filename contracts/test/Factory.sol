// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Immutables are spliced into the runtime code by the constructor, so every
/// child has distinct runtime bytecode even though the creation code is shared.
contract Child {
    address public immutable factory;
    uint256 public immutable seed;
    bytes32 public immutable tag;
    uint256 public counter;

    constructor(uint256 seed_, bytes32 tag_) payable {
        factory = msg.sender;
        seed = seed_;
        tag = tag_;
    }

    function bump(uint256 by) external returns (uint256) {
        counter += by * seed;
        return counter;
    }

    function describe() external view returns (address, uint256, bytes32, uint256) {
        return (factory, seed, tag, address(this).balance);
    }
}

contract Factory {
    address[] public children;
    mapping(address => bool) public isChild;

    event ChildCreated(address indexed child, bool indexed viaCreate2, bytes32 salt, uint256 seed);

    error AddressMismatch(address predicted, address actual);

    function create(uint256 seed, bytes32 tag) external payable returns (address child) {
        child = address(new Child{value: msg.value}(seed, tag));
        _record(child, false, bytes32(0), seed);
    }

    function create2(bytes32 salt, uint256 seed, bytes32 tag) external payable returns (address child) {
        address predicted = predict(salt, seed, tag);
        child = address(new Child{salt: salt, value: msg.value}(seed, tag));
        if (child != predicted) revert AddressMismatch(predicted, child);
        _record(child, true, salt, seed);
    }

    /// Re-using a salt with the same init code collides; the failed CREATE2
    /// surfaces as an empty revert that try/catch can observe.
    function tryCreate2(bytes32 salt, uint256 seed, bytes32 tag) external returns (bool ok, address child) {
        try new Child{salt: salt}(seed, tag) returns (Child c) {
            child = address(c);
            _record(child, true, salt, seed);
            ok = true;
        } catch {
            ok = false;
        }
    }

    function predict(bytes32 salt, uint256 seed, bytes32 tag) public view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(Child).creationCode, abi.encode(seed, tag)));
        bytes32 digest = keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash));
        return address(uint160(uint256(digest)));
    }

    function childCount() external view returns (uint256) {
        return children.length;
    }

    /// Calls into every child, so one transaction fans out into N CALLs.
    function bumpAll(uint256 by) external returns (uint256 total) {
        for (uint256 i = 0; i < children.length; i++) {
            total += Child(children[i]).bump(by);
        }
    }

    function _record(address child, bool viaCreate2, bytes32 salt, uint256 seed) internal {
        children.push(child);
        isChild[child] = true;
        emit ChildCreated(child, viaCreate2, salt, seed);
    }
}
