// TemporalParsing: ISO-8601 text to temporal parts and durations, in every form the openCypher
// TCK and Neo4j accept: calendar (`2015-07-21`, `20150721`, `2015-07`), week (`2015-W30-2`,
// `2015W302`), ordinal (`2015-202`) and year-only dates; basic and extended times with a
// fraction; offsets (`Z`, `+01`, `+0100`, `+01:00`) and `[Region/City]` zone names; durations
// `P…Y…M…W…DT…H…M…S` with signed and fractional parts, and the `P2012-02-02T14:37:21.545` form.
// Only syntax and field ranges are checked here; zone names are resolved by the caller.

import QuiverCore

/// What a date/time string held. Absent parts are nil.
struct ParsedTemporal: Sendable {
    var days: Int64?
    var nanosecondsOfDay: Int64?
    var offsetSeconds: Int32?
    var zoneID: String?
}

enum TemporalParsing {
    private typealias Bytes = [UInt8]

    // MARK: Entry points

    static func date(_ text: String) throws(QuiverError) -> Int64 {
        let bytes = Array(text.utf8)
        guard let days = parseDate(bytes[...]) else { throw cannotParse(text, "date") }
        return days
    }

    /// A time of day with an optional offset or zone: `21:40:32.142+01:00`, `2140`, `12:00Z`.
    static func time(_ text: String) throws(QuiverError) -> ParsedTemporal {
        let bytes = Array(text.utf8)
        guard var cursor = ISOTextCursor(bytes[...]), let nanoseconds = cursor.time(),
              let (offset, zone) = cursor.zone(), cursor.atEnd else { throw cannotParse(text, "time") }
        return ParsedTemporal(days: nil, nanosecondsOfDay: nanoseconds, offsetSeconds: offset, zoneID: zone)
    }

    /// A date, optionally followed by `T` and a time with an optional offset or zone.
    static func dateTime(_ text: String) throws(QuiverError) -> ParsedTemporal {
        let bytes = Array(text.utf8)
        let separator = bytes.firstIndex { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") }
        guard let days = parseDate(bytes[..<(separator ?? bytes.endIndex)]) else { throw cannotParse(text, "date time") }
        guard let separator else { return ParsedTemporal(days: days) }
        guard var cursor = ISOTextCursor(bytes[(separator + 1)...]), let nanoseconds = cursor.time(),
              let (offset, zone) = cursor.zone(), cursor.atEnd else { throw cannotParse(text, "date time") }
        return ParsedTemporal(days: days, nanosecondsOfDay: nanoseconds, offsetSeconds: offset, zoneID: zone)
    }

    static func duration(_ text: String) throws(QuiverError) -> DurationValue {
        let bytes = Array(text.utf8).map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }
        guard let components = durationComponents(bytes[...]),
              let duration = DurationValue(components: components) else { throw cannotParse(text, "duration") }
        return duration
    }

    private static func cannotParse(_ text: String, _ kind: String) -> QuiverError {
        TemporalErrors.invalid("Text '\(text)' cannot be parsed to a \(kind).")
    }

    // MARK: Dates

    private static func parseDate(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard var cursor = ISOTextCursor(bytes), let year = cursor.year() else { return nil }
        if cursor.atEnd { return GregorianCalendar.daysSinceEpoch(year: year, month: 1, day: 1) }
        let extended = cursor.skip(UInt8(ascii: "-"))
        if cursor.skip(UInt8(ascii: "W")) {
            guard let week = cursor.digits(exactly: 2) else { return nil }
            var dayOfWeek = 1
            if !cursor.atEnd {
                _ = cursor.skip(UInt8(ascii: "-"))
                guard let day = cursor.digits(exactly: 1) else { return nil }
                dayOfWeek = Int(day)
            }
            guard cursor.atEnd, (1...GregorianCalendar.weeksInWeekYear(year)).contains(Int(week)),
                  (1...7).contains(dayOfWeek) else { return nil }
            return GregorianCalendar.daysSinceEpoch(weekYear: year, week: Int(week), dayOfWeek: dayOfWeek)
        }
        let run = cursor.digitRunLength
        if run == 3 {
            guard let ordinal = cursor.digits(exactly: 3), cursor.atEnd,
                  (1...GregorianCalendar.daysInYear(year)).contains(Int(ordinal)) else { return nil }
            return GregorianCalendar.daysSinceEpoch(year: year, ordinalDay: Int(ordinal))
        }
        let month: Int64?, day: Int64?
        if extended {
            guard run == 1 || run == 2 else { return nil }
            month = cursor.digits(exactly: run)
            if cursor.skip(UInt8(ascii: "-")) {
                let dayRun = cursor.digitRunLength
                day = (dayRun == 1 || dayRun == 2) ? cursor.digits(exactly: dayRun) : nil
                if day == nil { return nil }
            } else {
                day = 1
            }
        } else {
            guard run == 2 || run == 4 else { return nil }
            month = cursor.digits(exactly: 2)
            day = run == 4 ? cursor.digits(exactly: 2) : 1
        }
        guard cursor.atEnd, let month, let day,
              GregorianCalendar.isValidDate(year: year, month: Int(month), day: Int(day)) else { return nil }
        return GregorianCalendar.daysSinceEpoch(year: year, month: Int(month), day: Int(day))
    }

    // MARK: Durations

    private static func durationComponents(_ bytes: ArraySlice<UInt8>) -> [(DurationUnit, DurationAmount)]? {
        var cursor = bytes
        var negateAll = false
        if cursor.first == UInt8(ascii: "-") || cursor.first == UInt8(ascii: "+") {
            negateAll = cursor.first == UInt8(ascii: "-")
            cursor = cursor.dropFirst()
        }
        guard cursor.first == UInt8(ascii: "P"), cursor.count > 1 else { return nil }
        cursor = cursor.dropFirst()
        var components: [(DurationUnit, DurationAmount)]
        if let alternative = alternativeDuration(cursor) {
            components = alternative
        } else {
            guard let designated = designatedDuration(cursor) else { return nil }
            components = designated
        }
        if negateAll {
            components = components.map { unit, amount in
                switch amount {
                case .int(let value): (unit, .int(-value))
                case .float(let value): (unit, .float(-value))
                }
            }
        }
        return components
    }

    /// `nY nM nW nD T nH nM nS`, each part optional, signed, with a fraction.
    private static func designatedDuration(_ bytes: ArraySlice<UInt8>) -> [(DurationUnit, DurationAmount)]? {
        var cursor = bytes
        var components: [(DurationUnit, DurationAmount)] = []
        var inTime = false
        var allowed: [UInt8] = Array("YMWD".utf8)
        var sawPart = false
        while let first = cursor.first {
            if first == UInt8(ascii: "T") {
                guard !inTime else { return nil }
                inTime = true
                allowed = Array("HMS".utf8)
                cursor = cursor.dropFirst()
                guard !cursor.isEmpty else { return nil }
                continue
            }
            let numberEnd = cursor.firstIndex { !isNumberByte($0) } ?? cursor.endIndex
            guard numberEnd > cursor.startIndex, numberEnd < cursor.endIndex,
                  let position = allowed.firstIndex(of: cursor[numberEnd]) else { return nil }
            let designator = cursor[numberEnd]
            allowed.removeFirst(position + 1)
            guard let parts = durationNumber(cursor[..<numberEnd], unit: designator, inTime: inTime) else { return nil }
            components += parts
            sawPart = true
            cursor = cursor[(numberEnd + 1)...]
        }
        return sawPart ? components : nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")
    }

    /// One signed decimal amount of a unit. Seconds keep their fraction exact (as nanoseconds);
    /// other fractions cascade through DurationBuilder as floats.
    private static func durationNumber(_ text: ArraySlice<UInt8>, unit: UInt8, inTime: Bool) -> [(DurationUnit, DurationAmount)]? {
        let durationUnit: DurationUnit
        switch (unit, inTime) {
        case (UInt8(ascii: "Y"), false): durationUnit = .years
        case (UInt8(ascii: "M"), false): durationUnit = .months
        case (UInt8(ascii: "W"), false): durationUnit = .weeks
        case (UInt8(ascii: "D"), false): durationUnit = .days
        case (UInt8(ascii: "H"), true): durationUnit = .hours
        case (UInt8(ascii: "M"), true): durationUnit = .minutes
        case (UInt8(ascii: "S"), true): durationUnit = .seconds
        default: return nil
        }
        var body = text
        var negative = false
        if body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+") {
            negative = body.first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        let point = body.firstIndex { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
        let wholeDigits = body[..<(point ?? body.endIndex)]
        guard !wholeDigits.isEmpty, wholeDigits.allSatisfy(isDigit),
              let whole = Int64(String(decoding: wholeDigits, as: UTF8.self)) else { return nil }
        let sign: Int64 = negative ? -1 : 1
        guard let point else { return [(durationUnit, .int(sign * whole))] }
        let fractionDigits = body[(point + 1)...]
        guard !fractionDigits.isEmpty, fractionDigits.allSatisfy(isDigit) else { return nil }
        if durationUnit == .seconds {
            guard fractionDigits.count <= 9 else { return nil }
            let nanoseconds = Int64(String(decoding: fractionDigits, as: UTF8.self))!
                * power10(9 - fractionDigits.count)
            return [(.seconds, .int(sign * whole)), (.nanoseconds, .int(sign * nanoseconds))]
        }
        let decimal = String(decoding: wholeDigits, as: UTF8.self) + "." + String(decoding: fractionDigits, as: UTF8.self)
        guard let value = Double(decimal) else { return nil }
        return [(durationUnit, .float(negative ? -value : value))]
    }

    /// `YYYY-MM-DDThh:mm:ss[.fff]` (ISO 8601's alternative format), as in TCK Temporal2 [7].
    private static func alternativeDuration(_ bytes: ArraySlice<UInt8>) -> [(DurationUnit, DurationAmount)]? {
        guard var cursor = ISOTextCursor(bytes), let years = cursor.digits(exactly: 4), cursor.skip(UInt8(ascii: "-")),
              let months = cursor.digits(exactly: 2), cursor.skip(UInt8(ascii: "-")),
              let days = cursor.digits(exactly: 2) else { return nil }
        var components: [(DurationUnit, DurationAmount)] = [(.years, .int(years)), (.months, .int(months)), (.days, .int(days))]
        if cursor.atEnd { return components }
        guard cursor.skip(UInt8(ascii: "T")), let hours = cursor.digits(exactly: 2), cursor.skip(UInt8(ascii: ":")),
              let minutes = cursor.digits(exactly: 2), cursor.skip(UInt8(ascii: ":")),
              let seconds = cursor.digits(exactly: 2) else { return nil }
        let nanoseconds = cursor.fraction() ?? 0
        guard cursor.atEnd else { return nil }
        components += [(.hours, .int(hours)), (.minutes, .int(minutes)), (.seconds, .int(seconds)),
                       (.nanoseconds, .int(nanoseconds))]
        return components
    }

    fileprivate static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    fileprivate static func power10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

/// A read position in a byte slice with the small steps the ISO grammar needs.
private struct ISOTextCursor {
    var bytes: ArraySlice<UInt8>

    init?(_ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return nil }
        self.bytes = bytes
    }

    var atEnd: Bool { bytes.isEmpty }

    var digitRunLength: Int { bytes.prefix(while: TemporalParsing.isDigit).count }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard bytes.first == byte else { return false }
        bytes = bytes.dropFirst()
        return true
    }

    mutating func digits(exactly count: Int) -> Int64? {
        guard count > 0, bytes.count >= count else { return nil }
        var value: Int64 = 0
        for byte in bytes.prefix(count) {
            guard TemporalParsing.isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        bytes = bytes.dropFirst(count)
        return value
    }

    /// Four digits, or a sign and one to nine digits (years beyond 9999 or before 0).
    mutating func year() -> Int64? {
        guard let first = bytes.first else { return nil }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
            let run = digitRunLength
            guard (1...9).contains(run), let value = digits(exactly: run) else { return nil }
            return first == UInt8(ascii: "-") ? -value : value
        }
        return digits(exactly: 4)
    }

    /// `.` or `,` and one to nine digits, as nanoseconds; nil (consuming nothing) when absent.
    mutating func fraction() -> Int64? {
        guard bytes.first == UInt8(ascii: ".") || bytes.first == UInt8(ascii: ",") else { return nil }
        let run = bytes.dropFirst().prefix(while: TemporalParsing.isDigit).count
        guard (1...9).contains(run) else { return nil }
        bytes = bytes.dropFirst()
        return digits(exactly: run)! * TemporalParsing.power10(9 - run)
    }

    /// `HH[[:]MM[[:]SS[.fff]]]` as nanoseconds since midnight.
    mutating func time() -> Int64? {
        guard let hour = digits(exactly: 2), hour < 24 else { return nil }
        var minute: Int64 = 0, second: Int64 = 0, nanosecond: Int64 = 0
        let extended = bytes.first == UInt8(ascii: ":")
        if extended || digitRunLength >= 2 {
            if extended { bytes = bytes.dropFirst() }
            guard let parsedMinute = digits(exactly: 2), parsedMinute < 60 else { return nil }
            minute = parsedMinute
            let hasSeconds = extended ? bytes.first == UInt8(ascii: ":") : digitRunLength >= 2
            if hasSeconds {
                if extended { bytes = bytes.dropFirst() }
                guard let parsedSecond = digits(exactly: 2), parsedSecond < 60 else { return nil }
                second = parsedSecond
                if bytes.first == UInt8(ascii: ".") || bytes.first == UInt8(ascii: ",") {
                    guard let parsed = fraction() else { return nil }
                    nanosecond = parsed
                }
            }
        }
        return ((hour * 60 + minute) * 60 + second) * 1_000_000_000 + nanosecond
    }

    /// An optional offset (`Z`, `±hh[[:]mm[[:]ss]]`) then an optional `[Zone/Name]`.
    /// Returns nil when malformed; `(nil, nil)` when neither is present.
    mutating func zone() -> (Int32?, String?)? {
        var offset: Int32?
        if let first = bytes.first, first == UInt8(ascii: "Z") || first == UInt8(ascii: "z") {
            bytes = bytes.dropFirst()
            offset = 0
        } else if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            let end = bytes.firstIndex(of: UInt8(ascii: "[")) ?? bytes.endIndex
            guard let parsed = ZoneOffset.parse(String(decoding: bytes[..<end], as: UTF8.self)) else { return nil }
            offset = parsed
            bytes = bytes[end...]
        }
        var zoneID: String?
        if bytes.first == UInt8(ascii: "[") {
            guard bytes.last == UInt8(ascii: "]"), bytes.count > 2 else { return nil }
            zoneID = String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
            bytes = bytes[bytes.endIndex...]
        }
        return (offset, zoneID)
    }
}
