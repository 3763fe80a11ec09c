// ValueOrder and ValueComparison: the result types of Value's comparison rules. Owns only the
// types and their operator readings; the rules themselves live in ValueOrdering.swift (total
// order for ORDER BY) and ValueComparability.swift (openCypher's `<`, `<=`, `>`, `>=`).

/// The outcome of a total-order comparison (ORDER BY, sorting, index keys).
public enum ValueOrder: Int8, Sendable, Hashable {
    case less = -1
    case equal = 0
    case greater = 1

    /// The order of two `Comparable` values of the same type.
    @inlinable public init<T: Comparable>(_ lhs: T, _ rhs: T) {
        self = lhs < rhs ? .less : (lhs == rhs ? .equal : .greater)
    }

    /// The same comparison seen from the other side (`DESC`).
    @inlinable public var reversed: ValueOrder {
        switch self {
        case .less: .greater
        case .equal: .equal
        case .greater: .less
        }
    }
}

/// The outcome of openCypher's comparability rules when both sides are comparable.
///
/// `unordered` is the NaN case: the sides are comparable (both numbers) but no order holds, so
/// `<`, `<=`, `>` and `>=` are all false rather than null (TCK Comparison2 [5]).
/// Incomparable sides or a null are reported as `nil` by `Value.cypherCompare`, never as a case.
public enum ValueComparison: Sendable, Hashable {
    case less
    case equal
    case greater
    case unordered

    @inlinable public init(_ order: ValueOrder) {
        switch order {
        case .less: self = .less
        case .equal: self = .equal
        case .greater: self = .greater
        }
    }

    @inlinable public var isLessThan: Bool { self == .less }
    @inlinable public var isLessThanOrEqual: Bool { self == .less || self == .equal }
    @inlinable public var isGreaterThan: Bool { self == .greater }
    @inlinable public var isGreaterThanOrEqual: Bool { self == .greater || self == .equal }
}
