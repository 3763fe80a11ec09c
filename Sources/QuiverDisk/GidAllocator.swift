// GidAllocator: hands out vertex or edge gids that are never reused, across restarts too. It
// reserves gids in blocks and persists the end of each block (a meta key) before handing out
// any gid of it, so after a crash counting resumes past everything ever handed out.
import QuiverCore
import Synchronization

final class GidAllocator: Sendable {
    private struct State {
        var next: UInt64
        var reservedEnd: UInt64
    }
    private let state: Mutex<State>
    private let metaKey: [UInt8]
    private let database: RocksDatabase
    static let block: UInt64 = 4096

    /// `next`: the first gid never handed out (the persisted mark, or past the last key).
    init(database: RocksDatabase, metaKey: [UInt8], next: UInt64) {
        self.database = database
        self.metaKey = metaKey
        state = Mutex(State(next: next, reservedEnd: next))
    }

    static func persistedMark(_ database: RocksDatabase, _ key: [UInt8]) throws(QuiverError) -> UInt64 {
        guard let bytes = try database.get(.meta, key), bytes.count == 8 else { return 0 }
        return bytes.withUnsafeBytes { $0.bigEndianUInt64(at: 0) }
    }

    func allocate() throws(QuiverError) -> UInt64 {
        try state.withLock { (state: inout State) throws(QuiverError) -> UInt64 in
            if state.next == state.reservedEnd {
                let end = state.reservedEnd + Self.block
                var value: [UInt8] = []
                value.appendBigEndian(end)
                try database.put(.meta, metaKey, value, sync: true)
                state.reservedEnd = end
            }
            let gid = state.next
            state.next += 1
            return gid
        }
    }

    /// The first gid not handed out yet.
    var nextGid: UInt64 { state.withLock { $0.next } }

    /// Persists exactly the next gid at a clean close (so a reopen does not skip a block).
    func persistAtClose() {
        let next = state.withLock { $0.next }
        var value: [UInt8] = []
        value.appendBigEndian(next)
        try? database.put(.meta, metaKey, value, sync: true)
    }
}
