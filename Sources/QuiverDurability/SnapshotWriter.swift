// SnapshotWriter: writes a consistent snapshot of a storage from one snapshot-isolation read
// transaction while writers continue: header, name tables, vertices (gid, labels, properties),
// edges (each vertex's out-edges), indexes, constraints, footer with counts and CRC32C. The
// file is written under a temporary name, fsynced, renamed into place and the directory fsynced,
// so a snapshot file either is complete or does not exist under its final name.
import QuiverCore
import QuiverStorage

/// One snapshot file, as SHOW SNAPSHOTS lists it.
public struct SnapshotInfo: Sendable, Equatable {
    public var path: String
    /// The snapshot holds exactly the commits with a timestamp below this.
    public var timestamp: UInt64
    /// Creation time, microseconds since the Unix epoch (UTC).
    public var creationMicroseconds: UInt64
    public var size: UInt64

    /// `creation_time` as SHOW SNAPSHOTS prints it: ISO 8601 UTC with microseconds.
    public var creationTime: String { SnapshotFormat.isoUTC(creationMicroseconds) }
}

enum SnapshotWriter {
    static func write(storage: Storage, io: any FileIO, directory: String) throws(QuiverError) -> SnapshotInfo {
        // Analytical mode: writers wait until the snapshot is read (writes are not versioned).
        let transaction = try storage.beginSnapshotRead()
        defer { transaction.abort() }
        let created = wallClockMicroseconds()
        let limits = storage.gidLimits
        let header = SnapshotHeader(
            startTimestamp: transaction.startTimestamp, creationMicroseconds: created,
            vertexGidLimit: limits.vertex, edgeGidLimit: limits.edge,
            flags: storage.propertiesOnEdges ? SnapshotFormat.flagEdgeProperties : 0)
        let finalName = SnapshotFormat.fileName(creationMicroseconds: created, timestamp: header.startTimestamp)
        let temporary = joinPath(directory, SnapshotFormat.temporaryPrefix + finalName)
        let file = try io.open(temporary, .createNew)
        var closed = false
        defer { if !closed { io.close(file); try? io.unlink(temporary) } }

        var out = BufferedFileWriter(io: io, file: file)
        out.buffer.append(contentsOf: header.encoded())
        writeNames(storage.names, &out.buffer)
        let vertexCount = try writeVertices(transaction, &out)
        let edgeCount = try writeEdges(transaction, withProperties: storage.propertiesOnEdges, &out)
        writeSchema(storage, &out.buffer)
        out.buffer.append(SnapshotSection.footer.rawValue)
        out.buffer.appendU64(UInt64(vertexCount))
        out.buffer.appendU64(UInt64(edgeCount))
        out.buffer.appendU32(SnapshotFormat.endMagic)
        let crc = try out.checksum()
        out.buffer.appendU32(crc)
        try out.flush()
        let size = out.position
        try io.sync(file, dataOnly: false)
        io.close(file)
        closed = true
        let path = joinPath(directory, finalName)
        do throws(QuiverError) {
            try io.rename(temporary, to: path)
            try io.syncDirectory(directory)
        } catch {
            try? io.unlink(temporary)
            throw error
        }
        return SnapshotInfo(path: path, timestamp: header.startTimestamp, creationMicroseconds: created, size: size)
    }

    /// Three tables (labels, edge types, properties): count, then each name in id order.
    private static func writeNames(_ names: NameRegistry, _ bytes: inout [UInt8]) {
        bytes.append(SnapshotSection.names.rawValue)
        for interner in [names.labels, names.edgeTypes, names.properties] {
            let count = interner.count
            bytes.appendVarint(UInt64(count))
            for id in 0..<count { bytes.appendString(interner.name(for: UInt32(id))) }
        }
    }

    /// Per vertex in gid order: gid − previous gid (≥ 1; 0 ends the section), label count,
    /// labels, property run.
    private static func writeVertices(_ transaction: Transaction, _ out: inout BufferedFileWriter) throws(QuiverError) -> Int {
        out.buffer.append(SnapshotSection.vertices.rawValue)
        var cursor = transaction.vertices()
        var previous: UInt64 = .max  // so the first delta is gid + 1
        var count = 0
        while let gid = cursor.next(transaction) {
            let labels = transaction.labels(of: gid) ?? []
            let properties = transaction.properties(of: gid) ?? []
            out.buffer.appendVarint(gid.rawValue &- previous)
            previous = gid.rawValue
            out.buffer.appendVarint(UInt64(labels.count))
            for label in labels { out.buffer.appendVarint(label.rawValue) }
            try out.buffer.appendPropertyRun(properties)
            count += 1
            try out.flushIfFull()
        }
        out.buffer.append(0)
        return count
    }

    /// Per vertex with out-edges: gid − previous source (≥ 1; 0 ends the section), edge count,
    /// then per edge: zigzag(edge gid − previous edge gid), target gid, type, and the property
    /// run when the header's edge-properties flag is set.
    private static func writeEdges(_ transaction: Transaction, withProperties: Bool, _ out: inout BufferedFileWriter) throws(QuiverError) -> Int {
        out.buffer.append(SnapshotSection.edges.rawValue)
        var cursor = transaction.vertices()
        var previous: UInt64 = .max
        var previousEdge: UInt64 = 0
        var entries: [AdjacencyEntry] = []
        var count = 0
        while let gid = cursor.next(transaction) {
            transaction.edges(of: gid, .outgoing, into: &entries)
            if entries.isEmpty { continue }
            out.buffer.appendVarint(gid.rawValue &- previous)
            previous = gid.rawValue
            out.buffer.appendVarint(UInt64(entries.count))
            for entry in entries {
                let delta = Int64(bitPattern: entry.edgeGid &- previousEdge)
                out.buffer.appendVarint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
                previousEdge = entry.edgeGid
                out.buffer.appendVarint(entry.neighbour.rawValue)
                out.buffer.appendVarint(entry.type.rawValue)
                if withProperties { try out.buffer.appendPropertyRun(transaction.edgeProperties(entry.edge) ?? []) }
            }
            count += entries.count
            try out.flushIfFull()
        }
        out.buffer.append(0)
        return count
    }

    /// Indexes (kind, label[, property]) and constraints (schema change encoding).
    private static func writeSchema(_ storage: Storage, _ bytes: inout [UInt8]) {
        bytes.append(SnapshotSection.indexes.rawValue)
        let indexes = storage.indexInfo
        let composites = storage.compositeIndexInfo
        bytes.appendVarint(UInt64(indexes.count + composites.count))
        for index in indexes {
            if let property = index.property {
                bytes.append(SnapshotIndexKind.labelProperty.rawValue)
                bytes.appendVarint(index.label.rawValue)
                bytes.appendVarint(property.rawValue)
            } else {
                bytes.append(SnapshotIndexKind.label.rawValue)
                bytes.appendVarint(index.label.rawValue)
            }
        }
        for index in composites {
            bytes.append(SnapshotIndexKind.composite.rawValue)
            bytes.appendVarint(index.label.rawValue)
            bytes.appendVarint(UInt64(index.properties.count))
            for property in index.properties { bytes.appendVarint(property.rawValue) }
        }
        bytes.append(SnapshotSection.constraints.rawValue)
        let constraints = ConstraintHook.current(storage)
        bytes.appendVarint(UInt64(constraints.count))
        for constraint in constraints { WALRecordEncoding.appendSchemaChange(constraint, to: &bytes) }
    }
}
