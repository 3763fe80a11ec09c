// EdgeImportState: EDGE IMPORT MODE. While it is active vertices are frozen (every vertex
// write is refused with Memgraph's text), so transactions may share what they learn about
// vertices: label+property index equality lookups are cached here across transactions (vertex
// bytes are in the store's SharedVertexCache, whose generation no edge commit moves). Relationship writes skip endpoint conflict marking and commit as a
// plain write batch without fsync (guarantees: docs/disk-format.md, "Edge import mode").
import QuiverCore
import Synchronization

final class EdgeImportState: Sendable {
    private struct Shared {
        var lookups: [[UInt8]: [UInt64]] = [:]
    }
    private let flag = Atomic<Bool>(false)
    private let shared = Mutex(Shared())
    /// Entries kept before the shared cache starts over (bounds its memory).
    static let cacheEntriesMax = 1 << 20

    static let vertexWriteRefused = QuiverError(
        .storageModeInvalidOperation,
        "Write operations on nodes are forbidden while the edge import mode is active. To disable the edge import mode, run the EDGE IMPORT MODE INACTIVE; query.")

    @inline(__always) var active: Bool { flag.load(ordering: .relaxed) }

    func setActive(_ active: Bool) {
        flag.store(active, ordering: .relaxed)
        shared.withLock { $0 = Shared() }
    }

    func lookup(_ key: [UInt8]) -> [UInt64]? {
        shared.withLock { $0.lookups[key] }
    }

    func rememberLookup(_ key: [UInt8], _ gids: [UInt64]) {
        shared.withLock { state in
            if state.lookups.count >= Self.cacheEntriesMax { state.lookups = [:] }
            state.lookups[key] = gids
        }
    }
}
