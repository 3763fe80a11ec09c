// Tests for the packed property encoding: pinned sizes, round trips of every value type and
// edge case, lookups, merging, canonical form, validation of truncated/garbage input, and a
// seeded randomized round trip.
import Testing
import QuiverCore
@testable import QuiverStorage

/// Namespace for this file's helpers and suites, so their names cannot collide with other
/// test files in the module.
enum PropertyCodecTests {
    // MARK: - Helpers

    /// Structural equality that compares floats by bit pattern (so NaN payloads and -0.0 count) and
    /// strings by their UTF-8 bytes.
    static func sameValue(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], sameValue(value, other) else { return false }
            }
            return true
        case (.date(let x), .date(let y)): return x.daysSinceEpoch == y.daysSinceEpoch
        case (.time(let x), .time(let y)): return x == y
        case (.localTime(let x), .localTime(let y)): return x.nanosecondsSinceMidnight == y.nanosecondsSinceMidnight
        case (.localDateTime(let x), .localDateTime(let y)):
            return x.secondsSinceEpoch == y.secondsSinceEpoch && x.nanoseconds == y.nanoseconds
        case (.dateTime(let x), .dateTime(let y)):
            let zonesMatch: Bool
            switch (x.zoneID, y.zoneID) {
            case (nil, nil): zonesMatch = true
            case (let p?, let q?): zonesMatch = p.utf8.elementsEqual(q.utf8)
            default: zonesMatch = false
            }
            return zonesMatch && x.secondsSinceEpochUTC == y.secondsSinceEpochUTC && x.nanoseconds == y.nanoseconds
                && x.offsetSeconds == y.offsetSeconds
        case (.duration(let x), .duration(let y)):
            return x.months == y.months && x.days == y.days && x.seconds == y.seconds && x.nanoseconds == y.nanoseconds
        default: return false
        }
    }

    static func sameProperties(_ a: [(PropertyID, Value)], _ b: [(PropertyID, Value)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && sameValue($0.1, $1.1) }
    }

    static func pid(_ raw: UInt32) -> PropertyID { PropertyID(raw) }

    static func encoded(_ properties: [(PropertyID, Value)]) throws -> [UInt8] {
        let bytes = try PropertyCodec.encodedBytes(properties)
        #expect(bytes.count == (try PropertyCodec.encodedSize(properties)))
        return bytes
    }

    static func withRun<R>(_ bytes: [UInt8], _ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { try body($0.baseAddress!) }
    }

    static func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { PropertyCodec.validate($0) }
    }

    static func validatedLength(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { PropertyCodec.validatedLength($0) }
    }

    /// Encodes, checks every reading path against the input, validates, checks canonical
    /// re-encoding, and returns the bytes.
    @discardableResult
    static func roundTrip(_ properties: [(PropertyID, Value)], sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let bytes = try encoded(properties)
        #expect(bytes.last == 0, sourceLocation: sourceLocation)
        try withRun(bytes) { (base) throws in
            #expect(PropertyCodec.encodedLength(base) == bytes.count, sourceLocation: sourceLocation)
            let decoded = PropertyCodec.decodeAll(base)
            #expect(sameProperties(decoded, properties), "decoded \(decoded)", sourceLocation: sourceLocation)
            for (id, value) in properties {
                let found = PropertyCodec.value(for: id, in: base)
                #expect(found.map { sameValue($0, value) } == true, sourceLocation: sourceLocation)
                #expect(PropertyCodec.contains(id, in: base), sourceLocation: sourceLocation)
                if case .int(let v) = value {
                    #expect(PropertyCodec.intValue(for: id, in: base) == v, sourceLocation: sourceLocation)
                } else {
                    #expect(PropertyCodec.intValue(for: id, in: base) == nil, sourceLocation: sourceLocation)
                }
            }
            #expect(try encoded(decoded) == bytes, "re-encoding is canonical", sourceLocation: sourceLocation)
        }
        #expect(validate(bytes), sourceLocation: sourceLocation)
        return bytes
    }

    @discardableResult
    static func roundTripValue(_ value: Value, id: UInt32 = 7, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        try roundTrip([(pid(id), value)], sourceLocation: sourceLocation)
    }

    /// Size of one entry (run length minus the terminator).
    static func entrySize(_ value: Value, id: UInt32 = 1) throws -> Int {
        try PropertyCodec.encodedSize([(pid(id), value)]) - 1
    }

    static func nestedList(_ depth: Int) -> Value {
        depth == 0 ? .int(1) : .list([nestedList(depth - 1)])
    }

    static func nestedMap(_ depth: Int) -> Value {
        depth == 0 ? .string("leaf") : .map(["k": nestedMap(depth - 1)])
    }

    static func nestedMixed(_ depth: Int) -> Value {
        if depth == 0 { return .null }
        return depth % 2 == 0 ? .list([.int(Int64(depth)), nestedMixed(depth - 1)]) : .map(["d\(depth)": nestedMixed(depth - 1)])
    }

    static let boundaryInts: [Int64] = [
        0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
        Int64(Int32.max), Int64(Int32.max) + 1, Int64(Int32.min), Int64(Int32.min) - 1,
        Int64(UInt32.max), Int64.max, Int64.min, Int64.max - 1, Int64.min + 1,
    ]

    // MARK: - Sizes

    @Suite struct Sizes {
        @Test func smallIntWithSmallIDTakesThreeBytes() throws {
            #expect(try entrySize(.int(0), id: 0) == 3)
            #expect(try entrySize(.int(127), id: 255) == 3)
            #expect(try entrySize(.int(-128), id: 200) == 3)
            let bytes = try roundTripValue(.int(42), id: 5)
            #expect(bytes == [0x30, 5, 42, 0])
        }

        @Test func int32WithSmallIDTakesSixBytes() throws {
            #expect(try entrySize(.int(Int64(Int32.max)), id: 9) == 6)
            #expect(try entrySize(.int(Int64(Int32.min)), id: 9) == 6)
            #expect(try entrySize(.int(32768), id: 9) == 6)
            #expect(try entrySize(.int((1 << 31) - 1)) == 6)
            #expect(try entrySize(.int(1 << 31)) == 10)
        }

        @Test func intWidthsStepAtTheBoundaries() throws {
            let expected: [(Int64, Int)] = [
                (127, 3), (128, 4), (-128, 3), (-129, 4), (32767, 4), (32768, 6), (-32768, 4), (-32769, 6),
                (Int64(Int32.max), 6), (Int64(Int32.max) + 1, 10), (Int64(Int32.min), 6), (Int64(Int32.min) - 1, 10),
                (Int64.max, 10), (Int64.min, 10),
            ]
            for (value, size) in expected {
                #expect(try entrySize(.int(value)) == size, "\(value)")
            }
        }

        @Test func fourIntPropertiesFitTheVertexBudget() throws {
            let properties: [(PropertyID, Value)] = [
                (pid(0), .int(1_000_000)), (pid(1), .int(-7)), (pid(2), .int(2_000_000_000)), (pid(3), .int(300)),
            ]
            #expect(try PropertyCodec.encodedSize(properties) == 6 + 3 + 6 + 4 + 1)
        }

        @Test func otherScalarSizes() throws {
            #expect(try PropertyCodec.encodedSize([]) == 1)
            #expect(try entrySize(.bool(true)) == 2)
            #expect(try entrySize(.bool(false)) == 2)
            #expect(try entrySize(.float(1.5)) == 6)
            #expect(try entrySize(.float(0.1)) == 10)
            #expect(try entrySize(.string("")) == 3)
            #expect(try entrySize(.string("abc")) == 6)
            #expect(try entrySize(.list([])) == 3)
            #expect(try entrySize(.map([:])) == 3)
            #expect(try entrySize(.list([.int(1), .int(2)])) == 3 + 4)
            #expect(try entrySize(.map(["a": .int(1)])) == 3 + 4)
            #expect(try entrySize(.date(DateValue(daysSinceEpoch: 19_000))) == 4)
            #expect(try entrySize(.localTime(LocalTimeValue(nanosecondsSinceMidnight: 0))) == 3)
            #expect(try entrySize(.localDateTime(LocalDateTimeValue(secondsSinceEpoch: 1_700_000_000, nanoseconds: 0))) == 8)
            let dt = DateTimeValue(secondsSinceEpochUTC: 1_700_000_000, nanoseconds: 0, offsetSeconds: 3600, zoneID: nil)
            #expect(try entrySize(.dateTime(dt)) == 2 + 1 + 4 + 1 + 2)
            var zoned = dt
            zoned.zoneID = "Europe/Zagreb"
            #expect(try entrySize(.dateTime(zoned)) == 2 + 1 + 4 + 1 + 2 + 1 + 13)
            #expect(try entrySize(.duration(DurationValue(months: 1, days: 2, seconds: 3, nanoseconds: 4))) == 2 + 1 + 4)
        }

        @Test func propertyIDWidths() throws {
            #expect(try entrySize(.int(1), id: 0) == 3)
            #expect(try entrySize(.int(1), id: 255) == 3)
            #expect(try entrySize(.int(1), id: 256) == 4)
            #expect(try entrySize(.int(1), id: 65535) == 4)
            #expect(try entrySize(.int(1), id: 65536) == 6)
            #expect(try entrySize(.int(1), id: UInt32.max) == 6)
            for id: UInt32 in [0, 1, 255, 256, 65535, 65536, 1 << 24, UInt32.max - 1, UInt32.max] {
                try roundTripValue(.string("x"), id: id)
            }
            try roundTrip([
                (pid(3), .int(1)), (pid(255), .int(2)), (pid(256), .int(3)), (pid(65535), .int(4)),
                (pid(65536), .int(5)), (pid(UInt32.max), .int(6)),
            ])
        }

        @Test func metadataBytesFollowTheDocumentedTable() throws {
            // tag 3 (int) | id width code 1 (2 bytes) | payload code 2 (4 bytes)
            #expect(try encoded([(pid(0x1234), .int(0x0102_0304))]) == [0x36, 0x34, 0x12, 0x04, 0x03, 0x02, 0x01, 0])
            #expect(try encoded([(pid(1), .bool(true))]) == [0x21, 1, 0])
            #expect(try encoded([(pid(1), .bool(false))]) == [0x20, 1, 0])
            #expect(try encoded([(pid(1), .int(-1))]) == [0x30, 1, 0xFF, 0])
            #expect(try encoded([(pid(1), .string("hé"))]) == [0x50, 1, 3, 0x68, 0xC3, 0xA9, 0])
            #expect(try encoded([(pid(1), .list([.null, .bool(true)]))]) == [0x60, 1, 2, 0x10, 0x21, 0])
            #expect(try encoded([(pid(1), .map(["a": .int(5)]))]) == [0x70, 1, 4, 0x30, 1, 0x61, 5, 0])
            #expect(try encoded([(pid(1), .float(1.0))]) == [0x42, 1, 0x00, 0x00, 0x80, 0x3F, 0])
            #expect(try encoded([(pid(1), .date(DateValue(daysSinceEpoch: -2)))]) == [0x80, 1, 0xFE, 0])
            #expect(
                try encoded([(pid(1), .dateTime(DateTimeValue(secondsSinceEpochUTC: 1, nanoseconds: 2, offsetSeconds: 3, zoneID: "Z")))])
                    == [0xB1, 1, 0x00, 1, 2, 3, 1, 0x5A, 0])
        }
    }

    // MARK: - Round trips

    @Suite struct RoundTrips {
        @Test func ints() throws {
            for value in boundaryInts {
                try roundTripValue(.int(value))
            }
            try roundTrip(boundaryInts.enumerated().map { (pid(UInt32($0.offset)), .int($0.element)) })
        }

        @Test func bools() throws {
            try roundTrip([(pid(1), .bool(true)), (pid(2), .bool(false))])
        }

        @Test func floats() throws {
            // (value, payload bytes): 4 when the Double round-trips through Float32 bit-exactly.
            let cases: [(Double, Int)] = [
                (0, 4), (-0.0, 4), (1, 4), (-1, 4), (1.5, 4), (0.1, 8), (.pi, 8), (16_777_216, 4), (16_777_217, 8),
                (.infinity, 4), (-.infinity, 4), (.greatestFiniteMagnitude, 8), (-.greatestFiniteMagnitude, 8),
                (.leastNonzeroMagnitude, 8), (.leastNormalMagnitude, 8), (1e300, 8),
                (Double(Float.leastNonzeroMagnitude), 4), (Double(Float.greatestFiniteMagnitude), 4),
                (.nan, 4),
                (Double(bitPattern: 0xFFF8_0000_0000_0000), 4),  // negative quiet NaN
                (Double(bitPattern: 0x7FF8_0000_0000_1234), 8),  // payload in the low 29 bits
                (Double(bitPattern: 0x7FF0_0000_0000_0001), 8),  // signaling NaN, low payload
                (Double(bitPattern: 0x7FF0_0000_2000_0000), 4),  // signaling NaN, Float32-sized payload
                (Double(bitPattern: 0xFFFF_FFFF_E000_0000), 4),  // all payload bits a Float32 holds
            ]
            for (value, payload) in cases {
                let bytes = try roundTripValue(.float(value))
                #expect(bytes.count == 3 + payload, "\(String(value.bitPattern, radix: 16))")
            }
            // NaN payloads survive the 4-byte form bit for bit.
            #expect(try encoded([(pid(1), .float(Double(bitPattern: 0x7FF0_0000_2000_0000)))]) == [0x42, 1, 0x01, 0x00, 0x80, 0x7F, 0])
            #expect(try encoded([(pid(1), .float(-.infinity))]) == [0x42, 1, 0x00, 0x00, 0x80, 0xFF, 0])
            // Every Float32 bit pattern is a canonical 4-byte payload.
            var rng = SplitMix64(seed: 7)
            for bits in [UInt32(0x7F80_0001), 0xFFC0_0000, 0x8000_0000, 0x0000_0001, 0x7FFF_FFFF] + (0..<2_000).map({ _ in UInt32(truncatingIfNeeded: rng.next()) }) {
                let run: [UInt8] = [0x42, 1, UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24), 0]
                #expect(validate(run))
                let decoded = withRun(run) { PropertyCodec.decodeAll($0) }
                #expect(try encoded(decoded) == run, "\(String(bits, radix: 16))")
            }
        }

        @Test func strings() throws {
            let samples = [
                "", "a", "Ana", String(repeating: "x", count: 15), String(repeating: "y", count: 16),
                String(repeating: "z", count: 255), String(repeating: "w", count: 256), String(repeating: "v", count: 65536),
                "Zagreb — Čakovec, Ελλάδα, 東京", "👩‍👩‍👧‍👦🇭🇷", "e\u{301}", "nul\u{0}inside", "\u{10FFFF}",
            ]
            for s in samples {
                try roundTripValue(.string(s))
            }
            #expect(try entrySize(.string(String(repeating: "w", count: 256))) == 2 + 2 + 256)
            #expect(try entrySize(.string(String(repeating: "v", count: 65536))) == 2 + 4 + 65536)
        }

        @Test func oneMegabyteString() throws {
            var s = String(repeating: "ab€", count: 1 << 18)  // 5 bytes each → 1.25 MiB
            s += "🙂"
            let bytes = try roundTrip([(pid(1), .int(1)), (pid(2), .string(s)), (pid(3), .int(3))])
            #expect(bytes.count == 3 + (2 + 4 + s.utf8.count) + 3 + 1)
            withRun(bytes) { base in
                #expect(PropertyCodec.intValue(for: pid(3), in: base) == 3)
            }
        }

        @Test func containers() throws {
            try roundTripValue(.list([]))
            try roundTripValue(.map([:]))
            try roundTripValue(.list([.null]))
            try roundTripValue(.list([.int(1), .float(2.5), .string("three"), .bool(false), .null, .list([]), .map([:])]))
            try roundTripValue(.map(["": .int(0), "ключ": .string("значение"), "🔑": .list([.null]), "a": .null]))
            try roundTripValue(.list((0..<300).map { .int(Int64($0) * 1000) }))
            try roundTripValue(.map(Dictionary(uniqueKeysWithValues: (0..<300).map { ("k\($0)", Value.int(Int64($0))) })))
            try roundTripValue(.list([.map(["x": .list([.map(["y": .string(String(repeating: "q", count: 70_000))])])])]))
            try roundTripValue(
                .list([
                    .date(DateValue(daysSinceEpoch: 1)),
                    .dateTime(DateTimeValue(secondsSinceEpochUTC: 5, nanoseconds: 6, offsetSeconds: -7, zoneID: "UTC")),
                    .duration(DurationValue(months: -1, days: 0, seconds: 0, nanoseconds: -1)),
                ]))
        }

        @Test func mapEncodingIsCanonical() throws {
            var a: [String: Value] = [:]
            var b: [String: Value] = [:]
            let keys = (0..<50).map { "key\($0)é" }
            for key in keys { a[key] = .string(key) }
            for key in keys.reversed() { b[key] = .string(key) }
            #expect(try encoded([(pid(1), .map(a))]) == encoded([(pid(1), .map(b))]))
            // Keys are ordered by UTF-8 bytes.
            let bytes = try encoded([(pid(1), .map(["b": .null, "a": .null, "é": .null, "Z": .null]))])
            #expect(bytes == [0x70, 1, 13, 0x10, 1, 0x5A, 0x10, 1, 0x61, 0x10, 1, 0x62, 0x10, 2, 0xC3, 0xA9, 0])
        }

        @Test func nestingExactlyAtTheLimitSucceeds() throws {
            let limit = Limits.valueNestingDepthMax
            try roundTripValue(nestedList(limit))
            try roundTripValue(nestedMap(limit))
            try roundTripValue(nestedMixed(limit))
            try roundTripValue(.list([.int(1), nestedList(limit - 1), .map(["m": nestedMap(limit - 2)])]))
        }

        @Test func nestingOnePastTheLimitThrows() throws {
            let limit = Limits.valueNestingDepthMax
            for value in [
                nestedList(limit + 1), nestedMap(limit + 1), nestedMixed(limit + 1),
                .list([.int(1), .map(["deep": nestedList(limit)])]),
            ] {
                let error = #expect(throws: QuiverError.self) {
                    _ = try PropertyCodec.encodedSize([(pid(1), .int(0)), (pid(2), value)])
                }
                #expect(error?.code == .limitExceeded)
            }
        }

        @Test func temporals() throws {
            let dates: [Int64] = [0, -1, 1, 19_000, -719_162, 2_932_896, Int64.max, Int64.min]
            for d in dates { try roundTripValue(.date(DateValue(daysSinceEpoch: d))) }
            for t: Int64 in [0, 1, 999, 86_399_999_999_999, 43_200_000_000_000, Int64.max, Int64.min] {
                try roundTripValue(.localTime(LocalTimeValue(nanosecondsSinceMidnight: t)))
            }
            let seconds: [Int64] = [0, -1, 1_700_000_000, Int64(Int32.max) + 1, Int64.max, Int64.min]
            let nanos: [Int32] = [0, 1, 999_999_999, -999_999_999, Int32.max, Int32.min]
            for s in seconds {
                for n in nanos {
                    try roundTripValue(.localDateTime(LocalDateTimeValue(secondsSinceEpoch: s, nanoseconds: n)))
                    for offset: Int32 in [0, 3600, -18 * 3600, Int32.max, Int32.min] {
                        for zone: String? in [nil, "", "Europe/Zagreb", "America/Argentina/ComodRivadavia"] {
                            try roundTripValue(
                                .dateTime(DateTimeValue(secondsSinceEpochUTC: s, nanoseconds: n, offsetSeconds: offset, zoneID: zone)))
                        }
                    }
                }
            }
            let fields: [Int64] = [0, -1, 127, -200, 40_000, Int64(Int32.min), Int64.max, Int64.min]
            for m in fields {
                for d in fields {
                    try roundTripValue(.duration(DurationValue(months: m, days: d, seconds: d &* 3, nanoseconds: Int32(truncatingIfNeeded: m))))
                }
            }
            try roundTripValue(.duration(DurationValue(months: Int64.max, days: Int64.min, seconds: Int64.max, nanoseconds: Int32.min)))
            // With and without a zone id differ only in the zone bytes.
            let base = DateTimeValue(secondsSinceEpochUTC: 86_400, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)
            var zoned = base
            zoned.zoneID = "UTC"
            #expect(try entrySize(.dateTime(zoned)) == (try entrySize(.dateTime(base))) + 1 + 3)
            // An empty zone id stays an (empty) zone id, not nil.
            zoned.zoneID = ""
            let decoded = try withRun(encoded([(pid(1), .dateTime(zoned))])) { PropertyCodec.value(for: pid(1), in: $0) }
            guard case .dateTime(let t)? = decoded else {
                Issue.record("expected a dateTime")
                return
            }
            #expect(t.zoneID == "")
        }

        @Test func zonedTimesRoundTripAndGraphValuesAreRefused() throws {
            for nanos: Int64 in [0, 1, 86_399_999_999_999, Int64.max, Int64.min] {
                for offset: Int32 in [0, 3600, -18 * 3600, Int32.max, Int32.min] {
                    try roundTripValue(.time(TimeValue(nanosecondsSinceMidnight: nanos, offsetSeconds: offset)))
                }
            }
            // Tag 13, one WIDTHS byte, one byte of nanoseconds, one of offset.
            #expect(try entrySize(.time(TimeValue(nanosecondsSinceMidnight: 5, offsetSeconds: 0))) == 2 + 1 + 1 + 1)
            let edge = EdgeRef(gid: Gid(1), from: Gid(1), to: Gid(2), type: EdgeTypeID(0))
            for value: Value in [.node(Gid(1)), .relationship(edge), .path(PathValue(nodes: [Gid(1)], relationships: [])),
                                 .list([.node(Gid(1))]), .map(["k": .relationship(edge)])] {
                #expect(throws: QuiverError.self) { try PropertyCodec.encodedSize([(pid(1), value)]) }
            }
        }

        @Test func everyTypeSideBySide() throws {
            try roundTrip(allTypesSample)
        }
    }

    /// One property of every type (plus containers of them), ids spread over all id widths.
    static let allTypesSample: [(PropertyID, Value)] = [
        (pid(1), .bool(true)),
        (pid(2), .int(-5)),
        (pid(3), .float(0.1)),
        (pid(4), .string("hello, wörld")),
        (pid(5), .list([.int(1), .null, .string("x"), .list([.float(-0.0)])])),
        (pid(6), .map(["a": .int(300), "b": .map(["c": .bool(false)])])),
        (pid(7), .date(DateValue(daysSinceEpoch: 20_000))),
        (pid(8), .localTime(LocalTimeValue(nanosecondsSinceMidnight: 45_296_000_000_123))),
        (pid(300), .localDateTime(LocalDateTimeValue(secondsSinceEpoch: -5_000_000_000, nanoseconds: 5))),
        (pid(301), .dateTime(DateTimeValue(secondsSinceEpochUTC: 1_700_000_000, nanoseconds: 999_999_999, offsetSeconds: 7200, zoneID: "Europe/Zagreb"))),
        (pid(302), .dateTime(DateTimeValue(secondsSinceEpochUTC: -1, nanoseconds: 0, offsetSeconds: -34_200, zoneID: nil))),
        (pid(70_000), .duration(DurationValue(months: 14, days: -3, seconds: 86_401, nanoseconds: -500))),
        (pid(70_001), .bool(false)),
        (pid(UInt32.max), .int(Int64.min)),
    ]

    // MARK: - Lookups and merging

    @Suite struct Lookups {
        @Test func presentAndAbsentKeys() throws {
            let bytes = try encoded([(pid(10), .int(1)), (pid(300), .string("mid")), (pid(70_000), .int(-70_000))])
            withRun(bytes) { base in
                for absent: UInt32 in [0, 9, 11, 299, 301, 69_999, 70_001, UInt32.max] {
                    #expect(PropertyCodec.value(for: pid(absent), in: base) == nil)
                    #expect(!PropertyCodec.contains(pid(absent), in: base))
                    #expect(PropertyCodec.intValue(for: pid(absent), in: base) == nil)
                }
                #expect(PropertyCodec.intValue(for: pid(10), in: base) == 1)
                #expect(PropertyCodec.intValue(for: pid(300), in: base) == nil)
                #expect(PropertyCodec.contains(pid(300), in: base))
                #expect(PropertyCodec.intValue(for: pid(70_000), in: base) == -70_000)
                #expect(PropertyCodec.value(for: pid(300), in: base).map { sameValue($0, .string("mid")) } == true)
            }
        }

        @Test func emptyRun() throws {
            let bytes = try encoded([])
            #expect(bytes == [0])
            withRun(bytes) { base in
                #expect(PropertyCodec.value(for: pid(0), in: base) == nil)
                #expect(!PropertyCodec.contains(pid(0), in: base))
                #expect(PropertyCodec.decodeAll(base).isEmpty)
                #expect(PropertyCodec.encodedLength(base) == 1)
            }
            #expect(validate(bytes))
        }

        @Test func lookupsSkipEveryType() throws {
            // An int after each type exercises the skip length of that type.
            for (index, (_, value)) in allTypesSample.enumerated() {
                let bytes = try encoded([(pid(1), value), (pid(2), .int(Int64(index)))])
                withRun(bytes) { base in
                    #expect(PropertyCodec.intValue(for: pid(2), in: base) == Int64(index), "\(value)")
                    #expect(PropertyCodec.encodedLength(base) == bytes.count)
                }
            }
            let bytes = try encoded(allTypesSample)
            withRun(bytes) { base in
                for (id, value) in allTypesSample {
                    #expect(PropertyCodec.value(for: id, in: base).map { sameValue($0, value) } == true)
                }
            }
        }

        @Test func forEachStopsEarly() throws {
            let bytes = try encoded(allTypesSample)
            var seen: [PropertyID] = []
            withRun(bytes) { base in
                PropertyCodec.forEach(in: base) { id, _ in
                    seen.append(id)
                    return seen.count < 3
                }
            }
            #expect(seen == [pid(1), pid(2), pid(3)])
        }

        @Test func applyingSetsReplacesAndRemoves() throws {
            let bytes = try encoded([(pid(2), .int(2)), (pid(5), .string("five")), (pid(9), .bool(true))])
            let result = withRun(bytes) { base in
                PropertyCodec.applying(
                    [
                        (pid(7), .int(7)),  // new, between
                        (pid(5), .float(5.5)),  // replace
                        (pid(9), .null),  // remove
                        (pid(1), .string("one")),  // new, before
                        (pid(100), .null),  // remove absent: no-op
                        (pid(12), .int(1)),  // new after, then overwritten below
                        (pid(12), .int(12)),
                        (pid(3), .int(3)),  // set then removed: last wins
                        (pid(3), .null),
                    ],
                    to: base)
            }
            #expect(
                sameProperties(
                    result,
                    [(pid(1), .string("one")), (pid(2), .int(2)), (pid(5), .float(5.5)), (pid(7), .int(7)), (pid(12), .int(12))]))
            try roundTrip(result)
        }

        @Test func applyingToNothing() throws {
            #expect(PropertyCodec.applying([], to: nil).isEmpty)
            #expect(PropertyCodec.applying([(pid(1), .null)], to: nil).isEmpty)
            #expect(sameProperties(PropertyCodec.applying([(pid(4), .int(4)), (pid(2), .int(2))], to: nil), [(pid(2), .int(2)), (pid(4), .int(4))]))
            let bytes = try encoded([(pid(1), .int(1))])
            withRun(bytes) { base in
                #expect(PropertyCodec.applying([(pid(1), .null)], to: base).isEmpty)
                #expect(sameProperties(PropertyCodec.applying([], to: base), [(pid(1), .int(1))]))
            }
        }
    }

    // MARK: - Validation

    @Suite struct Validation {
        static let samples: [[(PropertyID, Value)]] = [
            [],
            [(pid(1), .int(1))],
            [(pid(300), .int(Int64.min)), (pid(70_000), .float(0.1))],
            allTypesSample,
            [(pid(1), nestedMixed(12))],
            [(pid(1), .map(["ключ": .list([.string("🙂"), .null])]))],
        ]

        @Test func acceptsEveryEncoding() throws {
            for properties in Self.samples {
                let bytes = try encoded(properties)
                #expect(validate(bytes))
                #expect(validatedLength(bytes) == bytes.count)
            }
            #expect(validate(try encoded([(pid(1), nestedList(Limits.valueNestingDepthMax))])))
            #expect(validate(try encoded([(pid(1), nestedMap(Limits.valueNestingDepthMax))])))
        }

        @Test func rejectsEveryTruncation() throws {
            for properties in Self.samples {
                let bytes = try encoded(properties)
                for length in 0..<bytes.count {
                    let truncated = Array(bytes[..<length])
                    #expect(!validate(truncated), "length \(length) of \(bytes.count)")
                    #expect(validatedLength(truncated) == nil)
                    // Garbage after the cut must not make the validator read out of bounds.
                    _ = validatedLength(truncated + [0xFF, 0xFF, 0xFF, 0xFF])
                }
            }
        }

        @Test func trailingBytes() throws {
            let bytes = try encoded(allTypesSample)
            let longer = bytes + [0x30, 0x01]
            #expect(!validate(longer))
            #expect(validatedLength(longer) == bytes.count)
        }

        @Test func rejectsNonCanonicalAndMalformedRuns() {
            let bad: [[UInt8]] = [
                [],  // no terminator
                [0x31, 1, 5, 0, 0],  // int 5 in 2 bytes
                [0x34, 1, 0, 5, 0],  // id 1 in 2 bytes
                [0x3C, 1, 5, 0],  // id width code 3
                [0x30, 2, 1, 0x30, 1, 1, 0],  // ids descending
                [0x30, 1, 1, 0x30, 1, 1, 0],  // duplicate id
                [0x10, 1, 0],  // top-level null
                [0x11, 1, 0],  // null with payload bits
                [0x22, 1, 0],  // bool payload code 2
                [0xD0, 1, 0],  // reserved tag 13
                [0xF0, 1, 0],  // reserved tag 15
                [0x40, 1, 1, 0],  // float with payload code 0
                [0x43, 1, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0],  // 1.0 in 8 bytes (fits 4)
                [0x43, 1, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F, 0],  // quiet NaN in 8 bytes (fits 4)
                [0x43, 1, 0, 0, 0, 0x20, 0, 0, 0xF0, 0x7F, 0],  // Float32-sized NaN payload in 8 bytes
                [0x50, 1, 2, 0xC3, 0x28, 0],  // invalid UTF-8
                [0x50, 1, 1, 0xFF, 0],  // invalid UTF-8
                [0x50, 1, 5, 0x61, 0],  // string longer than the run
                [0x60, 1, 3, 0x34, 0x05, 0x01, 0],  // list element META with id bits set
                [0x60, 1, 3, 0x30, 0x05, 0],  // body length past its elements
                [0x60, 1, 1, 0x30, 0x05, 0],  // element crosses the body's end
                [0x70, 1, 6, 0x10, 1, 0x62, 0x10, 1, 0x61, 0],  // map keys out of order
                [0x70, 1, 6, 0x10, 1, 0x61, 0x10, 1, 0x61, 0],  // duplicate map keys
                [0x70, 1, 3, 0x10, 1, 0xFF, 0],  // map key not UTF-8
                [0xA1, 1, 0, 0, 0, 0],  // localDateTime with payload code 1
                [0xA0, 1, 0x10, 0, 0, 0],  // localDateTime reserved widths bits
                [0xA0, 1, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],  // nanos 8 bytes wide
                [0xB0, 1, 0x40, 0, 0, 0, 0, 0],  // dateTime without zone, zone width bits set
                [0xB2, 1, 0x00, 0, 0, 0, 0],  // dateTime payload code 2
                [0xB1, 1, 0x00, 0, 0, 0, 3, 0x61, 0],  // zone id longer than the run
                [0xC1, 1, 0, 0, 0, 0, 0, 0],  // duration payload code 1
                [0x30, 1, 5],  // no terminator
            ]
            for bytes in bad {
                #expect(!validate(bytes), "\(bytes)")
            }
            #expect(validate([0x60, 1, 2, 0x30, 0x05, 0]))  // the well-formed list [5]
        }

        /// A run whose property 9 is a list nested `depth` deep around the int 1, built outside in.
        static func deepRun(depth: Int) -> [UInt8] {
            func lengthCode(_ n: Int) -> UInt8 { n <= 0xFF ? 0 : n <= 0xFFFF ? 1 : 2 }
            var sizes = [2]  // sizes[k]: bytes of the element nested k deep; the int 1 takes 2
            for k in 1...depth {
                sizes.append(sizes[k - 1] + 1 + (1 << Int(lengthCode(sizes[k - 1]))))
            }
            var out: [UInt8] = []
            for k in stride(from: depth, through: 1, by: -1) {
                let body = sizes[k - 1]
                let code = lengthCode(body)
                out.append(0x60 | code)
                if k == depth { out.append(9) }
                for i in 0..<(1 << Int(code)) { out.append(UInt8(truncatingIfNeeded: body >> (8 * i))) }
            }
            return out + [0x30, 1, 0]
        }

        @Test func rejectsNestingPastTheLimit() throws {
            let atLimit = Self.deepRun(depth: Limits.valueNestingDepthMax)
            #expect(atLimit == (try encoded([(pid(9), nestedList(Limits.valueNestingDepthMax))])))
            #expect(validate(atLimit))
            #expect(!validate(Self.deepRun(depth: Limits.valueNestingDepthMax + 1)))
            // Input claiming to nest very deeply is rejected without exhausting the stack.
            #expect(!validate(Self.deepRun(depth: 100_000)))
        }

        @Test func randomGarbageNeverCrashes() {
            var rng = SplitMix64(seed: 0xBAD_5EED)
            for _ in 0..<20_000 {
                let count = Int.random(in: 0...40, using: &rng)
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if validate(bytes) {
                    // Whatever passes must decode and re-encode to the same bytes.
                    let decoded = withRun(bytes) { PropertyCodec.decodeAll($0) }
                    #expect((try? encoded(decoded)) == bytes, "\(bytes)")
                }
            }
        }

        @Test func mutatedEncodingsNeverCrash() throws {
            var rng = SplitMix64(seed: 42)
            for properties in Self.samples where !properties.isEmpty {
                let original = try encoded(properties)
                for _ in 0..<2_000 {
                    var bytes = original
                    for _ in 0..<Int.random(in: 1...3, using: &rng) {
                        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                    if validate(bytes) {
                        let decoded = withRun(bytes) { PropertyCodec.decodeAll($0) }
                        #expect((try? encoded(decoded)) == bytes, "\(bytes)")
                    }
                }
            }
        }
    }

    // MARK: - Randomized round trip

    @Suite struct Randomized {
        static func randomString(_ rng: inout SplitMix64) -> String {
            let length = Int.random(in: 0...12, using: &rng)
            var s = String.UnicodeScalarView()
            for _ in 0..<length {
                let pick = Int.random(in: 0..<10, using: &rng)
                let scalar: UInt32
                switch pick {
                case 0..<6: scalar = UInt32.random(in: 0x20...0x7E, using: &rng)
                case 6, 7: scalar = UInt32.random(in: 0xA0...0xD7FF, using: &rng)
                case 8: scalar = UInt32.random(in: 0xE000...0xFFFD, using: &rng)
                default: scalar = UInt32.random(in: 0x1_0000...0x10_FFFF, using: &rng)
                }
                s.append(Unicode.Scalar(scalar)!)
            }
            return String(s)
        }

        static func randomInt(_ rng: inout SplitMix64) -> Int64 {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: return Int64.random(in: -128...127, using: &rng)
            case 1: return Int64.random(in: -40_000...40_000, using: &rng)
            case 2: return Int64.random(in: Int64(Int32.min)...Int64(Int32.max), using: &rng)
            case 3: return boundaryInts[Int.random(in: 0..<boundaryInts.count, using: &rng)]
            default: return Int64(bitPattern: rng.next())
            }
        }

        static func randomValue(_ rng: inout SplitMix64, depth: Int, allowNull: Bool) -> Value {
            let kinds = depth >= 3 ? 11 : 13
            switch Int.random(in: 0..<kinds, using: &rng) {
            case 0: return allowNull ? .null : .bool(true)
            case 1: return .bool(Bool.random(using: &rng))
            case 2, 3: return .int(randomInt(&rng))
            case 4:
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: return .float(Double(bitPattern: rng.next()))
                case 1: return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))))
                default: return .float(Double(Int.random(in: -1000...1000, using: &rng)) / 8)
                }
            case 5: return .string(randomString(&rng))
            case 6: return .date(DateValue(daysSinceEpoch: randomInt(&rng)))
            case 7: return .localTime(LocalTimeValue(nanosecondsSinceMidnight: randomInt(&rng)))
            case 8:
                return .localDateTime(
                    LocalDateTimeValue(secondsSinceEpoch: randomInt(&rng), nanoseconds: Int32(truncatingIfNeeded: randomInt(&rng))))
            case 9:
                return .dateTime(
                    DateTimeValue(
                        secondsSinceEpochUTC: randomInt(&rng), nanoseconds: Int32(truncatingIfNeeded: randomInt(&rng)),
                        offsetSeconds: Int32(truncatingIfNeeded: randomInt(&rng)),
                        zoneID: Bool.random(using: &rng) ? nil : randomString(&rng)))
            case 10:
                return .duration(
                    DurationValue(
                        months: randomInt(&rng), days: randomInt(&rng), seconds: randomInt(&rng),
                        nanoseconds: Int32(truncatingIfNeeded: randomInt(&rng))))
            case 11:
                let count = Int.random(in: 0...5, using: &rng)
                return .list((0..<count).map { _ in randomValue(&rng, depth: depth + 1, allowNull: true) })
            default:
                var map: [String: Value] = [:]
                for _ in 0..<Int.random(in: 0...5, using: &rng) {
                    map[randomString(&rng)] = randomValue(&rng, depth: depth + 1, allowNull: true)
                }
                return .map(map)
            }
        }

        static func randomID(_ rng: inout SplitMix64) -> UInt32 {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0, 1: return UInt32.random(in: 0...255, using: &rng)
            case 2: return UInt32.random(in: 0...70_000, using: &rng)
            default: return UInt32.random(in: 0...UInt32.max, using: &rng)
            }
        }

        @Test func randomPropertySetsRoundTrip() throws {
            var rng = SplitMix64(seed: 0x5EED_0001)
            for _ in 0..<4_000 {
                var ids = Set<UInt32>()
                for _ in 0..<Int.random(in: 0...12, using: &rng) { ids.insert(Self.randomID(&rng)) }
                let properties = ids.sorted().map { (pid($0), Self.randomValue(&rng, depth: 0, allowNull: false)) }
                let bytes = try encoded(properties)
                try withRun(bytes) { (base) throws in
                    #expect(PropertyCodec.encodedLength(base) == bytes.count)
                    let decoded = PropertyCodec.decodeAll(base)
                    #expect(sameProperties(decoded, properties))
                    #expect(try encoded(decoded) == bytes)
                    for (id, value) in properties {
                        #expect(PropertyCodec.value(for: id, in: base).map { sameValue($0, value) } == true)
                    }
                    for _ in 0..<4 {
                        let probe = Self.randomID(&rng)
                        #expect(PropertyCodec.contains(pid(probe), in: base) == ids.contains(probe))
                    }
                }
                #expect(validate(bytes))
            }
        }

        @Test func randomApplyingMatchesADictionaryModel() throws {
            var rng = SplitMix64(seed: 0x5EED_0002)
            var model: [UInt32: Value] = [:]
            var bytes = try encoded([])
            for _ in 0..<1_000 {
                var changes: [(PropertyID, Value)] = []
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    let id = UInt32.random(in: 0...40, using: &rng)
                    let value: Value = Int.random(in: 0..<3, using: &rng) == 0 ? .null : .int(Self.randomInt(&rng))
                    changes.append((pid(id), value))
                    model[id] = value.isNull ? nil : value
                }
                let next = withRun(bytes) { PropertyCodec.applying(changes, to: $0) }
                let expected: [(PropertyID, Value)] = model.sorted { $0.key < $1.key }.map { (pid($0.key), $0.value) }
                #expect(sameProperties(next, expected))
                bytes = try encoded(next)
            }
        }
    }
}
