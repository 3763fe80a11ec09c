// SharedVertexCache: committed vertex bytes shared by every transaction of a store, so a
// point read or an expansion's neighbours cost a locked array probe instead of a RocksDB get.
// Validity is by generation: every commit that writes vertex records bumps the generation
// when it starts and again when it ends (and counts itself as in flight in between). A
// transaction reads the generation before and after its snapshot is taken; when no vertex
// commit was in flight and the generation did not move, every snapshot taken under that
// generation sees the same vertex records, so entries stamped with it are exact for this
// transaction. Otherwise the transaction bypasses the cache. Direct-mapped by gid, growing
// (and starting over) while collisions evict much, up to `maximumSlots`. A miss reads ahead:
// the records following the missed gid come from the same data block for almost nothing, so
// a random-access workload warms the cache in a few thousand misses instead of one per vertex.
import Synchronization

final class SharedVertexCache: Sendable {
    private struct Clock {
        var generation: UInt64 = 1
        var committing = 0
    }

    private struct Slots {
        var gids: [UInt64] = []
        var generations: [UInt64] = []
        var bytes: [[UInt8]?] = []
        var evictions = 0
    }

    private let clock = Mutex(Clock())
    private let slots = Mutex(Slots())
    static let initialSlots = 1 << 12
    static let maximumSlots = 1 << 20

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

    /// The cached bytes of `gid` for `generation`: nil when unknown, .some(nil) when absent.
    @inline(__always)
    func lookup(_ gid: UInt64, _ generation: UInt64) -> [UInt8]?? {
        slots.withLock { state -> [UInt8]?? in
            let count = state.gids.count
            if count == 0 { return nil }
            let slot = Int(truncatingIfNeeded: gid) & (count - 1)
            guard state.gids[slot] == gid, state.generations[slot] == generation else { return nil }
            return .some(state.bytes[slot])
        }
    }

    func remember(_ gid: UInt64, _ generation: UInt64, _ bytes: [UInt8]?) {
        slots.withLock { state in Self.put(&state, gid, generation, bytes) }
    }

    /// Remembers several records read together (one lock).
    func remember(_ records: [(UInt64, [UInt8])], _ generation: UInt64) {
        slots.withLock { state in
            for (gid, bytes) in records { Self.put(&state, gid, generation, bytes) }
        }
    }

    private static func put(_ state: inout Slots, _ gid: UInt64, _ generation: UInt64, _ bytes: [UInt8]?) {
        var count = state.gids.count
        if count == 0 || (state.evictions > count && count < Self.maximumSlots) {
            count = count == 0 ? Self.initialSlots : count * 2
            state.gids = Array(repeating: .max, count: count)
            state.generations = Array(repeating: 0, count: count)
            state.bytes = Array(repeating: nil, count: count)
            state.evictions = 0
        }
        let slot = Int(truncatingIfNeeded: gid) & (count - 1)
        if state.gids[slot] != gid && state.gids[slot] != .max { state.evictions += 1 }
        state.gids[slot] = gid
        state.generations[slot] = generation
        state.bytes[slot] = bytes
    }
}
