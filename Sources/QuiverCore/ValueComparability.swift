// ValueComparability: openCypher's comparability, the rule behind `<`, `<=`, `>`, `>=`. Only
// values of one family compare; everything else (and any null) is unknown. The total order that
// ORDER BY needs is a different rule and lives in ValueOrdering.swift.

extension Value {
    /// Compares two values the way openCypher's inequality operators do.
    ///
    /// - Numbers compare with numbers, exactly across int and float; NaN against any number is
    ///   `.unordered`, so every inequality is false (TCK Comparison2 [5]).
    /// - Strings compare by code point, booleans as false < true.
    /// - Dates, local times and local date-times compare within their own kind; date-times by
    ///   instant only, whatever their zones.
    /// - Lists compare lexicographically with the same rule: the first unequal pair decides,
    ///   a null or incomparable pair before that makes the result unknown, and a proper prefix
    ///   is smaller (TCK Comparison2 [4]).
    /// - Maps, durations and values of different kinds are not comparable: nil.
    /// - nil when either side is null.
    public static func cypherCompare(_ lhs: Value, _ rhs: Value) -> ValueComparison? {
        switch (lhs, rhs) {
        case (.null, _), (_, .null):
            return nil
        case let (.int(a), .int(b)):
            return ValueComparison(ValueOrder(a, b))
        case let (.int(a), .float(b)):
            return NumericComparison.compare(a, b).map(ValueComparison.init) ?? .unordered
        case let (.float(a), .int(b)):
            return NumericComparison.compare(b, a).map { ValueComparison($0.reversed) } ?? .unordered
        case let (.float(a), .float(b)):
            return NumericComparison.compare(a, b).map(ValueComparison.init) ?? .unordered
        case let (.string(a), .string(b)):
            return ValueComparison(CodePointComparison.compare(a, b))
        case let (.bool(a), .bool(b)):
            return ValueComparison(ValueOrder(a ? 1 : 0, b ? 1 : 0))
        case let (.list(a), .list(b)):
            for index in 0..<min(a.count, b.count) {
                guard let comparison = cypherCompare(a[index], b[index]) else { return nil }
                if comparison != .equal { return comparison }
            }
            return ValueComparison(ValueOrder(a.count, b.count))
        case let (.date(a), .date(b)):
            return ValueComparison(a.order(b))
        case let (.localTime(a), .localTime(b)):
            return ValueComparison(a.order(b))
        case let (.localDateTime(a), .localDateTime(b)):
            return ValueComparison(a.order(b))
        case let (.dateTime(a), .dateTime(b)):
            return ValueComparison(a.instantOrder(b))
        case let (.time(a), .time(b)):
            return ValueComparison(ValueOrder(a.utcNanoseconds, b.utcNanoseconds))
        default:
            return nil
        }
    }

    /// `lhs < rhs` with openCypher's ternary logic (nil is null).
    @inlinable public static func cypherLessThan(_ lhs: Value, _ rhs: Value) -> Bool? {
        cypherCompare(lhs, rhs)?.isLessThan
    }

    /// `lhs <= rhs` with openCypher's ternary logic (nil is null).
    @inlinable public static func cypherLessThanOrEqual(_ lhs: Value, _ rhs: Value) -> Bool? {
        cypherCompare(lhs, rhs)?.isLessThanOrEqual
    }

    /// `lhs > rhs` with openCypher's ternary logic (nil is null).
    @inlinable public static func cypherGreaterThan(_ lhs: Value, _ rhs: Value) -> Bool? {
        cypherCompare(lhs, rhs)?.isGreaterThan
    }

    /// `lhs >= rhs` with openCypher's ternary logic (nil is null).
    @inlinable public static func cypherGreaterThanOrEqual(_ lhs: Value, _ rhs: Value) -> Bool? {
        cypherCompare(lhs, rhs)?.isGreaterThanOrEqual
    }
}
