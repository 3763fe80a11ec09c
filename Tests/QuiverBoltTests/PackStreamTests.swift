// PackStream codec tests: exact bytes of known encodings, round trips of every value type in the
// 4.x and 5.x shapes, legacy DateTime conversion, limits (nesting, sizes, lying headers) and a
// bounded fuzz run in which random and mutated bytes must decode or fail with a typed error.
import NIOCore
import QuiverCore
import Testing
@testable import QuiverBolt

@Suite struct PackStreamTests {
    @Test func knownEncodings() throws {
        let cases: [(BoltValue, String)] = [
            (.null, "C0"), (true, "C3"), (false, "C2"),
            (0, "00"), (127, "7F"), (-16, "F0"), (-1, "FF"), (-17, "C8 EF"), (-128, "C8 80"), (128, "C9 00 80"),
            (-129, "C9 FF 7F"), (32_767, "C9 7F FF"), (32_768, "CA 00 00 80 00"), (2_147_483_648, "CB 00 00 00 00 80 00 00 00"),
            (.int(Int64.min), "CB 80 00 00 00 00 00 00 00"),
            (1.1, "C1 3F F1 99 99 99 99 99 9A"),
            ("", "80"), ("A", "81 41"), (.string(String(repeating: "a", count: 16)), "D0 10" + String(repeating: " 61", count: 16)),
            ([], "90"), ([1, 2, 3], "93 01 02 03"), (["k": 1], "A1 81 6B 01"),
            (.bytes([1, 2]), "CC 02 01 02"),
            (.date(DateValue(daysSinceEpoch: 1)), "B1 44 01"),
            (.localTime(LocalTimeValue(nanosecondsSinceMidnight: 1)), "B1 74 01"),
            (.duration(DurationValue(months: 0, days: 1, seconds: 2, nanoseconds: 3)), "B4 45 00 01 02 03"),
        ]
        for (value, expected) in cases {
            #expect(try encode(value) == bytes(expected), "\(value)")
            #expect(try decode(bytes(expected)) == value, "\(expected)")
        }
        // Decoders accept any integer width.
        #expect(try decode(bytes("CB 00 00 00 00 00 00 00 01")) == 1)
        #expect(try decode(bytes("C8 05")) == 5)
        #expect(try decode(bytes("D4 01 01")) == [1])
        #expect(try decode(bytes("D8 01 81 6B 01")) == ["k": 1])
    }

    @Test func nodeShapesFollowTheVersion() throws {
        let node = BoltNode(id: 7, labels: ["L"], properties: ["p": 1])
        #expect(try encode(.node(node), format: .v4) == bytes("B3 4E 07 91 81 4C A1 81 70 01"))
        #expect(try encode(.node(node), format: .v5) == bytes("B4 4E 07 91 81 4C A1 81 70 01 81 37"))
        let relationship = BoltRelationship(id: 1, startNodeID: 2, endNodeID: 3, type: "T", properties: [:])
        #expect(try encode(.relationship(relationship), format: .v4) == bytes("B5 52 01 02 03 81 54 A0"))
        #expect(try encode(.relationship(relationship), format: .v5) == bytes("B8 52 01 02 03 81 54 A0 81 31 81 32 81 33"))
    }

    static var samples: [BoltValue] {
        let node = BoltNode(id: 1, labels: ["Person", "Émigré"], properties: ["name": "Ada", "age": 36], elementID: "1")
        let other = BoltNode(id: 2, labels: [], properties: [:], elementID: "2")
        let unbound = BoltUnboundRelationship(id: 9, type: "KNOWS", properties: ["since": 1999], elementID: "9")
        return [
            .null, true, 0, -1, 1_000_000_000_000, 3.5, .float(-0.0), .float(.infinity), "héllo 😀",
            .string(String(repeating: "x", count: 70_000)), .bytes([]), .bytes(Array(repeating: 7, count: 300)),
            [1, "two", [3.0, nil]], ["a": ["b": ["c": []]], "": 1],
            .list(Array(repeating: 1, count: 70_000)),
            .node(node),
            .relationship(BoltRelationship(id: 9, startNodeID: 1, endNodeID: 2, type: "KNOWS", properties: ["w": 0.5],
                                           elementID: "9", startNodeElementID: "1", endNodeElementID: "2")),
            .unboundRelationship(unbound),
            .path(BoltPath(nodes: [node, other], relationships: [unbound], indices: [1, 1])),
            .date(DateValue(daysSinceEpoch: -719_162)),
            .time(BoltTime(nanosecondsSinceMidnight: 3_600_000_000_123, offsetSeconds: -5400)),
            .localTime(LocalTimeValue(nanosecondsSinceMidnight: 86_399_999_999_999)),
            .localDateTime(LocalDateTimeValue(secondsSinceEpoch: -1, nanoseconds: 999_999_999)),
            .dateTime(DateTimeValue(secondsSinceEpochUTC: 1_700_000_000, nanoseconds: 5, offsetSeconds: 3600, zoneID: nil)),
            .dateTime(DateTimeValue(secondsSinceEpochUTC: 1_700_000_000, nanoseconds: 5, offsetSeconds: 3600, zoneID: "Europe/Zagreb")),
            .dateTime(DateTimeValue(secondsSinceEpochUTC: 1_690_000_000, nanoseconds: 0, offsetSeconds: 7200, zoneID: "Europe/Zagreb")),
            .duration(DurationValue(months: 14, days: -3, seconds: 86_401, nanoseconds: -5)),
            .point2D(BoltPoint2D(srid: 7203, x: 1.5, y: -2)),
            .point3D(BoltPoint3D(srid: 4979, x: 1, y: 2, z: 3)),
        ]
    }

    @Test(arguments: [PackStreamFormat.v4, .v5, PackStreamFormat(elementIDs: false, utcDateTime: true)])
    func everyTypeRoundTrips(format: PackStreamFormat) throws {
        for sample in Self.samples {
            var expected = sample
            if !format.elementIDs { expected = Self.withoutElementIDs(sample) }
            #expect(try decode(encode(sample, format: format)) == expected, "\(sample)")
        }
    }

    static func withoutElementIDs(_ value: BoltValue) -> BoltValue {
        switch value {
        case .node(var node):
            node.elementID = nil
            return .node(node)
        case .relationship(var relationship):
            relationship.elementID = nil
            relationship.startNodeElementID = nil
            relationship.endNodeElementID = nil
            return .relationship(relationship)
        case .unboundRelationship(var relationship):
            relationship.elementID = nil
            return .unboundRelationship(relationship)
        case .path(var path):
            path.nodes = path.nodes.map { node in
                var node = node
                node.elementID = nil
                return node
            }
            path.relationships = path.relationships.map { relationship in
                var relationship = relationship
                relationship.elementID = nil
                return relationship
            }
            return .path(path)
        default:
            return value
        }
    }

    @Test func dateTimeForms() throws {
        let instant = DateTimeValue(secondsSinceEpochUTC: 1_000, nanoseconds: 7, offsetSeconds: 3600, zoneID: nil)
        // 5.x: UTC seconds under `I`; legacy: local seconds (UTC + offset) under `F`.
        #expect(try encode(.dateTime(instant), format: .v5) == bytes("B3 49 C9 03 E8 07 C9 0E 10"))
        #expect(try encode(.dateTime(instant), format: .v4) == bytes("B3 46 C9 11 F8 07 C9 0E 10"))
        // Zone-id forms: `i` carries UTC seconds, legacy `f` local seconds (Zagreb is +01:00 in January).
        let zoned = DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 3600, zoneID: "Europe/Zagreb")
        let utcForm = try encode(.dateTime(zoned), format: .v5)
        #expect(Array(utcForm.prefix(4)) == bytes("B3 69 00 00"))
        let legacyForm = try encode(.dateTime(zoned), format: .v4)
        #expect(Array(legacyForm.prefix(5)) == bytes("B3 66 C9 0E 10"))
        #expect(try decode(legacyForm) == .dateTime(zoned))
        #expect(try decode(utcForm) == .dateTime(zoned))
        // Unknown zones and out-of-range fields are typed errors.
        #expect(throws: PackStreamError.self) { try decode(bytes("B3 69 00 00 84 4E 6F 70 65")) }
        #expect(throws: PackStreamError.self) { try decode(bytes("B3 49 00 CA 3B 9A CA 00 00")) }
        #expect(throws: PackStreamError.self) { try decode(bytes("B3 49 00 00 CA 00 01 00 00")) }
    }

    @Test func durationNanosecondsFoldIntoSeconds() throws {
        let decoded = try decode(bytes("B4 45 00 00 01 CA 77 35 94 01"))  // 2,000,000,001 ns
        #expect(decoded == .duration(DurationValue(months: 0, days: 0, seconds: 3, nanoseconds: 1)))
    }

    @Test func duplicateMapKeysLastWins() throws {
        let decoded = try decode(bytes("A2 81 61 01 81 61 02"))
        #expect(decoded == ["a": 2])
        var many: [UInt8] = [0xD8, 20]
        for index in 0..<20 { many += [0x81, 0x61, UInt8(index)] }
        #expect(try decode(many) == ["a": 19])
    }

    @Test func limitsAreTypedErrors() throws {
        // 100,000-deep nested list: refused at the nesting limit, no stack overflow.
        #expect(throws: PackStreamError.nestingTooDeep(limit: 64)) { try decode(BoltValue.nestedList(depth: 100_000)) }
        #expect(try decode(BoltValue.nestedList(depth: 64)) != .null)
        // Lying headers: a huge declared size with few bytes present.
        #expect(throws: PackStreamError.truncated) { try decode(bytes("D6 00 FF FF FF 01")) }
        #expect(throws: PackStreamError.truncated) { try decode(bytes("DA 00 10 00 00")) }
        #expect(throws: PackStreamError.collectionTooLarge(4_294_967_295)) { try decode(bytes("D6 FF FF FF FF")) }
        #expect(throws: PackStreamError.stringTooLong(100)) {
            try decode([0xD0, 100] + Array(repeating: 0x61, count: 100), limits: BoltLimits(maxStringBytes: 99))
        }
        #expect(throws: PackStreamError.collectionTooLarge(3)) { try decode(bytes("93 01 02 03"), limits: BoltLimits(maxCollectionCount: 2)) }
        #expect(throws: PackStreamError.invalidUTF8) { try decode(bytes("82 C3 28")) }
        #expect(throws: PackStreamError.mapKeyNotString) { try decode(bytes("A1 01 01")) }
        #expect(throws: PackStreamError.invalidMarker(0xDF)) { try decode(bytes("DF")) }
        #expect(throws: PackStreamError.unknownStructure(tag: 0x7A)) { try decode(bytes("B0 7A")) }
        #expect(throws: PackStreamError.trailingBytes(1)) { try decode(bytes("01 02")) }
        #expect(throws: PackStreamError.self) { try decode(bytes("B2 4E 01 90")) }  // 2-field node
        #expect(throws: PackStreamError.self) { try decode(bytes("B3 50 91 01 90 90")) }  // path of ints
    }

    @Test func encoderRefusesRunawayNesting() {
        var value: BoltValue = 1
        for _ in 0..<1_500 { value = [value] }
        #expect(throws: PackStreamError.nestingTooDeep(limit: BoltLimits.hardMaxNestingDepth)) { try encode(value) }
    }

    /// Random bytes and mutations of valid encodings: decode or throw, never trap.
    @Test func fuzzedBytesNeverTrap() throws {
        var generator = SplitMix64(seed: 0xB017)
        let seeds = try Self.samples.map { try encode($0) }.filter { $0.count < 2_000 }
        var decoded = 0, failed = 0
        for round in 0..<20_000 {
            var data: [UInt8]
            if round % 2 == 0 {
                data = (0..<Int(generator.next() % 40)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                data = seeds[Int(generator.next() % UInt64(seeds.count))]
                for _ in 0...(generator.next() % 4) where !data.isEmpty {
                    let position = Int(generator.next() % UInt64(data.count))
                    switch generator.next() % 3 {
                    case 0: data[position] = UInt8(truncatingIfNeeded: generator.next())
                    case 1: data.remove(at: position)
                    default: data.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
                    }
                }
            }
            do {
                _ = try decode(data)
                decoded += 1
            } catch {
                failed += 1
            }
            // The same bytes as a request message must also decode or fail cleanly.
            _ = try? BoltRequest.decode(ByteBuffer(bytes: data), version: BoltVersion(5, 4), limits: BoltLimits())
        }
        #expect(decoded > 0 && failed > 0)
    }
}
