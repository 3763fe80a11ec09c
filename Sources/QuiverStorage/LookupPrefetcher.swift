// LookupPrefetcher: software prefetching for a stream of upcoming equality lookups of int keys
// in one label+property index. A reader that knows its future lookups (LOAD CSV reads a few
// rows ahead) hints each one in stages a row or two apart, each stage reading only what the
// previous one brought into cache: the index leaf line of the key, then the vertex record of
// the hit, then its adjacency run headers, then the slot an append would write. The cache
// misses of random lookups then overlap with the work on earlier rows instead of stalling it.
// Hints only: nothing here changes what a lookup returns or writes anything, and a stale hint
// (the graph changed in between) costs one wasted prefetch. The index is read under its read
// lock and runs under their vertex's shared lock, as every reader does.
import CPrefetch
import QuiverCore

public final class LookupPrefetcher {
    private let index: LabelPropertyIndex
    private let vertices: RecordTable<VertexRecord>
    /// The adjacency runs of a hit the caller will append to (an edge created from or to it).
    private let outgoing: Bool
    private let incoming: Bool

    /// nil when the transaction has no in-memory index on `label`/`property` (on-disk storage,
    /// no such index).
    public init?(_ transaction: Transaction, label: LabelID, property: PropertyID, outgoing: Bool, incoming: Bool) {
        guard transaction.external == nil,
              let index = transaction.indexes.propertyIndex(label: label.rawValue, property: property.rawValue)
        else { return nil }
        self.index = index
        vertices = transaction.storage.vertices
        self.outgoing = outgoing
        self.incoming = incoming
    }

    /// Whether stages 3 and 4 have anything to do.
    public var touchesRuns: Bool { outgoing || incoming }

    /// Stage 1: starts loading the index leaf line where `key`'s entry sits.
    public func prefetchLeaf(_ key: Int64) { index.prefetchEqual(to: key) }

    /// Stage 2 (the leaf line cached): the gid of `key`'s first entry, nil when there is none;
    /// starts loading that vertex's record.
    public func prefetchRecord(_ key: Int64) -> UInt64? {
        let probe = IndexEntry(payload: UInt64(bitPattern: key), tagAndGid: UInt64(IndexKey.intTag) << 56)
        guard let found = index.nextEqual(to: probe, after: nil), let record = vertices.pointer(found.hit.gid) else {
            return nil
        }
        quiver_prefetch_for_write(record)
        return found.hit.gid
    }

    /// Stage 3 (the record cached): starts loading the headers of the runs an append will grow.
    public func prefetchRuns(_ gid: UInt64) {
        guard touchesRuns, let record = vertices.pointer(gid) else { return }
        _ = RecordWord.lockShared(record.wordPointer)
        if outgoing, let run = record.pointee.outRun { quiver_prefetch_for_write(run) }
        if incoming, let run = record.pointee.inRun { quiver_prefetch_for_write(run) }
        RecordWord.unlockShared(record.wordPointer)
    }

    /// Stage 4 (the run headers cached): starts loading the slot the next append writes.
    public func prefetchAppendSlots(_ gid: UInt64) {
        guard touchesRuns, let record = vertices.pointer(gid) else { return }
        _ = RecordWord.lockShared(record.wordPointer)
        if outgoing, let run = record.pointee.outRun { Self.prefetchSlot(run) }
        if incoming, let run = record.pointee.inRun { Self.prefetchSlot(run) }
        RecordWord.unlockShared(record.wordPointer)
    }

    @inline(__always)
    private static func prefetchSlot(_ run: UnsafeMutableRawPointer) {
        let count = AdjacencyRun.count(run)
        if count < AdjacencyRun.capacity(run) { quiver_prefetch_for_write(AdjacencyRun.entries(run) + count) }
    }
}
