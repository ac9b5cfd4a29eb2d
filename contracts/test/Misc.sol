// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Self-destructs on request of its creator. Under EIP-6780 (Cancun) the code
/// is only removed if this happens in the transaction that created it.
contract Ephemeral {
    address public immutable creator;

    constructor() payable {
        creator = msg.sender;
    }

    function ping() external pure returns (uint256) {
        return 0xE4E;
    }

    function destroy(address payable beneficiary) external {
        require(msg.sender == creator, "Ephemeral: only creator");
        selfdestruct(beneficiary);
    }
}

/// Grab bag of Cancun-era and environment opcodes: TSTORE/TLOAD, MCOPY,
/// PUSH32 constants, EXTCODE*, block/tx context, SELFDESTRUCT and LOG0..LOG4.
contract Misc {
    uint256 public constant BIG = type(uint256).max;
    bytes32 public constant MAGIC = 0x0123456789abcdeffedcba9876543210deadbeefcafebabe0badf00d8badf00d;
    int256 public constant MOST_NEGATIVE = type(int256).min;

    /// Literal so inline assembly can use it; any fixed slot would do.
    uint256 internal constant TSLOT = 0x7e57;

    Ephemeral public lastEphemeral;
    uint256 public codeSizeBeforeDestroy;
    uint256 public codeSizeAfterDestroy;

    uint256 public seenTimestamp;
    uint256 public seenChainId;
    address public seenSender;
    address public seenOrigin;

    event Anon0(uint256 data) anonymous;
    event Topic1(uint256 data);
    event Topic2(uint256 indexed a, uint256 data);
    event Topic3(uint256 indexed a, address indexed b, string data);
    event Topic4(uint256 indexed a, uint256 indexed b, bytes32 indexed c, uint256 data);
    event Anon4(uint256 indexed a, uint256 indexed b, uint256 indexed c, uint256 indexed d) anonymous;

    error NotReverted();

    receive() external payable {}

    // ---- transient storage -------------------------------------------------

    function tloadSlot() public view returns (uint256 v) {
        assembly {
            v := tload(TSLOT)
        }
    }

    function tstoreSlot(uint256 v) public {
        assembly {
            tstore(TSLOT, v)
        }
    }

    function tstoreAndRevert(uint256 v) external {
        tstoreSlot(v);
        revert NotReverted();
    }

    /// Transient writes are visible to later frames of the same transaction
    /// and are undone when the frame that made them reverts.
    function transientRoundTrip(uint256 v) external returns (uint256 seenByCallee, uint256 afterRevertedWrite) {
        tstoreSlot(v);
        seenByCallee = this.tloadSlot();
        try this.tstoreAndRevert(v + 1) {} catch {}
        afterRevertedWrite = tloadSlot();
    }

    // ---- MCOPY ---------------------------------------------------------------

    function copy(bytes memory data) external pure returns (bytes memory out) {
        out = new bytes(data.length);
        assembly {
            mcopy(add(out, 32), add(data, 32), mload(data))
        }
    }

    /// Moves data[shift:] down to data[0:] in place: overlapping, dst < src.
    function shiftDown(bytes memory data, uint256 shift) external pure returns (bytes memory) {
        require(shift <= data.length, "Misc: shift too large");
        assembly {
            let len := sub(mload(data), shift)
            mcopy(add(data, 32), add(add(data, 32), shift), len)
            mstore(data, len)
        }
        return data;
    }

    /// Copies data[0:len-shift] up to data[shift:]: overlapping, dst > src, so a
    /// naive forward byte loop would smear the first bytes across the buffer.
    function shiftUp(bytes memory data, uint256 shift) external pure returns (bytes memory) {
        require(shift <= data.length, "Misc: shift too large");
        assembly {
            let base := add(data, 32)
            mcopy(add(base, shift), base, sub(mload(data), shift))
        }
        return data;
    }

    // ---- arithmetic on full-width words ---------------------------------------

    function bitOps(uint256 x, uint256 s)
        external
        pure
        returns (uint256 shl_, uint256 shr_, int256 sar_, uint256 byte0, uint256 signExtended, uint256 notX)
    {
        assembly {
            shl_ := shl(s, x)
            shr_ := shr(s, x)
            sar_ := sar(s, x)
            byte0 := byte(0, x)
            signExtended := signextend(0, x)
            notX := not(x)
        }
    }

    function signedOps(int256 a, int256 b) external pure returns (int256 quotient, int256 remainder) {
        unchecked {
            quotient = a / b;
            remainder = a % b;
        }
    }

    function bigMath() external pure returns (uint256 wrapped, uint256 mulModBig, uint256 power) {
        unchecked {
            wrapped = BIG + 2;
        }
        mulModBig = mulmod(BIG, BIG, uint256(MAGIC));
        power = 3 ** 160;
    }

    // ---- code introspection -------------------------------------------------

    function selfCode() external view returns (bytes memory code, bytes32 hash, uint256 size) {
        code = address(this).code;
        hash = address(this).codehash;
        size = address(this).code.length;
    }

    function codeInfo(address account) external view returns (uint256 size, bytes32 hash) {
        return (account.code.length, account.codehash);
    }

    // ---- block and transaction context ---------------------------------------

    function context()
        external
        view
        returns (uint256 timestamp, uint256 chainId, address sender, address origin, uint256 number, uint256 basefee)
    {
        return (block.timestamp, block.chainid, msg.sender, tx.origin, block.number, block.basefee);
    }

    function whoCalls() external view returns (address sender, address origin) {
        return (msg.sender, tx.origin);
    }

    /// Through an extra hop msg.sender becomes this contract while tx.origin stays the EOA.
    function relayWhoCalls() external view returns (address sender, address origin) {
        return this.whoCalls();
    }

    function recordContext() external {
        seenTimestamp = block.timestamp;
        seenChainId = block.chainid;
        seenSender = msg.sender;
        seenOrigin = tx.origin;
    }

    // ---- SELFDESTRUCT (EIP-6780) ----------------------------------------------

    function createAndDestroy(address payable beneficiary) external payable returns (address) {
        Ephemeral e = new Ephemeral{value: msg.value}();
        codeSizeBeforeDestroy = address(e).code.length;
        e.destroy(beneficiary);
        // Still non-zero: the account is only deleted at the end of the transaction.
        codeSizeAfterDestroy = address(e).code.length;
        lastEphemeral = e;
        return address(e);
    }

    function createEphemeral() external payable returns (address) {
        lastEphemeral = new Ephemeral{value: msg.value}();
        return address(lastEphemeral);
    }

    function destroyEphemeral(address payable beneficiary) external {
        lastEphemeral.destroy(beneficiary);
    }

    // ---- logs ----------------------------------------------------------------

    function emitAll(uint256 x) external {
        emit Anon0(x);
        emit Topic1(x);
        emit Topic2(x, x + 1);
        emit Topic3(x, msg.sender, "three");
        emit Topic4(x, x + 1, MAGIC, x + 2);
        emit Anon4(x, x + 1, x + 2, x + 3);
    }

    /// LOG0..LOG4 issued directly, each carrying the word `x` as data.
    function rawLogs(uint256 x) external {
        assembly {
            mstore(0, x)
            log0(0, 32)
            log1(0, 32, 1)
            log2(0, 32, 1, 2)
            log3(0, 32, 1, 2, 3)
            log4(0, 32, 1, 2, 3, 4)
        }
    }
}
