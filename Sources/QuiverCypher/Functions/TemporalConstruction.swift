// TemporalConstruction: building date, localtime, time, localdatetime and datetime values from
// a Cypher map (`{year: 1984, week: 10, dayOfWeek: 3}`, `{date: other, day: 28}`,
// `{datetime: x, timezone: 'Pacific/Honolulu'}`, `{epochSeconds: …}`) and converting one
// temporal kind into another (`date(datetimeValue)`). Rules follow Neo4j's temporal builders,
// as the TCK (Temporal1, Temporal3) pins them down:
// 1. A date is given in exactly one system: calendar (year, month, day), week (year is the
//    week-based year, week, dayOfWeek), ordinal (year, ordinalDay) or quarter (year, quarter,
//    dayOfQuarter). Missing smaller fields default to their first value; `year` is required
//    unless a base value (`date:` / `datetime:`) supplies the rest.
// 2. With a base value the given fields replace the base's fields in the chosen system; a day
//    that no longer exists is clamped (java.time's `with`).
// 3. Time fields cascade: minute needs hour, second needs minute, sub-second fields need second
//    (without a base). millisecond, microsecond and nanosecond add up into the fraction.
// 4. A base time that carries a zone keeps it, and `timezone:` then converts (same instant);
//    a base without a zone simply takes `timezone:` (or the default zone).

import QuiverCore

/// What building a value needs besides the map: the zone database, the default zone and the
/// statement's clock (a named zone's offset for a `time` is the one in force now).
struct TemporalEnvironment: Sendable {
    var timeZones: TimeZoneDatabase
    var defaultZone: TemporalZone
    var nowSeconds: Int64
    var nowNanoseconds: Int32

    init(_ context: FunctionContext) {
        timeZones = context.timeZones
        defaultZone = TemporalZone.defaultZone(context.defaultZone, timeZones: context.timeZones)
        nowSeconds = context.statementSeconds
        nowNanoseconds = context.statementNanoseconds
    }

    /// A fixed offset for a zone, for values (`time`) that cannot hold a region.
    func offset(of zone: TemporalZone) -> Int32 { zone.offset(atUTC: nowSeconds, timeZones: timeZones) }
}

/// The five constructible kinds.
enum TemporalKind: String, Sendable {
    case date, localTime = "localtime", time, localDateTime = "localdatetime", dateTime = "datetime"

    var hasDate: Bool { self == .date || self == .localDateTime || self == .dateTime }
    var hasTime: Bool { self != .date }
    var hasZone: Bool { self == .time || self == .dateTime }
}

/// The recognised keys of a temporal map, read and type-checked.
struct TemporalMapFields {
    var dateFields: [String: Int64] = [:]
    var timeFields: [String: Int64] = [:]
    var timezone: TemporalZone?
    var dateBase: Value?
    var timeBase: Value?
    var dateTimeBase: Value?
    var epochSeconds: Int64?
    var epochMillis: Int64?

    static let dateKeys: Set<String> = ["year", "month", "day", "week", "dayofweek", "quarter", "dayofquarter", "ordinalday"]
    static let timeKeys: Set<String> = ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]

    init(_ map: [String: Value], kind: TemporalKind, environment: TemporalEnvironment) throws(QuiverError) {
        for (rawKey, value) in map {
            if case .null = value { continue }
            let key = rawKey.lowercased()
            if Self.dateKeys.contains(key) && kind.hasDate {
                dateFields[key] = try Self.integer(value, rawKey)
            } else if Self.timeKeys.contains(key) && kind.hasTime {
                timeFields[key] = try Self.integer(value, rawKey)
            } else if key == "timezone" && (kind.hasZone || kind == .date || kind == .localTime || kind == .localDateTime) {
                guard case .string(let text) = value else { throw TemporalErrors.wrongType("timezone", value) }
                timezone = try TemporalZone.parse(text, timeZones: environment.timeZones)
            } else if key == "date" && kind.hasDate {
                dateBase = value
            } else if key == "time" && kind.hasTime {
                timeBase = value
            } else if key == "datetime" && (kind == .localDateTime || kind == .dateTime) {
                dateTimeBase = value
            } else if key == "epochseconds" && kind == .dateTime {
                epochSeconds = try Self.integer(value, rawKey)
            } else if key == "epochmillis" && kind == .dateTime {
                epochMillis = try Self.integer(value, rawKey)
            } else {
                throw TemporalErrors.invalid("\(kind.rawValue) does not accept the field \(rawKey).")
            }
        }
    }

    private static func integer(_ value: Value, _ key: String) throws(QuiverError) -> Int64 {
        switch value {
        case .int(let number): return number
        case .float(let number) where number.rounded() == number && abs(number) < 9.2e18: return Int64(number)
        default: throw QuiverError(.typeError, "\(key) must be an integer, not \(value.typeName).", detail: "InvalidArgumentType")
        }
    }

    /// True when the map holds nothing but (at most) a time zone: `date({timezone: 'Europe/Oslo'})`
    /// means "today there".
    var isOnlyTimezone: Bool {
        dateFields.isEmpty && timeFields.isEmpty && dateBase == nil && timeBase == nil && dateTimeBase == nil
            && epochSeconds == nil && epochMillis == nil
    }
}

enum TemporalConstruction {
    // MARK: From maps

    static func build(_ kind: TemporalKind, from map: [String: Value], environment: TemporalEnvironment) throws(QuiverError) -> Value {
        let fields = try TemporalMapFields(map, kind: kind, environment: environment)
        if fields.isOnlyTimezone {
            return now(kind, zone: fields.timezone, environment: environment)
        }
        switch kind {
        case .date:
            if fields.timezone != nil { throw TemporalErrors.invalid("date cannot combine a timezone with other fields.") }
            return .date(DateValue(daysSinceEpoch: try dateDays(fields, base: try baseDays(fields.dateBase))))
        case .localTime:
            if fields.timezone != nil { throw TemporalErrors.invalid("localtime cannot take a timezone.") }
            let base = try baseParts(fields.timeBase, needsTime: true)
            return .localTime(LocalTimeValue(nanosecondsSinceMidnight: try timeOfDay(fields, base: base?.nanosecondsOfDay)))
        case .time:
            return .time(try time(fields, environment: environment))
        case .localDateTime:
            if fields.timezone != nil { throw TemporalErrors.invalid("localdatetime cannot take a timezone.") }
            let (days, nanoseconds, _) = try dateAndTime(fields)
            return .localDateTime(TemporalBuild.localDateTime(days: days, nanosecondsOfDay: nanoseconds))
        case .dateTime:
            return .dateTime(try dateTime(fields, environment: environment))
        }
    }

    private static func time(_ fields: TemporalMapFields, environment: TemporalEnvironment) throws(QuiverError) -> TimeValue {
        let base = try baseParts(fields.timeBase, needsTime: true)
        let nanoseconds = try timeOfDay(fields, base: base?.nanosecondsOfDay)
        if let sourceOffset = base?.offsetSeconds {
            let value = TimeValue(nanosecondsSinceMidnight: nanoseconds, offsetSeconds: sourceOffset)
            guard let zone = fields.timezone else { return value }
            return TemporalBuild.convert(value, toOffset: environment.offset(of: zone))
        }
        let offset = environment.offset(of: fields.timezone ?? environment.defaultZone)
        return TimeValue(nanosecondsSinceMidnight: nanoseconds, offsetSeconds: offset)
    }

    private static func dateTime(_ fields: TemporalMapFields, environment: TemporalEnvironment) throws(QuiverError) -> DateTimeValue {
        if fields.epochSeconds != nil || fields.epochMillis != nil {
            return try fromEpoch(fields, environment: environment)
        }
        let (days, nanoseconds, source) = try dateAndTime(fields)
        let timeZones = environment.timeZones
        if let source, let sourceZone = source.zone {
            let value = TemporalBuild.dateTime(days: days, nanosecondsOfDay: nanoseconds, zone: sourceZone,
                                               preferredOffset: source.offsetSeconds, timeZones: timeZones)
            guard let zone = fields.timezone else { return value }
            return TemporalBuild.convert(value, to: zone, timeZones: timeZones)
        }
        return TemporalBuild.dateTime(days: days, nanosecondsOfDay: nanoseconds, zone: fields.timezone ?? environment.defaultZone,
                                      timeZones: timeZones)
    }

    /// The local date and time of a localdatetime or datetime map, and the value the time came
    /// from (whose zone a datetime keeps).
    private static func dateAndTime(_ fields: TemporalMapFields) throws(QuiverError) -> (Int64, Int64, TemporalParts?) {
        let whole = try baseParts(fields.dateTimeBase, needsTime: false)
        if whole != nil && (fields.dateBase != nil || fields.timeBase != nil) {
            throw TemporalErrors.invalid("datetime cannot be combined with date or time.")
        }
        if let whole, whole.days == nil { throw TemporalErrors.invalid("datetime must be a value with a date.") }
        let timeSource = whole != nil ? whole : try baseParts(fields.timeBase, needsTime: true)
        let baseDay = whole != nil ? whole?.days : try baseDays(fields.dateBase)
        let days = try dateDays(fields, base: baseDay)
        let nanoseconds = try timeOfDay(fields, base: timeSource?.nanosecondsOfDay ?? (baseDay != nil ? 0 : nil))
        return (days, nanoseconds, timeSource)
    }

    private static func fromEpoch(_ fields: TemporalMapFields, environment: TemporalEnvironment) throws(QuiverError) -> DateTimeValue {
        guard fields.dateFields.isEmpty, fields.dateBase == nil, fields.timeBase == nil, fields.dateTimeBase == nil,
              fields.timeFields.keys.allSatisfy({ $0 != "hour" && $0 != "minute" && $0 != "second" }),
              (fields.epochSeconds == nil) != (fields.epochMillis == nil) else {
            throw TemporalErrors.invalid("epochSeconds and epochMillis cannot be combined with other date or time fields.")
        }
        var seconds: Int64, nanoseconds: Int64
        if let epochSeconds = fields.epochSeconds {
            (seconds, nanoseconds) = (epochSeconds, 0)
        } else {
            let millis = fields.epochMillis!
            seconds = GregorianCalendar.floorDivide(millis, 1000)
            nanoseconds = GregorianCalendar.floorModulo(millis, 1000) * 1_000_000
        }
        nanoseconds += try subsecond(fields.timeFields) ?? 0
        let (carried, overflow) = seconds.addingReportingOverflow(nanoseconds / 1_000_000_000)
        seconds = carried
        nanoseconds %= 1_000_000_000
        guard !overflow, TemporalBuild.isValidDay(GregorianCalendar.floorDivide(seconds, 86_400)) else {
            throw TemporalErrors.invalid("The epoch value is out of range.")
        }
        return TemporalBuild.dateTime(utcSeconds: seconds, nanoseconds: Int32(nanoseconds),
                                      zone: fields.timezone ?? environment.defaultZone, timeZones: environment.timeZones)
    }

    // MARK: Bases

    private static func baseParts(_ value: Value?, needsTime: Bool) throws(QuiverError) -> TemporalParts? {
        guard let value else { return nil }
        guard let parts = TemporalParts(value) else { throw TemporalErrors.wrongType("A temporal base", value) }
        if needsTime && parts.nanosecondsOfDay == nil {
            throw TemporalErrors.invalid("Cannot select a time from a \(value.typeName).")
        }
        return parts
    }

    private static func baseDays(_ value: Value?) throws(QuiverError) -> Int64? {
        guard let value else { return nil }
        guard let parts = TemporalParts(value) else { throw TemporalErrors.wrongType("A temporal base", value) }
        guard let days = parts.days else { throw TemporalErrors.invalid("Cannot select a date from a \(value.typeName).") }
        return days
    }

    // MARK: Date fields

    /// The day number from the date fields (rule 1 and 2 of the file header).
    static func dateDays(_ fields: TemporalMapFields, base: Int64?) throws(QuiverError) -> Int64 {
        let given = fields.dateFields
        let usesWeek = given["week"] != nil || given["dayofweek"] != nil
        let usesOrdinal = given["ordinalday"] != nil
        let usesQuarter = given["quarter"] != nil || given["dayofquarter"] != nil
        let usesCalendar = given["month"] != nil || given["day"] != nil
        guard [usesWeek, usesOrdinal, usesQuarter, usesCalendar].filter({ $0 }).count <= 1 else {
            throw TemporalErrors.invalid("Cannot mix date fields of different systems: \(given.keys.sorted()).")
        }
        guard let base else {
            guard let year = given["year"] else { throw TemporalErrors.invalid("year must be specified.") }
            try requireRange(year, GregorianCalendar.yearMin...GregorianCalendar.yearMax, "year")
            if usesWeek { return try weekDate(year, given["week"] ?? 1, given["dayofweek"] ?? 1, clamp: false) }
            if usesOrdinal { return try ordinalDate(year, given["ordinalday"]!, clamp: false) }
            if usesQuarter { return try quarterDate(year, given["quarter"] ?? 1, given["dayofquarter"] ?? 1, clamp: false) }
            return try calendarDate(year, given["month"] ?? 1, given["day"] ?? 1, clamp: false)
        }
        if given.isEmpty { return base }
        if usesWeek {
            let week = TemporalBuild.weekDate(base)
            return try weekDate(given["year"] ?? week.weekYear, given["week"] ?? Int64(week.week),
                                given["dayofweek"] ?? Int64(week.dayOfWeek), clamp: true)
        }
        let ymd = GregorianCalendar.yearMonthDay(daysSinceEpoch: base)
        let year = given["year"] ?? ymd.year
        try requireRange(year, GregorianCalendar.yearMin...GregorianCalendar.yearMax, "year")
        if usesOrdinal { return try ordinalDate(year, given["ordinalday"]!, clamp: true) }
        if usesQuarter {
            return try quarterDate(year, given["quarter"] ?? Int64(GregorianCalendar.quarter(month: ymd.month)),
                                   given["dayofquarter"] ?? Int64(GregorianCalendar.dayOfQuarter(daysSinceEpoch: base)),
                                   clamp: true)
        }
        return try calendarDate(year, given["month"] ?? Int64(ymd.month), given["day"] ?? Int64(ymd.day), clamp: true)
    }

    private static func calendarDate(_ year: Int64, _ month: Int64, _ day: Int64, clamp: Bool) throws(QuiverError) -> Int64 {
        try requireRange(month, 1...12, "month")
        let length = Int64(GregorianCalendar.daysInMonth(year: year, month: Int(month)))
        try requireRange(day, 1...(clamp ? 31 : length), "day")
        return GregorianCalendar.daysSinceEpoch(year: year, month: Int(month), day: Int(min(day, length)))
    }

    private static func weekDate(_ weekYear: Int64, _ week: Int64, _ dayOfWeek: Int64, clamp: Bool) throws(QuiverError) -> Int64 {
        try requireRange(weekYear, GregorianCalendar.yearMin...GregorianCalendar.yearMax, "year")
        let weeks = Int64(GregorianCalendar.weeksInWeekYear(weekYear))
        try requireRange(week, 1...(clamp ? 53 : weeks), "week")
        try requireRange(dayOfWeek, 1...7, "dayOfWeek")
        return GregorianCalendar.daysSinceEpoch(weekYear: weekYear, week: Int(min(week, weeks)), dayOfWeek: Int(dayOfWeek))
    }

    private static func ordinalDate(_ year: Int64, _ ordinal: Int64, clamp: Bool) throws(QuiverError) -> Int64 {
        let length = Int64(GregorianCalendar.daysInYear(year))
        try requireRange(ordinal, 1...(clamp ? 366 : length), "ordinalDay")
        return GregorianCalendar.daysSinceEpoch(year: year, ordinalDay: Int(min(ordinal, length)))
    }

    private static func quarterDate(_ year: Int64, _ quarter: Int64, _ day: Int64, clamp: Bool) throws(QuiverError) -> Int64 {
        try requireRange(quarter, 1...4, "quarter")
        let length = Int64(GregorianCalendar.daysInQuarter(year: year, quarter: Int(quarter)))
        try requireRange(day, 1...(clamp ? 92 : length), "dayOfQuarter")
        return GregorianCalendar.daysSinceEpoch(year: year, quarter: Int(quarter), dayOfQuarter: Int(min(day, length)))
    }

    static func requireRange(_ value: Int64, _ range: ClosedRange<Int64>, _ name: String) throws(QuiverError) {
        guard range.contains(value) else {
            throw TemporalErrors.invalid("Invalid value for \(name) (valid values \(range.lowerBound) - \(range.upperBound)): \(value)")
        }
    }

    // MARK: Time fields

    /// Nanoseconds since midnight from the time fields over an optional base (rule 3).
    static func timeOfDay(_ fields: TemporalMapFields, base: Int64?) throws(QuiverError) -> Int64 {
        let given = fields.timeFields
        let subsecondGiven = given["millisecond"] != nil || given["microsecond"] != nil || given["nanosecond"] != nil
        if base == nil {
            if given["minute"] != nil && given["hour"] == nil { throw TemporalErrors.invalid("minute cannot be specified without hour.") }
            if given["second"] != nil && given["minute"] == nil { throw TemporalErrors.invalid("second cannot be specified without minute.") }
            if subsecondGiven && given["second"] == nil {
                throw TemporalErrors.invalid("sub-second fields cannot be specified without second.")
            }
            if given["hour"] == nil && fields.dateFields.isEmpty && fields.dateBase == nil {
                throw TemporalErrors.invalid("hour must be specified.")
            }
        }
        let old = TimeOfDay(nanosecondsSinceMidnight: base ?? 0)
        let hour = given["hour"] ?? Int64(old.hour)
        let minute = given["minute"] ?? Int64(old.minute)
        let second = given["second"] ?? Int64(old.second)
        try requireRange(hour, 0...23, "hour")
        try requireRange(minute, 0...59, "minute")
        try requireRange(second, 0...59, "second")
        let nanosecond = try subsecond(given) ?? Int64(old.nanosecond)
        return ((hour * 60 + minute) * 60 + second) * 1_000_000_000 + nanosecond
    }

    /// millisecond + microsecond + nanosecond as one nanosecond-of-second; nil when none is given.
    /// Each smaller field is bounded by the next larger one given (Neo4j's rule).
    static func subsecond(_ given: [String: Int64]) throws(QuiverError) -> Int64? {
        let millisecond = given["millisecond"], microsecond = given["microsecond"], nanosecond = given["nanosecond"]
        guard millisecond != nil || microsecond != nil || nanosecond != nil else { return nil }
        if let millisecond { try requireRange(millisecond, 0...999, "millisecond") }
        if let microsecond { try requireRange(microsecond, 0...(millisecond == nil ? 999_999 : 999), "microsecond") }
        if let nanosecond {
            let maximum: Int64 = microsecond != nil ? 999 : (millisecond != nil ? 999_999 : 999_999_999)
            try requireRange(nanosecond, 0...maximum, "nanosecond")
        }
        return (millisecond ?? 0) * 1_000_000 + (microsecond ?? 0) * 1000 + (nanosecond ?? 0)
    }

    // MARK: Now and conversions

    /// The statement's clock reading as a `kind` value in `zone` (or the default zone).
    static func now(_ kind: TemporalKind, zone: TemporalZone?, environment: TemporalEnvironment) -> Value {
        let zone = zone ?? environment.defaultZone
        let instant = TemporalBuild.dateTime(utcSeconds: environment.nowSeconds, nanoseconds: environment.nowNanoseconds,
                                             zone: zone, timeZones: environment.timeZones)
        return convert(.dateTime(instant), to: kind, environment: environment) ?? .null
    }

    /// `kind(value)` for a temporal value: the parts the kind keeps; a missing time is midnight,
    /// a missing zone the default one. nil when `value` lacks a part the kind needs.
    static func convert(_ value: Value, to kind: TemporalKind, environment: TemporalEnvironment) -> Value? {
        guard let parts = TemporalParts(value) else { return nil }
        switch kind {
        case .date:
            return parts.days.map { .date(DateValue(daysSinceEpoch: $0)) }
        case .localTime:
            return parts.nanosecondsOfDay.map { .localTime(LocalTimeValue(nanosecondsSinceMidnight: $0)) }
        case .time:
            guard let nanoseconds = parts.nanosecondsOfDay else { return nil }
            let offset = parts.offsetSeconds ?? environment.offset(of: environment.defaultZone)
            return .time(TimeValue(nanosecondsSinceMidnight: nanoseconds, offsetSeconds: offset))
        case .localDateTime:
            guard let days = parts.days else { return nil }
            return .localDateTime(TemporalBuild.localDateTime(days: days, nanosecondsOfDay: parts.nanosecondsOfDay ?? 0))
        case .dateTime:
            if case .dateTime = value { return value }
            guard let days = parts.days else { return nil }
            return .dateTime(TemporalBuild.dateTime(days: days, nanosecondsOfDay: parts.nanosecondsOfDay ?? 0,
                                                    zone: environment.defaultZone, timeZones: environment.timeZones))
        }
    }
}
