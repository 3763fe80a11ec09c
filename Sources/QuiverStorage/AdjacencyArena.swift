// AdjacencyArena: memory for per-vertex adjacency runs, carved from 4 MiB mapped blocks in size
// classes (four per doubling, so growth wastes at most 25%) with a free list per class. Runs
// larger than a quarter block get a mapping of their own. Compaction moves every live run into
// exactly-sized space of a new generation and unmaps the old blocks, which returns all
// fragmentation to the OS; the arena never calls malloc per run.
//
// Run layout (16-byte header, then `capacity` AdjacencyEntry slots):
//   0  UInt32 count        entries in use
//   4  UInt32 capacity     entry slots
//   8  UInt32 generation   arena generation the run was carved in
//  12  UInt32 dedicated    1 when the run has its own mapping
//  16  entries...          (a free run keeps its free-list link in the first slot)
//
// Callers hold the owning vertex's exclusive lock for every mutation of a run and at least its
// shared lock to read one; the arena's own mutex only guards its blocks and free lists.
import Atomics
import Glibc

@usableFromInline
enum AdjacencyRun {
    @usableFromInline static let headerBytes = 16

    @inlinable @inline(__always)
    static func count(_ run: UnsafeMutableRawPointer) -> Int {
        Int(run.load(as: UInt32.self))
    }

    @inlinable @inline(__always)
    static func setCount(_ run: UnsafeMutableRawPointer, _ count: Int) {
        run.storeBytes(of: UInt32(count), as: UInt32.self)
    }

    @inlinable @inline(__always)
    static func capacity(_ run: UnsafeMutableRawPointer) -> Int {
        Int(run.load(fromByteOffset: 4, as: UInt32.self))
    }

    @inlinable @inline(__always)
    static func entries(_ run: UnsafeMutableRawPointer) -> UnsafeMutablePointer<AdjacencyEntry> {
        (run + headerBytes).assumingMemoryBound(to: AdjacencyEntry.self)
    }

    static func bytes(capacity: Int) -> Int { headerBytes + capacity * MemoryLayout<AdjacencyEntry>.stride }
}

final class AdjacencyArena: @unchecked Sendable {
    static let blockBytes = 4 << 20
    static let dedicatedThresholdBytes = blockBytes / 4

    /// Entry capacities of the size classes: 1...8, then four steps per doubling.
    static let classCapacities: [Int] = {
        var capacities = Array(1...8)
        var base = 8
        while base < (1 << 28) {
            for step in 1...4 { capacities.append(base + step * base / 4) }
            base *= 2
        }
        return capacities
    }()

    private let mutex = PThreadMutex()
    private var generation: UInt32 = 1
    private var blocks: [UnsafeMutableRawPointer] = []
    private var bump: UnsafeMutableRawPointer? = nil
    private var bumpRemaining = 0
    private var freeLists: [UnsafeMutableRawPointer?]
    private var compactionInProgress = false

    /// Bytes handed out to live runs (headers and all slots).
    let liveBytes = ManagedAtomic<Int>(0)
    /// Bytes mapped from the OS for blocks and dedicated runs.
    let mappedBytes = ManagedAtomic<Int>(0)

    init() {
        freeLists = Array(repeating: nil, count: Self.classCapacities.count)
    }

    deinit {
        for block in blocks { unmapMemory(block, Self.blockBytes) }
        // Dedicated runs are owned by vertices; Storage frees them before dropping the arena.
    }

    /// Index of the smallest class holding at least `capacity` entries.
    static func classIndex(atLeast capacity: Int) -> Int {
        var low = 0, high = classCapacities.count - 1
        while low < high {
            let middle = (low + high) / 2
            if classCapacities[middle] >= capacity { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Index of the largest class whose capacity is at most `capacity`.
    static func classIndex(atMost capacity: Int) -> Int {
        let index = classIndex(atLeast: capacity)
        return classCapacities[index] == capacity ? index : index - 1
    }

    /// A run with room for at least `capacity` entries and count 0.
    func allocate(atLeast capacity: Int) -> UnsafeMutableRawPointer {
        let classIndex = Self.classIndex(atLeast: max(1, capacity))
        return allocate(capacity: Self.classCapacities[classIndex], classIndex: classIndex)
    }

    /// A run with room for exactly `capacity` entries (compaction), count 0.
    func allocate(exactly capacity: Int) -> UnsafeMutableRawPointer {
        allocate(capacity: max(1, capacity), classIndex: nil)
    }

    private func allocate(capacity: Int, classIndex: Int?) -> UnsafeMutableRawPointer {
        let bytes = AdjacencyRun.bytes(capacity: capacity)
        liveBytes.wrappingIncrement(by: bytes, ordering: .relaxed)
        if bytes > Self.dedicatedThresholdBytes {
            let run = mapZeroedMemory(bytes)
            mappedBytes.wrappingIncrement(by: bytes, ordering: .relaxed)
            writeHeader(run, capacity: capacity, generation: 0, dedicated: true)
            return run
        }
        return mutex.withLock {
            if let classIndex, let run = freeLists[classIndex] {
                freeLists[classIndex] = run.load(fromByteOffset: AdjacencyRun.headerBytes, as: UnsafeMutableRawPointer?.self)
                let realCapacity = AdjacencyRun.capacity(run)
                liveBytes.wrappingIncrement(by: AdjacencyRun.bytes(capacity: realCapacity) - bytes, ordering: .relaxed)
                writeHeader(run, capacity: realCapacity, generation: generation, dedicated: false)
                return run
            }
            if bumpRemaining < bytes {
                // The tail of the old block is lost to this generation; at most one small run.
                let block = mapZeroedMemory(Self.blockBytes)
                mappedBytes.wrappingIncrement(by: Self.blockBytes, ordering: .relaxed)
                blocks.append(block)
                bump = block
                bumpRemaining = Self.blockBytes
            }
            let run = bump!
            bump = run + bytes
            bumpRemaining -= bytes
            writeHeader(run, capacity: capacity, generation: generation, dedicated: false)
            return run
        }
    }

    private func writeHeader(_ run: UnsafeMutableRawPointer, capacity: Int, generation: UInt32, dedicated: Bool) {
        run.storeBytes(of: UInt32(0), as: UInt32.self)
        run.storeBytes(of: UInt32(capacity), toByteOffset: 4, as: UInt32.self)
        run.storeBytes(of: generation, toByteOffset: 8, as: UInt32.self)
        run.storeBytes(of: dedicated ? 1 : 0, toByteOffset: 12, as: UInt32.self)
    }

    func free(_ run: UnsafeMutableRawPointer) {
        let capacity = AdjacencyRun.capacity(run)
        let bytes = AdjacencyRun.bytes(capacity: capacity)
        liveBytes.wrappingDecrement(by: bytes, ordering: .relaxed)
        if run.load(fromByteOffset: 12, as: UInt32.self) == 1 {
            unmapMemory(run, bytes)
            mappedBytes.wrappingDecrement(by: bytes, ordering: .relaxed)
            return
        }
        mutex.withLock {
            // Runs of an older generation die with their blocks when compaction finishes.
            guard run.load(fromByteOffset: 8, as: UInt32.self) == generation else { return }
            let classIndex = Self.classIndex(atMost: capacity)
            run.storeBytes(of: freeLists[classIndex], toByteOffset: AdjacencyRun.headerBytes, as: UnsafeMutableRawPointer?.self)
            freeLists[classIndex] = run
        }
    }

    /// True when a run should move during compaction (it lives in an old-generation block or
    /// has more slack than compaction would leave).
    func needsMove(_ run: UnsafeMutableRawPointer, currentGeneration: UInt32) -> Bool {
        let dedicated = run.load(fromByteOffset: 12, as: UInt32.self) == 1
        if dedicated { return AdjacencyRun.capacity(run) > AdjacencyRun.count(run) }
        return run.load(fromByteOffset: 8, as: UInt32.self) != currentGeneration
    }

    /// Starts a new generation: later allocations come from fresh blocks. Returns the token
    /// to pass to `finishCompaction` once every live run has been moved.
    func beginCompaction() -> (generation: UInt32, oldBlocks: [UnsafeMutableRawPointer]) {
        mutex.withLock {
            precondition(!compactionInProgress, "compactions must not overlap")
            compactionInProgress = true
            let old = blocks
            blocks = []
            bump = nil
            bumpRemaining = 0
            for index in freeLists.indices { freeLists[index] = nil }
            generation &+= 1
            return (generation, old)
        }
    }

    func finishCompaction(_ oldBlocks: [UnsafeMutableRawPointer]) {
        for block in oldBlocks { unmapMemory(block, Self.blockBytes) }
        mappedBytes.wrappingDecrement(by: oldBlocks.count * Self.blockBytes, ordering: .relaxed)
        mutex.withLock { compactionInProgress = false }
    }

    /// Bytes sitting in free lists or unused block tails (what compaction would give back).
    var slackBytes: Int {
        mappedBytes.load(ordering: .relaxed) - liveBytes.load(ordering: .relaxed)
    }
}
