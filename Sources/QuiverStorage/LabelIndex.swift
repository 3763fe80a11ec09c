// LabelIndex: one bit per vertex gid for a label, in 8 KiB chunks (65,536 gids each) mapped on
// first use; the chunk directory is itself a lazily-touched mapping. A set bit means "some
// version of this vertex may carry the label"; readers confirm with hasLabel at their snapshot,
// and GC clears bits no version needs any more. Iteration runs in gid order, never repeats a
// vertex and takes no lock.
import Atomics
import QuiverCore
import Synchronization

final class LabelIndex: @unchecked Sendable {
    let label: UInt32
    private static let chunkShift: UInt64 = 16
    private static let wordsPerChunk = (1 << 16) / 64
    private static let directoryCapacity = 1 << 22
    private let directory: UnsafeMutablePointer<UnsafeAtomic<UInt>.Storage>
    private let growLock = PThreadMutex()
    private let counters: StorageCounters
    let entryCount = Atomic<Int>(0)
    private let chunkCount = Atomic<Int>(0)

    static var chunkBytes: Int { wordsPerChunk * 8 }

    init(label: UInt32, counters: StorageCounters) {
        self.label = label
        self.counters = counters
        directory = mapZeroedMemory(Self.directoryCapacity * 8).bindMemory(to: UnsafeAtomic<UInt>.Storage.self, capacity: Self.directoryCapacity)
    }

    deinit {
        for index in 0..<Self.directoryCapacity {
            let base = UnsafeAtomic<UInt>(at: directory + index).load(ordering: .relaxed)
            if base != 0 { unmapMemory(UnsafeMutableRawPointer(bitPattern: base)!, Self.chunkBytes) }
        }
        unmapMemory(UnsafeMutableRawPointer(directory), Self.directoryCapacity * 8)
        counters.indexBytes.wrappingSubtract(chunkCount.load(ordering: .relaxed) * Self.chunkBytes, ordering: .relaxed)
    }

    var allocatedBytes: Int { chunkCount.load(ordering: .relaxed) * Self.chunkBytes }

    @inline(__always)
    private func word(_ gid: UInt64, create: Bool) -> UnsafeMutablePointer<UnsafeAtomic<UInt64>.Storage>? {
        let chunk = Int(gid >> Self.chunkShift)
        guard chunk < Self.directoryCapacity else { return nil }
        let slot = UnsafeAtomic<UInt>(at: directory + chunk)
        var base = slot.load(ordering: .acquiring)
        if base == 0 {
            guard create else { return nil }
            base = growLock.withLock {
                let current = slot.load(ordering: .relaxed)
                if current != 0 { return current }
                let memory = UInt(bitPattern: mapZeroedMemory(Self.chunkBytes))
                slot.store(memory, ordering: .releasing)
                chunkCount.wrappingAdd(1, ordering: .relaxed)
                counters.indexBytes.wrappingAdd(Self.chunkBytes, ordering: .relaxed)
                return memory
            }
        }
        let words = UnsafeMutablePointer<UnsafeAtomic<UInt64>.Storage>(bitPattern: base)!
        return words + Int((gid & ((1 << Self.chunkShift) - 1)) >> 6)
    }

    func insert(_ gid: UInt64) {
        guard let word = word(gid, create: true) else { return }
        let bit: UInt64 = 1 << (gid & 63)
        let old = UnsafeAtomic<UInt64>(at: word).loadThenBitwiseOr(with: bit, ordering: .relaxed)
        if old & bit == 0 { entryCount.wrappingAdd(1, ordering: .relaxed) }
    }

    func remove(_ gid: UInt64) {
        guard let word = word(gid, create: false) else { return }
        let bit: UInt64 = 1 << (gid & 63)
        let old = UnsafeAtomic<UInt64>(at: word).loadThenBitwiseAnd(with: ~bit, ordering: .relaxed)
        if old & bit != 0 { entryCount.wrappingSubtract(1, ordering: .relaxed) }
    }

    func contains(_ gid: UInt64) -> Bool {
        guard let word = word(gid, create: false) else { return false }
        return UnsafeAtomic<UInt64>(at: word).load(ordering: .relaxed) & (1 << (gid & 63)) != 0
    }

    /// The first gid >= `from` and < `limit` whose bit is set.
    @inline(__always)
    func next(from: UInt64, limit: UInt64) -> UInt64? {
        var gid = from
        while gid < limit {
            let chunk = Int(gid >> Self.chunkShift)
            guard chunk < Self.directoryCapacity else { return nil }
            let base = UnsafeAtomic<UInt>(at: directory + chunk).load(ordering: .acquiring)
            if base == 0 {
                gid = UInt64(chunk + 1) << Self.chunkShift
                continue
            }
            let words = UnsafeMutablePointer<UnsafeAtomic<UInt64>.Storage>(bitPattern: base)!
            var wordIndex = Int((gid & ((1 << Self.chunkShift) - 1)) >> 6)
            var bits = UnsafeAtomic<UInt64>(at: words + wordIndex).load(ordering: .relaxed) & (~0 << (gid & 63))
            while true {
                if bits != 0 {
                    let found = (UInt64(chunk) << Self.chunkShift) | (UInt64(wordIndex) << 6) | UInt64(bits.trailingZeroBitCount)
                    return found < limit ? found : nil
                }
                wordIndex += 1
                if wordIndex == Self.wordsPerChunk { break }
                bits = UnsafeAtomic<UInt64>(at: words + wordIndex).load(ordering: .relaxed)
            }
            gid = UInt64(chunk + 1) << Self.chunkShift
        }
        return nil
    }
}
