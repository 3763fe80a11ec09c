// TemporalSupport: the shared vocabulary of the temporal files: a temporal value taken apart into
// local date, local time of day and zone (TemporalParts), zones as written in Cypher (fixed
// offsets or IANA names), putting parts back together, and the error constructors. No parsing,
// formatting or arithmetic rules live here.

import QuiverCore

/// A zone as a Cypher value names it: a fixed offset ("+01:00", "Z") or an IANA region.
enum TemporalZone: Sendable, Equatable {
    case fixed(Int32)
    case named(String)

    /// Parses a `timezone` argument: an offset first (`ZoneOffset.parse`), then a zone id known
    /// to the database. Memgraph and Neo4j accept both spellings in maps and strings.
    static func parse(_ text: String, timeZones: TimeZoneDatabase) throws(QuiverError) -> TemporalZone {
        if let offset = ZoneOffset.parse(text) { return .fixed(offset) }
        if timeZones.contains(zoneID: text) { return .named(text) }
        throw TemporalErrors.invalid("Invalid value for TimeZone: \(text)")
    }

    /// The zone of a `FunctionContext.defaultZone` string. "UTC" is the plain offset Z here, so
    /// that values built without a zone print as `…Z` (TCK Temporal1 [8]), not `…Z[UTC]`.
    static func defaultZone(_ text: String, timeZones: TimeZoneDatabase) -> TemporalZone {
        if text == "UTC" || text.isEmpty { return .fixed(0) }
        return (try? parse(text, timeZones: timeZones)) ?? .fixed(0)
    }

    /// The zone of a date-time value: its region when it has one, else its offset.
    init(of value: DateTimeValue) {
        self = value.zoneID.map { .named($0) } ?? .fixed(value.offsetSeconds)
    }

    var zoneID: String? {
        if case .named(let name) = self { return name }
        return nil
    }

    /// The offset in force at an instant.
    func offset(atUTC seconds: Int64, timeZones: TimeZoneDatabase) -> Int32 {
        switch self {
        case .fixed(let offset): offset
        case .named(let name): timeZones.offset(zoneID: name, utcSeconds: seconds) ?? 0
        }
    }
}

/// A temporal value taken apart into what Neo4j's temporal model calls its parts: the local
/// date (days since the epoch), the local time of day (nanoseconds since midnight) and the zone
/// together with the offset the value had. Missing parts are nil.
struct TemporalParts: Sendable {
    var days: Int64?
    var nanosecondsOfDay: Int64?
    var zone: TemporalZone?
    /// The offset the value carried (time and date-time only).
    var offsetSeconds: Int32?

    init(days: Int64?, nanosecondsOfDay: Int64?, zone: TemporalZone? = nil, offsetSeconds: Int32? = nil) {
        self.days = days
        self.nanosecondsOfDay = nanosecondsOfDay
        self.zone = zone
        self.offsetSeconds = offsetSeconds
    }

    /// nil when `value` is not a date, time or date-time.
    init?(_ value: Value) {
        switch value {
        case .date(let date):
            self.init(days: date.daysSinceEpoch, nanosecondsOfDay: nil)
        case .localTime(let time):
            self.init(days: nil, nanosecondsOfDay: time.nanosecondsSinceMidnight)
        case .time(let time):
            self.init(days: nil, nanosecondsOfDay: time.nanosecondsSinceMidnight,
                      zone: .fixed(time.offsetSeconds), offsetSeconds: time.offsetSeconds)
        case .localDateTime(let value):
            let (days, second) = GregorianCalendar.splitEpochSeconds(value.secondsSinceEpoch)
            self.init(days: days, nanosecondsOfDay: second * 1_000_000_000 + Int64(value.nanoseconds))
        case .dateTime(let value):
            let local = value.secondsSinceEpochUTC + Int64(value.offsetSeconds)
            let (days, second) = GregorianCalendar.splitEpochSeconds(local)
            self.init(days: days, nanosecondsOfDay: second * 1_000_000_000 + Int64(value.nanoseconds),
                      zone: TemporalZone(of: value), offsetSeconds: value.offsetSeconds)
        default:
            return nil
        }
    }

    /// Local wall-clock nanoseconds since the epoch (a missing date counts as the epoch day, a
    /// missing time as midnight), 128 bits wide so that every year in range fits.
    var localNanoseconds: Int128 {
        Int128(days ?? 0) * Int128(GregorianCalendar.nanosecondsPerDay) + Int128(nanosecondsOfDay ?? 0)
    }
}

/// Building values back from parts.
enum TemporalBuild {
    static let nanosecondsPerSecond: Int64 = 1_000_000_000

    static func localDateTime(days: Int64, nanosecondsOfDay: Int64) -> LocalDateTimeValue {
        LocalDateTimeValue(secondsSinceEpoch: days * 86_400 + nanosecondsOfDay / nanosecondsPerSecond,
                           nanoseconds: Int32(nanosecondsOfDay % nanosecondsPerSecond))
    }

    /// The date-time with this local date and time in `zone`. For a region the wall-clock time is
    /// resolved as java.time does (earlier offset in an overlap unless `preferredOffset` is the
    /// other valid one; pushed forward across a gap).
    static func dateTime(days: Int64, nanosecondsOfDay: Int64, zone: TemporalZone, preferredOffset: Int32? = nil,
                         timeZones: TimeZoneDatabase) -> DateTimeValue {
        let localSeconds = days * 86_400 + nanosecondsOfDay / nanosecondsPerSecond
        let nanoseconds = Int32(nanosecondsOfDay % nanosecondsPerSecond)
        switch zone {
        case .fixed(let offset):
            return DateTimeValue(secondsSinceEpochUTC: localSeconds - Int64(offset), nanoseconds: nanoseconds,
                                 offsetSeconds: offset, zoneID: nil)
        case .named(let name):
            if let preferredOffset,
               timeZones.offset(zoneID: name, utcSeconds: localSeconds - Int64(preferredOffset)) == preferredOffset {
                return DateTimeValue(secondsSinceEpochUTC: localSeconds - Int64(preferredOffset), nanoseconds: nanoseconds,
                                     offsetSeconds: preferredOffset, zoneID: name)
            }
            let resolved = timeZones.resolve(zoneID: name, localSeconds: localSeconds)
                ?? ResolvedLocalTime(utcSeconds: localSeconds, offsetSeconds: 0)
            return DateTimeValue(secondsSinceEpochUTC: resolved.utcSeconds, nanoseconds: nanoseconds,
                                 offsetSeconds: resolved.offsetSeconds, zoneID: name)
        }
    }

    /// The instant `utcSeconds` + `nanoseconds` seen in `zone`.
    static func dateTime(utcSeconds: Int64, nanoseconds: Int32, zone: TemporalZone,
                         timeZones: TimeZoneDatabase) -> DateTimeValue {
        DateTimeValue(secondsSinceEpochUTC: utcSeconds, nanoseconds: nanoseconds,
                      offsetSeconds: zone.offset(atUTC: utcSeconds, timeZones: timeZones), zoneID: zone.zoneID)
    }

    /// A date-time moved to another zone, keeping the instant.
    static func convert(_ value: DateTimeValue, to zone: TemporalZone, timeZones: TimeZoneDatabase) -> DateTimeValue {
        dateTime(utcSeconds: value.secondsSinceEpochUTC, nanoseconds: value.nanoseconds, zone: zone, timeZones: timeZones)
    }

    /// A time of day moved to another offset, keeping the instant (wrapping around midnight).
    static func convert(_ value: TimeValue, toOffset offset: Int32) -> TimeValue {
        let shifted = value.nanosecondsSinceMidnight + Int64(offset - value.offsetSeconds) * nanosecondsPerSecond
        return TimeValue(nanosecondsSinceMidnight: GregorianCalendar.floorModulo(shifted, GregorianCalendar.nanosecondsPerDay),
                         offsetSeconds: offset)
    }

    static let dayMin = GregorianCalendar.daysSinceEpoch(year: GregorianCalendar.yearMin, month: 1, day: 1)
    static let dayMax = GregorianCalendar.daysSinceEpoch(year: GregorianCalendar.yearMax, month: 12, day: 31)

    static func isValidDay(_ days: Int64) -> Bool { (dayMin...dayMax).contains(days) }

    /// The ISO week date of a day anywhere in range. GregorianCalendar.weekDate traps when the
    /// week's Thursday lies outside the year range (the first and last days of the range), so
    /// those days are read 400 years inward: the Gregorian cycle is 146,097 days, whole weeks.
    static func weekDate(_ days: Int64) -> GregorianCalendar.WeekDate {
        let cycleDays: Int64 = 146_097
        let shift: Int64 = days < dayMin + 7 ? 1 : (days > dayMax - 7 ? -1 : 0)
        var week = GregorianCalendar.weekDate(daysSinceEpoch: days + shift * cycleDays)
        week.weekYear -= shift * 400
        return week
    }
}

/// The errors of the temporal functions, with openCypher's detail names.
enum TemporalErrors {
    /// A value outside its field's range, an unparsable string, a map with conflicting keys.
    static func invalid(_ message: String) -> QuiverError {
        QuiverError(.invalidArgument, message, detail: "InvalidArgumentValue")
    }

    /// An argument of the wrong kind (a number where a map or string belongs).
    static func wrongType(_ function: String, _ value: Value) -> QuiverError {
        QuiverError(.typeError, "\(function) cannot take an argument of type \(value.typeName).",
                    detail: "InvalidArgumentType")
    }
}
