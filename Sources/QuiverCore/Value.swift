// Value: a value as stored and exchanged by every layer (null, bool, int64, float64, string,
// list, map and the temporal types), plus the query-only kinds the Cypher engine passes around:
// node and relationship references and paths (storage refuses to store those). Equality and hashing rules live in ValueEquality.swift and ValueHashing.swift,
// comparison and ordering in ValueComparability.swift and ValueOrdering.swift.

public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([Value])
    case map([String: Value])
    case date(DateValue)
    case localTime(LocalTimeValue)
    case localDateTime(LocalDateTimeValue)
    case dateTime(DateTimeValue)
    case duration(DurationValue)
    /// openCypher's zoned time of day (`time()`); storable, though Memgraph lacks it.
    case time(TimeValue)
    /// A vertex, by gid (query-only).
    case node(Gid)
    /// An edge with its endpoints and type (query-only).
    case relationship(EdgeRef)
    /// A path: n + 1 nodes and n relationships (query-only).
    case path(PathValue)

    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// A calendar date: days since 1970-01-01 in the proleptic Gregorian calendar
/// (fields from `GregorianCalendar` in Calendar.swift).
public struct DateValue: Sendable {
    public var daysSinceEpoch: Int64
    @inlinable public init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }
}

/// A time of day without zone: nanoseconds since midnight, 0 ..< 86_400 * 10^9.
public struct LocalTimeValue: Sendable {
    public var nanosecondsSinceMidnight: Int64
    @inlinable public init(nanosecondsSinceMidnight: Int64) {
        self.nanosecondsSinceMidnight = nanosecondsSinceMidnight
    }
}

/// A date and time without zone: seconds since 1970-01-01T00:00 (local wall clock) + nanoseconds.
public struct LocalDateTimeValue: Sendable {
    public var secondsSinceEpoch: Int64
    /// 0 ..< 10^9.
    public var nanoseconds: Int32
    @inlinable public init(secondsSinceEpoch: Int64, nanoseconds: Int32) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
    }
}

/// A zoned date and time: the instant (UTC seconds since the epoch + nanoseconds), the offset
/// from UTC in force at that instant, and the IANA zone name when the value was built from one.
public struct DateTimeValue: Sendable {
    public var secondsSinceEpochUTC: Int64
    /// 0 ..< 10^9.
    public var nanoseconds: Int32
    public var offsetSeconds: Int32
    /// An IANA zone id such as "Europe/Zagreb"; nil for a fixed offset.
    public var zoneID: String?
    @inlinable public init(secondsSinceEpochUTC: Int64, nanoseconds: Int32, offsetSeconds: Int32, zoneID: String?) {
        self.secondsSinceEpochUTC = secondsSinceEpochUTC
        self.nanoseconds = nanoseconds
        self.offsetSeconds = offsetSeconds
        self.zoneID = zoneID
    }
}

/// A duration as openCypher defines it: months, days, seconds and nanoseconds kept apart
/// (a month has no fixed number of days, a day no fixed number of seconds across zones).
/// Build one from Cypher's duration components with DurationNormalization.swift.
public struct DurationValue: Sendable {
    public var months: Int64
    public var days: Int64
    public var seconds: Int64
    /// Same sign convention as `seconds` after normalisation; -10^9 < nanoseconds < 10^9.
    public var nanoseconds: Int32
    @inlinable public init(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int32) {
        self.months = months
        self.days = days
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }
}

/// A time of day with a UTC offset: nanoseconds since local midnight and the offset in seconds.
public struct TimeValue: Sendable {
    public var nanosecondsSinceMidnight: Int64
    public var offsetSeconds: Int32
    @inlinable public init(nanosecondsSinceMidnight: Int64, offsetSeconds: Int32) {
        self.nanosecondsSinceMidnight = nanosecondsSinceMidnight
        self.offsetSeconds = offsetSeconds
    }

    /// The same time of day in UTC, in nanoseconds (may fall outside one day).
    @inlinable public var utcNanoseconds: Int64 {
        nanosecondsSinceMidnight - Int64(offsetSeconds) * 1_000_000_000
    }
}

/// A path as the query engine builds it: `nodes.count == relationships.count + 1`, and
/// relationship i joins nodes i and i + 1 (in either direction).
public struct PathValue: Sendable, Hashable {
    public var nodes: [Gid]
    public var relationships: [EdgeRef]
    @inlinable public init(nodes: [Gid], relationships: [EdgeRef]) {
        self.nodes = nodes
        self.relationships = relationships
    }
}
