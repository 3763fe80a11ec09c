// PackStream structures of the value kinds: field lists → Node, Relationship, Path, the temporal
// types and points, with their shapes checked (4.x and 5.x field counts both accepted) and
// legacy DateTime (`F`/`f`, local seconds) converted to the UTC instant the engine keeps.
import QuiverCore

extension PackStreamDecoder {
    mutating func decodeStructure(tag: UInt8, fieldCount: Int, depth: Int) throws(PackStreamError) -> BoltValue {
        let fields = try decodeFields(fieldCount, depth: depth)
        var reader = FieldReader(tag: tag, fields: fields)
        switch tag {
        case StructureTag.node: return .node(try reader.node())
        case StructureTag.relationship: return .relationship(try reader.relationship())
        case StructureTag.unboundRelationship: return .unboundRelationship(try reader.unboundRelationship())
        case StructureTag.path: return .path(try reader.path())
        default: return try reader.temporalOrSpatial()
        }
    }
}

/// Reads typed fields off a decoded structure, in order, with shape errors naming the tag.
struct FieldReader {
    let tag: UInt8
    let fields: [BoltValue]
    var position = 0

    init(tag: UInt8, fields: [BoltValue]) {
        self.tag = tag
        self.fields = fields
    }

    func invalid(_ reason: String) -> PackStreamError { .invalidStructure(tag: tag, reason: reason) }

    func expectCount(_ allowed: Int...) throws(PackStreamError) {
        guard allowed.contains(fields.count) else { throw invalid("\(fields.count) fields") }
    }

    mutating func next() -> BoltValue {
        defer { position += 1 }
        return fields[position]
    }

    mutating func int() throws(PackStreamError) -> Int64 {
        guard case .int(let number) = next() else { throw invalid("field \(position) is not an integer") }
        return number
    }

    mutating func int32(_ what: String) throws(PackStreamError) -> Int32 {
        guard let number = Int32(exactly: try int()) else { throw .valueOutOfRange(what) }
        return number
    }

    /// Points accept integers where floats belong (some clients send whole coordinates as ints).
    mutating func float() throws(PackStreamError) -> Double {
        switch next() {
        case .float(let number): return number
        case .int(let number): return Double(number)
        default: throw invalid("field \(position) is not a float")
        }
    }

    mutating func string() throws(PackStreamError) -> String {
        guard case .string(let text) = next() else { throw invalid("field \(position) is not a string") }
        return text
    }

    mutating func map() throws(PackStreamError) -> BoltMap {
        guard case .map(let map) = next() else { throw invalid("field \(position) is not a map") }
        return map
    }

    mutating func list() throws(PackStreamError) -> [BoltValue] {
        guard case .list(let list) = next() else { throw invalid("field \(position) is not a list") }
        return list
    }

    mutating func optionalString() throws(PackStreamError) -> String? {
        position < fields.count ? try string() : nil
    }

    mutating func node() throws(PackStreamError) -> BoltNode {
        try expectCount(3, 4)
        let id = try int()
        var labels: [String] = []
        for label in try list() {
            guard case .string(let text) = label else { throw invalid("label is not a string") }
            labels.append(text)
        }
        return BoltNode(id: id, labels: labels, properties: try map(), elementID: try optionalString())
    }

    mutating func relationship() throws(PackStreamError) -> BoltRelationship {
        try expectCount(5, 8)
        return BoltRelationship(id: try int(), startNodeID: try int(), endNodeID: try int(), type: try string(),
                                properties: try map(), elementID: try optionalString(),
                                startNodeElementID: try optionalString(), endNodeElementID: try optionalString())
    }

    mutating func unboundRelationship() throws(PackStreamError) -> BoltUnboundRelationship {
        try expectCount(3, 4)
        return BoltUnboundRelationship(id: try int(), type: try string(), properties: try map(), elementID: try optionalString())
    }

    mutating func path() throws(PackStreamError) -> BoltPath {
        try expectCount(3)
        var nodes: [BoltNode] = [], relationships: [BoltUnboundRelationship] = [], indices: [Int64] = []
        for value in try list() {
            guard case .node(let node) = value else { throw invalid("path node is not a Node") }
            nodes.append(node)
        }
        for value in try list() {
            guard case .unboundRelationship(let relationship) = value else { throw invalid("path relationship is not an UnboundRelationship") }
            relationships.append(relationship)
        }
        for value in try list() {
            guard case .int(let index) = value else { throw invalid("path index is not an integer") }
            indices.append(index)
        }
        return BoltPath(nodes: nodes, relationships: relationships, indices: indices)
    }

    mutating func nanosecondOfSecond() throws(PackStreamError) -> Int32 {
        let nanos = try int()
        guard (0..<1_000_000_000).contains(nanos) else { throw .valueOutOfRange("nanoseconds") }
        return Int32(nanos)
    }

    mutating func nanosecondOfDay() throws(PackStreamError) -> Int64 {
        let nanos = try int()
        guard (0..<86_400_000_000_000).contains(nanos) else { throw .valueOutOfRange("time of day") }
        return nanos
    }

    mutating func temporalOrSpatial() throws(PackStreamError) -> BoltValue {
        switch tag {
        case StructureTag.date:
            try expectCount(1)
            return .date(DateValue(daysSinceEpoch: try int()))
        case StructureTag.time:
            try expectCount(2)
            return .time(BoltTime(nanosecondsSinceMidnight: try nanosecondOfDay(), offsetSeconds: try int32("time offset")))
        case StructureTag.localTime:
            try expectCount(1)
            return .localTime(LocalTimeValue(nanosecondsSinceMidnight: try nanosecondOfDay()))
        case StructureTag.localDateTime:
            try expectCount(2)
            return .localDateTime(LocalDateTimeValue(secondsSinceEpoch: try int(), nanoseconds: try nanosecondOfSecond()))
        case StructureTag.dateTime, StructureTag.legacyDateTime, StructureTag.dateTimeZoneID, StructureTag.legacyDateTimeZoneID:
            try expectCount(3)
            return .dateTime(try dateTime())
        case StructureTag.duration:
            try expectCount(4)
            return .duration(try duration())
        case StructureTag.point2D:
            try expectCount(3)
            return .point2D(BoltPoint2D(srid: try int(), x: try float(), y: try float()))
        case StructureTag.point3D:
            try expectCount(4)
            return .point3D(BoltPoint3D(srid: try int(), x: try float(), y: try float(), z: try float()))
        default:
            throw .unknownStructure(tag: tag)
        }
    }

    /// `I`/`i` carry UTC seconds; legacy `F`/`f` carry local wall-clock seconds. Zone ids are
    /// resolved with QuiverCore's IANA database; an unknown zone is a decode error.
    mutating func dateTime() throws(PackStreamError) -> DateTimeValue {
        let seconds = try int()
        let nanos = try nanosecondOfSecond()
        let legacy = tag == StructureTag.legacyDateTime || tag == StructureTag.legacyDateTimeZoneID
        if tag == StructureTag.dateTime || tag == StructureTag.legacyDateTime {
            let offset64 = try int()
            guard (-18 * 3600...18 * 3600).contains(offset64) else { throw .valueOutOfRange("DateTime offset") }
            let offset = Int32(offset64)
            let (utc, overflow) = seconds.subtractingReportingOverflow(legacy ? Int64(offset) : 0)
            guard !overflow else { throw .valueOutOfRange("DateTime seconds") }
            return DateTimeValue(secondsSinceEpochUTC: utc, nanoseconds: nanos, offsetSeconds: offset, zoneID: nil)
        }
        let zoneID = try string()
        guard TimeZoneDatabase.isWellFormedZoneID(zoneID) else { throw invalid("unknown time zone \(zoneID)") }
        if legacy {
            guard let resolved = TimeZoneDatabase.shared.resolve(zoneID: zoneID, localSeconds: seconds) else {
                throw invalid("unknown time zone \(zoneID)")
            }
            return DateTimeValue(secondsSinceEpochUTC: resolved.utcSeconds, nanoseconds: nanos,
                                 offsetSeconds: resolved.offsetSeconds, zoneID: zoneID)
        }
        guard let offset = TimeZoneDatabase.shared.offset(zoneID: zoneID, utcSeconds: seconds) else {
            throw invalid("unknown time zone \(zoneID)")
        }
        return DateTimeValue(secondsSinceEpochUTC: seconds, nanoseconds: nanos, offsetSeconds: offset, zoneID: zoneID)
    }

    /// Nanoseconds outside ±10^9 are folded into seconds, so any int64 the wire allows fits.
    mutating func duration() throws(PackStreamError) -> DurationValue {
        let months = try int(), days = try int(), seconds = try int(), nanos = try int()
        let (carried, overflow) = seconds.addingReportingOverflow(nanos / 1_000_000_000)
        guard !overflow else { throw .valueOutOfRange("Duration seconds") }
        return DurationValue(months: months, days: days, seconds: carried, nanoseconds: Int32(nanos % 1_000_000_000))
    }
}
