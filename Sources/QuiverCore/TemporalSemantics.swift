// TemporalSemantics: equality, hashing and order of the temporal structs in Value.swift. Equality
// here is field-wise equivalence (a DateTime also keeps its zone); the instant-only comparison
// used by `<` and the rank between temporal kinds belong to the Value rules, not here.

extension DateValue: Hashable {
    @inlinable public static func == (lhs: DateValue, rhs: DateValue) -> Bool {
        lhs.daysSinceEpoch == rhs.daysSinceEpoch
    }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(daysSinceEpoch) }
    @inlinable func order(_ other: DateValue) -> ValueOrder { ValueOrder(daysSinceEpoch, other.daysSinceEpoch) }
}

extension LocalTimeValue: Hashable {
    @inlinable public static func == (lhs: LocalTimeValue, rhs: LocalTimeValue) -> Bool {
        lhs.nanosecondsSinceMidnight == rhs.nanosecondsSinceMidnight
    }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(nanosecondsSinceMidnight) }
    @inlinable func order(_ other: LocalTimeValue) -> ValueOrder {
        ValueOrder(nanosecondsSinceMidnight, other.nanosecondsSinceMidnight)
    }
}

extension LocalDateTimeValue: Hashable {
    @inlinable public static func == (lhs: LocalDateTimeValue, rhs: LocalDateTimeValue) -> Bool {
        lhs.secondsSinceEpoch == rhs.secondsSinceEpoch && lhs.nanoseconds == rhs.nanoseconds
    }
    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSinceEpoch)
        hasher.combine(nanoseconds)
    }
    @inlinable func order(_ other: LocalDateTimeValue) -> ValueOrder {
        if secondsSinceEpoch != other.secondsSinceEpoch { return ValueOrder(secondsSinceEpoch, other.secondsSinceEpoch) }
        return ValueOrder(nanoseconds, other.nanoseconds)
    }
}

extension DateTimeValue: Hashable {
    /// Equivalence: the same instant in the same zone. Two values for one instant with different
    /// offsets or zone names differ, as in Neo4j's DateTimeValue.equals and Memgraph's zoned_time.
    /// Zone names compare by code point.
    public static func == (lhs: DateTimeValue, rhs: DateTimeValue) -> Bool {
        guard lhs.secondsSinceEpochUTC == rhs.secondsSinceEpochUTC, lhs.nanoseconds == rhs.nanoseconds,
              lhs.offsetSeconds == rhs.offsetSeconds else { return false }
        switch (lhs.zoneID, rhs.zoneID) {
        case (nil, nil): return true
        case let (left?, right?): return CodePointComparison.equal(left, right)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSinceEpochUTC)
        hasher.combine(nanoseconds)
        hasher.combine(offsetSeconds)
        if let zoneID {
            hasher.combine(true)
            CodePointComparison.hash(zoneID, into: &hasher)
        } else {
            hasher.combine(false)
        }
    }

    /// The instant alone: what `<`, `<=`, `>`, `>=` look at.
    @inlinable func instantOrder(_ other: DateTimeValue) -> ValueOrder {
        if secondsSinceEpochUTC != other.secondsSinceEpochUTC {
            return ValueOrder(secondsSinceEpochUTC, other.secondsSinceEpochUTC)
        }
        return ValueOrder(nanoseconds, other.nanoseconds)
    }

    /// The ORDER BY order, consistent with `==`: instant, then local wall clock (that is, the
    /// offset), then fixed offsets before named zones, then zone names by code point. This is
    /// Neo4j's DateTimeValue order, so one instant in several zones sorts deterministically.
    func totalOrder(_ other: DateTimeValue) -> ValueOrder {
        let byInstant = instantOrder(other)
        if byInstant != .equal { return byInstant }
        if offsetSeconds != other.offsetSeconds { return ValueOrder(offsetSeconds, other.offsetSeconds) }
        switch (zoneID, other.zoneID) {
        case (nil, nil): return .equal
        case (nil, _): return .less
        case (_, nil): return .greater
        case let (left?, right?): return CodePointComparison.compare(left, right)
        }
    }
}

extension DurationValue: Hashable {
    @inlinable public static func == (lhs: DurationValue, rhs: DurationValue) -> Bool {
        lhs.months == rhs.months && lhs.days == rhs.days && lhs.seconds == rhs.seconds
            && lhs.nanoseconds == rhs.nanoseconds
    }
    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(months)
        hasher.combine(days)
        hasher.combine(seconds)
        hasher.combine(nanoseconds)
    }

    /// Nanoseconds in an average Gregorian month (365.2425 / 12 days), as Neo4j and java.time use.
    public static let averageMonthNanoseconds: Int64 = 2_629_746 * 1_000_000_000

    /// The length of the duration with months at their average length, in nanoseconds. 128 bits
    /// so that no Int64 field combination can overflow.
    var averageLengthNanoseconds: Int128 {
        Int128(months) * Int128(DurationValue.averageMonthNanoseconds)
            + Int128(days) * 86_400_000_000_000
            + Int128(seconds) * 1_000_000_000
            + Int128(nanoseconds)
    }

    /// The ORDER BY order (durations are not comparable with `<`): by average length, then field
    /// by field so that only equal durations tie. Neo4j orders durations the same way.
    func totalOrder(_ other: DurationValue) -> ValueOrder {
        let lengthOrder = ValueOrder(averageLengthNanoseconds, other.averageLengthNanoseconds)
        if lengthOrder != .equal { return lengthOrder }
        if months != other.months { return ValueOrder(months, other.months) }
        if days != other.days { return ValueOrder(days, other.days) }
        if seconds != other.seconds { return ValueOrder(seconds, other.seconds) }
        return ValueOrder(nanoseconds, other.nanoseconds)
    }
}

extension TimeValue: Hashable {
    /// Equivalence: the same local time of day with the same offset.
    @inlinable public static func == (lhs: TimeValue, rhs: TimeValue) -> Bool {
        lhs.nanosecondsSinceMidnight == rhs.nanosecondsSinceMidnight && lhs.offsetSeconds == rhs.offsetSeconds
    }
    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(nanosecondsSinceMidnight)
        hasher.combine(offsetSeconds)
    }

    /// ORDER BY: by the UTC time of day, then by offset.
    func totalOrder(_ other: TimeValue) -> ValueOrder {
        let order = ValueOrder(utcNanoseconds, other.utcNanoseconds)
        return order != .equal ? order : ValueOrder(offsetSeconds, other.offsetSeconds)
    }
}
