// Aggregator: the state of one aggregate function over one group: count, count(*), sum, avg,
// min, max, collect, stDev, stDevP, percentileCont, percentileDisc, with DISTINCT.
//
// Rules:
// 1. Nulls are skipped by every aggregate but count(*), which counts rows.
// 2. DISTINCT keeps the first of each group of equivalent values (1 and 1.0 are one value).
// 3. sum: integers add exactly (128-bit) and must fit in 64 bits at the end; any float makes
//    the sum a float; durations sum to a duration; mixing durations with numbers is an error.
//    Empty: 0 (openCypher, Memgraph: sum(null) = 0).
// 4. avg: a float over numbers, a duration over durations; empty: null.
// 5. min/max: by ORDER BY's total order, so mixed kinds work (TCK Aggregation2 [11], [12]).
// 6. stDev (sample) and stDevP (population) over numbers, Welford's method; fewer values than
//    needed give 0.0 (Neo4j).
// 7. percentileCont/percentileDisc: numbers, percentile in 0...1 (else ArgumentError
//    NumberOutOfRange, TCK Aggregation6); Cont interpolates linearly, Disc picks an element.

import QuiverCore

public struct Aggregator: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case count, countStar, sum, avg, min, max, collect, stDev, stDevP, percentileCont, percentileDisc
    }

    public let kind: Kind
    public let distinct: Bool

    /// Rows or non-null values accepted so far (after DISTINCT).
    private var count: Int64 = 0
    /// Exact integer part of sum/avg.
    private var integerSum: Int128 = 0
    private var floatSum: Double = 0
    private var sawFloat = false
    private var durationSum: DurationValue?
    /// min/max so far.
    private var extreme: Value?
    /// collect's list, or the numbers of the percentiles.
    private var collected: [Value] = []
    /// Welford's running mean and sum of squared deviations (stDev, stDevP).
    private var mean: Double = 0
    private var squaredDeviations: Double = 0
    private var percentile: Double?
    private var seen: Set<Value> = []

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
        if kind == .countStar {
            count += 1
            return
        }
        if kind == .percentileCont || kind == .percentileDisc { try checkPercentile(parameter) }
        if case .null = value { return }
        if distinct && !seen.insert(value).inserted { return }
        switch kind {
        case .count, .countStar:
            count += 1
        case .sum, .avg:
            try addToSum(value)
        case .min:
            if extreme == nil || Value.orderCompare(value, extreme!) == .less { extreme = value }
            count += 1
        case .max:
            if extreme == nil || Value.orderCompare(value, extreme!) == .greater { extreme = value }
            count += 1
        case .collect:
            collected.append(value)
            count += 1
        case .stDev, .stDevP:
            guard let number = value.numericDouble else { throw Self.notNumeric(kind, value) }
            count += 1
            let delta = number - mean
            mean += delta / Double(count)
            squaredDeviations += delta * (number - mean)
        case .percentileCont, .percentileDisc:
            guard value.numericDouble != nil else { throw Self.notNumeric(kind, value) }
            collected.append(value)
            count += 1
        }
    }

    /// The aggregate over everything added (count → 0, sum → 0, collect → [], stDev → 0.0,
    /// others → null when empty).
    public func result() throws(QuiverError) -> Value {
        switch kind {
        case .count, .countStar:
            return .int(count)
        case .sum:
            return try sumResult()
        case .avg:
            return try averageResult()
        case .min, .max:
            return extreme ?? .null
        case .collect:
            return .list(collected)
        case .stDev:
            return .float(count < 2 ? 0 : (squaredDeviations / Double(count - 1)).squareRoot())
        case .stDevP:
            return .float(count < 1 ? 0 : (squaredDeviations / Double(count)).squareRoot())
        case .percentileCont:
            return percentileContinuous()
        case .percentileDisc:
            return percentileDiscrete()
        }
    }

    // MARK: sum and avg

    private mutating func addToSum(_ value: Value) throws(QuiverError) {
        switch value {
        case .int(let integer):
            guard durationSum == nil else { throw Self.mixedSum(kind) }
            integerSum += Int128(integer)
        case .float(let float):
            guard durationSum == nil else { throw Self.mixedSum(kind) }
            floatSum += float
            sawFloat = true
        case .duration(let duration):
            guard count == 0 || durationSum != nil else { throw Self.mixedSum(kind) }
            guard let total = Self.durationSum(durationSum ?? .zero, duration) else {
                throw QuiverError(.invalidArgument, "Duration overflow in \(kind.rawValue)().", detail: "NumberOutOfRange")
            }
            durationSum = total
        default:
            throw QuiverError(.typeError, "Only numeric values and durations are allowed in SUM and AVG aggregations, got \(value.typeName).",
                              detail: "InvalidArgumentType")
        }
        count += 1
    }

    private func sumResult() throws(QuiverError) -> Value {
        if let durationSum { return .duration(durationSum) }
        if sawFloat { return .float(Double(integerSum) + floatSum) }
        guard let exact = Int64(exactly: integerSum) else {
            throw QuiverError(.invalidArgument, "Integer overflow: the sum \(integerSum) does not fit in a 64-bit integer.",
                              detail: "IntegerOverflow")
        }
        return .int(exact)
    }

    private func averageResult() throws(QuiverError) -> Value {
        guard count > 0 else { return .null }
        guard let durationSum else { return .float((Double(integerSum) + floatSum) / Double(count)) }
        guard let average = Self.durationAverage(durationSum, count: count) else {
            throw QuiverError(.invalidArgument, "Duration overflow in avg().", detail: "NumberOutOfRange")
        }
        return .duration(average)
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

    private mutating func checkPercentile(_ parameter: Value) throws(QuiverError) {
        guard let number = parameter.numericDouble else {
            throw QuiverError(.invalidArgument, "\(kind.rawValue)() needs a number between 0.0 and 1.0 as its percentile, got \(parameter.typeName).",
                              detail: "InvalidArgumentType")
        }
        guard number >= 0 && number <= 1 else {
            throw QuiverError(.invalidArgument, "\(kind.rawValue)() needs a percentile between 0.0 and 1.0, got \(NumberText.float(number)).",
                              detail: "NumberOutOfRange")
        }
        if percentile == nil { percentile = number }
    }

    private func sortedNumbers() -> [Value] {
        collected.sorted { Value.orderCompare($0, $1) == .less }
    }

    private func percentileContinuous() -> Value {
        guard let percentile, !collected.isEmpty else { return .null }
        let sorted = sortedNumbers()
        let position = percentile * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        let lowerValue = sorted[lower].numericDouble ?? 0
        guard upper != lower, upper < sorted.count else { return .float(lowerValue) }
        let upperValue = sorted[upper].numericDouble ?? 0
        return .float(lowerValue + (upperValue - lowerValue) * (position - Double(lower)))
    }

    /// The element at rank ⌈p·n⌉ (1-based), the first for p = 0, as Neo4j.
    private func percentileDiscrete() -> Value {
        guard let percentile, !collected.isEmpty else { return .null }
        let sorted = sortedNumbers()
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

    private static func mixedSum(_ kind: Kind) -> QuiverError {
        QuiverError(.typeError, "\(kind.rawValue)() cannot mix durations with numbers.", detail: "InvalidArgumentType")
    }
}
