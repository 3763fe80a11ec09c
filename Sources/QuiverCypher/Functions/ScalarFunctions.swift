// ScalarFunctions: the built-in scalar functions (table entries for FunctionLibrary) that need
// no graph: coalesce, size/length, head, last, isEmpty, valueType, timestamp, randomUUID.
// The graph-reading ones (id, labels, type, properties…) are GraphFunctions.

import QuiverCore

enum ScalarFunctions {
    static let table: [BuiltinFunction] = [
        coalesce, sizeFunction("size"), sizeFunction("length"), head, last, isEmpty, valueType, timestamp, randomUUID,
    ]

    /// The first argument that is not null; null when all are.
    static let coalesce = BuiltinFunction("coalesce", arguments: 1...Int.max) { arguments, _ throws(QuiverError) -> Value in
        for argument in arguments where !argument.isNull { return argument }
        return .null
    }

    /// size/length: elements of a list, code points of a string, entries of a map,
    /// relationships of a path (Memgraph treats `length` as an alias of `size`).
    private static func sizeFunction(_ name: String) -> BuiltinFunction {
        FunctionBuilder.nullPropagating(name) { argument throws(QuiverError) -> Value in
            switch argument {
            case .list(let list): return .int(Int64(list.count))
            case .string(let string): return .int(Int64(CodePointText.count(string)))
            case .map(let map): return .int(Int64(map.count))
            case .path(let path): return .int(Int64(path.relationships.count))
            default: throw FunctionError.wrongType(name, position: 1, expected: [.null, .list, .string, .map, .path])
            }
        }
    }

    static let head = FunctionBuilder.nullPropagating("head") { argument throws(QuiverError) -> Value in
        guard case .list(let list) = argument else {
            throw FunctionError.wrongType("head", position: 1, expected: [.null, .list])
        }
        return list.first ?? .null
    }

    static let last = FunctionBuilder.nullPropagating("last") { argument throws(QuiverError) -> Value in
        guard case .list(let list) = argument else {
            throw FunctionError.wrongType("last", position: 1, expected: [.null, .list])
        }
        return list.last ?? .null
    }

    static let isEmpty = FunctionBuilder.nullPropagating("isEmpty") { argument throws(QuiverError) -> Value in
        switch argument {
        case .list(let list): return .bool(list.isEmpty)
        case .string(let string): return .bool(string.isEmpty)
        case .map(let map): return .bool(map.isEmpty)
        default: throw FunctionError.wrongType("isEmpty", position: 1, expected: [.null, .list, .string, .map])
        }
    }

    /// valueType(x): Memgraph's upper-case type name ("INTEGER", "LOCAL_DATE_TIME", "NODE"…).
    static let valueType = BuiltinFunction("valueType", arguments: 1...1) { arguments, _ throws(QuiverError) -> Value in
        .string(typeName(of: arguments[0]))
    }

    static func typeName(of value: Value) -> String {
        switch value {
        case .null: "NULL"
        case .bool: "BOOLEAN"
        case .int: "INTEGER"
        case .float: "FLOAT"
        case .string: "STRING"
        case .list: "LIST"
        case .map: "MAP"
        case .node: "NODE"
        case .relationship: "RELATIONSHIP"
        case .path: "PATH"
        case .date: "DATE"
        case .localTime: "LOCAL_TIME"
        case .localDateTime: "LOCAL_DATE_TIME"
        case .dateTime: "ZONED_DATE_TIME"
        case .time: "ZONED_TIME"
        case .duration: "DURATION"
        }
    }

    /// timestamp(): microseconds since the epoch at the statement's start, as Memgraph.
    /// timestamp(t) of a temporal value: its microseconds since the epoch (since midnight for
    /// times; a duration's length, a month counted at its average 30.436875 days).
    static let timestamp = BuiltinFunction("timestamp", arguments: 0...1, deterministic: false) {
        arguments, context throws(QuiverError) -> Value in
        guard let argument = arguments.first else {
            return .int(context.statementSeconds &* 1_000_000 &+ Int64(context.statementNanoseconds / 1_000))
        }
        let microseconds: Int128
        switch argument {
        case .null: return .null
        case .date(let date): microseconds = Int128(date.daysSinceEpoch) * 86_400_000_000
        case .localTime(let time): microseconds = Int128(time.nanosecondsSinceMidnight / 1_000)
        case .time(let time): microseconds = Int128(time.nanosecondsSinceMidnight / 1_000)
        case .localDateTime(let dateTime):
            microseconds = Int128(dateTime.secondsSinceEpoch) * 1_000_000 + Int128(dateTime.nanoseconds / 1_000)
        case .dateTime(let dateTime):
            microseconds = Int128(dateTime.secondsSinceEpochUTC) * 1_000_000 + Int128(dateTime.nanoseconds / 1_000)
        case .duration(let duration):
            microseconds = (Int128(duration.months) * Int128(DurationValue.averageMonthNanoseconds)
                + Int128(duration.days) * 86_400_000_000_000 + Int128(duration.seconds) * 1_000_000_000
                + Int128(duration.nanoseconds)) / 1_000
        default:
            throw FunctionError.wrongType("timestamp", position: 1,
                                          expected: [.date, .localTime, .localDateTime, .dateTime, .duration])
        }
        guard let exact = Int64(exactly: microseconds) else {
            throw FunctionError.badValue("timestamp", "the value is too far from the epoch.", detail: "NumberOutOfRange")
        }
        return .int(exact)
    }

    /// randomUUID(): a version-4 UUID in lower-case hex, e.g. "0f8fad5b-d9cb-469f-a165-70867728950e".
    static let randomUUID = BuiltinFunction("randomUUID", arguments: 0...0, deterministic: false) {
        _, _ throws(QuiverError) -> Value in
        var high = UInt64.random(in: .min ... .max), low = UInt64.random(in: .min ... .max)
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC << 60)) | (0x8 << 60)  // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 { bytes.append(UInt8(ascii: "-")) }
            let word = index < 16 ? high : low
            let shift = UInt64(60 - (index % 16) * 4)
            bytes.append(hex[Int((word >> shift) & 0xF)])
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }
}
