// DurationNormalization: builds DurationValue from the components of Cypher's duration({...})
// (years … nanoseconds, integers or floats) and normalises seconds and nanoseconds. Owns the
// cascade of fractions into smaller units; parsing duration strings belongs to the Cypher layer.
//
// Rules (Neo4j's, checked against TCK Temporal1 [12] and Temporal6 [6]):
// 1. Units fold into three buckets that never mix: months (years × 12), days (weeks × 7) and
//    time (hours, minutes, seconds … nanoseconds). So P1D stays apart from PT24H.
// 2. A fraction cascades down: a month fraction becomes days at the average month length
//    (30.436875 days), whole days stay days and the rest becomes time; a day fraction becomes
//    time. {months: 0.75} = P22DT19H51M49.5S, {weeks: 2.5} = P17DT12H, {days: 1.5} = P1DT12H.
// 3. Fractions are rounded to the nearest nanosecond (decimal inputs such as 0.3 s are not exact
//    in binary; truncating would give 0.299999999 s).
// 4. Seconds and nanoseconds share one sign afterwards, |nanoseconds| < 10^9:
//    {seconds: -2, milliseconds: 1} = PT-1.999S, {days: 1, milliseconds: -1} = P1DT-0.001S.
// 5. Overflow of any Int64 field, or a NaN or infinite amount, yields nil.

/// A number as Cypher's duration map accepts it.
public enum DurationAmount: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case int(Int64)
    case float(Double)

    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
}

/// The keys of Cypher's duration map.
public enum DurationUnit: String, CaseIterable, Sendable {
    case years, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds

    /// A duration-map key: openCypher's plural form ("days") or Memgraph's singular ("day"),
    /// in any letter case as Neo4j allows. nil for anything else.
    public init?(mapKey: String) {
        var key = String(decoding: mapKey.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 },
                         as: UTF8.self)
        if !key.hasSuffix("s") { key += "s" }
        self.init(rawValue: key)
    }

    /// The time-bucket size of one unit in nanoseconds (hours and smaller).
    var nanoseconds: Int64? {
        switch self {
        case .hours: 3_600_000_000_000
        case .minutes: 60_000_000_000
        case .seconds: 1_000_000_000
        case .milliseconds: 1_000_000
        case .microseconds: 1_000
        case .nanoseconds: 1
        case .years, .months, .weeks, .days: nil
        }
    }
}

/// Accumulates duration components; see the file header for the rules.
public struct DurationBuilder: Sendable {
    private var months: Int64 = 0
    private var days: Int64 = 0
    private var seconds: Int64 = 0
    /// Kept within ±10^9 between additions.
    private var nanoseconds: Int64 = 0
    private var failed = false

    static let nanosecondsPerSecond: Int64 = 1_000_000_000
    static let nanosecondsPerDay: Int64 = 86_400 * 1_000_000_000

    public init() {}

    public mutating func add(_ amount: DurationAmount, _ unit: DurationUnit) {
        guard !failed else { return }
        let succeeded: Bool
        switch unit {
        case .years: succeeded = addMonths(amount, factor: 12)
        case .months: succeeded = addMonths(amount, factor: 1)
        case .weeks: succeeded = addDays(amount, factor: 7)
        case .days: succeeded = addDays(amount, factor: 1)
        default: succeeded = addTime(amount, unitNanoseconds: unit.nanoseconds ?? 1)
        }
        if !succeeded { failed = true }
    }

    /// The normalised duration; nil after an overflow or a non-finite amount.
    public func build() -> DurationValue? {
        guard !failed else { return nil }
        return DurationValue.normalized(months: months, days: days, seconds: seconds, nanoseconds: nanoseconds)
    }

    // MARK: Buckets

    private mutating func addMonths(_ amount: DurationAmount, factor: Int64) -> Bool {
        switch amount {
        case .int(let value):
            return multiplyAdd(&months, value, factor)
        case .float(let value):
            guard let (whole, fraction) = split(value * Double(factor)), add(&months, whole) else { return false }
            let fractionNanoseconds = rounded(fraction * Double(DurationValue.averageMonthNanoseconds))
            return add(&days, fractionNanoseconds / Self.nanosecondsPerDay)
                && addNanoseconds(fractionNanoseconds % Self.nanosecondsPerDay)
        }
    }

    private mutating func addDays(_ amount: DurationAmount, factor: Int64) -> Bool {
        switch amount {
        case .int(let value):
            return multiplyAdd(&days, value, factor)
        case .float(let value):
            guard let (whole, fraction) = split(value * Double(factor)), add(&days, whole) else { return false }
            return addNanoseconds(rounded(fraction * Double(Self.nanosecondsPerDay)))
        }
    }

    private mutating func addTime(_ amount: DurationAmount, unitNanoseconds: Int64) -> Bool {
        switch amount {
        case .int(let value):
            if unitNanoseconds >= Self.nanosecondsPerSecond {
                return multiplyAdd(&seconds, value, unitNanoseconds / Self.nanosecondsPerSecond)
            }
            let unitsPerSecond = Self.nanosecondsPerSecond / unitNanoseconds
            return add(&seconds, value / unitsPerSecond) && addNanoseconds((value % unitsPerSecond) * unitNanoseconds)
        case .float(let value):
            guard let (whole, fraction) = split(value), addTime(.int(whole), unitNanoseconds: unitNanoseconds) else {
                return false
            }
            return addNanoseconds(rounded(fraction * Double(unitNanoseconds)))
        }
    }

    /// Adds less than a day's worth of nanoseconds, carrying whole seconds.
    private mutating func addNanoseconds(_ amount: Int64) -> Bool {
        guard add(&seconds, amount / Self.nanosecondsPerSecond) else { return false }
        nanoseconds += amount % Self.nanosecondsPerSecond
        guard add(&seconds, nanoseconds / Self.nanosecondsPerSecond) else { return false }
        nanoseconds %= Self.nanosecondsPerSecond
        return true
    }

    // MARK: Checked arithmetic

    private func add(_ target: inout Int64, _ amount: Int64) -> Bool {
        let (sum, overflow) = target.addingReportingOverflow(amount)
        guard !overflow else { return false }
        target = sum
        return true
    }

    private func multiplyAdd(_ target: inout Int64, _ value: Int64, _ factor: Int64) -> Bool {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        return !overflow && add(&target, product)
    }

    /// Integral part (exactly, as Int64) and fractional part of a finite double.
    private func split(_ value: Double) -> (Int64, Double)? {
        guard value.isFinite else { return nil }
        let whole = value.rounded(.towardZero)
        guard let exact = NumericComparison.exactInt64(whole) else { return nil }
        return (exact, value - whole)
    }

    /// Nearest integer of a fraction already scaled to nanoseconds (|value| < 3 × 10^15).
    private func rounded(_ value: Double) -> Int64 { Int64(value.rounded()) }
}

extension DurationValue {
    public static let zero = DurationValue(months: 0, days: 0, seconds: 0, nanoseconds: 0)

    /// A duration with seconds and nanoseconds carried into one sign and |nanoseconds| < 10^9;
    /// months and days are kept as given. nil when the seconds overflow.
    public static func normalized(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int64) -> DurationValue? {
        let perSecond = DurationBuilder.nanosecondsPerSecond
        let (carried, overflow) = seconds.addingReportingOverflow(nanoseconds / perSecond)
        guard !overflow else { return nil }
        var seconds = carried
        var nanoseconds = nanoseconds % perSecond
        if seconds > 0 && nanoseconds < 0 {
            seconds -= 1
            nanoseconds += perSecond
        } else if seconds < 0 && nanoseconds > 0 {
            seconds += 1
            nanoseconds -= perSecond
        }
        return DurationValue(months: months, days: days, seconds: seconds, nanoseconds: Int32(nanoseconds))
    }

    /// The duration of Cypher's `duration({...})` map; nil on overflow or a non-finite amount.
    public init?<Components: Sequence>(components: Components) where Components.Element == (DurationUnit, DurationAmount) {
        var builder = DurationBuilder()
        for (unit, amount) in components { builder.add(amount, unit) }
        guard let built = builder.build() else { return nil }
        self = built
    }

    /// Swift-side convenience over `init(components:)`, e.g. `DurationValue(days: 1.5)`.
    public init?(years: DurationAmount = 0, months: DurationAmount = 0, weeks: DurationAmount = 0,
                 days: DurationAmount = 0, hours: DurationAmount = 0, minutes: DurationAmount = 0,
                 seconds: DurationAmount = 0, milliseconds: DurationAmount = 0,
                 microseconds: DurationAmount = 0, nanoseconds: DurationAmount = 0) {
        self.init(components: [
            (.years, years), (.months, months), (.weeks, weeks), (.days, days), (.hours, hours),
            (.minutes, minutes), (.seconds, seconds), (.milliseconds, milliseconds),
            (.microseconds, microseconds), (.nanoseconds, nanoseconds),
        ])
    }
}
