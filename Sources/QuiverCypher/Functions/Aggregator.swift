// Aggregator: the state of one aggregate function over one group: count, count(*), sum, avg,
// min, max, collect, stDev, stDevP, percentileCont, percentileDisc, with DISTINCT.
//
// Rules:
// 1. Nulls are skipped by every aggregate but count(*), which counts rows.
// 2. DISTINCT keeps the first of each group of equivalent values (1 and 1.0 are one value).
// 3. sum: integers stay integers and overflowing 64 bits is an error (unless a float already
//    made the sum a float); durations sum to a duration; mixing durations with numbers is an error.
//    Empty: 0 (openCypher, Memgraph: sum(null) = 0).
// 4. avg: a float over numbers (integers never overflow here: past 64 bits they continue as a
//    float sum), a duration over durations; empty: null.
// 5. min/max: by ORDER BY's total order, so mixed kinds work (TCK Aggregation2 [11], [12]).
// 6. stDev (sample) and stDevP (population) over numbers, Welford's method; fewer values than
//    needed give 0.0 (Neo4j).
// 7. percentileCont/percentileDisc: numbers, percentile in 0...1 (else ArgumentError
//    NumberOutOfRange, TCK Aggregation6); Cont interpolates linearly, Disc picks an element.
// Layout: one Aggregator per group and aggregate, so the state is one enum with a small payload
// per kind (see FunctionsAggregatorTests.layoutStaysSmall) and the DISTINCT set exists only
// for DISTINCT aggregates.

import QuiverCore

public struct Aggregator: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case count, countStar, sum, avg, min, max, collect, stDev, stDevP, percentileCont, percentileDisc
    }

    public let kind: Kind
    public let distinct: Bool
    private var state: State
    /// The values seen so far, for DISTINCT only.
    private var seen: Set<Value>?

    /// True when every added value is kept (collect, percentiles, DISTINCT): memory to charge.
    public var keepsValues: Bool {
        distinct || kind == .collect || kind == .percentileCont || kind == .percentileDisc
    }

    /// What each kind accumulates.
    private enum State: Sendable {
        case count(Int64)
        case numbers(NumberSum)
        case durations(DurationValue, count: Int64)
        case extreme(Value?)
        /// collect's list, or the numbers of a percentile with its percentile once known.
        case values([Value], percentile: Double?)
        case deviation(Deviation)
    }

    /// sum/avg over numbers: the integer part exactly while it fits, the rest as a float.
    private struct NumberSum: Sendable {
        var integer: Int64 = 0
        var float: Double = 0
        var count: Int64 = 0
        var sawFloat = false
    }

    /// Welford's running mean and sum of squared deviations.
    private struct Deviation: Sendable {
        var count: Int64 = 0
        var mean: Double = 0
        var squaredDeviations: Double = 0
    }

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
        self.distinct = distinct && kind != .countStar
        switch kind {
        case .count, .countStar: state = .count(0)
        case .sum, .avg: state = .numbers(NumberSum())
        case .min, .max: state = .extreme(nil)
        case .collect, .percentileCont, .percentileDisc: state = .values([], percentile: nil)
        case .stDev, .stDevP: state = .deviation(Deviation())
        }
        if self.distinct { seen = [] }
    }

    /// Feeds one row's argument (`.null` for count(*)); `parameter` is the second argument of
    /// the percentile functions (evaluated per row, must be a number in 0...1).
    public mutating func add(_ value: Value, parameter: Value = .null) throws(QuiverError) {
        if kind == .countStar {
            if case .count(let count) = state { state = .count(count + 1) }
            return
        }
        let percentile = kind == .percentileCont || kind == .percentileDisc ? try checkPercentile(parameter) : nil
        if case .null = value { return }
        if distinct && !(seen?.insert(value).inserted ?? true) { return }
        switch state {
        case .count(let count):
            state = .count(count + 1)
        case .numbers(var sum):
            guard case .duration(let duration) = value, sum.count == 0 else {
                try add(value, to: &sum)
                state = .numbers(sum)
                return
            }
            state = .durations(duration, count: 1)
        case .durations(let total, let count):
            guard case .duration(let duration) = value else { throw Self.mixedSum(kind, value) }
            guard let newTotal = Self.durationSum(total, duration) else {
                throw QuiverError(.invalidArgument, "Duration overflow in \(kind.rawValue)().", detail: "NumberOutOfRange")
            }
            state = .durations(newTotal, count: count + 1)
        case .extreme(let current):
            guard let current else {
                state = .extreme(value)
                return
            }
            let order = Value.orderCompare(value, current)
            if kind == .min ? order == .less : order == .greater { state = .extreme(value) }
        case .values(var values, let known):
            if kind != .collect && value.numberAsDouble == nil { throw Self.notNumeric(kind, value) }
            state = .count(0)  // Releases the array so that appending does not copy it.
            values.append(value)
            state = .values(values, percentile: known ?? percentile)
        case .deviation(var deviation):
            guard let number = value.numberAsDouble else { throw Self.notNumeric(kind, value) }
            deviation.count += 1
            let delta = number - deviation.mean
            deviation.mean += delta / Double(deviation.count)
            deviation.squaredDeviations += delta * (number - deviation.mean)
            state = .deviation(deviation)
        }
    }

    /// The aggregate over everything added (count → 0, sum → 0, collect → [], stDev → 0.0,
    /// others → null when empty).
    public func result() throws(QuiverError) -> Value {
        switch state {
        case .count(let count):
            return .int(count)
        case .numbers(let sum):
            if kind == .sum { return sum.sawFloat ? .float(Double(sum.integer) + sum.float) : .int(sum.integer) }
            return sum.count == 0 ? .null : .float((Double(sum.integer) + sum.float) / Double(sum.count))
        case .durations(let total, let count):
            if kind == .sum { return .duration(total) }
            guard let average = Self.durationAverage(total, count: count) else {
                throw QuiverError(.invalidArgument, "Duration overflow in avg().", detail: "NumberOutOfRange")
            }
            return .duration(average)
        case .extreme(let value):
            return value ?? .null
        case .values(let values, let percentile):
            switch kind {
            case .percentileCont: return Self.percentileContinuous(values, percentile)
            case .percentileDisc: return Self.percentileDiscrete(values, percentile)
            default: return .list(values)
            }
        case .deviation(let deviation):
            let divisor = kind == .stDev ? deviation.count - 1 : deviation.count
            return .float(divisor < 1 ? 0 : (deviation.squaredDeviations / Double(divisor)).squareRoot())
        }
    }

    // MARK: sum and avg

    private func add(_ value: Value, to sum: inout NumberSum) throws(QuiverError) {
        switch value {
        case .int(let integer):
            let (total, overflow) = sum.integer.addingReportingOverflow(integer)
            if !overflow {
                sum.integer = total
            } else if kind == .avg || sum.sawFloat {
                // The result is a float anyway: carry on in floating point.
                sum.float += Double(sum.integer) + Double(integer)
                sum.integer = 0
            } else {
                throw QuiverError(.invalidArgument, "Integer overflow: sum() does not fit in a 64-bit integer.",
                                  detail: "IntegerOverflow")
            }
        case .float(let float):
            sum.float += float
            sum.sawFloat = true
        case .duration:
            throw Self.mixedSum(kind, value)
        default:
            throw QuiverError(.typeError,
                              "Only numeric values and durations are allowed in SUM and AVG aggregations, got \(value.typeName).",
                              detail: "InvalidArgumentType")
        }
        sum.count += 1
    }

    /// Component-wise sum, seconds and nanoseconds normalised; nil on overflow.
    static func durationSum(_ a: DurationValue, _ b: DurationValue) -> DurationValue? {
        let (months, monthsOverflow) = a.months.addingReportingOverflow(b.months)
        let (days, daysOverflow) = a.days.addingReportingOverflow(b.days)
        let (seconds, secondsOverflow) = a.seconds.addingReportingOverflow(b.seconds)
        guard !monthsOverflow, !daysOverflow, !secondsOverflow else { return nil }
        return DurationValue.normalized(months: months, days: days, seconds: seconds,
                                        nanoseconds: Int64(a.nanoseconds) + Int64(b.nanoseconds))
    }

    /// Each component divided by `count`; month and day fractions cascade into smaller units
    /// as in duration({months: 0.5}) (Neo4j's avg of durations). The time part divides exactly.
    static func durationAverage(_ sum: DurationValue, count: Int64) -> DurationValue? {
        let time = Int128(sum.seconds) * 1_000_000_000 + Int128(sum.nanoseconds)
        let (quotient, remainder) = time.quotientAndRemainder(dividingBy: Int128(count))
        // Round the time part to the nearest nanosecond, half away from zero.
        let nanoseconds = quotient + (2 * Swift.abs(remainder) >= Int128(count) ? (time < 0 ? -1 : 1) : 0)
        let (seconds, leftover) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        guard let wholeSeconds = Int64(exactly: seconds) else { return nil }
        var builder = DurationBuilder()
        builder.add(.float(Double(sum.months) / Double(count)), .months)
        builder.add(.float(Double(sum.days) / Double(count)), .days)
        builder.add(.int(wholeSeconds), .seconds)
        builder.add(.int(Int64(leftover)), .nanoseconds)
        return builder.build()
    }

    // MARK: percentiles

    /// The percentile argument as a number in 0...1.
    private func checkPercentile(_ parameter: Value) throws(QuiverError) -> Double {
        guard let number = parameter.numberAsDouble else {
            throw QuiverError(.invalidArgument,
                              "\(kind.rawValue)() needs a number between 0.0 and 1.0 as its percentile, got \(parameter.typeName).",
                              detail: "InvalidArgumentType")
        }
        guard number >= 0 && number <= 1 else {
            throw QuiverError(.invalidArgument,
                              "\(kind.rawValue)() needs a percentile between 0.0 and 1.0, got \(NumberText.float(number)).",
                              detail: "NumberOutOfRange")
        }
        return number
    }

    private static func sorted(_ values: [Value]) -> [Value] {
        values.sorted { Value.orderCompare($0, $1) == .less }
    }

    private static func percentileContinuous(_ values: [Value], _ percentile: Double?) -> Value {
        guard let percentile, !values.isEmpty else { return .null }
        let sorted = sorted(values)
        let position = percentile * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        let lowerValue = sorted[lower].numberAsDouble ?? 0
        guard upper != lower, upper < sorted.count else { return .float(lowerValue) }
        let upperValue = sorted[upper].numberAsDouble ?? 0
        return .float(lowerValue + (upperValue - lowerValue) * (position - Double(lower)))
    }

    /// The element at rank ⌈p·n⌉ (1-based), the first for p = 0, as Neo4j.
    private static func percentileDiscrete(_ values: [Value], _ percentile: Double?) -> Value {
        guard let percentile, !values.isEmpty else { return .null }
        let sorted = sorted(values)
        let position = percentile * Double(sorted.count)
        let whole = Int(position)
        let index = (position != Double(whole) || whole == 0) ? whole : whole - 1
        return sorted[Swift.min(index, sorted.count - 1)]
    }

    // MARK: Errors

    private static func notNumeric(_ kind: Kind, _ value: Value) -> QuiverError {
        QuiverError(.typeError, "\(kind.rawValue)() accepts only numeric values, got \(value.typeName).",
                    detail: "InvalidArgumentType")
    }

    private static func mixedSum(_ kind: Kind, _ value: Value) -> QuiverError {
        QuiverError(.typeError, "\(kind.rawValue)() cannot mix durations with numbers (got \(value.typeName)).",
                    detail: "InvalidArgumentType")
    }
}
