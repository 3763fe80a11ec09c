// EdgeImportState: EDGE IMPORT MODE. While it is active vertices are frozen (every vertex
// write is refused with Memgraph's text), so transactions may share what they learn about
// vertices: label+property index equality lookups are cached here across transactions, within a
// byte budget (vertex bytes are in the store's SharedVertexCache, whose generation no edge
// commit moves). Relationship writes skip endpoint conflict marking and commit as a plain
// write batch without fsync (guarantees: docs/disk-format.md, "Edge import mode").
import QuiverCore
import Synchronization

final class EdgeImportState: Sendable {
    /// An index lookup key of up to 24 bytes, inline (the usual int or short string key).
    private struct ShortKey: Hashable {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count: UInt8 = 0

        init?(_ bytes: [UInt8]) {
            guard bytes.count <= 24 else { return nil }
            count = UInt8(bytes.count)
            withUnsafeMutableBytes(of: &words) { raw in raw.copyBytes(from: bytes) }
        }

        static func == (a: ShortKey, b: ShortKey) -> Bool {
            a.count == b.count && a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(count)
        }
    }

    private struct Shared {
        /// Short keys with zero or one match (`noMatch` for none): 40 bytes an entry.
        var single: [ShortKey: UInt64] = [:]
        /// Everything else (long keys, several matches).
        var other: [[UInt8]: [UInt64]] = [:]
        var otherBytes = 0

        var bytes: Int { single.capacity * Self.singleEntryBytes + otherBytes }
        static let singleEntryBytes = 48
    }
    private static let noMatch = UInt64.max

    private let flag = Atomic<Bool>(false)
    private let shared = Mutex(Shared())
    /// Bytes the lookups may take before the cache starts over (DiskMemoryBudget).
    let budgetBytes: Int
    private let usedBytes = Atomic<Int>(0)

    init(budgetBytes: Int) {
        self.budgetBytes = budgetBytes
    }

    static let vertexWriteRefused = QuiverError(
        .storageModeInvalidOperation,
        "Write operations on nodes are forbidden while the edge import mode is active. To disable the edge import mode, run the EDGE IMPORT MODE INACTIVE; query.")

    @inline(__always) var active: Bool { flag.load(ordering: .relaxed) }

    /// Bytes the lookup cache holds (memory accounting).
    var memoryBytes: Int { usedBytes.load(ordering: .relaxed) }

    func setActive(_ active: Bool) {
        flag.store(active, ordering: .relaxed)
        shared.withLock { $0 = Shared() }
        usedBytes.store(0, ordering: .relaxed)
    }

    /// The cached matches of `key` into `gids` (replacing its contents); false when unknown.
    func lookup(_ key: [UInt8], into gids: inout [UInt64]) -> Bool {
        if let short = ShortKey(key) {
            guard let gid = shared.withLock({ $0.single[short] }) else { return false }
            gids.removeAll(keepingCapacity: true)
            if gid != Self.noMatch { gids.append(gid) }
            return true
        }
        guard let known = shared.withLock({ $0.other[key] }) else { return false }
        gids.removeAll(keepingCapacity: true)
        gids.append(contentsOf: known)
        return true
    }

    func rememberLookup(_ key: [UInt8], _ gids: [UInt64]) {
        let short = gids.count <= 1 ? ShortKey(key) : nil
        let used = shared.withLock { state -> Int in
            if state.bytes >= budgetBytes { state = Shared() }
            if let short {
                state.single[short] = gids.first ?? Self.noMatch
            } else {
                // Exact-size copies: the caller's buffers are reused (and may be larger).
                state.other[key.withUnsafeBufferPointer { Array($0) }] = gids.withUnsafeBufferPointer { Array($0) }
                state.otherBytes += 96 + key.count + gids.count * 8
            }
            return state.bytes
        }
        usedBytes.store(used, ordering: .relaxed)
    }
}
