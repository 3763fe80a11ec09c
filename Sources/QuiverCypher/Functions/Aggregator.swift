// Aggregator: the state of one aggregate function over one group: count, count(*), sum, avg,
// min, max, collect, stDev, stDevP, percentileCont, percentileDisc, with DISTINCT.

import QuiverCore

public struct Aggregator: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case count, countStar, sum, avg, min, max, collect, stDev, stDevP, percentileCont, percentileDisc
    }

    public let kind: Kind
    public let distinct: Bool

    /// The aggregate function named `name` (case-insensitive), nil for any other name.
    public static func kind(named name: String) -> Kind? {
        switch name.lowercased() {
        case "count": .count
        case "sum": .sum
        case "avg": .avg
        case "min": .min
        case "max": .max
        case "collect": .collect
        case "stdev": .stDev
        case "stdevp": .stDevP
        case "percentilecont": .percentileCont
        case "percentiledisc": .percentileDisc
        default: nil
        }
    }

    public init(_ kind: Kind, distinct: Bool) {
        self.kind = kind
        self.distinct = distinct
    }

    /// Feeds one row's argument (`.null` for count(*)); `parameter` is the second argument of
    /// the percentile functions (evaluated per row, must be a number in 0...1).
    public mutating func add(_ value: Value, parameter: Value = .null) throws(QuiverError) {
        throw QuiverError(.notSupported, "aggregation \(kind.rawValue) is not supported yet.")
    }

    /// The aggregate over everything added (count → 0, collect → [], others → null when empty).
    public func result() throws(QuiverError) -> Value { .null }
}
