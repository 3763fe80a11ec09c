// Snapshot on-disk format (docs/durability-format.md): header, numbered sections, footer, and
// file names. The header has its own CRC so `listSnapshots` can read it alone; the footer's
// CRC32C covers every byte before it, header included.
import QuiverCore

enum SnapshotFormat {
    /// "QVsn".
    static let magic: UInt32 = 0x6E73_5651
    /// "QVse", the footer's closing magic.
    static let endMagic: UInt32 = 0x6573_5651
    static let version: UInt32 = 1
    /// magic 4, version 4, start timestamp 8, creation time 8, vertex gid limit 8, edge gid
    /// limit 8, flags 4, reserved 4, CRC 4.
    static let headerSize = 52
    /// tag 1, vertex count 8, edge count 8, end magic 4, CRC 4.
    static let footerSize = 25
    /// Header flag: edge entries carry a property run (properties on edges enabled).
    static let flagEdgeProperties: UInt32 = 1

    static let directoryName = "snapshots"
    static let temporaryPrefix = ".tmp-"

    /// `YYYYmmddHHMMSSffffff_timestamp_<ts>`, as Memgraph names its snapshots.
    static func fileName(creationMicroseconds: UInt64, timestamp: UInt64) -> String {
        "\(compactUTC(creationMicroseconds))_timestamp_\(timestamp)"
    }

    /// `YYYYmmddHHMMSSffffff` in UTC.
    static func compactUTC(_ microseconds: UInt64) -> String {
        let seconds = Int64(microseconds / 1_000_000)
        let fraction = Int(microseconds % 1_000_000)
        let days = seconds / 86_400, secondOfDay = Int(seconds % 86_400)
        let date = GregorianCalendar.yearMonthDay(daysSinceEpoch: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(Int(date.year), 4) + pad(date.month, 2) + pad(date.day, 2) + pad(secondOfDay / 3600, 2)
            + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2) + pad(fraction, 6)
    }

    /// ISO 8601 local date-time in UTC with microseconds (`2026-08-01T12:00:00.123456`), the
    /// way SHOW SNAPSHOTS prints `creation_time`.
    static func isoUTC(_ microseconds: UInt64) -> String {
        let compact = Array(compactUTC(microseconds))
        func part(_ range: Range<Int>) -> String { String(compact[range]) }
        return "\(part(0..<4))-\(part(4..<6))-\(part(6..<8))T\(part(8..<10)):\(part(10..<12)):\(part(12..<14)).\(part(14..<20))"
    }
}

/// Section tags, in file order. 0 is invalid.
enum SnapshotSection: UInt8 {
    case names = 1
    case vertices = 2
    case edges = 3
    case indexes = 4
    case constraints = 5
    case footer = 0xFF
}

/// Index entry kinds in the indexes section.
enum SnapshotIndexKind: UInt8 {
    case label = 1
    case labelProperty = 2
    /// label, property count, properties in index order (a label+property index over 2+ properties)
    case composite = 3
}

struct SnapshotHeader: Equatable, Sendable {
    /// The snapshot holds exactly the commits with a timestamp below this.
    var startTimestamp: UInt64
    var creationMicroseconds: UInt64
    var vertexGidLimit: UInt64
    var edgeGidLimit: UInt64
    var flags: UInt32

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(SnapshotFormat.headerSize)
        bytes.appendU32(SnapshotFormat.magic)
        bytes.appendU32(SnapshotFormat.version)
        bytes.appendU64(startTimestamp)
        bytes.appendU64(creationMicroseconds)
        bytes.appendU64(vertexGidLimit)
        bytes.appendU64(edgeGidLimit)
        bytes.appendU32(flags)
        bytes.appendU32(0)
        bytes.appendU32(CRC32C.checksum(bytes))
        return bytes
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> SnapshotHeader? {
        guard bytes.count >= SnapshotFormat.headerSize else { return nil }
        var cursor = ByteCursor(bytes)
        guard cursor.u32() == SnapshotFormat.magic, cursor.u32() == SnapshotFormat.version else { return nil }
        let header = SnapshotHeader(startTimestamp: cursor.u64(), creationMicroseconds: cursor.u64(),
                                    vertexGidLimit: cursor.u64(), edgeGidLimit: cursor.u64(), flags: cursor.u32())
        _ = cursor.u32()
        let crc = cursor.u32()
        guard crc == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(SnapshotFormat.headerSize - 4)])) else { return nil }
        return header
    }
}
