// TemporalFormatting: the ISO-8601 text of temporal values and durations exactly as Neo4j's
// toString() prints them (java.time's rendering), which is what the TCK compares. Pure text
// building; no parsing and no zone lookups.
//
// Rules:
// 1. Dates: `yyyy-MM-dd`; years outside 0...9999 carry a sign ("+10000", "-0001").
// 2. Times: `HH:mm`, then `:ss` only when seconds or nanoseconds are non-zero, then a fraction
//    of 3, 6 or 9 digits, the shortest that is exact (java.time.LocalTime.toString).
// 3. Offsets: `Z` or `±hh:mm[:ss]` (ZoneOffset.format); a named zone adds `[Region/City]`.
// 4. Durations: `P…Y…M…DT…H…M…S`, zero parts left out, `PT0S` for zero; hours, minutes and
//    seconds share the sign of the time part and the fraction drops trailing zeros
//    (Neo4j DurationValue.prettyPrint).

import QuiverCore

enum TemporalFormat {
    static func date(_ days: Int64) -> String {
        let ymd = GregorianCalendar.yearMonthDay(daysSinceEpoch: days)
        return year(ymd.year) + "-" + padded(Int64(ymd.month), 2) + "-" + padded(Int64(ymd.day), 2)
    }

    static func year(_ year: Int64) -> String {
        if year > 9999 { return "+" + String(year) }
        if year < 0 { return "-" + padded(-year, 4) }
        return padded(year, 4)
    }

    static func time(_ nanosecondsOfDay: Int64) -> String {
        let time = TimeOfDay(nanosecondsSinceMidnight: nanosecondsOfDay)
        var text = padded(Int64(time.hour), 2) + ":" + padded(Int64(time.minute), 2)
        if time.second == 0 && time.nanosecond == 0 { return text }
        text += ":" + padded(Int64(time.second), 2)
        if time.nanosecond == 0 { return text }
        if time.nanosecond % 1_000_000 == 0 {
            text += "." + padded(Int64(time.nanosecond / 1_000_000), 3)
        } else if time.nanosecond % 1000 == 0 {
            text += "." + padded(Int64(time.nanosecond / 1000), 6)
        } else {
            text += "." + padded(Int64(time.nanosecond), 9)
        }
        return text
    }

    static func localDateTime(days: Int64, nanosecondsOfDay: Int64) -> String {
        date(days) + "T" + time(nanosecondsOfDay)
    }

    static func dateTime(_ value: DateTimeValue) -> String {
        let parts = TemporalParts(.dateTime(value))!
        var text = localDateTime(days: parts.days!, nanosecondsOfDay: parts.nanosecondsOfDay!)
        text += ZoneOffset.format(value.offsetSeconds)
        if let zoneID = value.zoneID { text += "[" + zoneID + "]" }
        return text
    }

    static func duration(_ value: DurationValue) -> String {
        var text = "P"
        append(&text, value.months / 12, "Y")
        append(&text, value.months % 12, "M")
        append(&text, value.days, "D")
        if value.seconds != 0 || value.nanoseconds != 0 {
            // Seconds and nanoseconds already share one sign (DurationValue's invariant).
            text += "T"
            append(&text, value.seconds / 3600, "H")
            append(&text, value.seconds % 3600 / 60, "M")
            let seconds = value.seconds % 60
            let nanoseconds = Int64(value.nanoseconds)
            if seconds != 0 {
                text += String(seconds)
                if nanoseconds != 0 { text += fraction(nanoseconds) }
                text += "S"
            } else if nanoseconds != 0 {
                text += (nanoseconds < 0 ? "-0" : "0") + fraction(nanoseconds) + "S"
            }
        }
        return text == "P" ? "PT0S" : text
    }

    /// "." and the digits of |nanoseconds| / 10^9 without trailing zeros.
    private static func fraction(_ nanoseconds: Int64) -> String {
        var digits = padded(nanoseconds.magnitude, 9)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    private static func append(_ text: inout String, _ amount: Int64, _ unit: Character) {
        if amount != 0 {
            text += String(amount)
            text.append(unit)
        }
    }

    static func padded<Number: BinaryInteger>(_ value: Number, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
