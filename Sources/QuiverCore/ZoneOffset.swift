// ZoneOffset: fixed UTC offsets written as text ("Z", "+01:00", "-0530", "+02:05:59"), parsed to
// and formatted from seconds east of UTC. Named IANA zones are TimeZoneDatabase's business.

public enum ZoneOffset {
    /// The widest offset accepted, as in java.time.ZoneOffset: ±18:00.
    public static let secondsMax: Int32 = 18 * 3600

    /// Seconds east of UTC for "Z" or a signed offset: `±h`, `±hh`, `±hhmm`, `±hh:mm`,
    /// `±hhmmss`, `±hh:mm:ss` (java.time.ZoneOffset.of's forms). nil for anything else or for an
    /// offset beyond ±18:00.
    public static func parse(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        if bytes == [UInt8(ascii: "Z")] { return 0 }
        guard let signByte = bytes.first, signByte == UInt8(ascii: "+") || signByte == UInt8(ascii: "-") else {
            return nil
        }
        let body = bytes.dropFirst()
        let digits: [Int]
        switch body.count {
        case 1, 2, 4, 6:
            guard let parsed = decimalDigits(body) else { return nil }
            digits = parsed
        case 5, 8:
            // hh:mm or hh:mm:ss: colons at every third position.
            let colonPositions = stride(from: body.startIndex + 2, to: body.endIndex, by: 3)
            guard colonPositions.allSatisfy({ body[$0] == UInt8(ascii: ":") }),
                  let parsed = decimalDigits(body.filter { $0 != UInt8(ascii: ":") }) else { return nil }
            digits = parsed
        default:
            return nil
        }
        let hours = digits.count == 1 ? digits[0] : digits[0] * 10 + digits[1]
        let minutes = digits.count >= 4 ? digits[2] * 10 + digits[3] : 0
        let seconds = digits.count == 6 ? digits[4] * 10 + digits[5] : 0
        guard minutes < 60, seconds < 60 else { return nil }
        let total = Int32(hours * 3600 + minutes * 60 + seconds)
        guard total <= secondsMax else { return nil }
        return signByte == UInt8(ascii: "-") ? -total : total
    }

    /// "Z" for zero, otherwise `±hh:mm`, with `:ss` only when the seconds are not zero
    /// (Neo4j's rendering, e.g. "+02:05:59" in TCK Temporal1 [13]).
    public static func format(_ offsetSeconds: Int32) -> String {
        if offsetSeconds == 0 { return "Z" }
        let magnitude = Int(offsetSeconds.magnitude)
        var text = offsetSeconds < 0 ? "-" : "+"
        text += twoDigits(magnitude / 3600) + ":" + twoDigits(magnitude / 60 % 60)
        if magnitude % 60 != 0 { text += ":" + twoDigits(magnitude % 60) }
        return text
    }

    private static func decimalDigits<C: Collection<UInt8>>(_ bytes: C) -> [Int]? {
        var digits: [Int] = []
        digits.reserveCapacity(bytes.count)
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            digits.append(Int(byte - UInt8(ascii: "0")))
        }
        return digits
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
