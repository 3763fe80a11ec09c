// TZifParser: decodes the binary time zone files of RFC 8536 (TZif, as compiled by zic into
// /usr/share/zoneinfo) into transition tables. Pure: bytes in, value out, no file access; a
// malformed file is nil, never a trap.
//
// Layout (all integers big-endian):
// | offset | size | field                                                        |
// |--------|------|--------------------------------------------------------------|
// | 0      | 4    | magic "TZif"                                                 |
// | 4      | 1    | version: 0 (v1), '2', '3' or '4'                             |
// | 5      | 15   | unused                                                       |
// | 20     | 4×6  | isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt        |
// | 44     | …    | data block: timecnt × T transition times, timecnt × 1 type   |
// |        |      | indices, typecnt × 6 ttinfo (int32 utoff, uint8 isdst,       |
// |        |      | uint8 desigidx), charcnt designation bytes, leapcnt × (T+4), |
// |        |      | isstdcnt bytes, isutcnt bytes. T = 4 in the v1 block.        |
// | v2+    |      | a second header and data block with T = 8, then the footer   |
// |        |      | "\n" POSIX-TZ-string "\n" for instants after the last        |
// |        |      | transition (PosixTimeZoneRule.swift).                        |
// Leap-second records are skipped: the zones under /usr/share/zoneinfo (not "right/") have none.

/// The transition table of one zone.
public struct TZifData: Sendable, Hashable {
    /// UTC seconds at which the offset changes, strictly ascending.
    public var transitionTimes: [Int64]
    /// The offset (seconds east of UTC) in force from the transition at the same index.
    public var transitionOffsets: [Int32]
    /// The offset before the first transition (RFC 8536: time type 0).
    public var initialOffset: Int32
    /// The POSIX TZ footer for instants after the last transition; nil when absent or empty.
    public var footer: String?
}

public enum TZifParser {
    static let headerBytes = 44

    public static func parse(_ bytes: [UInt8]) -> TZifData? {
        var reader = ByteReader(bytes: bytes)
        guard let v1 = readHeader(&reader) else { return nil }
        if v1.version == 0 {
            return readDataBlock(&reader, header: v1, timeBytes: 4)
        }
        // Skip the v1 block: its 32-bit times cannot reach past 2038.
        guard reader.skip(v1.dataBlockBytes(timeBytes: 4)), let v2 = readHeader(&reader),
              var data = readDataBlock(&reader, header: v2, timeBytes: 8),
              let footer = readFooter(&reader) else { return nil }
        data.footer = footer.isEmpty ? nil : footer
        return data
    }

    struct Header {
        var version: UInt8
        var isUTCCount, isStandardCount, leapCount, timeCount, typeCount, charCount: Int

        func dataBlockBytes(timeBytes: Int) -> Int {
            timeCount * (timeBytes + 1) + typeCount * 6 + charCount + leapCount * (timeBytes + 4)
                + isStandardCount + isUTCCount
        }
    }

    private static func readHeader(_ reader: inout ByteReader) -> Header? {
        guard let magic = reader.read(count: 4), magic.elementsEqual("TZif".utf8),
              let version = reader.readUInt8(), version == 0 || (UInt8(ascii: "2")...UInt8(ascii: "9")).contains(version),
              reader.skip(15) else { return nil }
        var counts: [Int] = []
        for _ in 0..<6 {
            guard let count = reader.readUInt32() else { return nil }
            counts.append(Int(count))
        }
        let header = Header(version: version == 0 ? 0 : version - UInt8(ascii: "0"),
                            isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2],
                            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
        // RFC 8536 §3.1: at least one type; the is* arrays are empty or one entry per type.
        guard header.typeCount >= 1, header.charCount >= 1,
              header.isUTCCount == 0 || header.isUTCCount == header.typeCount,
              header.isStandardCount == 0 || header.isStandardCount == header.typeCount,
              header.dataBlockBytes(timeBytes: 4) <= reader.remaining  // rejects absurd counts early
        else { return nil }
        return header
    }

    private static func readDataBlock(_ reader: inout ByteReader, header: Header, timeBytes: Int) -> TZifData? {
        guard header.dataBlockBytes(timeBytes: timeBytes) <= reader.remaining else { return nil }
        var times: [Int64] = []
        times.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount {
            guard let time = timeBytes == 8 ? reader.readInt64() : reader.readInt32().map(Int64.init) else { return nil }
            if let previous = times.last, time <= previous { return nil }
            times.append(time)
        }
        var typeIndices: [Int] = []
        typeIndices.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount {
            guard let index = reader.readUInt8(), Int(index) < header.typeCount else { return nil }
            typeIndices.append(Int(index))
        }
        var typeOffsets: [Int32] = []
        for _ in 0..<header.typeCount {
            guard let offset = reader.readInt32(), offset != Int32.min, reader.skip(2) else { return nil }
            typeOffsets.append(offset)
        }
        let rest = header.charCount + header.leapCount * (timeBytes + 4) + header.isStandardCount + header.isUTCCount
        guard reader.skip(rest) else { return nil }
        return TZifData(transitionTimes: times, transitionOffsets: typeIndices.map { typeOffsets[$0] },
                        initialOffset: typeOffsets[0], footer: nil)
    }

    /// The footer text ("" when the file has none); nil when it is cut short, so that a truncated
    /// file can never pass for one with a shorter, different rule.
    private static func readFooter(_ reader: inout ByteReader) -> String? {
        if reader.remaining == 0 { return "" }
        guard reader.readUInt8() == UInt8(ascii: "\n") else { return nil }
        var text: [UInt8] = []
        while true {
            guard let byte = reader.readUInt8() else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: text, as: UTF8.self) }
            text.append(byte)
        }
    }
}

/// A bounds-checked big-endian cursor over a byte array.
struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    var remaining: Int { bytes.count - position }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        position += count
        return true
    }

    mutating func read(count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func readUInt8() -> UInt8? { read(count: 1)?.first }

    mutating func readUInt32() -> UInt32? {
        guard let slice = read(count: 4) else { return nil }
        return slice.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readInt32() -> Int32? { readUInt32().map { Int32(bitPattern: $0) } }

    mutating func readInt64() -> Int64? {
        guard let slice = read(count: 8) else { return nil }
        return Int64(bitPattern: slice.reduce(0) { $0 << 8 | UInt64($1) })
    }
}
