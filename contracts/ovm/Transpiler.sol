// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {
    StubBlob, OPCLASS_PUSH, OPCLASS_REPLACED, OPCLASS_GUARDED, OPCLASS_JUMP, OPCLASS_JUMPI, OPCLASS_PC,
    OPCLASS_CODESIZE, OPCLASS_CODECOPY, OPCLASS_SENTINEL, OPCODE_JUMPDEST, OPCODE_JUMP, OPCODE_JUMPI
} from "./StubBlob.sol";

/// The ExecutionManager's transpiler: docs/ovm-transpiler.md is normative, and the output is
/// byte-identical to the WASM transpiler's (assembly/transpiler/) with `allowTruncatedPush: true`.
/// Which opcode is what comes from the generated tables of StubBlob.sol (assembly/opcodes.ts).
///
/// One forward pass writes the body straight into the output: a run of instructions that stay as
/// they are is copied with one MCOPY, and every other rewrite is one MSTORE (its spill lands where the
/// next bytes go). A static jump's PUSH2 keeps its size, so it is patched in a copy of the code and
/// the run goes on. The pass records new(p) of every JUMPDEST (2 bytes per original offset) and the
/// jump-table entries, in order.
///
/// A static jump to a JUMPDEST already passed gets new(v) at once. One to a target ahead is decided
/// on a guess (the target holds 0x5b, so it is taken for an instruction start) and gets new(v) after
/// the pass, from a fixup list. A wrong guess (a 0x5b inside a PUSH immediate) shows there; the output
/// before that jump stands, and the pass resumes from it with J known (the first pass left new(p) of
/// every JUMPDEST), so the output never depends on the guess.
///
/// Gas: instructions that stay as they are are decoded two at a time with no branch (a table of
/// instruction lengths, 0 for the "specials" that need work, sits at memory 0 meanwhile: the words at
/// [0, 0x100) are saved and restored), the code is copied with sentinel bytes after it (no bounds
/// check), and offsets are memory pointers.
library Transpiler {
    /// EMPTY_CODE: the EM never transpiles empty code.
    error EmptyCode();
    /// CODE_TOO_LARGE: the input is over 49,152 bytes, or the output's originalStart would pass
    /// 0xFFFF (offsets are 16-bit). `codeLength` is the input's length.
    error CodeTooLarge(uint256 codeLength);

    uint256 internal constant MAX_CODE_SIZE = 49152;
    /// Offsets in transpiled code are 16-bit: originalStart may not pass this.
    uint256 internal constant MAX_OFFSET = 0xffff;

    /// Transpiles `code`, always zero-padding a truncated last PUSH (the EM's mode: init code carries
    /// constructor arguments after its code).
    function transpile(bytes memory code) internal pure returns (bytes memory out) {
        if (code.length == 0) revert EmptyCode();
        if (code.length > MAX_CODE_SIZE) revert CodeTooLarge(code.length);
        bytes memory classes = StubBlob.OPCODE_CLASSES;
        bytes memory lengths = StubBlob.OPCODE_LENGTHS;
        bytes memory entries = StubBlob.ENTRIES;
        // B + 1, JUMP_STUB and LOG_GUARD, packed to spare stack slots.
        uint256 frame = ((StubBlob.OFFSET + StubBlob.LENGTH + 1) << 32) | (StubBlob.JUMP_STUB << 16) | StubBlob.LOG_GUARD;
        bytes4 tooLarge = CodeTooLarge.selector;
        assembly {
            // The context block at ctx (words): 0x00 output data, 0x20 n, 0x40 JUMP_STUB, 0x60 LOG_GUARD,
            // 0x80 stub entries, 0xa0 nwb (new(p) of the JUMPDEST at pointer p: 2 bytes at nwb + 2p, 0
            // elsewhere), 0xc0 src (the code copy), 0xe0 table list, 0x100 table list end, 0x120 guess
            // (first pass), 0x140 end of the code copy, 0x160 fixup list start, 0x180 tableStart,
            // 0x1a0 B + 1, 0x1c0 F = src << 16 + output data, 0x1e0 error selector, 0x200 fixup list end;
            // 0x220 the class table (0x120 bytes), 0x340 saved [0, 0x100), 0x440 where the pass starts,
            // 0x460 E there, 0x480 the length table; the stub entries follow at 0x4a0.

            function tooLargeError(ctx) {
                mstore(0, mload(add(ctx, 0x1e0)))
                mstore(4, mload(add(ctx, 0x20)))
                revert(0, 0x24)
            }

            // For the JUMP or JUMPI at p, whose previous instruction starts at prev: the code pointer of
            // v when that instruction is PUSHk v with v in J, else 0. A PUSH2 (length 3: no other
            // instruction has it) is the common case. Behind p, v is in J when its slot is set; ahead,
            // J is not complete yet: the first round takes a 0x5b for a JUMPDEST (the guess), a second
            // one reads the slots the first one left.
            function staticTarget(ctx, prev, p) -> t {
                let v := 0
                switch sub(p, prev)
                case 3 { v := shr(240, mload(add(prev, 1))) }
                default {
                    let pcls := byte(0, mload(add(add(ctx, 0x220), byte(0, mload(prev)))))
                    if iszero(and(pcls, OPCLASS_PUSH)) { leave }
                    v := shr(sub(264, shl(3, sub(p, prev))), mload(add(prev, 1)))
                }
                if iszero(lt(v, mload(add(ctx, 0x20)))) { leave }
                let va := add(mload(add(ctx, 0xc0)), v)
                let q := shr(240, mload(add(mload(add(ctx, 0xa0)), add(va, va))))
                switch lt(va, p)
                case 1 { if q { t := va } }
                default {
                    switch mload(add(ctx, 0x120))
                    case 0 { if q { t := va } }
                    default { if eq(byte(0, mload(va)), OPCODE_JUMPDEST) { t := va } }
                }
            }

            // A static jump to v ahead (t = the code pointer of v, prev its PUSH): the PUSH2 at output
            // offset `at` - 1 gets new(v) after the pass. The fixups grow down from the top of the table
            // list's room: a fixup needs at least 3 original bytes (PUSHk v with k >= 1, JUMP), a table
            // entry 1, so 8 bytes per fixup and 4 per entry fit in 4n, with 32 bytes to spare between
            // them for the MSTORE spills (downwards for fixups, upwards for table entries).
            function addFixup(ctx, at, t, prev) {
                // 8 bytes: at, v, the PUSH's original offset (to resume from it after a wrong guess).
                let src := mload(add(ctx, 0xc0))
                let f := sub(mload(add(ctx, 0x160)), 8)
                mstore(sub(f, 24), or(shl(48, at), or(shl(32, sub(t, src)), shl(16, sub(prev, src)))))
                mstore(add(ctx, 0x160), f)
            }

            // The rewrite of the special at p (class c) other than a static jump: one pattern of l bytes.
            function pattern(ctx, c, p, dst) -> w, l {
                if eq(c, OPCLASS_JUMP) {
                    // PUSH2 JUMP_STUB JUMP
                    w := or(0x61000056, shl(8, mload(add(ctx, 0x40))))
                    l := 4
                    leave
                }
                if eq(c, OPCLASS_JUMPI) {
                    // SWAP1 PUSH2 JUMP_STUB JUMPI POP
                    w := or(0x906100005750, shl(16, mload(add(ctx, 0x40))))
                    l := 6
                    leave
                }
                if or(eq(c, OPCLASS_REPLACED), eq(c, OPCLASS_CODECOPY)) {
                    // PUSH2 R PUSH2 stubEntry(op) JUMP JUMPDEST, R = the JUMPDEST's offset.
                    let op := byte(0, mload(p))
                    let x := shr(240, mload(add(mload(add(ctx, 0x80)), add(op, op))))
                    w := or(or(0x610000610000565b, shl(40, add(sub(dst, mload(ctx)), 7))), shl(16, x))
                    l := 8
                    leave
                }
                if eq(c, OPCLASS_GUARDED) {
                    // PUSH2 R PUSH2 LOG_GUARD JUMP JUMPDEST LOGn
                    let x := or(shl(48, add(sub(dst, mload(ctx)), 7)), or(shl(24, mload(add(ctx, 0x60))), byte(0, mload(p))))
                    w := or(0x610000610000565b00, x)
                    l := 9
                    leave
                }
                l := 3
                if eq(c, OPCLASS_PC) {
                    w := or(0x610000, sub(p, mload(add(ctx, 0xc0))))
                    leave
                }
                if eq(c, OPCLASS_CODESIZE) {
                    w := or(0x610000, mload(add(ctx, 0x20)))
                    leave
                }
                // Banned or undefined: INVALID.
                w := 0xfe
                l := 1
            }

            // Ends the run at the special p (class c): copies [s, p) out and writes p's rewrite; t is
            // the target pointer of a static jump whose PUSH (at prev) changes size, else 0. Returns the
            // new run start and E.
            function endRun(ctx, s, E, p, prev, c, t) -> s2, E2 {
                let dst := add(add(s, E), mload(add(ctx, 0x1c0)))
                mcopy(dst, s, sub(p, s))
                dst := add(dst, sub(p, s))
                if gt(sub(dst, mload(ctx)), 0xffff) { tooLargeError(ctx) }
                s2 := add(p, 1)
                switch t
                case 0 {
                    let w, l := pattern(ctx, c, p, dst)
                    mstore(dst, shl(sub(256, shl(3, l)), w))
                    dst := add(dst, l)
                }
                default {
                    // PUSHk v (k != 2), already copied, becomes PUSH2 new(v); the JUMP(I) starts the next run.
                    dst := sub(dst, sub(p, prev))
                    let x := 0
                    switch lt(t, p)
                    case 1 { x := shr(240, mload(add(mload(add(ctx, 0xa0)), add(t, t)))) }
                    default { addFixup(ctx, add(sub(dst, mload(ctx)), 1), t, prev) }
                    mstore(dst, shl(232, or(0x610000, x)))
                    dst := add(dst, 3)
                    s2 := p
                }
                E2 := sub(sub(dst, s2), mload(add(ctx, 0x1c0)))
            }

            // The pass. Leaves the end of the body written (where the STOP goes) at ctx + 0x180.
            //
            // The run [s, p) of the code copy is not copied out yet: it goes to dst = s + E + F, with
            // F = src << 16 + output data. E is kept so that for an instruction x inside the run,
            // x * 0x10001 + E is its table entry (original offset << 16 | new offset), the new offset
            // being below 2^16 (else the code is too large anyway).
            //
            // A static jump's PUSH2 keeps its size: its immediate is patched in the copy and the run
            // goes on. Any other rewrite ends the run.
            function body(ctx) {
                let p := mload(add(ctx, 0x440))
                let prev := p
                let s := p
                let E := mload(add(ctx, 0x460))
                let jd := mload(add(ctx, 0x100))
                let nwb := mload(add(ctx, 0xa0))
                for {} 1 {} {
                    {
                        // Instructions that run as is, two at a time; a special has length 0 and stops.
                        let p1 := add(p, byte(0, mload(byte(0, mload(p)))))
                        let p2 := add(p1, byte(0, mload(byte(0, mload(p1)))))
                        if gt(p2, p1) {
                            prev := p1
                            p := p2
                            continue
                        }
                        // A special at p1.
                        if lt(p, p1) { prev := p }
                        p := p1
                    }
                    let o := byte(0, mload(p))
                    if eq(o, OPCODE_JUMPDEST) {
                        // Stays in the run: its table entry, and new(p) in its slot.
                        let w := add(mul(p, 0x10001), E)
                        mstore(jd, shl(224, w))
                        jd := add(jd, 4)
                        let a := add(nwb, add(p, p))
                        mstore8(a, shr(8, w))
                        mstore8(add(a, 1), w)
                        prev := p
                        p := add(p, 1)
                        continue
                    }
                    // For a JUMP or JUMPI after PUSHk v with v in J: t = the code pointer of v.
                    let t := 0
                    if or(eq(o, OPCODE_JUMP), eq(o, OPCODE_JUMPI)) {
                        t := staticTarget(ctx, prev, p)
                        if and(iszero(iszero(t)), eq(sub(p, prev), 3)) {
                            // PUSH2 v -> PUSH2 new(v), patched in the copy; ahead: 0 for now, and a fixup.
                            let x := 0
                            switch lt(t, p)
                            case 1 { x := shr(240, mload(add(nwb, add(t, t)))) }
                            default { addFixup(ctx, add(and(add(mul(prev, 0x10001), E), 0xffff), 1), t, prev) }
                            let a := sub(prev, 29)
                            mstore(a, or(and(mload(a), not(0xffff)), x))
                            prev := p
                            p := add(p, 1)
                            continue
                        }
                    }
                    let c := byte(0, mload(add(add(ctx, 0x220), o)))
                    if iszero(lt(p, mload(add(ctx, 0x140)))) { break }
                    s, E := endRun(ctx, s, E, p, prev, c, t)
                    prev := p
                    p := add(p, 1)
                }
                mstore(add(ctx, 0x100), jd)
                // The last run; a truncated last PUSH is zero-padded to its width.
                let dst := add(add(s, E), mload(add(ctx, 0x1c0)))
                let end := mload(add(ctx, 0x140))
                switch gt(p, end)
                case 0 {
                    mcopy(dst, s, sub(end, s))
                    dst := add(dst, sub(end, s))
                }
                default {
                    mcopy(dst, s, sub(prev, s))
                    dst := add(dst, sub(prev, s))
                    mstore(dst, 0)
                    mstore(add(dst, 32), 0)
                    mcopy(dst, prev, sub(end, prev))
                    dst := add(dst, sub(p, prev))
                }
                mstore(add(ctx, 0x180), dst)
            }

            // The pass from the state in ctx, the STOP, then the fixups. Returns 0, or the first fixup
            // (in code order) whose guess was wrong.
            function round(ctx) -> bad {
                let data := mload(ctx)
                body(ctx)
                let dst := mload(add(ctx, 0x180))
                mstore8(dst, 0) // STOP
                let ts := add(sub(dst, data), 1)
                if gt(add(ts, sub(mload(add(ctx, 0x100)), mload(add(ctx, 0xe0)))), 0xffff) { tooLargeError(ctx) }
                mstore(add(ctx, 0x180), ts)
                let src := mload(add(ctx, 0xc0))
                let nwb := mload(add(ctx, 0xa0))
                let low := mload(add(ctx, 0x160))
                for { let f := sub(mload(add(ctx, 0x200)), 8) } iszero(lt(f, low)) { f := sub(f, 8) } {
                    let w := shr(192, mload(f))
                    let a := add(data, shr(48, w))
                    let va := add(src, and(shr(32, w), 0xffff))
                    let q := shr(240, mload(add(nwb, add(va, va))))
                    if iszero(q) {
                        // A 0x5b inside an immediate.
                        bad := f
                        leave
                    }
                    mstore8(a, shr(8, q))
                    mstore8(add(a, 1), q)
                }
            }

            // After a wrong guess: the output before the PUSH of the first wrong fixup stands; the pass
            // goes on from that PUSH with J known (the first round left new(p) in the slots of every
            // JUMPDEST), keeping the table entries and fixups before it.
            function resume(ctx, bad, original) {
                let src := mload(add(ctx, 0xc0))
                let w := shr(192, mload(bad))
                let ps := add(src, and(shr(16, w), 0xffff))
                mstore(add(ctx, 0x440), ps)
                mstore(add(ctx, 0x460), sub(add(mload(ctx), sub(shr(48, w), 1)), add(ps, mload(add(ctx, 0x1c0)))))
                mstore(add(ctx, 0x160), add(bad, 8))
                let jd := mload(add(ctx, 0xe0))
                for {} and(lt(jd, mload(add(ctx, 0x100))), lt(shr(240, mload(jd)), sub(ps, src))) {} { jd := add(jd, 4) }
                mstore(add(ctx, 0x100), jd)
                mstore(add(ctx, 0x120), 0)
                // The copy, without the first round's patches (the original may sit under the table at 0).
                mcopy(0, add(ctx, 0x340), 0x100)
                mcopy(src, add(original, 32), mload(original))
                mcopy(0, mload(add(ctx, 0x480)), 0x100)
            }

            // Scratch above the free memory pointer: the context block, the stub entries, the code and
            // its sentinel padding, the 2-byte slots (zeroed) and the table list (room for 4n bytes);
            // the output follows, written in place.
            let ctx := and(add(mload(0x40), 31), not(31))
            {
                let n := mload(code)
                mcopy(add(ctx, 0x340), 0, 0x100)
                mcopy(add(ctx, 0x220), add(classes, 32), 0x100)
                let ents := add(ctx, 0x4a0)
                mcopy(ents, add(entries, 32), 512)
                let src := add(ents, 0x240)
                mcopy(src, add(code, 32), n)
                let end := add(src, n)
                let pad := mul(0x0101010101010101010101010101010101010101010101010101010101010101, OPCLASS_SENTINEL)
                mstore(end, pad)
                mstore(add(end, 32), pad)
                let nw := and(add(end, 95), not(31))
                calldatacopy(nw, calldatasize(), add(add(n, n), 64))
                let list := add(nw, and(add(add(n, n), 95), not(31)))
                // Table entries grow up from `list`, fixups down from list + 4n + 32: an instruction is at
                // most one of them, and the 32 bytes between keep the table's MSTORE spill off the fixups.
                mstore(add(ctx, 0x200), add(list, add(shl(2, n), 32)))
                out := add(list, and(add(shl(2, n), 95), not(31)))
                mstore(ctx, add(out, 32))
                mstore(add(ctx, 0x1a0), shr(32, frame))
                mstore(add(ctx, 0x20), n)
                mstore(add(ctx, 0x40), and(shr(16, frame), 0xffff))
                mstore(add(ctx, 0x60), and(frame, 0xffff))
                mstore(add(ctx, 0x80), ents)
                mstore(add(ctx, 0xa0), sub(nw, add(src, src)))
                mstore(add(ctx, 0xc0), src)
                mstore(add(ctx, 0xe0), list)
                mstore(add(ctx, 0x1c0), add(shl(16, src), add(out, 32)))
                mstore(add(ctx, 0x140), end)
                mstore(add(ctx, 0x1e0), tooLarge)
                // The first round: from the start, guessing.
                mstore(add(ctx, 0x440), src)
                mstore(add(ctx, 0x460), sub(add(add(out, 32), shr(32, frame)), add(src, mload(add(ctx, 0x1c0))))) // the body starts at B + 1
                mstore(add(ctx, 0x100), list)
                mstore(add(ctx, 0x160), mload(add(ctx, 0x200)))
                mstore(add(ctx, 0x120), 1)
                mstore(add(ctx, 0x480), add(lengths, 32))
            }
            mcopy(0, add(lengths, 32), 0x100) // mload(op) now starts with length(op)
            for {} 1 {} {
                let bad := round(ctx)
                if iszero(bad) { break }
                resume(ctx, bad, code)
            }
            mcopy(0, add(ctx, 0x340), 0x100)
            // Hand tableStart and the table list over in the scratch words.
            mstore(0, mload(add(ctx, 0x180)))
            mstore(0x20, or(shl(128, mload(add(ctx, 0xe0))), mload(add(ctx, 0x100))))
        }
        uint256 tableStart;
        uint256 list;
        assembly ("memory-safe") {
            tableStart := mload(0)
            list := mload(0x20)
        }
        _frame(code, out, tableStart, list);
    }

    /// Writes PUSH2 B JUMP PUSH4 <tableStart><originalStart>, the stub blob and JUMPDEST at B before the
    /// body, the jump table after it and the original code last.
    function _frame(bytes memory code, bytes memory out, uint256 ts, uint256 list) private pure {
        bytes memory blob = StubBlob.BLOB;
        uint256 b = StubBlob.OFFSET + StubBlob.LENGTH;
        assembly ("memory-safe") {
            let data := add(out, 32)
            let from := shr(128, list)
            let size := sub(and(list, 0xffffffffffffffffffffffffffffffff), from)
            let os := add(ts, size)
            mcopy(add(data, ts), from, size)
            let n := mload(code)
            mcopy(add(data, os), add(code, 32), n)
            mstore(data, shl(184, or(or(0x610000566300000000, shl(48, b)), or(shl(16, ts), os))))
            mcopy(add(data, 9), add(blob, 32), mload(blob))
            mstore8(add(data, b), 0x5b)
            let total := add(os, n)
            mstore(out, total)
            mstore(add(data, total), 0)
            mstore(0x40, and(add(add(data, total), 63), not(31)))
        }
    }
}
