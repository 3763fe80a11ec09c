// ImportEdgeWriter: the commit of relationships created in edge import mode. They go into the
// plain write batch sorted per column family (edge records by gid, out entries by source and
// gid, in entries by target and gid), so RocksDB's memtable inserts each key next to the one
// before it (its skiplist reuses the last insert position) instead of searching from the top
// for keys in random order — the difference between a few hundred nanoseconds per key and
// several microseconds once a chunk's keys fill the memtable. Keys and values are built in
// reused buffers (no allocation per key).
import QuiverCore
import QuiverStorage

/// A relationship created in edge import mode, as the transaction keeps it until commit
/// (32 bytes; its properties, if any, in a side table). `type == promoted` marks one that
/// later moved to the transaction's EdgeOverlay table (it was read back or changed).
struct ImportedEdge {
    var gid: UInt64
    var from: UInt64
    var to: UInt64
    var type: UInt32
    var command: UInt32

    static let promoted = UInt32.max
}

struct ImportEdgeWriter {
    /// Writes `imported` (in gid order) and the created edges of `overlays` into `batch`;
    /// returns the overlays that are not plain creations (changes of committed edges), which
    /// take the ordinary path. Reorders `imported`.
    static func write(_ imported: inout [ImportedEdge], properties: [UInt64: [(PropertyID, Value)]],
                      overlays: [UInt64: EdgeOverlay], database: RocksDatabase, batch: WriteBatch)
        throws(QuiverError) -> [(UInt64, EdgeOverlay)] {
        var withProperties = properties
        var others: [(UInt64, EdgeOverlay)] = []
        var entries: [ImportedEdge] = []
        swap(&entries, &imported)
        entries.removeAll { $0.type == ImportedEdge.promoted }
        var sorted = true
        for (gid, overlay) in overlays {
            guard overlay.committed == nil else {
                others.append((gid, overlay))
                continue
            }
            let image = overlay.current
            guard image.exists else { continue }
            entries.append(ImportedEdge(gid: gid, from: image.from, to: image.to, type: image.type, command: 0))
            sorted = false
            withProperties[gid] = image.properties.isEmpty ? nil : image.properties
        }
        if !sorted { entries.sort { $0.gid < $1.gid } }
        let edges = database.handle(.edges)
        var key: [UInt8] = [], value: [UInt8] = []
        key.reserveCapacity(16)
        value.reserveCapacity(64)
        for entry in entries {
            key.removeAll(keepingCapacity: true)
            key.appendBigEndian(entry.gid)
            value.removeAll(keepingCapacity: true)
            value.appendBigEndian(entry.from)
            value.appendBigEndian(entry.to)
            value.appendBigEndian(entry.type)
            if let properties = withProperties[entry.gid] { value.append(contentsOf: try PropertyCodec.encodedBytes(properties)) }
            put(batch, edges, key, value)
        }
        entries.sort { ($0.from, $0.gid) < ($1.from, $1.gid) }
        writeAdjacency(entries, outgoing: true, database: database, batch: batch, key: &key, value: &value)
        entries.sort { ($0.to, $0.gid) < ($1.to, $1.gid) }
        writeAdjacency(entries, outgoing: false, database: database, batch: batch, key: &key, value: &value)
        swap(&entries, &imported)
        return others
    }

    private static func writeAdjacency(_ entries: [ImportedEdge], outgoing: Bool, database: RocksDatabase, batch: WriteBatch,
                                       key: inout [UInt8], value: inout [UInt8]) {
        let family = database.handle(outgoing ? .outEdges : .inEdges)
        for entry in entries {
            key.removeAll(keepingCapacity: true)
            key.appendBigEndian(outgoing ? entry.from : entry.to)
            key.appendBigEndian(entry.gid)
            value.removeAll(keepingCapacity: true)
            value.appendBigEndian(entry.type)
            value.appendBigEndian(outgoing ? entry.to : entry.from)
            put(batch, family, key, value)
        }
    }

    @inline(__always)
    private static func put(_ batch: WriteBatch, _ family: OpaquePointer, _ key: [UInt8], _ value: [UInt8]) {
        key.withUnsafeBytes { k in value.withUnsafeBytes { v in batch.putRaw(family, k, v) } }
    }
}
