// Tests for TZifParser on hand-built files (v1 and v2+, with and without a footer), on every
// truncated prefix of a real file (nil, never a trap), and on corrupt headers and indices.
import Testing
@testable import QuiverCore

@Suite struct TZifParserTests {
    /// A TZif file with the given transitions (UTC seconds, type index) and types (offsets).
    static func file(version: UInt8, transitions: [(Int64, UInt8)], offsets: [Int32], footer: String?) -> [UInt8] {
        func be32(_ value: UInt32) -> [UInt8] { (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        func be64(_ value: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        func header() -> [UInt8] {
            Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
                + [0, 0, 0, UInt32(transitions.count), UInt32(offsets.count), 4].flatMap(be32)
        }
        func block(timeBytes: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            for (time, _) in transitions {
                bytes += timeBytes == 8 ? be64(UInt64(bitPattern: time)) : be32(UInt32(truncatingIfNeeded: time))
            }
            bytes += transitions.map(\.1)
            for offset in offsets { bytes += be32(UInt32(bitPattern: offset)) + [0, 0] }
            return bytes + Array("ABC\u{0}".utf8)
        }
        var bytes = header() + block(timeBytes: 4)
        if version != 0 {
            bytes += header() + block(timeBytes: 8)
            bytes += [UInt8(ascii: "\n")] + Array((footer ?? "").utf8) + [UInt8(ascii: "\n")]
        }
        return bytes
    }

    @Test func parsesAVersion2FileWithFooter() throws {
        let bytes = Self.file(version: UInt8(ascii: "2"), transitions: [(-3_000_000_000, 1), (100, 2)],
                              offsets: [3208, 3600, 7200], footer: "CET-1CEST,M3.5.0,M10.5.0/3")
        let data = try #require(TZifParser.parse(bytes))
        #expect(data.transitionTimes == [-3_000_000_000, 100])   // beyond 32 bits: the v2 block was used
        #expect(data.transitionOffsets == [3600, 7200])
        #expect(data.initialOffset == 3208)
        #expect(data.footer == "CET-1CEST,M3.5.0,M10.5.0/3")
        let rules = try #require(TimeZoneRules(data))
        #expect(rules.offset(utcSeconds: -4_000_000_000) == 3208)
        #expect(rules.offset(utcSeconds: 99) == 3600)
        #expect(rules.offset(utcSeconds: 100) == 7200)
        #expect(rules.offset(utcSeconds: 200) == 3600, "after the last transition the footer rules: January is CET")
    }

    @Test func parsesVersion1AndEmptyFooters() throws {
        let v1 = try #require(TZifParser.parse(Self.file(version: 0, transitions: [(0, 1)], offsets: [0, 3600], footer: nil)))
        #expect(v1.transitionTimes == [0] && v1.footer == nil)
        let noFooter = try #require(TZifParser.parse(
            Self.file(version: UInt8(ascii: "3"), transitions: [(0, 1)], offsets: [0, 3600], footer: "")))
        #expect(noFooter.footer == nil)
        #expect(TimeZoneRules(noFooter)?.offset(utcSeconds: 1 << 40) == 3600, "no footer: the last type lasts")
    }

    @Test func refusesCorruptFiles() {
        let good = Self.file(version: UInt8(ascii: "2"), transitions: [(0, 1), (10, 0)], offsets: [0, 3600], footer: "UTC0")
        #expect(TZifParser.parse(good) != nil)
        var badMagic = good
        badMagic[0] = UInt8(ascii: "X")
        #expect(TZifParser.parse(badMagic) == nil)
        #expect(TZifParser.parse(Self.file(version: UInt8(ascii: "2"), transitions: [(0, 5)], offsets: [0], footer: nil)) == nil,
                "type index out of range")
        #expect(TZifParser.parse(Self.file(version: UInt8(ascii: "2"), transitions: [(10, 0), (5, 0)], offsets: [0], footer: nil)) == nil,
                "transitions out of order")
        #expect(TZifParser.parse(Self.file(version: UInt8(ascii: "2"), transitions: [], offsets: [], footer: nil)) == nil,
                "no types")
        let badFooter = Self.file(version: UInt8(ascii: "2"), transitions: [], offsets: [0], footer: "not a rule!")
        #expect(TZifParser.parse(badFooter).flatMap(TimeZoneRules.init) == nil)
        #expect(TZifParser.parse([]) == nil)
    }

    @Test func everyTruncationOfARealFileIsRefusedOrParsed() throws {
        let bytes = try #require(TimeZoneDatabase.readFileFromDisk(TimeZoneDatabase.defaultDirectory + "/America/New_York"),
                                 "install the Debian package `tzdata`")
        let whole = try #require(TZifParser.parse(bytes))
        #expect(whole.footer == "EST5EDT,M3.2.0,M11.1.0")
        var accepted: [Int] = []
        for length in 0..<bytes.count {
            guard let parsed = TZifParser.parse(Array(bytes[0..<length])) else { continue }
            // Only a cut exactly where the footer begins leaves a whole (footer-less) file.
            accepted.append(length)
            #expect(parsed.transitionTimes == whole.transitionTimes && parsed.footer == nil)
        }
        #expect(accepted == [bytes.count - "\nEST5EDT,M3.2.0,M11.1.0\n".utf8.count])
    }
}
