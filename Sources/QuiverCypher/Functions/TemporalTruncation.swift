// TemporalTruncation: `date.truncate`, `localtime.truncate`, `time.truncate`,
// `localdatetime.truncate` and `datetime.truncate(unit, value[, map])`. The value is cut down to
// the unit on its local wall clock, then the map's fields are laid over the result as over a
// base value (`{day: 2}`, `{dayOfWeek: 2}`), and `timezone:` replaces the zone keeping the local
// fields (TCK Temporal9). Fields finer than a millisecond or microsecond unit add to the cut
// value instead (`truncate('millisecond', …, {nanosecond: 2})` = `.645000002`), as in Neo4j.

import QuiverCore

enum TemporalTruncation {
    enum Unit: String, CaseIterable {
        case millennium, century, decade, year, weekYear = "weekyear", quarter, month, week, day
        case hour, minute, second, millisecond, microsecond, nanosecond

        var isDateBased: Bool {
            switch self {
            case .millennium, .century, .decade, .year, .weekYear, .quarter, .month, .week: true
            default: false
            }
        }

        /// Nanoseconds of the unit, for day and smaller.
        var nanoseconds: Int64? {
            switch self {
            case .day: GregorianCalendar.nanosecondsPerDay
            case .hour: 3_600_000_000_000
            case .minute: 60_000_000_000
            case .second: 1_000_000_000
            case .millisecond: 1_000_000
            case .microsecond: 1000
            case .nanosecond: 1
            default: nil
            }
        }
    }

    static func truncate(_ kind: TemporalKind, unitText: Value, value: Value, map: Value?,
                         environment: TemporalEnvironment) throws(QuiverError) -> Value {
        guard case .string(let text) = unitText else { throw TemporalErrors.wrongType("\(kind.rawValue).truncate", unitText) }
        guard let unit = Unit(rawValue: text.lowercased()) else {
            throw TemporalErrors.invalid("Unsupported unit for truncation: \(text)")
        }
        guard let parts = TemporalParts(value) else { throw TemporalErrors.wrongType("\(kind.rawValue).truncate", value) }
        if kind == .date && unit.nanoseconds != nil && unit != .day {
            throw TemporalErrors.invalid("Cannot truncate a date to \(text).")
        }
        if !kind.hasDate && unit.isDateBased { throw TemporalErrors.invalid("Cannot truncate a time to \(text).") }
        var entries: [String: Value] = [:]
        switch map {
        case nil, .null?: break
        case .map(let given)?: entries = given
        case let other?: throw TemporalErrors.wrongType("\(kind.rawValue).truncate", other)
        }

        var days: Int64 = 0
        if kind.hasDate {
            guard let valueDays = parts.days else { throw TemporalErrors.invalid("Cannot truncate a value without a date to a date.") }
            days = try truncatedDays(valueDays, unit)
        }
        guard let timeOfDay = unit.isDateBased ? 0 : (unit == .day ? 0 : parts.nanosecondsOfDay) else {
            throw TemporalErrors.invalid("Cannot truncate a value without a time to \(text).")
        }
        var nanoseconds = timeOfDay - timeOfDay % (unit.nanoseconds ?? 1)
        nanoseconds += try finerSubseconds(unit, &entries)

        let fields = try TemporalMapFields(entries, kind: kind, environment: environment)
        if kind.hasDate { days = try TemporalConstruction.dateDays(fields, base: days) }
        if kind.hasTime && !fields.timeFields.isEmpty {
            nanoseconds = try TemporalConstruction.timeOfDay(fields, base: nanoseconds)
        }
        return assemble(kind, days: days, nanoseconds: nanoseconds, source: parts, zone: fields.timezone, environment: environment)
    }

    private static func assemble(_ kind: TemporalKind, days: Int64, nanoseconds: Int64, source: TemporalParts,
                                 zone: TemporalZone?, environment: TemporalEnvironment) -> Value {
        switch kind {
        case .date:
            return .date(DateValue(daysSinceEpoch: days))
        case .localTime:
            return .localTime(LocalTimeValue(nanosecondsSinceMidnight: nanoseconds))
        case .time:
            let offset = zone.map(environment.offset(of:)) ?? source.offsetSeconds
                ?? environment.offset(of: environment.defaultZone)
            return .time(TimeValue(nanosecondsSinceMidnight: nanoseconds, offsetSeconds: offset))
        case .localDateTime:
            return .localDateTime(TemporalBuild.localDateTime(days: days, nanosecondsOfDay: nanoseconds))
        case .dateTime:
            let target = zone ?? source.zone ?? environment.defaultZone
            return .dateTime(TemporalBuild.dateTime(days: days, nanosecondsOfDay: nanoseconds, zone: target,
                                                    preferredOffset: zone == nil ? source.offsetSeconds : nil,
                                                    timeZones: environment.timeZones))
        }
    }

    /// The first day of the unit holding `days`.
    static func truncatedDays(_ days: Int64, _ unit: Unit) throws(QuiverError) -> Int64 {
        let ymd = GregorianCalendar.yearMonthDay(daysSinceEpoch: days)
        func checked(_ year: Int64) throws(QuiverError) -> Int64 {
            guard (GregorianCalendar.yearMin...GregorianCalendar.yearMax).contains(year) else {
                throw TemporalErrors.invalid("Truncating to \(unit.rawValue) leaves the supported years: \(year)")
            }
            return year
        }
        func firstOfYear(_ year: Int64) throws(QuiverError) -> Int64 {
            GregorianCalendar.daysSinceEpoch(year: try checked(year), month: 1, day: 1)
        }
        switch unit {
        case .millennium: return try firstOfYear(GregorianCalendar.floorDivide(ymd.year, 1000) * 1000)
        case .century: return try firstOfYear(GregorianCalendar.floorDivide(ymd.year, 100) * 100)
        case .decade: return try firstOfYear(GregorianCalendar.floorDivide(ymd.year, 10) * 10)
        case .year: return try firstOfYear(ymd.year)
        case .weekYear:
            let weekYear = try checked(TemporalBuild.weekDate(days).weekYear)
            return GregorianCalendar.daysSinceEpoch(weekYear: weekYear, week: 1, dayOfWeek: 1)
        case .quarter:
            return GregorianCalendar.daysSinceEpoch(year: ymd.year, month: GregorianCalendar.quarter(month: ymd.month) * 3 - 2, day: 1)
        case .month: return GregorianCalendar.daysSinceEpoch(year: ymd.year, month: ymd.month, day: 1)
        case .week: return days - Int64(GregorianCalendar.dayOfWeek(daysSinceEpoch: days) - 1)
        default: return days
        }
    }

    /// Removes from `entries` the sub-second fields finer than a millisecond or microsecond unit
    /// and returns the nanoseconds they add to the truncated value.
    private static func finerSubseconds(_ unit: Unit, _ entries: inout [String: Value]) throws(QuiverError) -> Int64 {
        let finer: [String]
        switch unit {
        case .millisecond: finer = ["microsecond", "nanosecond"]
        case .microsecond: finer = ["nanosecond"]
        default: return 0
        }
        var given: [String: Int64] = [:]
        for (key, value) in entries where finer.contains(key.lowercased()) {
            guard case .int(let number) = value else { throw TemporalErrors.wrongType(key, value) }
            given[key.lowercased()] = number
            entries[key] = nil
        }
        if given.isEmpty { return 0 }
        if unit == .microsecond {
            try TemporalConstruction.requireRange(given["nanosecond"]!, 0...999, "nanosecond")
            return given["nanosecond"]!
        }
        given["millisecond"] = 0
        return try TemporalConstruction.subsecond(given) ?? 0
    }
}
