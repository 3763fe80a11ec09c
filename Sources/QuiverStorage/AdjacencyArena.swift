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
import Glibc
import Synchronization

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
    /// Independent shards (own mutex, blocks and free lists), picked by thread, so parallel
    /// importers do not serialise on one lock.
    static let shardCount = 8

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

    final class Shard {
        let mutex = PThreadMutex()
        var blocks: [UnsafeMutableRawPointer] = []
        var bump: UnsafeMutableRawPointer? = nil
        var bumpRemaining = 0
        var freeLists: [UnsafeMutableRawPointer?] = Array(repeating: nil, count: AdjacencyArena.classCapacities.count)
        /// Bytes of live runs carved from this shard, and bytes it mapped (guarded by `mutex`).
        var liveBytes = 0
        var mappedBytes = 0
        /// The arena generation this shard carves runs for (set under `mutex` by compaction).
        var generation: UInt32 = 1
    }

    private let shards = (0..<AdjacencyArena.shardCount).map { _ in Shard() }
    private let generationLock = PThreadMutex()
    private var generation: UInt32 = 1
    private var compactionInProgress = false
    /// Dedicated runs are counted here (they bypass the shards).
    private let dedicatedBytes = Atomic<Int>(0)

    init() {}

    deinit {
        for shard in shards { for block in shard.blocks { unmapMemory(block, Self.blockBytes) } }
        // Dedicated runs are owned by vertices; Storage frees them before dropping the arena.
    }

    /// Index of the smallest class holding at least `capacity` entries (closed form).
    @inline(__always)
    static func classIndex(atLeast capacity: Int) -> Int {
        if capacity <= 8 { return max(capacity, 1) - 1 }
        // Classes above 8 are base·(1 + step/4) with base = 8·2^k, step 1...4.
        let exponent = (Int.bitWidth - 1 - (capacity - 1).leadingZeroBitCount)  // floor(log2(capacity - 1))
        let base = 1 << exponent                                                 // base < capacity <= 2·base
        let step = (capacity - base + base / 4 - 1) / (base / 4)                 // ceil((capacity - base) / (base/4))
        return 8 + (exponent - 3) * 4 + step - 1
    }

    /// Index of the largest class whose capacity is at most `capacity`.
    static func classIndex(atMost capacity: Int) -> Int {
        let index = classIndex(atLeast: capacity)
        return classCapacities[index] == capacity ? index : index - 1
    }

    /// Thread handles are stack addresses a fixed stride apart, so low-bit hashing would put
    /// every thread on one shard: take the top bits of a Fibonacci hash instead.
    @inline(__always)
    private func currentShardIndex() -> Int {
        let hashed = UInt64(UInt(pthread_self())) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: hashed >> 61)  // shardCount == 8
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
        if bytes > Self.dedicatedThresholdBytes {
            let run = mapZeroedMemory(bytes)
            dedicatedBytes.wrappingAdd(bytes, ordering: .relaxed)
            writeHeader(run, capacity: capacity, generation: 0, dedicated: true, shard: 0)
            return run
        }
        let shardIndex = currentShardIndex()
        let shard = shards[shardIndex]
        return shard.mutex.withLock {
            let generation = shard.generation
            if let classIndex, let run = shard.freeLists[classIndex] {
                shard.freeLists[classIndex] = run.load(fromByteOffset: AdjacencyRun.headerBytes, as: UnsafeMutableRawPointer?.self)
                let realCapacity = AdjacencyRun.capacity(run)
                shard.liveBytes += AdjacencyRun.bytes(capacity: realCapacity)
                writeHeader(run, capacity: realCapacity, generation: generation, dedicated: false, shard: shardIndex)
                return run
            }
            if shard.bumpRemaining < bytes {
                // The tail of the old block is lost to this generation; at most one small run.
                let block = mapZeroedMemory(Self.blockBytes)
                shard.mappedBytes += Self.blockBytes
                shard.blocks.append(block)
                shard.bump = block
                shard.bumpRemaining = Self.blockBytes
            }
            let run = shard.bump!
            shard.bump = run + bytes
            shard.bumpRemaining -= bytes
            shard.liveBytes += bytes
            writeHeader(run, capacity: capacity, generation: generation, dedicated: false, shard: shardIndex)
            return run
        }
    }

    private func writeHeader(_ run: UnsafeMutableRawPointer, capacity: Int, generation: UInt32, dedicated: Bool, shard: Int) {
        run.storeBytes(of: UInt32(0), as: UInt32.self)
        run.storeBytes(of: UInt32(capacity), toByteOffset: 4, as: UInt32.self)
        run.storeBytes(of: generation, toByteOffset: 8, as: UInt32.self)
        run.storeBytes(of: (dedicated ? 1 : 0) | UInt32(shard) << 8, toByteOffset: 12, as: UInt32.self)
    }

    private static func isDedicated(_ run: UnsafeMutableRawPointer) -> Bool {
        run.load(fromByteOffset: 12, as: UInt32.self) & 1 == 1
    }

    func free(_ run: UnsafeMutableRawPointer) {
        let capacity = AdjacencyRun.capacity(run)
        let bytes = AdjacencyRun.bytes(capacity: capacity)
        if Self.isDedicated(run) {
            unmapMemory(run, bytes)
            dedicatedBytes.wrappingSubtract(bytes, ordering: .relaxed)
            return
        }
        let shard = shards[Int(run.load(fromByteOffset: 12, as: UInt32.self) >> 8)]
        shard.mutex.withLock {
            // Runs of an older generation die with their blocks when compaction finishes
            // (their bytes were moved out of the shard's accounting when it began).
            guard run.load(fromByteOffset: 8, as: UInt32.self) == shard.generation else { return }
            shard.liveBytes -= bytes
            let classIndex = Self.classIndex(atMost: capacity)
            run.storeBytes(of: shard.freeLists[classIndex], toByteOffset: AdjacencyRun.headerBytes, as: UnsafeMutableRawPointer?.self)
            shard.freeLists[classIndex] = run
        }
    }

    /// True when a run should move during compaction (it lives in an old-generation block or
    /// has more slack than compaction would leave).
    func needsMove(_ run: UnsafeMutableRawPointer, currentGeneration: UInt32) -> Bool {
        if Self.isDedicated(run) { return AdjacencyRun.capacity(run) > AdjacencyRun.count(run) }
        return run.load(fromByteOffset: 8, as: UInt32.self) != currentGeneration
    }

    struct CompactionToken {
        var generation: UInt32
        var oldBlocks: [UnsafeMutableRawPointer]
    }

    /// Starts a new generation: later allocations come from fresh blocks. Pass the token to
    /// `finishCompaction` once every live run has been moved.
    func beginCompaction() -> CompactionToken {
        generationLock.withLock {
            precondition(!compactionInProgress, "compactions must not overlap")
            compactionInProgress = true
            generation &+= 1
            var old: [UnsafeMutableRawPointer] = []
            for shard in shards {
                shard.mutex.withLock {
                    old += shard.blocks
                    shard.blocks = []
                    shard.bump = nil
                    shard.bumpRemaining = 0
                    for index in shard.freeLists.indices { shard.freeLists[index] = nil }
                    // Old runs stay mapped until the end; the shard now counts only new ones.
                    shard.mappedBytes = 0
                    shard.liveBytes = 0
                    shard.generation = generation
                }
            }
            retiredBytes = old.count * Self.blockBytes
            return CompactionToken(generation: generation, oldBlocks: old)
        }
    }

    /// Bytes of old-generation blocks still mapped while a compaction runs.
    private var retiredBytes = 0

    func finishCompaction(_ token: CompactionToken) {
        for block in token.oldBlocks { unmapMemory(block, Self.blockBytes) }
        generationLock.withLock {
            retiredBytes = 0
            compactionInProgress = false
        }
    }

    /// Bytes handed out to live runs (headers and all slots).
    var liveBytes: Int {
        shards.reduce(dedicatedBytes.load(ordering: .relaxed)) { total, shard in total + shard.mutex.withLock { shard.liveBytes } }
    }

    /// Bytes mapped from the OS for blocks and dedicated runs.
    var mappedBytes: Int {
        let retired = generationLock.withLock { retiredBytes }
        return shards.reduce(dedicatedBytes.load(ordering: .relaxed) + retired) { total, shard in total + shard.mutex.withLock { shard.mappedBytes } }
    }

    /// Bytes sitting in free lists or unused block tails (what compaction would give back).
    var slackBytes: Int { mappedBytes - liveBytes }
}
