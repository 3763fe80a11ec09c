// SnapshotReader: reads snapshot files. `header` reads just the header (for listings);
// `verify` streams the whole file once to check the footer and the CRC32C before anything is
// loaded (so an invalid snapshot can be skipped for an older one); `load` parses the sections
// through a BufferedFileReader into a recovery transaction and the SchemaPlan.
import QuiverCore
import QuiverStorage

struct SnapshotCounts {
    var header: SnapshotHeader
    var vertices: UInt64
    var edges: UInt64
}

enum SnapshotReader {
    /// The header of the snapshot at `path`, or nil when it is not a readable snapshot.
    static func header(io: any FileIO, path: String) -> SnapshotHeader? {
        guard let file = try? io.open(path, .read) else { return nil }
        defer { io.close(file) }
        var bytes = [UInt8](repeating: 0, count: SnapshotFormat.headerSize)
        let count = (try? bytes.withMutableBytes { (raw) throws(QuiverError) in try io.read(file, into: raw, at: 0) }) ?? 0
        guard count == SnapshotFormat.headerSize else { return nil }
        return bytes.withUnsafeBytes { SnapshotHeader.decode($0) }
    }

    /// Checks header, footer and checksum of the whole file.
    static func verify(io: any FileIO, path: String) throws(QuiverError) -> SnapshotCounts {
        let file = try io.open(path, .read)
        defer { io.close(file) }
        let size = try io.size(file)
        func invalid(_ why: String) -> QuiverError { QuiverError(.internalError, "Snapshot file \(path) is invalid: \(why).") }
        guard size >= UInt64(SnapshotFormat.headerSize + SnapshotFormat.footerSize) else { throw invalid("too short") }
        let chunk = 8 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var crc = CRC32C()
        var offset: UInt64 = 0
        let checked = size - 4
        var header: SnapshotHeader? = nil
        while offset < checked {
            let want = Int(min(UInt64(chunk), checked - offset))
            let got = try io.read(file, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: offset)
            guard got > 0 else { throw invalid("read stopped at offset \(offset)") }
            if offset == 0 {
                header = SnapshotHeader.decode(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
                guard header != nil else { throw invalid("bad header") }
            }
            crc.update(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            offset += UInt64(got)
        }
        let footerBytes = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<SnapshotFormat.footerSize])
        guard try io.read(file, into: footerBytes, at: size - UInt64(SnapshotFormat.footerSize)) == SnapshotFormat.footerSize else {
            throw invalid("footer unreadable")
        }
        var footer = ByteCursor(UnsafeRawBufferPointer(footerBytes))
        guard footer.u8() == SnapshotSection.footer.rawValue else { throw invalid("no footer") }
        let vertices = footer.u64(), edges = footer.u64()
        guard footer.u32() == SnapshotFormat.endMagic else { throw invalid("no footer") }
        guard footer.u32() == crc.value else { throw invalid("checksum mismatch") }
        guard let header else { throw invalid("bad header") }
        return SnapshotCounts(header: header, vertices: vertices, edges: edges)
    }

    /// Loads a verified snapshot into `transaction` (a recovery transaction) and `schema`.
    static func load(io: any FileIO, path: String, expected: SnapshotCounts, into transaction: Transaction,
                     storage: Storage, schema: inout SchemaPlan) throws(QuiverError) {
        let file = try io.open(path, .read)
        defer { io.close(file) }
        let reader = BufferedFileReader(io: io, file: file, path: path, fileSize: try io.size(file),
                                        reservedTail: UInt64(SnapshotFormat.footerSize))
        try reader.ensure(SnapshotFormat.headerSize)
        reader.consume(SnapshotFormat.headerSize)
        var loader = SnapshotLoader(reader: reader, transaction: transaction, registry: storage.names,
                                    edgeProperties: expected.header.flags & SnapshotFormat.flagEdgeProperties != 0)
        try loader.expectSection(.names)
        try loader.loadNames()
        try loader.expectSection(.vertices)
        let vertices = try loader.loadVertices()
        try loader.expectSection(.edges)
        let edges = try loader.loadEdges(storage: storage, expected: expected.edges)
        try loader.expectSection(.indexes)
        try loader.loadIndexes(&schema)
        try loader.expectSection(.constraints)
        try loader.loadConstraints(&schema)
        guard reader.atEnd else { throw reader.corrupt("unexpected bytes before the footer") }
        guard vertices == expected.vertices, edges == expected.edges else {
            throw reader.corrupt("footer counts \(expected.vertices) vertices, \(expected.edges) edges; found \(vertices), \(edges)")
        }
    }
}
