// RecordWord: the one atomic 64-bit word at the head of every vertex and edge record. It packs
// the object's reader/writer spin lock, its existence flags and the pointer to its newest undo
// delta, so a record needs no separate lock or flag fields.
//
//   bit 63      exclusive (writer) lock held
//   bits 48..62 number of shared (reader) lock holders
//   bits 3..47  newest Delta pointer (deltas are 8-byte aligned; user space is below 2^48)
//   bit 1       exists: the slot holds an object (cleared when GC frees it or an abort undoes its creation)
//   bit 0       deleted: the object's newest version is deleted (older versions may still be visible)
//
// Invariants: (1) fields of a record other than this word are read only under a shared or
// exclusive lock and written only under the exclusive lock; (2) the delta pointer and flags
// change only under the exclusive lock; (3) locks are held briefly and never across a call back
// into user code, so lock order is simply: vertex locks in gid order, then index locks, then the
// arena mutex.
import Atomics
import Glibc

@usableFromInline typealias AtomicWord = UnsafeAtomic<UInt64>.Storage

@usableFromInline
enum RecordWord {
    @usableFromInline static let writerBit: UInt64 = 1 << 63
    @usableFromInline static let readerOne: UInt64 = 1 << 48
    @usableFromInline static let readerMask: UInt64 = 0x7FFF << 48
    @usableFromInline static let pointerMask: UInt64 = 0x0000_FFFF_FFFF_FFF8
    @usableFromInline static let existsBit: UInt64 = 1 << 1
    @usableFromInline static let deletedBit: UInt64 = 1 << 0
    @usableFromInline static let payloadMask: UInt64 = pointerMask | existsBit | deletedBit

    @inlinable @inline(__always)
    static func atomic(_ word: UnsafeMutablePointer<AtomicWord>) -> UnsafeAtomic<UInt64> {
        UnsafeAtomic<UInt64>(at: word)
    }

    /// The word without lock bits; safe to read without a lock only for the `exists` hint.
    @inlinable @inline(__always)
    static func loadRelaxed(_ word: UnsafeMutablePointer<AtomicWord>) -> UInt64 {
        atomic(word).load(ordering: .relaxed)
    }

    /// Takes the shared lock and returns the word's payload (delta pointer and flags).
    @inlinable @inline(__always)
    static func lockShared(_ word: UnsafeMutablePointer<AtomicWord>) -> UInt64 {
        let a = atomic(word)
        var current = a.load(ordering: .relaxed)
        while true {
            if current & writerBit == 0 && current & readerMask != readerMask {
                let (done, original) = a.weakCompareExchange(
                    expected: current, desired: current &+ readerOne, ordering: .acquiring)
                if done { return current & payloadMask }
                current = original
            } else {
                spinPause()
                current = a.load(ordering: .relaxed)
            }
        }
    }

    @inlinable @inline(__always)
    static func unlockShared(_ word: UnsafeMutablePointer<AtomicWord>) {
        atomic(word).wrappingDecrement(by: readerOne, ordering: .releasing)
    }

    /// Takes the exclusive lock and returns the payload.
    @inlinable @inline(__always)
    static func lockExclusive(_ word: UnsafeMutablePointer<AtomicWord>) -> UInt64 {
        let a = atomic(word)
        var current = a.load(ordering: .relaxed)
        while true {
            if current & (writerBit | readerMask) == 0 {
                let (done, original) = a.weakCompareExchange(
                    expected: current, desired: current | writerBit, ordering: .acquiring)
                if done { return current }
                current = original
            } else {
                spinPause()
                current = a.load(ordering: .relaxed)
            }
        }
    }

    /// Replaces the payload while the exclusive lock stays held.
    @inlinable @inline(__always)
    static func storeLocked(_ word: UnsafeMutablePointer<AtomicWord>, payload: UInt64) {
        atomic(word).store(payload | writerBit, ordering: .relaxed)
    }

    /// Publishes `payload` and releases the exclusive lock.
    @inlinable @inline(__always)
    static func unlockExclusive(_ word: UnsafeMutablePointer<AtomicWord>, payload: UInt64) {
        atomic(word).store(payload & payloadMask, ordering: .releasing)
    }

    @inlinable @inline(__always)
    static func deltaPointer(_ payload: UInt64) -> UnsafeMutablePointer<Delta>? {
        UnsafeMutablePointer<Delta>(bitPattern: UInt(payload & pointerMask))
    }

    @inlinable @inline(__always)
    static func withDelta(_ payload: UInt64, _ delta: UnsafeMutablePointer<Delta>?) -> UInt64 {
        let bits = UInt64(UInt(bitPattern: delta))
        assert(bits & ~pointerMask == 0, "delta pointer outside 48-bit user space or misaligned")
        return (payload & ~pointerMask) | bits
    }

    @usableFromInline static func spinPause() {
        // Lock holders never block, so a yield after a short spin is enough.
        sched_yield()
    }
}
