// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {StubBlob, OPCLASS_GUARDED, OPCLASS_JUMPDEST, OPCLASS_JUMP, OPCLASS_JUMPI, OPCLASS_SENTINEL} from "./StubBlob.sol";

/// The ExecutionManager's safety checker (docs/ovm-transpiler.md, "The safety checker"); its verdict
/// and offset equal the WASM checkSafety's (assembly/transpiler/safety.ts). Rules 1 and 2 check the
/// frame; one linear pass over the body then decodes it (rule 3) and checks every instruction (rules
/// 4 and 5), a rule 3 failure taking precedence; rule 6 checks the table last. Which opcode is what
/// comes from the generated tables of StubBlob.sol (assembly/opcodes.ts).
///
/// Gas: the stub blob is compared by its hash; the body is decoded two instructions at a time with no
/// branch through a table of instruction lengths (0 for the specials: JUMPDEST, jumps, LOGs and what
/// the body may not hold) kept at memory 0 meanwhile (the words at [0, 0x100) are saved and
/// restored), over a copy of the body with sentinel bytes after it; marks (one byte per body offset)
/// answer "is X a table entry's new offset" and rule 6 without searching.
library SafetyChecker {
    /// Returns (true, 0, 0), or (false, offset, opcode) for the first offence: `opcode` is the byte at
    /// `offset` (0 past the end of the code).
    function check(bytes memory code) internal pure returns (bool safe, uint256 offset, uint256 opcode) {
        uint256 fail = _frame(code); // offset + 1 of a rule 1, 2 or empty-body failure; 0 if none
        if (fail == 0) fail = _body(code);
        if (fail == 0) return (true, 0, 0);
        offset = fail - 1;
        if (offset < code.length) opcode = uint8(code[offset]);
    }

    /// Rules 1, 2 and the empty body of rule 3; returns the offending offset + 1, or 0.
    function _frame(bytes memory code) private pure returns (uint256) {
        uint256 entry = StubBlob.OFFSET + StubBlob.LENGTH; // B
        uint256 len = code.length;
        bytes32 blobHash = StubBlob.BLOB_HASH;
        bool intact;
        uint256 header;
        assembly ("memory-safe") {
            let src := add(code, 32)
            header := mload(src)
            if gt(len, entry) {
                intact := and(
                    eq(shr(216, header), or(0x6100005663, shl(16, entry))),
                    and(eq(keccak256(add(src, 9), sub(entry, 9)), blobHash), eq(byte(0, mload(add(src, entry))), 0x5b))
                )
            }
        }
        if (!intact) {
            // Rule 1, byte by byte: PUSH2 B JUMP PUSH4, the stub blob, JUMPDEST at B.
            bytes memory blob = StubBlob.BLOB;
            for (uint256 i = 0; i <= entry; i++) {
                if (i >= 5 && i < StubBlob.OFFSET) continue;
                uint256 expected;
                if (i == 0) expected = 0x61;
                else if (i == 1) expected = entry >> 8;
                else if (i == 2) expected = entry & 0xff;
                else if (i == 3) expected = 0x56;
                else if (i == 4) expected = 0x63;
                else if (i < entry) expected = uint8(blob[i - StubBlob.OFFSET]);
                else expected = 0x5b;
                if (i >= len || uint8(code[i]) != expected) return i + 1;
            }
        }
        // Rule 2.
        uint256 tableStart = (header >> 200) & 0xffff;
        uint256 originalStart = (header >> 184) & 0xffff;
        if (tableStart <= entry) return 5 + 1;
        if (originalStart < tableStart || originalStart > len) return 7 + 1;
        if ((originalStart - tableStart) % 4 != 0) return 7 + 1;
        // Rule 3: an empty body has no STOP.
        if (tableStart == entry + 1) return entry + 1 + 1;
        return 0;
    }

    /// Rules 3 to 6 on code whose frame is sound; returns the offending offset + 1, or 0.
    function _body(bytes memory code) private pure returns (uint256 fail) {
        bytes memory classes = StubBlob.OPCODE_CLASSES;
        bytes memory lengths = StubBlob.OPCODE_LENGTHS;
        bytes memory returning = StubBlob.RETURNING_ENTRIES;
        uint256 entry = StubBlob.OFFSET + StubBlob.LENGTH;
        uint256 stubs = (StubBlob.JUMP_STUB << 16) | StubBlob.LOG_GUARD;
        assembly {
            // The instruction before `prev`, decoding from `ls`, the last one-byte special before it
            // (every instruction in between runs as is).
            function instructionBefore(ls, prev) -> pp {
                pp := ls
                for { let i := add(ls, 1) } lt(i, prev) {} {
                    pp := i
                    i := add(i, byte(0, mload(byte(0, mload(i)))))
                }
            }

            // Whether `x` is the new offset of a table entry. ctx (words): src, tableStart,
            // originalStart, B, JUMP_STUB, LOG_GUARD, returning-entry bitmap, md (marks - cpB), cpB, end.
            function inTable(x, cpB, ctx) -> found {
                let b := mload(add(ctx, 0x60))
                let ts := mload(add(ctx, 0x20))
                switch and(iszero(lt(x, b)), lt(x, ts))
                case 1 { found := and(byte(0, mload(add(add(cpB, sub(x, b)), mload(add(ctx, 0xe0))))), 1) }
                default {
                    let src := mload(ctx)
                    for { let at := add(src, ts) } lt(at, add(src, mload(add(ctx, 0x40)))) { at := add(at, 4) } {
                        if eq(shr(240, mload(add(at, 2))), x) {
                            found := 1
                            break
                        }
                    }
                }
            }

            // Rule 4 for the JUMP or JUMPI (class c) at q; returns 0 when it holds, and the new end of
            // the LOG_GUARD call site when it is one.
            function checkJump(q, c, prev, ls, cpB, ctx) -> bad, guardEnd {
                bad := 1
                if eq(byte(0, mload(prev)), 0x61) {
                    let x := shr(240, mload(add(prev, 1)))
                    let b := mload(add(ctx, 0x60))
                    // The common case first: a static jump into the body.
                    if iszero(lt(x, b)) {
                        bad := iszero(inTable(x, cpB, ctx))
                        leave
                    }
                    switch eq(x, mload(add(ctx, 0x80)))
                    case 1 {
                        // JUMP_STUB: plain JUMP, or SWAP1 PUSH2 JUMP_STUB JUMPI POP.
                        switch eq(c, OPCLASS_JUMP)
                        case 1 { bad := 0 }
                        default {
                            if and(eq(byte(0, mload(instructionBefore(ls, prev))), 0x90), eq(byte(0, mload(add(q, 1))), 0x50)) {
                                bad := 0
                            }
                        }
                    }
                    default {
                        let isReturn := 0
                        if lt(x, b) {
                            isReturn := and(shr(sub(7, and(x, 7)), byte(0, mload(add(mload(add(ctx, 0xc0)), shr(3, x))))), 1)
                        }
                        switch isReturn
                        case 1 {
                            // A call site: PUSH2 R PUSH2 entry JUMP JUMPDEST, R = JUMP's offset + 1.
                            if eq(c, OPCLASS_JUMP) {
                                let pp := instructionBefore(ls, prev)
                                let r := add(sub(q, cpB), add(b, 1))
                                if and(
                                    and(eq(byte(0, mload(pp)), 0x61), eq(shr(240, mload(add(pp, 1))), r)),
                                    eq(byte(0, mload(add(q, 1))), 0x5b)
                                ) {
                                    bad := 0
                                    // R is a return point: no table entry may lead there.
                                    let a := add(add(q, 1), mload(add(ctx, 0xe0)))
                                    mstore8(a, or(byte(0, mload(a)), 4))
                                    if eq(x, mload(add(ctx, 0xa0))) { guardEnd := add(q, 2) }
                                }
                            }
                        }
                        default { bad := iszero(inTable(x, cpB, ctx)) }
                    }
                }
            }

            // Rule 6: every entry leads to a JUMPDEST instruction of the body that is no return point,
            // and original offsets increase. Returns the offending entry's offset + 1, or 0.
            function tableRule(ctx) -> bad {
                let src := mload(ctx)
                let ts := mload(add(ctx, 0x20))
                let b := mload(add(ctx, 0x60))
                let marks := add(mload(add(ctx, 0x100)), mload(add(ctx, 0xe0)))
                let lastOriginal := 0
                for { let at := ts } lt(at, mload(add(ctx, 0x40))) { at := add(at, 4) } {
                    let w := shr(224, mload(add(src, at)))
                    let x := and(w, 0xffff)
                    let lands := 0
                    if and(gt(x, b), lt(x, ts)) { lands := eq(and(byte(0, mload(add(marks, sub(x, b)))), 6), 2) }
                    if or(iszero(lands), and(gt(at, ts), iszero(gt(shr(16, w), lastOriginal)))) {
                        bad := add(at, 1)
                        break
                    }
                    lastOriginal := shr(16, w)
                }
            }

            // Rules 3 to 5 over the copy [cpB, end) of [B, tableStart); returns the first rule 4/5
            // failure (a pointer, 0 if none), the last instruction and where the decode ended.
            function bodyPass(cpB, end, ctx) -> bad, prev, q {
                q := add(cpB, 1)
                prev := cpB
                let ls := cpB
                let guardEnd := 0
                for {} 1 {} {
                    {
                        // Instructions that run as is, two at a time; a special has length 0 and stops.
                        let q1 := add(q, byte(0, mload(byte(0, mload(q)))))
                        let q2 := add(q1, byte(0, mload(byte(0, mload(q1)))))
                        if gt(q2, q1) {
                            prev := q1
                            q := q2
                            continue
                        }
                        if lt(q, q1) { prev := q }
                        q := q1
                    }
                    let c := byte(0, mload(add(add(ctx, 0x240), byte(0, mload(q)))))
                    switch eq(c, OPCLASS_JUMPDEST)
                    case 1 {
                        // An instruction start holding 0x5b (rule 6).
                        let a := add(q, mload(add(ctx, 0xe0)))
                        mstore8(a, or(byte(0, mload(a)), 2))
                    }
                    default {
                        let f := 1
                        switch or(eq(c, OPCLASS_JUMP), eq(c, OPCLASS_JUMPI))
                        case 1 {
                            let g := 0
                            f, g := checkJump(q, c, prev, ls, cpB, ctx)
                            if g { guardEnd := g }
                        }
                        default {
                            if iszero(lt(q, end)) { break }
                            // A LOG right after a LOG_GUARD call site; anything else is forbidden.
                            if eq(c, OPCLASS_GUARDED) { f := iszero(eq(q, guardEnd)) }
                        }
                        if f { if iszero(bad) { bad := q } }
                    }
                    ls := q
                    prev := q
                    q := add(q, 1)
                }
            }

            // Scratch: a context block (words: src, tableStart, originalStart, B, JUMP_STUB, LOG_GUARD,
            // returning-entry bitmap, md, cpB, end), the saved words [0, 0x100), the class table, the copy of
            // [B, tableStart) with sentinel padding, and one mark byte per offset of [B, tableStart)
            // at pointer + md (bit 0: a table entry's new offset; bit 1: an instruction start holding
            // 0x5b; bit 2: a call site's return point).
            let ctx := and(add(mload(0x40), 31), not(31))
            {
                let src := add(code, 32)
                let ts := shr(240, mload(add(src, 5)))
                let os := shr(240, mload(add(src, 7)))
                mcopy(add(ctx, 0x140), 0, 0x100)
                mcopy(add(ctx, 0x240), add(classes, 32), 0x100)
                let cpB := add(ctx, 0x360)
                let size := sub(ts, entry)
                mcopy(cpB, add(src, entry), size)
                let end := add(cpB, size)
                let pad := mul(0x0101010101010101010101010101010101010101010101010101010101010101, OPCLASS_SENTINEL)
                mstore(end, pad)
                mstore(add(end, 32), pad)
                let marks := and(add(end, 95), not(31))
                calldatacopy(marks, calldatasize(), add(size, 64))
                mstore(ctx, src)
                mstore(add(ctx, 0x20), ts)
                mstore(add(ctx, 0x40), os)
                mstore(add(ctx, 0x60), entry)
                mstore(add(ctx, 0x80), shr(16, stubs))
                mstore(add(ctx, 0xa0), and(stubs, 0xffff))
                mstore(add(ctx, 0xc0), add(returning, 32))
                mstore(add(ctx, 0xe0), sub(marks, cpB))
                mstore(add(ctx, 0x100), cpB)
                mstore(add(ctx, 0x120), end)
                // The table's new offsets inside [B, tableStart).
                for { let at := add(src, ts) } lt(at, add(src, os)) { at := add(at, 4) } {
                    let x := shr(240, mload(add(at, 2)))
                    if and(iszero(lt(x, entry)), lt(x, ts)) { mstore8(add(marks, sub(x, entry)), 1) }
                }
            }

            mcopy(0, add(lengths, 32), 0x100) // mload(op) now starts with length(op)
            let bad, last, q := bodyPass(mload(add(ctx, 0x100)), mload(add(ctx, 0x120)), ctx)
            mcopy(0, add(ctx, 0x140), 0x100)

            // Rule 3 first: the body ends exactly at tableStart, with STOP.
            switch or(iszero(eq(q, mload(add(ctx, 0x120)))), iszero(iszero(byte(0, mload(last)))))
            case 1 { fail := add(add(sub(last, mload(add(ctx, 0x100))), entry), 1) }
            default {
                switch bad
                case 0 { fail := tableRule(ctx) }
                default { fail := add(add(sub(bad, mload(add(ctx, 0x100))), entry), 1) }
            }
        }
    }
}
