// RecordTable: records addressed by gid in 64 Ki-record chunks mapped from the OS on first use.
// The chunk directory is one lazily-touched mapping, so a lookup is two loads and a shift, with
// no lock and no per-object allocation. Gids are never reused; a freed slot stays a tombstone.
import Atomics
import Glibc
import Synchronization
import QuiverCore

/// Geometry shared by every record table (kept off the generic class: statics of a generic
/// class cost a runtime metadata lookup per access).
@usableFromInline
enum RecordTableLayout {
    @usableFromInline static let chunkShift: UInt64 = 16
    @usableFromInline static let chunkRecords = 1 << 16
    /// 2^22 chunks of 2^16 records: 2^38 gids per table.
    @usableFromInline static let directoryCapacity = 1 << 22
}

@usableFromInline
final class RecordTable<Record>: @unchecked Sendable {
    private typealias Layout = RecordTableLayout

    /// Directory of chunk base addresses (0 = not mapped), read without locks.
    @usableFromInline let directory: UnsafeMutablePointer<UnsafeAtomic<UInt>.Storage>
    private let growLock = PThreadMutex()
    private let chunkBytes: Int
    private let mappedChunks = Atomic<Int>(0)
    /// The next gid to hand out.
    let nextGid = Atomic<UInt64>(0)

    init() {
        chunkBytes = Layout.chunkRecords * MemoryLayout<Record>.stride
        let bytes = Layout.directoryCapacity * MemoryLayout<UInt>.stride
        directory = mapZeroedMemory(bytes).bindMemory(to: UnsafeAtomic<UInt>.Storage.self, capacity: Layout.directoryCapacity)
    }

    deinit {
        let chunks = min(Layout.directoryCapacity, Int(nextGid.load(ordering: .relaxed) >> Layout.chunkShift) + 1)
        for index in 0..<chunks {
            let base = UnsafeAtomic<UInt>(at: directory + index).load(ordering: .relaxed)
            if base != 0 { unmapMemory(UnsafeMutableRawPointer(bitPattern: base)!, chunkBytes) }
        }
        unmapMemory(UnsafeMutableRawPointer(directory), Layout.directoryCapacity * MemoryLayout<UInt>.stride)
    }

    /// Bytes of chunk memory mapped for records.
    var mappedBytes: Int { mappedChunks.load(ordering: .relaxed) * chunkBytes }

    /// The gid bound: every gid ever handed out is below it.
    var gidLimit: UInt64 { nextGid.load(ordering: .acquiring) }

    /// Hands out a fresh gid and makes sure its chunk is mapped (zeroed: `exists` clear).
    func allocateGid() throws(QuiverError) -> UInt64 {
        try allocateGids(1)
    }

    /// Hands out `count` consecutive fresh gids (returns the first) with their chunks mapped.
    func allocateGids(_ count: UInt64) throws(QuiverError) -> UInt64 {
        let first = nextGid.wrappingAdd(count, ordering: .relaxed).oldValue
        var chunk = Int(first >> Layout.chunkShift)
        let lastChunk = Int((first + count - 1) >> Layout.chunkShift)
        guard lastChunk < Layout.directoryCapacity else { throw QuiverError(.limitExceeded, "The gid space of this database is exhausted.") }
        while chunk <= lastChunk {
            mapChunk(chunk)
            chunk += 1
        }
        return first
    }

    /// Makes `gid` addressable (recovery places objects at their old gids) and raises the
    /// next gid above it.
    func claim(_ gid: UInt64) throws(QuiverError) {
        let chunk = Int(truncatingIfNeeded: gid >> Layout.chunkShift)
        guard chunk < Layout.directoryCapacity else { throw QuiverError(.limitExceeded, "The gid space of this database is exhausted.") }
        mapChunk(chunk)
        raiseNextGid(to: gid + 1)
    }

    /// Raises the next gid to at least `limit`.
    func raiseNextGid(to limit: UInt64) {
        nextGid.raise(toAtLeast: limit)
    }

    private func mapChunk(_ chunk: Int) {
        if UnsafeAtomic<UInt>(at: directory + chunk).load(ordering: .acquiring) == 0 {
            growLock.withLock {
                let slot = UnsafeAtomic<UInt>(at: directory + chunk)
                if slot.load(ordering: .relaxed) == 0 {
                    let memory = mapZeroedMemory(chunkBytes)
                    slot.store(UInt(bitPattern: memory), ordering: .releasing)
                    mappedChunks.wrappingAdd(1, ordering: .relaxed)
                }
            }
        }
    }

    /// The record slot for `gid`, or nil when the gid was never handed out.
    @inlinable @inline(__always)
    func pointer(_ gid: UInt64) -> UnsafeMutablePointer<Record>? {
        let chunk = Int(truncatingIfNeeded: gid >> RecordTableLayout.chunkShift)
        guard chunk < RecordTableLayout.directoryCapacity else { return nil }
        let base = UnsafeAtomic<UInt>(at: directory + chunk).load(ordering: .acquiring)
        guard base != 0 else { return nil }
        let records = UnsafeMutablePointer<Record>(bitPattern: base)!
        return records + Int(truncatingIfNeeded: gid & UInt64(RecordTableLayout.chunkRecords - 1))
    }
}

extension Atomic where Value == UInt64 {
    /// Raises the value to at least `limit` (a counter that only grows, raised concurrently).
    func raise(toAtLeast limit: UInt64) {
        var current = load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = compareExchange(expected: current, desired: limit, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}

func mapZeroedMemory(_ bytes: Int) -> UnsafeMutableRawPointer {
    let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let memory, memory != MAP_FAILED else {
        fatalError("out of address space mapping \(bytes) bytes")
    }
    return memory
}

func unmapMemory(_ memory: UnsafeMutableRawPointer, _ bytes: Int) {
    munmap(memory, bytes)
}

/// A pthread mutex in a class (stable address), for short critical sections off the hot path.
final class PThreadMutex: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always)
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
