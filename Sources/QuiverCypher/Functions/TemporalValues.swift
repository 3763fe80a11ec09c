// TemporalValues: what property access and toString() mean on temporal values: the fields
// (`d.year`, `t.timezone`, `dur.minutesOfHour`…) and the ISO-8601 text Cypher prints.
// The text itself is built by TemporalFormatting.swift; this file only dispatches.

import QuiverCore

public enum TemporalValues {
    /// `value.name` for a temporal value or duration; nil when `value` is not temporal.
    /// Throws for a field the kind does not have.
    public static func field(_ value: Value, _ name: String) throws(QuiverError) -> Value? {
        if case .duration(let duration) = value {
            guard let result = durationField(duration, name) else { throw noSuchField(value, name) }
            return result
        }
        guard let parts = TemporalParts(value) else { return nil }
        let key = name.lowercased()
        if let days = parts.days, let result = dateField(days, key) { return result }
        if let nanoseconds = parts.nanosecondsOfDay, let result = timeField(nanoseconds, key) { return result }
        if let zone = parts.zone, let offset = parts.offsetSeconds, let result = zoneField(zone, offset, key) {
            return result
        }
        if case .dateTime(let dateTime) = value {
            switch key {
            case "epochseconds": return .int(dateTime.secondsSinceEpochUTC)
            case "epochmillis": return .int(dateTime.secondsSinceEpochUTC * 1000 + Int64(dateTime.nanoseconds) / 1_000_000)
            default: break
            }
        }
        throw noSuchField(value, name)
    }

    /// toString() of a temporal value or duration (`2015-07-21T21:40:32.142+01:00[Europe/London]`,
    /// `P1Y2M3DT4H5M6.007S`); nil when `value` is not temporal.
    public static func string(_ value: Value) -> String? {
        switch value {
        case .date(let date):
            TemporalFormat.date(date.daysSinceEpoch)
        case .localTime(let time):
            TemporalFormat.time(time.nanosecondsSinceMidnight)
        case .time(let time):
            TemporalFormat.time(time.nanosecondsSinceMidnight) + ZoneOffset.format(time.offsetSeconds)
        case .localDateTime:
            TemporalParts(value).map { TemporalFormat.localDateTime(days: $0.days!, nanosecondsOfDay: $0.nanosecondsOfDay!) }
        case .dateTime(let dateTime):
            TemporalFormat.dateTime(dateTime)
        case .duration(let duration):
            TemporalFormat.duration(duration)
        default:
            nil
        }
    }

    // MARK: Fields

    private static func dateField(_ days: Int64, _ key: String) -> Value? {
        switch key {
        case "year": return .int(GregorianCalendar.yearMonthDay(daysSinceEpoch: days).year)
        case "quarter": return .int(Int64(GregorianCalendar.quarter(month: GregorianCalendar.yearMonthDay(daysSinceEpoch: days).month)))
        case "month": return .int(Int64(GregorianCalendar.yearMonthDay(daysSinceEpoch: days).month))
        case "week": return .int(Int64(TemporalBuild.weekDate(days).week))
        case "weekyear": return .int(TemporalBuild.weekDate(days).weekYear)
        case "day": return .int(Int64(GregorianCalendar.yearMonthDay(daysSinceEpoch: days).day))
        case "ordinalday": return .int(Int64(GregorianCalendar.ordinalDay(daysSinceEpoch: days)))
        case "dayofweek", "weekday": return .int(Int64(GregorianCalendar.dayOfWeek(daysSinceEpoch: days)))
        case "dayofquarter": return .int(Int64(GregorianCalendar.dayOfQuarter(daysSinceEpoch: days)))
        default: return nil
        }
    }

    private static func timeField(_ nanosecondsOfDay: Int64, _ key: String) -> Value? {
        let time = TimeOfDay(nanosecondsSinceMidnight: nanosecondsOfDay)
        switch key {
        case "hour": return .int(Int64(time.hour))
        case "minute": return .int(Int64(time.minute))
        case "second": return .int(Int64(time.second))
        case "millisecond": return .int(Int64(time.nanosecond / 1_000_000))
        case "microsecond": return .int(Int64(time.nanosecond / 1000))
        case "nanosecond": return .int(Int64(time.nanosecond))
        default: return nil
        }
    }

    private static func zoneField(_ zone: TemporalZone, _ offset: Int32, _ key: String) -> Value? {
        switch key {
        case "timezone": return .string(zone.zoneID ?? ZoneOffset.format(offset))
        case "offset": return .string(ZoneOffset.format(offset))
        case "offsetminutes": return .int(Int64(offset / 60))
        case "offsetseconds": return .int(Int64(offset))
        default: return nil
        }
    }

    /// Neo4j's duration accessors. They read the duration with whole seconds rounded toward the
    /// past and a non-negative nanosecond part (PT-0.1S has seconds -1, nanosecondsOfSecond
    /// 900000000; TCK Temporal10 [1]); the `…Of…` fields use truncating remainders.
    private static func durationField(_ duration: DurationValue, _ name: String) -> Value? {
        var seconds = duration.seconds
        var nanoseconds = Int64(duration.nanoseconds)
        if nanoseconds < 0 {
            seconds -= 1
            nanoseconds += 1_000_000_000
        }
        let months = duration.months, days = duration.days
        let result: Int64
        switch name.lowercased() {
        case "years": result = months / 12
        case "quarters": result = months / 3
        case "months": result = months
        case "weeks": result = days / 7
        case "days": result = days
        case "hours": result = seconds / 3600
        case "minutes": result = seconds / 60
        case "seconds": result = seconds
        case "milliseconds": result = seconds &* 1000 &+ nanoseconds / 1_000_000
        case "microseconds": result = seconds &* 1_000_000 &+ nanoseconds / 1000
        case "nanoseconds": result = seconds &* 1_000_000_000 &+ nanoseconds
        case "quartersofyear": result = months / 3 % 4
        case "monthsofquarter": result = months % 3
        case "monthsofyear": result = months % 12
        case "daysofweek": result = days % 7
        case "minutesofhour": result = seconds / 60 % 60
        case "secondsofminute": result = seconds % 60
        case "millisecondsofsecond": result = nanoseconds / 1_000_000
        case "microsecondsofsecond": result = nanoseconds / 1000
        case "nanosecondsofsecond": result = nanoseconds
        default: return nil
        }
        return .int(result)
    }

    private static func noSuchField(_ value: Value, _ name: String) -> QuiverError {
        QuiverError(.invalidArgument, "Invalid property \(name) for \(value.typeName).", detail: "InvalidArgumentValue")
    }
}
