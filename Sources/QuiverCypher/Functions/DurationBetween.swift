// DurationBetween: `duration.between`, `duration.inMonths`, `duration.inDays` and
// `duration.inSeconds` over any two temporal values, following Neo4j (TCK Temporal10):
// 1. The two values are first made alike: a value without a time gets midnight (always for
//    second-based answers, else only when the other has a time); a value without a date gets
//    the other's date; a value without a zone gets the other's zone.
// 2. Months and days are counted on the local wall clock (the second value seen in the first's
//    zone), java.time's `until`: a partial month or day does not count.
// 3. `between` takes whole months, then whole days (when both values have dates), then the rest
//    in seconds and nanoseconds. `inSeconds` keeps seconds and nanoseconds of one sign.

import QuiverCore

enum DurationBetween {
    enum Unit { case all, months, days, seconds }

    static func compute(_ from: Value, _ to: Value, unit: Unit, environment: TemporalEnvironment) throws(QuiverError) -> Value {
        if from.isNull || to.isNull { return .null }
        guard let start = TemporalParts(from), let end = TemporalParts(to) else {
            throw TemporalErrors.wrongType("duration.between", TemporalParts(from) == nil ? from : to)
        }
        let timeZones = environment.timeZones
        switch unit {
        case .months:
            return .duration(DurationValue(months: months(start, end, timeZones), days: 0, seconds: 0, nanoseconds: 0))
        case .days:
            return .duration(DurationValue(months: 0, days: days(start, end, timeZones), seconds: 0, nanoseconds: 0))
        case .seconds:
            return .duration(try seconds(start, end, timeZones))
        case .all:
            return .duration(try between(from, to, timeZones))
        }
    }

    private static func between(_ from: Value, _ to: Value, _ timeZones: TimeZoneDatabase) throws(QuiverError) -> DurationValue {
        var from = from
        var start = TemporalParts(from)!
        let end = TemporalParts(to)!
        var wholeMonths: Int64 = 0, wholeDays: Int64 = 0
        if start.days != nil && end.days != nil {
            wholeMonths = months(start, end, timeZones)
            from = try TemporalArithmetic.shift(from, by: DurationValue(months: wholeMonths, days: 0, seconds: 0, nanoseconds: 0),
                                                sign: 1, timeZones: timeZones)
            start = TemporalParts(from)!
            wholeDays = days(start, end, timeZones)
            from = try TemporalArithmetic.shift(from, by: DurationValue(months: 0, days: wholeDays, seconds: 0, nanoseconds: 0),
                                                sign: 1, timeZones: timeZones)
            start = TemporalParts(from)!
        }
        let (a, b) = align(start, end, timeBased: true, timeZones)
        let nanoseconds = nanosecondsBetween(a, b)
        guard let seconds = Int64(exactly: nanoseconds / 1_000_000_000),
              let result = DurationValue.normalized(months: wholeMonths, days: wholeDays, seconds: seconds,
                                                    nanoseconds: Int64(nanoseconds % 1_000_000_000)) else {
            throw TemporalErrors.invalid("The duration between the values is out of range.")
        }
        return result
    }

    private static func months(_ start: TemporalParts, _ end: TemporalParts, _ timeZones: TimeZoneDatabase) -> Int64 {
        let (a, b) = align(start, end, timeBased: false, timeZones)
        guard let (startDay, endDay) = calendarDays(a, b, timeZones) else { return 0 }
        let startDate = GregorianCalendar.yearMonthDay(daysSinceEpoch: startDay)
        let endDate = GregorianCalendar.yearMonthDay(daysSinceEpoch: endDay)
        let startPacked = (startDate.year * 12 + Int64(startDate.month - 1)) * 32 + Int64(startDate.day)
        let endPacked = (endDate.year * 12 + Int64(endDate.month - 1)) * 32 + Int64(endDate.day)
        return (endPacked - startPacked) / 32
    }

    private static func days(_ start: TemporalParts, _ end: TemporalParts, _ timeZones: TimeZoneDatabase) -> Int64 {
        let (a, b) = align(start, end, timeBased: false, timeZones)
        guard let (startDay, endDay) = calendarDays(a, b, timeZones) else { return 0 }
        return endDay - startDay
    }

    /// Neo4j's durationInSecondsAndNanos: whole seconds from the time line, the nanosecond part
    /// from the two values' own fractions, then brought to one sign.
    private static func seconds(_ start: TemporalParts, _ end: TemporalParts, _ timeZones: TimeZoneDatabase) throws(QuiverError) -> DurationValue {
        var from = start, to = end
        let negate = from.offsetSeconds != nil && to.offsetSeconds == nil
        if negate { swap(&from, &to) }
        let (a, b) = align(from, to, timeBased: true, timeZones)
        guard var seconds = Int64(exactly: nanosecondsBetween(a, b) / 1_000_000_000) else {
            throw TemporalErrors.invalid("The duration between the values is out of range.")
        }
        let fromNanos = (from.nanosecondsOfDay ?? 0) % 1_000_000_000
        let toNanos = (to.nanosecondsOfDay ?? 0) % 1_000_000_000
        var nanos = toNanos - fromNanos
        var lessThanOneSecond = false
        if seconds == 0, let fromTime = from.nanosecondsOfDay, let toTime = to.nanosecondsOfDay {
            lessThanOneSecond = fromTime / 1_000_000_000 % 60 != toTime / 1_000_000_000 % 60
        }
        if nanos < 0 && (seconds > 0 || lessThanOneSecond) {
            nanos += 1_000_000_000
        } else if nanos > 0 && (seconds < 0 || lessThanOneSecond) {
            nanos -= 1_000_000_000
        }
        if negate {
            seconds = -seconds
            nanos = -nanos
        }
        return DurationValue.normalized(months: 0, days: 0, seconds: seconds, nanoseconds: nanos)!
    }

    // MARK: Making the values alike (rule 1)

    private static func align(_ start: TemporalParts, _ end: TemporalParts, timeBased: Bool,
                              _ timeZones: TimeZoneDatabase) -> (TemporalParts, TemporalParts) {
        var a = start, b = end
        if timeBased {
            if a.nanosecondsOfDay == nil { a.nanosecondsOfDay = 0 }
            if b.nanosecondsOfDay == nil { b.nanosecondsOfDay = 0 }
        } else if a.nanosecondsOfDay != nil && b.nanosecondsOfDay == nil {
            b.nanosecondsOfDay = 0
        } else if b.nanosecondsOfDay != nil && a.nanosecondsOfDay == nil {
            a.nanosecondsOfDay = 0
        }
        if a.days != nil && b.days == nil {
            b.days = a.days
            if b.zone != nil { b = attach(b, zone: b.zone!, timeZones) }
        } else if b.days != nil && a.days == nil {
            a.days = b.days
            if a.zone != nil { a = attach(a, zone: a.zone!, timeZones) }
        }
        if let zone = a.zone, b.zone == nil {
            b = attach(b, zone: zone, timeZones)
        } else if let zone = b.zone, a.zone == nil {
            a = attach(a, zone: zone, timeZones)
        }
        return (a, b)
    }

    /// The parts placed in `zone`: a value with a date resolves its wall clock there; a time of
    /// day takes the zone's offset as it stands.
    private static func attach(_ parts: TemporalParts, zone: TemporalZone, _ timeZones: TimeZoneDatabase) -> TemporalParts {
        var result = parts
        result.zone = zone
        if let days = parts.days {
            let value = TemporalBuild.dateTime(days: days, nanosecondsOfDay: parts.nanosecondsOfDay ?? 0, zone: zone,
                                               preferredOffset: parts.offsetSeconds, timeZones: timeZones)
            result = TemporalParts(.dateTime(value))!
        } else if parts.offsetSeconds == nil {
            if case .fixed(let offset) = zone { result.offsetSeconds = offset } else { result.offsetSeconds = 0 }
        }
        return result
    }

    // MARK: Differences

    /// The end's date seen in the start's zone, moved back (or forward) a day when its time of
    /// day has not yet reached the start's (java.time's LocalDateTime.until for date units).
    private static func calendarDays(_ a: TemporalParts, _ b: TemporalParts, _ timeZones: TimeZoneDatabase) -> (Int64, Int64)? {
        guard let startDay = a.days else { return nil }
        var end = b
        if let zone = a.zone, let endOffset = b.offsetSeconds, b.days != nil {
            let instant = b.localNanoseconds - Int128(endOffset) * 1_000_000_000
            let instantSeconds = Int64(instant / 1_000_000_000) - (instant % 1_000_000_000 < 0 ? 1 : 0)
            let offset = zone.offset(atUTC: instantSeconds, timeZones: timeZones)
            let local = instant + Int128(offset) * 1_000_000_000
            let perDay = Int128(GregorianCalendar.nanosecondsPerDay)
            var day = local / perDay, time = local % perDay
            if time < 0 { day -= 1; time += perDay }
            end.days = Int64(day)
            end.nanosecondsOfDay = Int64(time)
        }
        guard var endDay = end.days else { return nil }
        let startTime = a.nanosecondsOfDay ?? 0, endTime = end.nanosecondsOfDay ?? 0
        if endDay > startDay && endTime < startTime {
            endDay -= 1
        } else if endDay < startDay && endTime > startTime {
            endDay += 1
        }
        return (startDay, endDay)
    }

    /// Nanoseconds from `a` to `b`: on the time line when zoned, else on the wall clock.
    private static func nanosecondsBetween(_ a: TemporalParts, _ b: TemporalParts) -> Int128 {
        let offsetA = Int128(a.offsetSeconds ?? 0) * 1_000_000_000
        let offsetB = Int128(b.offsetSeconds ?? 0) * 1_000_000_000
        return (b.localNanoseconds - offsetB) - (a.localNanoseconds - offsetA)
    }
}
