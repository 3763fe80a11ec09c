// TemporalArithmetic: `+` and `-` between temporal values and durations, duration scaling by
// numbers (`*`, `/`), as ValueOperators needs them.
//
// Rules (Neo4j's DurationValue.addTo, checked against TCK Temporal8):
// 1. temporal ± duration applies months first (on the local date, clamping the day to the
//    month's length: Jan 31 + P1M = Feb 28), then days, then seconds and nanoseconds.
// 2. Kinds ignore what they cannot hold: a date takes only whole days of the time part
//    (P1DT25H adds two days), times ignore months and days and wrap around midnight.
// 3. A zoned date-time moves months and days on its local wall clock (keeping its offset when
//    still valid) and seconds on the instant time line.
// 4. duration ± duration adds field by field; duration × integer multiplies each field exactly;
//    × float and ÷ number go through doubles and cascade fractions down (Neo4j's
//    `approximate`: month fractions become days at 30.436875 days, day fractions seconds,
//    truncating at the nanosecond).

import QuiverCore

public enum TemporalArithmetic {
    /// `lhs + rhs` when either side is temporal (date/time kinds or duration); nil otherwise.
    public static func add(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? {
        guard isTemporal(lhs) || isTemporal(rhs) else { return nil }
        if lhs.isNull || rhs.isNull { return .null }
        switch (lhs, rhs) {
        case let (.duration(a), .duration(b)):
            return .duration(try combine(a, b, sign: 1))
        case let (.duration(duration), temporal), let (temporal, .duration(duration)):
            return try shift(temporal, by: duration, sign: 1)
        default:
            throw invalidTypes(lhs, rhs, "+")
        }
    }

    /// `lhs - rhs` when either side is temporal; nil otherwise.
    public static func subtract(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? {
        guard isTemporal(lhs) || isTemporal(rhs) else { return nil }
        if lhs.isNull || rhs.isNull { return .null }
        switch (lhs, rhs) {
        case let (.duration(a), .duration(b)):
            return .duration(try combine(a, b, sign: -1))
        case let (temporal, .duration(duration)):
            return try shift(temporal, by: duration, sign: -1)
        default:
            throw invalidTypes(lhs, rhs, "-")
        }
    }

    /// `duration * number`, `number * duration`; nil otherwise.
    public static func multiply(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? {
        guard isTemporal(lhs) || isTemporal(rhs) else { return nil }
        if lhs.isNull || rhs.isNull { return .null }
        switch (lhs, rhs) {
        case let (.duration(duration), .int(factor)), let (.int(factor), .duration(duration)):
            let fields = [duration.months, duration.days, duration.seconds, Int64(duration.nanoseconds)]
            var products: [Int64] = []
            for field in fields {
                let (product, overflow) = field.multipliedReportingOverflow(by: factor)
                if overflow { throw overflowError() }
                products.append(product)
            }
            guard let result = DurationValue.normalized(months: products[0], days: products[1],
                                                        seconds: products[2], nanoseconds: products[3]) else { throw overflowError() }
            return .duration(result)
        case let (.duration(duration), .float(factor)), let (.float(factor), .duration(duration)):
            return .duration(try approximate(duration, scale: { $0 * factor }))
        default:
            throw invalidTypes(lhs, rhs, "*")
        }
    }

    /// `duration / number`; nil otherwise.
    public static func divide(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? {
        guard isTemporal(lhs) || isTemporal(rhs) else { return nil }
        if lhs.isNull || rhs.isNull { return .null }
        let divisor: Double
        switch (lhs, rhs) {
        case (.duration, .int(let value)): divisor = Double(value)
        case (.duration, .float(let value)): divisor = value
        default: throw invalidTypes(lhs, rhs, "/")
        }
        guard case .duration(let duration) = lhs else { throw invalidTypes(lhs, rhs, "/") }
        if divisor == 0 { throw QuiverError(.invalidArgument, "Division of a duration by zero.", detail: "InvalidArgumentValue") }
        return .duration(try approximate(duration, scale: { $0 / divisor }))
    }

    // MARK: Durations

    static func combine(_ a: DurationValue, _ b: DurationValue, sign: Int64) throws(QuiverError) -> DurationValue {
        let (months, o1) = a.months.addingReportingOverflow(b.months.multipliedReportingOverflow(by: sign).partialValue)
        let (days, o2) = a.days.addingReportingOverflow(b.days.multipliedReportingOverflow(by: sign).partialValue)
        let (seconds, o3) = a.seconds.addingReportingOverflow(b.seconds.multipliedReportingOverflow(by: sign).partialValue)
        let negationOverflows = sign < 0 && (b.months == .min || b.days == .min || b.seconds == .min)
        guard !o1, !o2, !o3, !negationOverflows, let result = DurationValue.normalized(
            months: months, days: days, seconds: seconds,
            nanoseconds: Int64(a.nanoseconds) + sign * Int64(b.nanoseconds)) else { throw overflowError() }
        return result
    }

    /// Neo4j's DurationValue.approximate over the scaled fields, with the same double steps so
    /// that results match to the nanosecond.
    private static func approximate(_ duration: DurationValue, scale: (Double) -> Double) throws(QuiverError) -> DurationValue {
        let nanosPerSecond = 1_000_000_000.0, secondsPerDay = 86_400.0
        let averageMonthNanos = Double(DurationValue.averageMonthNanoseconds)
        let months = scale(Double(duration.months))
        var days = scale(Double(duration.days))
        var seconds = scale(Double(duration.seconds))
        var nanos = scale(Double(duration.nanoseconds))
        guard let wholeMonths = truncated(months) else { throw overflowError() }
        days += (averageMonthNanos * months - averageMonthNanos * Double(wholeMonths)) / (nanosPerSecond * secondsPerDay)
        guard let wholeDays = truncated(days) else { throw overflowError() }
        seconds += (nanosPerSecond * secondsPerDay * days - nanosPerSecond * secondsPerDay * Double(wholeDays)) / nanosPerSecond
        guard let wholeSeconds = truncated(seconds) else { throw overflowError() }
        nanos += nanosPerSecond * seconds - nanosPerSecond * Double(wholeSeconds)
        guard let wholeNanos = truncated(nanos),
              let result = DurationValue.normalized(months: wholeMonths, days: wholeDays, seconds: wholeSeconds,
                                                    nanoseconds: wholeNanos) else { throw overflowError() }
        return result
    }

    private static func truncated(_ value: Double) -> Int64? {
        guard value.isFinite, abs(value) < 9.2e18 else { return nil }
        return Int64(value.rounded(.towardZero))
    }

    // MARK: Temporal ± duration

    /// `temporal + sign × duration` (rules 1-3).
    static func shift(_ temporal: Value, by duration: DurationValue, sign: Int64,
                      timeZones: TimeZoneDatabase = .shared) throws(QuiverError) -> Value {
        let (months, monthsOverflow) = duration.months.multipliedReportingOverflow(by: sign)
        let (days, daysOverflow) = duration.days.multipliedReportingOverflow(by: sign)
        if monthsOverflow || daysOverflow { throw overflowError() }
        let nanoseconds = Int128(sign) * (Int128(duration.seconds) * 1_000_000_000 + Int128(duration.nanoseconds))
        switch temporal {
        case .date(let date):
            let wholeDays = Int128(days) + nanoseconds / Int128(GregorianCalendar.nanosecondsPerDay)
            return .date(DateValue(daysSinceEpoch: try movedDay(date.daysSinceEpoch, months: months, days: wholeDays)))
        case .localTime(let time):
            return .localTime(LocalTimeValue(nanosecondsSinceMidnight: wrapDay(Int128(time.nanosecondsSinceMidnight) + nanoseconds)))
        case .time(let time):
            return .time(TimeValue(nanosecondsSinceMidnight: wrapDay(Int128(time.nanosecondsSinceMidnight) + nanoseconds),
                                   offsetSeconds: time.offsetSeconds))
        case .localDateTime:
            let parts = TemporalParts(temporal)!
            let day = try movedDay(parts.days!, months: months, days: Int128(days))
            let local = Int128(day) * Int128(GregorianCalendar.nanosecondsPerDay) + Int128(parts.nanosecondsOfDay!) + nanoseconds
            let (newDay, newTime) = try split(local)
            return .localDateTime(TemporalBuild.localDateTime(days: newDay, nanosecondsOfDay: newTime))
        case .dateTime(let value):
            let parts = TemporalParts(temporal)!
            var result = value
            if months != 0 || days != 0 {
                let day = try movedDay(parts.days!, months: months, days: Int128(days))
                result = TemporalBuild.dateTime(days: day, nanosecondsOfDay: parts.nanosecondsOfDay!, zone: TemporalZone(of: value),
                                                preferredOffset: value.offsetSeconds, timeZones: timeZones)
            }
            if nanoseconds != 0 {
                let instant = Int128(result.secondsSinceEpochUTC) * 1_000_000_000 + Int128(result.nanoseconds) + nanoseconds
                let (day, time) = try split(instant)
                let seconds = day * 86_400 + time / 1_000_000_000
                result = TemporalBuild.dateTime(utcSeconds: seconds, nanoseconds: Int32(time % 1_000_000_000),
                                                zone: TemporalZone(of: value), timeZones: timeZones)
            }
            return .dateTime(result)
        default:
            throw invalidTypes(temporal, .duration(duration), sign > 0 ? "+" : "-")
        }
    }

    /// A day number moved by months (clamping the day of the month), then by days.
    static func movedDay(_ day: Int64, months: Int64, days: Int128) throws(QuiverError) -> Int64 {
        guard let shifted = addMonths(day, months), let result = Int64(exactly: Int128(shifted) + days),
              TemporalBuild.isValidDay(result) else { throw overflowError() }
        return result
    }

    /// A day number plus months on the calendar, clamping the day of the month; nil out of range.
    static func addMonths(_ days: Int64, _ months: Int64) -> Int64? {
        if months == 0 { return days }
        let date = GregorianCalendar.yearMonthDay(daysSinceEpoch: days)
        let (monthIndex, overflow) = (date.year * 12 + Int64(date.month - 1)).addingReportingOverflow(months)
        guard !overflow else { return nil }
        let year = GregorianCalendar.floorDivide(monthIndex, 12)
        let month = Int(GregorianCalendar.floorModulo(monthIndex, 12)) + 1
        guard (GregorianCalendar.yearMin...GregorianCalendar.yearMax).contains(year) else { return nil }
        let day = min(date.day, GregorianCalendar.daysInMonth(year: year, month: month))
        return GregorianCalendar.daysSinceEpoch(year: year, month: month, day: day)
    }

    private static func split(_ nanoseconds: Int128) throws(QuiverError) -> (Int64, Int64) {
        let perDay = Int128(GregorianCalendar.nanosecondsPerDay)
        var day = nanoseconds / perDay, time = nanoseconds % perDay
        if time < 0 {
            day -= 1
            time += perDay
        }
        guard let day64 = Int64(exactly: day), TemporalBuild.isValidDay(day64) else { throw overflowError() }
        return (day64, Int64(time))
    }

    private static func wrapDay(_ nanoseconds: Int128) -> Int64 {
        let perDay = Int128(GregorianCalendar.nanosecondsPerDay)
        let remainder = nanoseconds % perDay
        return Int64(remainder < 0 ? remainder + perDay : remainder)
    }

    // MARK: Helpers

    private static func isTemporal(_ value: Value) -> Bool {
        switch value {
        case .date, .localTime, .time, .localDateTime, .dateTime, .duration: true
        default: false
        }
    }

    private static func invalidTypes(_ lhs: Value, _ rhs: Value, _ symbol: String) -> QuiverError {
        QuiverError(.typeError, "Invalid types: \(lhs.typeName) and \(rhs.typeName) for '\(symbol)'.",
                    detail: "InvalidArgumentType")
    }

    private static func overflowError() -> QuiverError {
        QuiverError(.invalidArgument, "Temporal arithmetic overflow.", detail: "InvalidArgumentValue")
    }
}
