// PackStream v1 encoder: BoltValue → bytes in a ByteBuffer, smallest integer and size forms,
// structure shapes by PackStreamFormat (4.x vs 5.x). Knows nothing of chunks or messages.
//
// Marker table (all numbers big-endian):
//   00..7F, F0..FF tiny int | C8 C9 CA CB int8/16/32/64 | C0 null | C1 float64 | C2/C3 false/true
//   CC CD CE bytes (u8/u16/u32 length) | 80..8F, D0 D1 D2 string | 90..9F, D4 D5 D6 list
//   A0..AF, D8 D9 DA map | B0..BF structure (low nibble = field count, then one tag byte)
import NIOCore
import QuiverCore

enum PackStreamMarker {
    static let null: UInt8 = 0xC0
    static let float64: UInt8 = 0xC1
    static let falseValue: UInt8 = 0xC2
    static let trueValue: UInt8 = 0xC3
    static let int8: UInt8 = 0xC8
    static let int16: UInt8 = 0xC9
    static let int32: UInt8 = 0xCA
    static let int64: UInt8 = 0xCB
    static let bytes8: UInt8 = 0xCC
    static let bytes16: UInt8 = 0xCD
    static let bytes32: UInt8 = 0xCE
    static let tinyString: UInt8 = 0x80
    static let string8: UInt8 = 0xD0
    static let string16: UInt8 = 0xD1
    static let string32: UInt8 = 0xD2
    static let tinyList: UInt8 = 0x90
    static let list8: UInt8 = 0xD4
    static let list16: UInt8 = 0xD5
    static let list32: UInt8 = 0xD6
    static let tinyMap: UInt8 = 0xA0
    static let map8: UInt8 = 0xD8
    static let map16: UInt8 = 0xD9
    static let map32: UInt8 = 0xDA
    static let tinyStructure: UInt8 = 0xB0
    static let structure8: UInt8 = 0xDC
    static let structure16: UInt8 = 0xDD
}

/// Structure tags of the value types (message tags live in BoltRequest/BoltResponse).
enum StructureTag {
    static let node: UInt8 = 0x4E
    static let relationship: UInt8 = 0x52
    static let unboundRelationship: UInt8 = 0x72
    static let path: UInt8 = 0x50
    static let date: UInt8 = 0x44
    static let time: UInt8 = 0x54
    static let localTime: UInt8 = 0x74
    static let localDateTime: UInt8 = 0x64
    static let legacyDateTime: UInt8 = 0x46
    static let legacyDateTimeZoneID: UInt8 = 0x66
    static let dateTime: UInt8 = 0x49
    static let dateTimeZoneID: UInt8 = 0x69
    static let duration: UInt8 = 0x45
    static let point2D: UInt8 = 0x58
    static let point3D: UInt8 = 0x59
}

extension ByteBuffer {
    /// Appends one value. Throws only for values nested deeper than
    /// `BoltLimits.hardMaxNestingDepth` (engine-built values can be arbitrarily deep; recursion
    /// here is bounded so a worker thread's stack is safe) or for DateTimes whose legacy local
    /// seconds overflow.
    public mutating func writePackStream(_ value: BoltValue, format: PackStreamFormat) throws(PackStreamError) {
        try writePackStream(value, format: format, depth: 0)
    }

    mutating func writePackStream(_ value: BoltValue, format: PackStreamFormat, depth: Int) throws(PackStreamError) {
        guard depth < BoltLimits.hardMaxNestingDepth else { throw .nestingTooDeep(limit: BoltLimits.hardMaxNestingDepth) }
        switch value {
        case .null: writeInteger(PackStreamMarker.null)
        case .bool(let flag): writeInteger(flag ? PackStreamMarker.trueValue : PackStreamMarker.falseValue)
        case .int(let number): writePackStreamInt(number)
        case .float(let number):
            writeInteger(PackStreamMarker.float64)
            writeInteger(number.bitPattern)
        case .bytes(let bytes):
            writeSizeHeader(bytes.count, tiny: nil, markers: (PackStreamMarker.bytes8, PackStreamMarker.bytes16, PackStreamMarker.bytes32))
            writeBytes(bytes)
        case .string(let text): writePackStreamString(text)
        case .list(let elements):
            writeListHeader(elements.count)
            for element in elements { try writePackStream(element, format: format, depth: depth + 1) }
        case .map(let map): try writePackStreamMap(map, format: format, depth: depth + 1)
        case .node(let node): try writeNode(node, format: format, depth: depth + 1)
        case .relationship(let relationship): try writeRelationship(relationship, format: format, depth: depth + 1)
        case .unboundRelationship(let relationship):
            try writeUnboundRelationship(relationship, format: format, depth: depth + 1)
        case .path(let path): try writePath(path, format: format, depth: depth + 1)
        default: try writeTemporalOrSpatial(value, format: format)
        }
    }

    private mutating func writeTemporalOrSpatial(_ value: BoltValue, format: PackStreamFormat) throws(PackStreamError) {
        switch value {
        case .date(let date):
            writeStructureHeader(fields: 1, tag: StructureTag.date)
            writePackStreamInt(date.daysSinceEpoch)
        case .time(let time):
            writeStructureHeader(fields: 2, tag: StructureTag.time)
            writePackStreamInt(time.nanosecondsSinceMidnight)
            writePackStreamInt(Int64(time.offsetSeconds))
        case .localTime(let time):
            writeStructureHeader(fields: 1, tag: StructureTag.localTime)
            writePackStreamInt(time.nanosecondsSinceMidnight)
        case .localDateTime(let dateTime):
            writeStructureHeader(fields: 2, tag: StructureTag.localDateTime)
            writePackStreamInt(dateTime.secondsSinceEpoch)
            writePackStreamInt(Int64(dateTime.nanoseconds))
        case .dateTime(let dateTime): try writeDateTime(dateTime, format: format)
        case .duration(let duration):
            writeStructureHeader(fields: 4, tag: StructureTag.duration)
            writePackStreamInt(duration.months)
            writePackStreamInt(duration.days)
            writePackStreamInt(duration.seconds)
            writePackStreamInt(Int64(duration.nanoseconds))
        case .point2D(let point):
            writeStructureHeader(fields: 3, tag: StructureTag.point2D)
            writePackStreamInt(point.srid)
            writePackStream(float: point.x)
            writePackStream(float: point.y)
        case .point3D(let point):
            writeStructureHeader(fields: 4, tag: StructureTag.point3D)
            writePackStreamInt(point.srid)
            writePackStream(float: point.x)
            writePackStream(float: point.y)
            writePackStream(float: point.z)
        default: preconditionFailure("writeTemporalOrSpatial called with \(value)")
        }
    }

    /// 5.x and patched 4.4 send UTC seconds (`I`/`i`); legacy 4.x sends local wall-clock
    /// seconds (UTC + offset) under `F`/`f`.
    private mutating func writeDateTime(_ dateTime: DateTimeValue, format: PackStreamFormat) throws(PackStreamError) {
        var seconds = dateTime.secondsSinceEpochUTC
        if !format.utcDateTime {
            let (local, overflow) = seconds.addingReportingOverflow(Int64(dateTime.offsetSeconds))
            guard !overflow else { throw .valueOutOfRange("DateTime seconds") }
            seconds = local
        }
        if let zoneID = dateTime.zoneID {
            writeStructureHeader(fields: 3, tag: format.utcDateTime ? StructureTag.dateTimeZoneID : StructureTag.legacyDateTimeZoneID)
            writePackStreamInt(seconds)
            writePackStreamInt(Int64(dateTime.nanoseconds))
            writePackStreamString(zoneID)
        } else {
            writeStructureHeader(fields: 3, tag: format.utcDateTime ? StructureTag.dateTime : StructureTag.legacyDateTime)
            writePackStreamInt(seconds)
            writePackStreamInt(Int64(dateTime.nanoseconds))
            writePackStreamInt(Int64(dateTime.offsetSeconds))
        }
    }

    private mutating func writeNode(_ node: BoltNode, format: PackStreamFormat, depth: Int) throws(PackStreamError) {
        writeStructureHeader(fields: format.elementIDs ? 4 : 3, tag: StructureTag.node)
        writePackStreamInt(node.id)
        writeListHeader(node.labels.count)
        for label in node.labels { writePackStreamString(label) }
        try writePackStreamMap(node.properties, format: format, depth: depth + 1)
        if format.elementIDs { writePackStreamString(node.elementID ?? String(node.id)) }
    }

    private mutating func writeRelationship(_ relationship: BoltRelationship, format: PackStreamFormat, depth: Int) throws(PackStreamError) {
        writeStructureHeader(fields: format.elementIDs ? 8 : 5, tag: StructureTag.relationship)
        writePackStreamInt(relationship.id)
        writePackStreamInt(relationship.startNodeID)
        writePackStreamInt(relationship.endNodeID)
        writePackStreamString(relationship.type)
        try writePackStreamMap(relationship.properties, format: format, depth: depth + 1)
        if format.elementIDs {
            writePackStreamString(relationship.elementID ?? String(relationship.id))
            writePackStreamString(relationship.startNodeElementID ?? String(relationship.startNodeID))
            writePackStreamString(relationship.endNodeElementID ?? String(relationship.endNodeID))
        }
    }

    private mutating func writeUnboundRelationship(_ relationship: BoltUnboundRelationship, format: PackStreamFormat,
                                                   depth: Int) throws(PackStreamError) {
        writeStructureHeader(fields: format.elementIDs ? 4 : 3, tag: StructureTag.unboundRelationship)
        writePackStreamInt(relationship.id)
        writePackStreamString(relationship.type)
        try writePackStreamMap(relationship.properties, format: format, depth: depth + 1)
        if format.elementIDs { writePackStreamString(relationship.elementID ?? String(relationship.id)) }
    }

    private mutating func writePath(_ path: BoltPath, format: PackStreamFormat, depth: Int) throws(PackStreamError) {
        writeStructureHeader(fields: 3, tag: StructureTag.path)
        writeListHeader(path.nodes.count)
        for node in path.nodes { try writeNode(node, format: format, depth: depth + 1) }
        writeListHeader(path.relationships.count)
        for relationship in path.relationships {
            try writeUnboundRelationship(relationship, format: format, depth: depth + 1)
        }
        writeListHeader(path.indices.count)
        for index in path.indices { writePackStreamInt(index) }
    }

    public mutating func writePackStreamMap(_ map: BoltMap, format: PackStreamFormat) throws(PackStreamError) {
        try writePackStreamMap(map, format: format, depth: 0)
    }

    mutating func writePackStreamMap(_ map: BoltMap, format: PackStreamFormat, depth: Int) throws(PackStreamError) {
        guard depth < BoltLimits.hardMaxNestingDepth else { throw .nestingTooDeep(limit: BoltLimits.hardMaxNestingDepth) }
        writeSizeHeader(map.count, tiny: PackStreamMarker.tinyMap, markers: (PackStreamMarker.map8, PackStreamMarker.map16, PackStreamMarker.map32))
        for (key, value) in map.entries {
            writePackStreamString(key)
            try writePackStream(value, format: format, depth: depth + 1)
        }
    }

    /// Smallest form: tiny -16...127, then int8, int16, int32, int64.
    public mutating func writePackStreamInt(_ number: Int64) {
        switch number {
        case -16...127: writeInteger(UInt8(bitPattern: Int8(number)))
        case -128 ..< -16:
            writeInteger(PackStreamMarker.int8)
            writeInteger(Int8(number))
        case -32_768...32_767:
            writeInteger(PackStreamMarker.int16)
            writeInteger(Int16(number))
        case -2_147_483_648...2_147_483_647:
            writeInteger(PackStreamMarker.int32)
            writeInteger(Int32(number))
        default:
            writeInteger(PackStreamMarker.int64)
            writeInteger(number)
        }
    }

    mutating func writePackStream(float: Double) {
        writeInteger(PackStreamMarker.float64)
        writeInteger(float.bitPattern)
    }

    public mutating func writePackStreamString(_ text: String) {
        let length = text.utf8.count
        writeSizeHeader(length, tiny: PackStreamMarker.tinyString, markers: (PackStreamMarker.string8, PackStreamMarker.string16, PackStreamMarker.string32))
        writeString(text)
    }

    public mutating func writeListHeader(_ count: Int) {
        writeSizeHeader(count, tiny: PackStreamMarker.tinyList, markers: (PackStreamMarker.list8, PackStreamMarker.list16, PackStreamMarker.list32))
    }

    public mutating func writeStructureHeader(fields: Int, tag: UInt8) {
        precondition(fields >= 0 && fields < 16, "structures have at most 15 fields")
        writeInteger(PackStreamMarker.tinyStructure | UInt8(fields))
        writeInteger(tag)
    }

    /// Sizes up to 2^31-1 are allowed on the wire; larger collections cannot come from the engine.
    private mutating func writeSizeHeader(_ size: Int, tiny: UInt8?, markers: (UInt8, UInt8, UInt8)) {
        if let tiny, size < 16 {
            writeInteger(tiny | UInt8(size))
        } else if size <= 0xFF {
            writeInteger(markers.0)
            writeInteger(UInt8(size))
        } else if size <= 0xFFFF {
            writeInteger(markers.1)
            writeInteger(UInt16(size))
        } else {
            precondition(size <= Int(Int32.max), "PackStream sizes are at most 2^31-1")
            writeInteger(markers.2)
            writeInteger(UInt32(size))
        }
    }
}
