// ValueOrdering: openCypher's orderability, the total order ORDER BY sorts by. It must be a strict
// weak order over every pair of values (sorts and merges rely on transitivity), and it agrees with
// equivalence: orderCompare(a, b) == .equal exactly when a == b.

/// The global rank of each kind of value in ORDER BY, smallest first. openCypher (and Neo4j)
/// order kinds as: map < node < relationship < list < path < date-time < local date-time < date
/// < time < local time < duration < string < boolean < number < null (TCK ReturnOrderBy1 [11]).
/// Ranks are spaced by ten so that the Cypher engine can slot in the kinds that are not storage
/// values (node, relationship, path, zoned time) and later ones (point, enum) without renumbering.
public enum ValueOrderRank {
    public static let map = 10
    /// A query-only kind owned by the Cypher engine.
    public static let node = 20
    /// A query-only kind owned by the Cypher engine.
    public static let relationship = 30
    public static let list = 40
    /// A query-only kind owned by the Cypher engine.
    public static let path = 50
    public static let dateTime = 60
    public static let localDateTime = 70
    public static let date = 80
    /// Zoned time of day: openCypher has it, Memgraph and Value do not (yet).
    public static let time = 90
    public static let localTime = 100
    public static let duration = 110
    public static let string = 120
    public static let bool = 130
    public static let number = 140
    public static let null = 150
}

extension Value {
    /// This value's kind in the ORDER BY ranking (`ValueOrderRank`).
    @inlinable public var orderRank: Int {
        switch self {
        case .map: ValueOrderRank.map
        case .list: ValueOrderRank.list
        case .dateTime: ValueOrderRank.dateTime
        case .localDateTime: ValueOrderRank.localDateTime
        case .date: ValueOrderRank.date
        case .localTime: ValueOrderRank.localTime
        case .duration: ValueOrderRank.duration
        case .time: ValueOrderRank.time
        case .node: ValueOrderRank.node
        case .relationship: ValueOrderRank.relationship
        case .path: ValueOrderRank.path
        case .string: ValueOrderRank.string
        case .bool: ValueOrderRank.bool
        case .int, .float: ValueOrderRank.number
        case .null: ValueOrderRank.null
        }
    }

    /// The ORDER BY order (ascending). Kinds order by `orderRank`; within a kind:
    /// - numbers numerically and exactly across int and float, -0.0 = 0.0, NaN above every
    ///   other number (all NaNs tie);
    /// - strings by code point; false < true;
    /// - lists lexicographically by this same order, a proper prefix first (TCK ReturnOrderBy1 [9]);
    /// - maps by size, then by their keys sorted by code point, then by the values in key order;
    /// - dates, local times and local date-times chronologically; date-times by instant, then
    ///   offset, then fixed offsets before named zones, then zone name;
    /// - durations by average length (a month is 30.436875 days), then months, days, seconds,
    ///   nanoseconds.
    public static func orderCompare(_ lhs: Value, _ rhs: Value) -> ValueOrder {
        // Fast paths for the common same-kind scalars: one switch per side, no tuple of values.
        switch lhs {
        case .int(let a):
            if case .int(let b) = rhs { return ValueOrder(a, b) }
        case .float(let a):
            if case .float(let b) = rhs { return NumericComparison.totalOrder(a, b) }
        case .string(let a):
            if case .string(let b) = rhs { return CodePointComparison.compare(a, b) }
        default:
            break
        }
        return orderCompareGeneral(lhs, rhs)
    }

    private static func orderCompareGeneral(_ lhs: Value, _ rhs: Value) -> ValueOrder {
        let lhsRank = lhs.orderRank, rhsRank = rhs.orderRank
        if lhsRank != rhsRank { return ValueOrder(lhsRank, rhsRank) }
        switch (lhs, rhs) {
        case (.null, .null):
            return .equal
        case let (.bool(a), .bool(b)):
            return ValueOrder(a ? 1 : 0, b ? 1 : 0)
        case let (.int(a), .int(b)):
            return ValueOrder(a, b)
        case let (.int(a), .float(b)):
            return NumericComparison.totalOrder(a, b)
        case let (.float(a), .int(b)):
            return NumericComparison.totalOrder(b, a).reversed
        case let (.float(a), .float(b)):
            return NumericComparison.totalOrder(a, b)
        case let (.string(a), .string(b)):
            return CodePointComparison.compare(a, b)
        case let (.list(a), .list(b)):
            for index in 0..<min(a.count, b.count) {
                let order = orderCompare(a[index], b[index])
                if order != .equal { return order }
            }
            return ValueOrder(a.count, b.count)
        case let (.map(a), .map(b)):
            return orderCompareMaps(a, b)
        case let (.date(a), .date(b)):
            return a.order(b)
        case let (.localTime(a), .localTime(b)):
            return a.order(b)
        case let (.localDateTime(a), .localDateTime(b)):
            return a.order(b)
        case let (.dateTime(a), .dateTime(b)):
            return a.totalOrder(b)
        case let (.duration(a), .duration(b)):
            return a.totalOrder(b)
        case let (.time(a), .time(b)):
            return a.totalOrder(b)
        case let (.node(a), .node(b)):
            return ValueOrder(a.rawValue, b.rawValue)
        case let (.relationship(a), .relationship(b)):
            return ValueOrder(a.gid.rawValue, b.gid.rawValue)
        case let (.path(a), .path(b)):
            return orderComparePaths(a, b)
        default:
            assertionFailure("values of one order rank fell through: \(lhs.typeName), \(rhs.typeName)")
            return .equal
        }
    }

    /// Paths order element by element (node, relationship, node, …), a proper prefix first.
    private static func orderComparePaths(_ a: PathValue, _ b: PathValue) -> ValueOrder {
        for index in 0..<min(a.nodes.count, b.nodes.count) {
            let order = ValueOrder(a.nodes[index].rawValue, b.nodes[index].rawValue)
            if order != .equal { return order }
            if index < a.relationships.count, index < b.relationships.count {
                let edgeOrder = ValueOrder(a.relationships[index].gid.rawValue, b.relationships[index].gid.rawValue)
                if edgeOrder != .equal { return edgeOrder }
            }
        }
        return ValueOrder(a.nodes.count, b.nodes.count)
    }

    private static func orderCompareMaps(_ a: [String: Value], _ b: [String: Value]) -> ValueOrder {
        if a.count != b.count { return ValueOrder(a.count, b.count) }
        let byCodePoint: (String, String) -> Bool = { CodePointComparison.compare($0, $1) == .less }
        let aKeys = a.keys.sorted(by: byCodePoint), bKeys = b.keys.sorted(by: byCodePoint)
        for index in aKeys.indices {
            let order = CodePointComparison.compare(aKeys[index], bKeys[index])
            if order != .equal { return order }
        }
        for index in aKeys.indices {
            // Keys come from the maps themselves, so both lookups succeed.
            let order = orderCompare(a[aKeys[index]] ?? .null, b[bKeys[index]] ?? .null)
            if order != .equal { return order }
        }
        return .equal
    }
}
