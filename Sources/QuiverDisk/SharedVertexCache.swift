// SharedVertexCache: committed vertex records shared by every transaction of a store, so a
// point read or an expansion's neighbours cost a probe of one 64-byte slot instead of a
// RocksDB get.
//
// Validity is by generation: every commit that writes vertex records bumps the generation
// when it starts and again when it ends (and counts itself as in flight in between). A
// transaction reads the generation before and after its snapshot is taken; when no vertex
// commit was in flight and the generation did not move, every snapshot taken under that
// generation sees the same vertex records, so entries stamped with it are exact for this
// transaction. Otherwise the transaction bypasses the cache. (A write-heavy workload thus
// mostly bypasses it; read-mostly ones and edge imports, which never write vertices, keep it.)
//
// Layout: one anonymous mapping of `slotCount` slots, direct-mapped by gid (slotCount is the
// largest power of two whose slots fit the budget; pages become resident as slots are first
// written, and only those are reported as memory):
//
//   | offset | size | field                                                   |
//   |--------|------|---------------------------------------------------------|
//   | 0      | 8    | gid                                                     |
//   | 8      | 8    | generation (0: empty slot; generations start at 1)      |
//   | 16     | 2    | record length, or 0xFFFF: the vertex is absent          |
//   | 18     | 46   | the record's bytes (longer records are not cached)      |
//
// A reader-writer lock guards the slots: probes share it, fills take it alone.
import Glibc
import QuiverStorage
import Synchronization

final class SharedVertexCache: @unchecked Sendable {
    private struct Clock {
        var generation: UInt64 = 1
        var committing = 0
    }

    static let slotBytes = 64
    static let headerBytes = 18
    static let inlineCapacity = slotBytes - headerBytes
    static let absentLength = UInt16.max
    static let pageBytes = 4096

    private let clock = Mutex(Clock())
    private let lock = ReaderWriterLock()
    private let slots: UnsafeMutableRawPointer
    private let mask: Int
    private let mappedBytes: Int
    /// One flag per page of `slots`: written at least once (resident).
    private let touched: UnsafeMutablePointer<Bool>
    private let touchedPages = Atomic<Int>(0)

    init(budgetBytes: Int) {
        var count = 1 << 10
        while count * 2 * Self.slotBytes <= budgetBytes { count *= 2 }
        mask = count - 1
        mappedBytes = count * Self.slotBytes
        let mapped = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { fatalError("SharedVertexCache: mmap of \(mappedBytes) bytes failed") }
        slots = mapped
        let pages = mappedBytes / Self.pageBytes
        touched = .allocate(capacity: pages)
        touched.initialize(repeating: false, count: pages)
    }

    deinit {
        munmap(slots, mappedBytes)
        touched.deallocate()
    }

    var slotCount: Int { mask + 1 }

    /// Resident bytes (pages written so far).
    var residentBytes: Int { touchedPages.load(ordering: .relaxed) * Self.pageBytes }

    // MARK: Generations

    /// The generation before a snapshot is taken (nil while a vertex commit is in flight).
    func generationBeforeSnapshot() -> UInt64? {
        clock.withLock { $0.committing == 0 ? $0.generation : nil }
    }

    /// The generation a transaction may use: `before` if it did not move since.
    func stableGeneration(_ before: UInt64?) -> UInt64? {
        guard let before else { return nil }
        return clock.withLock { $0.generation } == before ? before : nil
    }

    /// A commit writing vertex records is about to make them visible.
    func commitStarting() {
        clock.withLock { state in
            state.generation &+= 1
            state.committing += 1
        }
    }

    /// That commit returned (applied or not).
    func commitEnded() {
        clock.withLock { state in
            state.generation &+= 1
            state.committing -= 1
        }
    }

    // MARK: Slots

    @inline(__always)
    private func slot(_ gid: UInt64) -> UnsafeMutableRawPointer {
        slots + (Int(truncatingIfNeeded: gid) & mask) * Self.slotBytes
    }

    /// Calls `body` with the cached record of `gid` for `generation` (nil bytes: the vertex is
    /// absent); returns nil without calling it when the cache does not know. `body` runs under
    /// the shared lock: it must not use this cache.
    @inline(__always)
    func withBytes<T>(_ gid: UInt64, _ generation: UInt64, _ body: (UnsafeRawBufferPointer?) -> T) -> T? {
        lock.withReadLock {
            let slot = slot(gid)
            // A page never written is not read either: reading it would map the zero page,
            // and the first write would then be a copy-on-write fault with a TLB flush.
            guard touched[(slot - slots) / Self.pageBytes],
                  slot.load(as: UInt64.self) == gid, slot.load(fromByteOffset: 8, as: UInt64.self) == generation else { return nil }
            let length = slot.load(fromByteOffset: 16, as: UInt16.self)
            if length == Self.absentLength { return body(nil) }
            return body(UnsafeRawBufferPointer(start: slot + Self.headerBytes, count: Int(length)))
        }
    }

    /// Remembers the record of `gid` (nil: absent) for `generation`; records longer than a
    /// slot holds are skipped.
    func remember(_ gid: UInt64, _ generation: UInt64, _ bytes: UnsafeRawBufferPointer?) {
        if let bytes, bytes.count > Self.inlineCapacity { return }
        lock.withWriteLock {
            let slot = slot(gid)
            slot.storeBytes(of: gid, as: UInt64.self)
            slot.storeBytes(of: generation, toByteOffset: 8, as: UInt64.self)
            if let bytes {
                slot.storeBytes(of: UInt16(bytes.count), toByteOffset: 16, as: UInt16.self)
                if let base = bytes.baseAddress { (slot + Self.headerBytes).copyMemory(from: base, byteCount: bytes.count) }
            } else {
                slot.storeBytes(of: Self.absentLength, toByteOffset: 16, as: UInt16.self)
            }
            let page = (slot - slots) / Self.pageBytes
            if !touched[page] {
                touched[page] = true
                touchedPages.add(1, ordering: .relaxed)
            }
        }
    }
}
