// Tests for the ORDER BY order (`Value.orderCompare`): the TCK's ReturnOrderBy/WithOrderBy tables,
// the global rank of kinds, and strict-weak-order laws (antisymmetry, transitivity, agreement
// with equivalence) over randomized mixed values.
import Testing
@testable import QuiverCore

@Suite struct ValueOrderingTests {
    func sorted(_ values: [Value]) -> [Value] {
        values.sorted { Value.orderCompare($0, $1) == .less }
    }

    @Test func listsSortAsTheTCKExpects() {
        // TCK ReturnOrderBy1 [9]: [] < ['a'] < ['a', 1] < [1] < [1, 'a'] < [1, null] < [null, 1] < [null, 2].
        let expected: [Value] = [
            .list([]), .list([.string("a")]), .list([.string("a"), .int(1)]), .list([.int(1)]),
            .list([.int(1), .string("a")]), .list([.int(1), .null]), .list([.null, .int(1)]), .list([.null, .int(2)]),
        ]
        var generator = SplitMix64(seed: 5)
        for _ in 0..<20 {
            #expect(sorted(expected.shuffled(using: &generator)) == expected)
        }
    }

    @Test func kindsSortInOpenCypherGlobalOrder() {
        // TCK ReturnOrderBy1 [11] (without node, relationship and path, which are not storage values):
        // map < list < string < boolean < number < NaN < null, plus the temporal kinds in between.
        let ascending: [Value] = [
            .map(["a": .string("map")]),
            .list([.string("list")]),
            .dateTime(DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)),
            .localDateTime(LocalDateTimeValue(secondsSinceEpoch: 0, nanoseconds: 0)),
            .date(DateValue(daysSinceEpoch: 0)),
            .localTime(LocalTimeValue(nanosecondsSinceMidnight: 0)),
            .duration(.zero),
            .string("text"),
            .bool(false),
            .float(1.5),
            .float(.nan),
            .null,
        ]
        var generator = SplitMix64(seed: 6)
        for _ in 0..<20 {
            let result = sorted(ascending.shuffled(using: &generator))
            #expect(result.map(\.typeName) == ascending.map(\.typeName))
            #expect(result.last == .null)
            #expect(result[result.count - 2] == .float(.nan))
        }
        let ranks = [ValueOrderRank.map, ValueOrderRank.node, ValueOrderRank.relationship, ValueOrderRank.list,
                     ValueOrderRank.path, ValueOrderRank.dateTime, ValueOrderRank.localDateTime, ValueOrderRank.date,
                     ValueOrderRank.time, ValueOrderRank.localTime, ValueOrderRank.duration, ValueOrderRank.string,
                     ValueOrderRank.bool, ValueOrderRank.number, ValueOrderRank.null]
        #expect(ranks == ranks.sorted() && Set(ranks).count == ranks.count)
        #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $1 - $0 >= 10 }, "gaps for the engine's kinds")
    }

    @Test func scalarsSortAsTheTCKExpects() {
        // WithOrderBy1 [1]–[8].
        #expect(sorted([.bool(true), .bool(false)]) == [.bool(false), .bool(true)])
        #expect(sorted([.string(".*"), .string(""), .string(" "), .string("one")])
                == [.string(""), .string(" "), .string(".*"), .string("one")])
        #expect(sorted([.int(1), .int(3), .int(2)]) == [.int(1), .int(2), .int(3)])
        #expect(sorted([.float(1.5), .float(1.3), .float(999.99)]) == [.float(1.3), .float(1.5), .float(999.99)])
    }

    @Test func numbersOrderExactlyWithNaNLast() {
        let ascending: [Value] = [
            .float(-.infinity), .int(Int64.min), .int(Int64.min + 1), .float(-2.5), .int(-1), .float(-0.5),
            .int(0), .float(0.5), .int(1), .float(1.5), .int(1 << 53), .int((1 << 53) + 1),
            .float(9_007_199_254_740_994.0), .int(Int64.max - 1), .int(Int64.max),
            .float(9_223_372_036_854_775_808.0), .float(.infinity), .float(.nan),
        ]
        var generator = SplitMix64(seed: 8)
        for _ in 0..<20 {
            #expect(sorted(ascending.shuffled(using: &generator)) == ascending)
        }
        #expect(Value.orderCompare(.float(0.0), .float(-0.0)) == .equal)
        #expect(Value.orderCompare(.int(0), .float(-0.0)) == .equal)
        #expect(Value.orderCompare(.float(.nan), .float(-.nan)) == .equal)
        #expect(Value.orderCompare(.int(Int64.max), .float(.nan)) == .less)
        #expect(Value.orderCompare(.float(.nan), .null) == .less)
    }

    @Test func temporalsSortAsTheTCKExpects() {
        // WithOrderBy1 [11]: dates; [13]: local times; [19]: date-times by instant across offsets.
        func date(_ y: Int64, _ m: Int, _ d: Int) -> Value {
            .date(DateValue(daysSinceEpoch: GregorianCalendar.daysSinceEpoch(year: y, month: m, day: d)))
        }
        let dates = [date(1910, 5, 6), date(1980, 12, 24), date(1984, 10, 12), date(1985, 5, 6), date(1980, 10, 24), date(1984, 10, 11)]
        #expect(Array(sorted(dates).prefix(2)) == [date(1910, 5, 6), date(1980, 10, 24)])
        func dateTime(_ y: Int64, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ns: Int32, offsetMinutes: Int32) -> Value {
            let local = GregorianCalendar.daysSinceEpoch(year: y, month: mo, day: d) * 86_400 + Int64(h * 3600 + mi * 60 + s)
            return .dateTime(DateTimeValue(secondsSinceEpochUTC: local - Int64(offsetMinutes) * 60, nanoseconds: ns,
                                           offsetSeconds: offsetMinutes * 60, zoneID: nil))
        }
        let a = dateTime(1984, 10, 11, 12, 30, 14, 12, offsetMinutes: 15)
        let b = dateTime(1984, 10, 11, 12, 31, 14, 645_876_123, offsetMinutes: 17)
        let c = dateTime(1, 1, 1, 1, 1, 1, 1, offsetMinutes: -(11 * 60 + 59))
        let d = dateTime(9999, 9, 9, 9, 59, 59, 999_999_999, offsetMinutes: 11 * 60 + 59)
        let e = dateTime(1980, 12, 11, 12, 31, 14, 0, offsetMinutes: -(11 * 60 + 59))
        #expect(sorted([a, b, c, d, e]) == [c, e, b, a, d])
    }

    @Test func oneInstantInSeveralZonesSortsDeterministically() {
        let utc = DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)
        var utcNamed = utc
        utcNamed.zoneID = "UTC"
        var plusOne = utc
        plusOne.offsetSeconds = 3600
        var stockholm = plusOne
        stockholm.zoneID = "Europe/Stockholm"
        var zagreb = plusOne
        zagreb.zoneID = "Europe/Zagreb"
        let expected = [utc, utcNamed, plusOne, stockholm, zagreb].map(Value.dateTime)
        var generator = SplitMix64(seed: 9)
        for _ in 0..<10 {
            #expect(sorted(expected.shuffled(using: &generator)) == expected)
        }
    }

    @Test func durationsSortByAverageLengthThenFields() {
        func duration(_ months: Int64, _ days: Int64, _ seconds: Int64) -> Value {
            .duration(DurationValue(months: months, days: days, seconds: seconds, nanoseconds: 0))
        }
        // PT0S < P30D < P1M (30.436875 days) < P31D; P1D and PT86400S tie on length, days-first decides.
        #expect(sorted([duration(0, 31, 0), duration(1, 0, 0), duration(0, 30, 0), duration(0, 0, 0)])
                == [duration(0, 0, 0), duration(0, 30, 0), duration(1, 0, 0), duration(0, 31, 0)])
        #expect(Value.orderCompare(duration(0, 0, 86_400), duration(0, 1, 0)) == .less)
        #expect(Value.orderCompare(duration(Int64.max, Int64.max, Int64.max), duration(Int64.min, 0, 0)) == .greater)
    }

    @Test func mapsSortBySizeThenKeysThenValues() {
        let ascending: [Value] = [
            .map([:]), .map(["a": .int(2)]), .map(["b": .int(1)]), .map(["b": .null]),
            .map(["a": .int(1), "b": .int(1)]), .map(["a": .int(1), "c": .int(0)]),
        ]
        var generator = SplitMix64(seed: 10)
        for _ in 0..<10 {
            #expect(sorted(ascending.shuffled(using: &generator)) == ascending)
        }
    }

    @Test func orderIsAStrictWeakOrderConsistentWithEquivalence() {
        let values = ValueGenerator.values(count: 400, seed: 12)
        for a in values {
            #expect(Value.orderCompare(a, a) == .equal, "irreflexive: \(a)")
            for b in values {
                let forward = Value.orderCompare(a, b)
                if forward != Value.orderCompare(b, a).reversed {
                    Issue.record("not antisymmetric: \(a), \(b)")
                    return
                }
                if (forward == .equal) != (a == b) {
                    Issue.record("order and equivalence disagree: \(a), \(b): \(forward)")
                    return
                }
            }
        }
        // After sorting, every earlier value is ≤ every later one: a linear preorder, so transitive.
        let result = sorted(values)
        for i in result.indices {
            for j in result.indices where i < j && Value.orderCompare(result[i], result[j]) == .greater {
                Issue.record("sorted order broken at \(i), \(j): \(result[i]) > \(result[j])")
                return
            }
        }
    }

    @Test func orderIsTransitiveOnRandomTriples() {
        var generator = SplitMix64(seed: 13)
        let values = ValueGenerator.values(count: 600, seed: 14)
        for _ in 0..<100_000 {
            let a = values.randomElement(using: &generator)!
            let b = values.randomElement(using: &generator)!
            let c = values.randomElement(using: &generator)!
            let ab = Value.orderCompare(a, b), bc = Value.orderCompare(b, c), ac = Value.orderCompare(a, c)
            if ab != .greater && bc != .greater {
                let expected: ValueOrder = (ab == .equal && bc == .equal) ? .equal : .less
                if ac != expected {
                    Issue.record("not transitive: \(a) \(ab) \(b) \(bc) \(c) but \(ac)")
                    return
                }
            }
        }
    }
}
