// WAL on-disk format (docs/durability-format.md): the segment header, record framing and the
// numbered record kinds and change codes. A segment is `header record*`; a record is
// `length u32 | crc u32 | kind u8 | payload`, where length counts kind + payload and the CRC32C
// covers the length field, the kind and the payload.
import QuiverCore

enum WALFormat {
    /// "QVwl".
    static let magic: UInt32 = 0x6C77_5651
    static let version: UInt32 = 1
    /// magic 4, version 4, sequence 8, first timestamp 8, previous segment length 8, CRC 4.
    static let headerSize = 36
    /// length 4, CRC 4, kind 1.
    static let recordHeaderSize = 9
    /// `previousSegmentLength` when the previous segment is unknown (or there is none).
    static let noPreviousSegment = UInt64.max
    /// Records longer than this are corruption, not data (1 GiB).
    static let recordLengthMax = 1 << 30

    static let directoryName = "wal"
    static let fileSuffix = ".wal"

    /// `wal/<20-digit sequence>.wal`.
    static func fileName(sequence: UInt64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + fileSuffix
    }
}

/// Record kinds. 0 is invalid, so zero-filled space never parses as a record.
enum WALRecordKind: UInt8 {
    /// namespace u8, id varint, name (varint length + UTF-8). Declares a name for this segment.
    case name = 1
    /// commit timestamp u64, then changes until the end of the payload.
    case transaction = 2
    /// timestamp u64, one schema change.
    case schema = 3
}

/// The three name spaces of a `name` record.
enum WALNameSpace: UInt8 {
    case label = 1
    case edgeType = 2
    case property = 3
}

/// Change codes inside a transaction record (gids, ids and counts are varints).
enum WALChangeCode: UInt8 {
    case createVertex = 1       // gid
    case deleteVertex = 2       // gid
    case addLabel = 3           // gid, label
    case removeLabel = 4        // gid, label
    case setVertexProperty = 5  // gid, key, property run (empty run = removed)
    case createEdge = 6         // gid, from, to, type
    case deleteEdge = 7         // gid, from, to, type
    case setEdgeProperty = 8    // gid, key, property run (empty run = removed)
}

/// Schema change codes (the `schema` record and the snapshot's constraint section).
enum WALSchemaCode: UInt8 {
    case createLabelIndex = 1           // label
    case dropLabelIndex = 2             // label
    case createLabelPropertyIndex = 3   // label, property
    case dropLabelPropertyIndex = 4     // label, property
    case createExistenceConstraint = 5  // label, property
    case dropExistenceConstraint = 6    // label, property
    case createUniqueConstraint = 7     // label, count, properties
    case dropUniqueConstraint = 8       // label, count, properties
    case createTypeConstraint = 9       // label, property, type name
    case dropTypeConstraint = 10        // label, property, type name
    case createCompositeIndex = 11      // label, count, properties (in index order)
    case dropCompositeIndex = 12        // label, count, properties (in index order)
}

struct WALSegmentHeader: Equatable {
    var sequence: UInt64
    /// No record in the segment has a smaller timestamp; every commit in earlier segments has
    /// a smaller one.
    var firstTimestamp: UInt64
    /// How many bytes of the previous segment are valid (bytes after that were never
    /// acknowledged: a failed write the log could not truncate). `noPreviousSegment` if none.
    var previousSegmentLength: UInt64

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(WALFormat.headerSize)
        bytes.appendU32(WALFormat.magic)
        bytes.appendU32(WALFormat.version)
        bytes.appendU64(sequence)
        bytes.appendU64(firstTimestamp)
        bytes.appendU64(previousSegmentLength)
        bytes.appendU32(CRC32C.checksum(bytes))
        return bytes
    }

    /// The header at the start of `bytes`, or nil when it is short, foreign or damaged.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> WALSegmentHeader? {
        guard bytes.count >= WALFormat.headerSize else { return nil }
        var cursor = ByteCursor(bytes)
        guard cursor.u32() == WALFormat.magic, cursor.u32() == WALFormat.version else { return nil }
        let header = WALSegmentHeader(sequence: cursor.u64(), firstTimestamp: cursor.u64(), previousSegmentLength: cursor.u64())
        let crc = cursor.u32()
        guard crc == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(WALFormat.headerSize - 4)])) else { return nil }
        return header
    }
}

extension Array where Element == UInt8 {
    /// Starts a record of `kind`: reserves the length and CRC fields. Finish with `finishRecord`.
    mutating func beginRecord(_ kind: WALRecordKind) -> Int {
        let start = count
        appendU32(0)
        appendU32(0)
        append(kind.rawValue)
        return start
    }

    /// Fills in the length and CRC of the record begun at `start`.
    mutating func finishRecord(at start: Int) {
        let length = count - start - 8
        storeU32(UInt32(length), at: start)
        let crc = withUnsafeBytes { raw in
            var crc = CRC32C()
            crc.update(UnsafeRawBufferPointer(rebasing: raw[start..<(start + 4)]))
            crc.update(UnsafeRawBufferPointer(rebasing: raw[(start + 8)...]))
            return crc.value
        }
        storeU32(crc, at: start + 4)
    }
}
