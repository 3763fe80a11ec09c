// Tests for openCypher comparability (`Value.cypherCompare` and the four operator helpers): the
// TCK's Comparison2 and Temporal7 tables, code-point string order, and what is not comparable.
import Testing
@testable import QuiverCore

@Suite struct ValueComparabilityTests {
    static let nan = Value.float(.nan)

    @Test func acrossTypesOnlyNumbersCompare() {
        // TCK Comparison2 [3]: of '', 1, 3.14, true, null, [], {} only 1 and 3.14 compare.
        let kinds: [Value] = [.string(""), .int(1), .float(3.14), .bool(true), .null, .list([]), .map([:])]
        for (i, lhs) in kinds.enumerated() {
            for (j, rhs) in kinds.enumerated() where i != j {
                let comparison = Value.cypherCompare(lhs, rhs)
                if (i, j) == (1, 2) {
                    #expect(comparison == .less)
                } else if (i, j) == (2, 1) {
                    #expect(comparison == .greater)
                } else {
                    #expect(comparison == nil, "\(lhs) vs \(rhs)")
                }
            }
        }
    }

    @Test func listsTable() {
        // TCK Comparison2 [4]: lhs >= rhs.
        let cases: [(Value, Value, Bool?)] = [
            (.list([.int(1), .int(0)]), .list([.int(1)]), true),
            (.list([.int(1), .null]), .list([.int(1)]), true),
            (.list([.int(1), .int(2)]), .list([.int(1), .null]), nil),
            (.list([.int(1), .string("a")]), .list([.int(1), .null]), nil),
            (.list([.int(1), .int(2)]), .list([.int(3), .null]), false),
        ]
        for (lhs, rhs, expected) in cases {
            #expect(Value.cypherGreaterThanOrEqual(lhs, rhs) == expected, "\(lhs) >= \(rhs)")
        }
        #expect(Value.cypherCompare(.list([.int(1), .string("a")]), .list([.int(1), .int(2)])) == nil)
        #expect(Value.cypherCompare(.list([]), .list([.null])) == .less)
        #expect(Value.cypherCompare(.list([Self.nan]), .list([.int(1)])) == .unordered)
    }

    @Test func nanMakesEveryInequalityFalseAgainstNumbersOnly() {
        // TCK Comparison2 [5].
        for other in [Value.int(1), .float(1.0), Self.nan] {
            for (lhs, rhs) in [(Self.nan, other), (other, Self.nan)] {
                #expect(Value.cypherCompare(lhs, rhs) == .unordered)
                #expect(Value.cypherLessThan(lhs, rhs) == false)
                #expect(Value.cypherLessThanOrEqual(lhs, rhs) == false)
                #expect(Value.cypherGreaterThan(lhs, rhs) == false)
                #expect(Value.cypherGreaterThanOrEqual(lhs, rhs) == false)
            }
        }
        #expect(Value.cypherLessThan(Self.nan, .string("a")) == nil)
        #expect(Value.cypherGreaterThanOrEqual(.string("a"), Self.nan) == nil)
    }

    @Test func numbersAndStringsTable() {
        // TCK Comparison2 [6]: lhs < rhs.
        #expect(Value.cypherLessThan(.float(1.0), .float(1.0)) == false)
        #expect(Value.cypherLessThan(.int(1), .float(1.0)) == false)
        #expect(Value.cypherLessThan(.string("1.0"), .float(1.0)) == nil)
        #expect(Value.cypherLessThan(.string("1"), .int(1)) == nil)
        #expect(Value.cypherLessThan(.null, .int(1)) == nil)
        #expect(Value.cypherLessThan(.null, .null) == nil)
    }

    @Test func integersAgainstDoublesCompareExactly() {
        let cases: [(Int64, Double, ValueComparison)] = [
            (Int64.max, 9_223_372_036_854_775_808.0, .less),                 // 2^63
            (Int64.max - 1, Double(Int64.max - 1), .less),                   // the double rounds up to 2^63
            (Int64.min, -9_223_372_036_854_775_808.0, .equal),
            (Int64.min, -9_223_372_036_854_777_856.0, .greater),             // next double below -2^63
            ((1 << 53) + 1, 9_007_199_254_740_992.0, .greater),
            ((1 << 53) + 1, 9_007_199_254_740_994.0, .less),
            (4_611_686_018_427_387_905, 4_611_686_018_427_387_904.0, .greater),
            (5, 5.5, .less), (-5, -5.5, .greater), (-5, -4.5, .less), (0, -0.0, .equal),
            (Int64.max, .infinity, .less), (Int64.min, -.infinity, .greater),
            (0, .leastNonzeroMagnitude, .less), (0, -.leastNonzeroMagnitude, .greater),
        ]
        for (int, double, expected) in cases {
            #expect(Value.cypherCompare(.int(int), .float(double)) == expected, "\(int) vs \(double)")
            let mirrored: ValueComparison = expected == .less ? .greater : (expected == .greater ? .less : expected)
            #expect(Value.cypherCompare(.float(double), .int(int)) == mirrored, "\(double) vs \(int)")
        }
    }

    @Test func stringsCompareByCodePoint() {
        let ascending = ["", " ", ".*", "A", "Z", "a", "ab", "b", "e\u{301}", "one", "\u{E9}", "\u{FFFF}", "😀"]
        for (i, lhs) in ascending.enumerated() {
            for (j, rhs) in ascending.enumerated() {
                let expected: ValueComparison = i < j ? .less : (i == j ? .equal : .greater)
                #expect(Value.cypherCompare(.string(lhs), .string(rhs)) == expected, "\(lhs) vs \(rhs)")
            }
        }
        // UTF-16 would put U+1F600 (a surrogate pair, 0xD83D…) below U+FFFF; code points do not.
        #expect(Value.cypherLessThan(.string("\u{FFFF}"), .string("😀")) == true)
        let long = String(repeating: "k", count: 64)
        #expect(Value.cypherLessThan(.string(long + "a"), .string(long + "b")) == true)
        #expect(Value.cypherLessThan(.string(long), .string(long + "\u{0}")) == true)
    }

    @Test func booleansAndTemporals() {
        #expect(Value.cypherCompare(.bool(false), .bool(true)) == .less)
        #expect(Value.cypherCompare(.bool(true), .bool(true)) == .equal)
        // TCK Temporal7 [1], [2], [4].
        let earlierDate = Value.date(DateValue(daysSinceEpoch: GregorianCalendar.daysSinceEpoch(year: 1980, month: 12, day: 24)))
        let laterDate = Value.date(DateValue(daysSinceEpoch: GregorianCalendar.daysSinceEpoch(year: 1984, month: 10, day: 11)))
        #expect(Value.cypherCompare(earlierDate, laterDate) == .less)
        #expect(Value.cypherCompare(laterDate, laterDate) == .equal)
        let morning = Value.localTime(LocalTimeValue(nanosecondsSinceMidnight: TimeOfDay(hour: 10, minute: 35, second: 0).nanosecondsSinceMidnight))
        let noon = Value.localTime(LocalTimeValue(nanosecondsSinceMidnight:
            TimeOfDay(hour: 12, minute: 31, second: 14, nanosecond: 645_876_123).nanosecondsSinceMidnight))
        #expect(Value.cypherCompare(morning, noon) == .less)
        let a = Value.localDateTime(LocalDateTimeValue(secondsSinceEpoch: 100, nanoseconds: 5))
        let b = Value.localDateTime(LocalDateTimeValue(secondsSinceEpoch: 100, nanoseconds: 6))
        #expect(Value.cypherCompare(a, b) == .less)
        #expect(Value.cypherCompare(a, earlierDate) == nil)
    }

    @Test func dateTimesCompareByInstantAlone() {
        // TCK Temporal7 [5]: 1980-12-11T12:31:14+00:00 < 1984-10-11T12:31:14+05:00.
        let first = DateTimeValue(secondsSinceEpochUTC: 345_385_874, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)
        let second = DateTimeValue(secondsSinceEpochUTC: 466_345_874 - 5 * 3600, nanoseconds: 0, offsetSeconds: 5 * 3600, zoneID: nil)
        #expect(Value.cypherCompare(.dateTime(first), .dateTime(second)) == .less)
        var sameInstantElsewhere = first
        sameInstantElsewhere.offsetSeconds = 3600
        sameInstantElsewhere.zoneID = "Europe/Stockholm"
        #expect(Value.cypherCompare(.dateTime(first), .dateTime(sameInstantElsewhere)) == .equal)
        #expect(Value.cypherLessThanOrEqual(.dateTime(first), .dateTime(sameInstantElsewhere)) == true)
        #expect(Value.cypherEquals(.dateTime(first), .dateTime(sameInstantElsewhere)) == false)
    }

    @Test func mapsDurationsAndMixedTemporalsAreNotComparable() {
        #expect(Value.cypherCompare(.map([:]), .map([:])) == nil)
        #expect(Value.cypherCompare(.map(["a": .int(1)]), .map(["a": .int(2)])) == nil)
        #expect(Value.cypherCompare(.duration(.zero), .duration(.zero)) == nil)
        #expect(Value.cypherCompare(.date(DateValue(daysSinceEpoch: 0)),
                                    .dateTime(DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 0, zoneID: nil))) == nil)
    }

    @Test func comparabilityAgreesWithOrderWhereBothDefineIt() {
        let values = ValueGenerator.values(count: 300, seed: 4).filter { !ValueGenerator.containsDateTime($0) }
        for a in values {
            for b in values {
                guard let comparison = Value.cypherCompare(a, b) else { continue }
                let order = Value.orderCompare(a, b)
                switch comparison {
                case .less: #expect(order == .less, "\(a) < \(b)")
                case .greater: #expect(order == .greater, "\(a) > \(b)")
                case .equal: #expect(order == .equal, "\(a) == \(b)")
                case .unordered: break
                }
                #expect(Value.cypherCompare(b, a) == mirror(comparison), "antisymmetry \(a), \(b)")
            }
        }
    }

    private func mirror(_ comparison: ValueComparison) -> ValueComparison {
        switch comparison {
        case .less: .greater
        case .greater: .less
        default: comparison
        }
    }
}
