// Tests for Value equivalence (`==`) and openCypher's ternary `=` (`Value.cypherEquals`), with
// the TCK's tables (Comparison1, Temporal7) and the exactness and code-point edge cases.
import Testing
@testable import QuiverCore

@Suite struct ValueEqualityTests {
    static let nan = Value.float(.nan)

    // MARK: Equivalence

    @Test func equivalenceTable() {
        let equivalent: [(Value, Value)] = [
            (.null, .null),
            (.int(1), .float(1.0)),
            (.float(0.0), .float(-0.0)),
            (.int(0), .float(-0.0)),
            (Self.nan, Self.nan),
            (.float(.nan), .float(-.nan)),
            (.string("é"), .string("é")),
            (.list([.int(1), .null]), .list([.float(1), .null])),
            (.map(["k": .int(1), "l": .null]), .map(["l": .null, "k": .float(1)])),
            (.int(Int64.min), .float(-9_223_372_036_854_775_808.0)),
            (.int(1 << 53), .float(9_007_199_254_740_992.0)),
        ]
        for (a, b) in equivalent {
            #expect(a == b, "\(a) ≡ \(b)")
            #expect(b == a, "\(b) ≡ \(a)")
        }
        let different: [(Value, Value)] = [
            (.null, .int(0)),
            (.int(1), .string("1")),
            (.float(1.0), .string("1.0")),
            (.bool(true), .int(1)),
            (.int(Int64.max), .float(9_223_372_036_854_775_808.0)),  // Double(Int64.max) is 2^63
            (.int(Int64.max - 1), .float(Double(Int64.max - 1))),
            (.int((1 << 53) + 1), .float(9_007_199_254_740_992.0)),
            (.int(4_611_686_018_427_387_905), .float(4_611_686_018_427_387_904.0)),
            (.int(1), .float(1.0000000000000002)),
            (.int(0), Self.nan),
            (.list([.int(1)]), .list([.int(1), .int(1)])),
            (.list([]), .map([:])),
            (.map(["k": .null]), .map([:])),
            (.date(DateValue(daysSinceEpoch: 0)), .localDateTime(LocalDateTimeValue(secondsSinceEpoch: 0, nanoseconds: 0))),
        ]
        for (a, b) in different {
            #expect(a != b, "\(a) ≢ \(b)")
            #expect(b != a, "\(b) ≢ \(a)")
        }
    }

    @Test func stringsCompareByCodePointNotByCanonicalEquivalence() {
        let precomposed = "\u{E9}", decomposed = "e\u{301}"
        #expect(precomposed == decomposed, "Swift's String == normalises; the premise of this test")
        #expect(Value.string(precomposed) != Value.string(decomposed))
        #expect(Value.cypherEquals(.string(precomposed), .string(decomposed)) == false)
        #expect(Value.string("Å") != Value.string("\u{212B}"))  // LATIN A WITH RING vs ANGSTROM SIGN
        #expect(Value.string("") == Value.string(""))
        #expect(Value.string("a") != Value.string("a\u{0}"))
        let long = String(repeating: "x", count: 100)
        #expect(Value.string(long + "é") == Value.string(long + "é"))
        #expect(Value.string(long + "é") != Value.string(long + "e\u{301}"))
        // Map keys too: the same dictionary lookup must not match a canonically-equal key.
        #expect(Value.map([precomposed: .int(1)]) != Value.map([decomposed: .int(1)]))
        #expect(Value.cypherEquals(.map([precomposed: .int(1)]), .map([decomposed: .int(1)])) == false)
    }

    @Test func temporalEquivalenceIsFieldWise() {
        let instant = DateTimeValue(secondsSinceEpochUTC: 3600, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)
        var otherOffset = instant
        otherOffset.offsetSeconds = 3600
        var named = instant
        named.zoneID = "UTC"
        #expect(Value.dateTime(instant) == .dateTime(instant))
        #expect(Value.dateTime(instant) != .dateTime(otherOffset))
        #expect(Value.dateTime(instant) != .dateTime(named))
        var sameZone = instant
        sameZone.zoneID = String(decoding: Array("UTC".utf8), as: UTF8.self)
        #expect(Value.dateTime(named) == .dateTime(sameZone))
        #expect(Value.duration(DurationValue(months: 0, days: 1, seconds: 0, nanoseconds: 0))
                != .duration(DurationValue(months: 0, days: 0, seconds: 86_400, nanoseconds: 0)))
        #expect(Value.localTime(LocalTimeValue(nanosecondsSinceMidnight: 5)) == .localTime(LocalTimeValue(nanosecondsSinceMidnight: 5)))
    }

    // MARK: Ternary `=`

    @Test func nullMakesEqualityUnknown() {
        #expect(Value.cypherEquals(.null, .null) == nil)           // TCK Comparison1 [15]
        #expect(Value.cypherEquals(.null, .int(1)) == nil)
        #expect(Value.cypherEquals(.string("a"), .null) == nil)
    }

    @Test func nanIsEqualToNothing() {
        // TCK Comparison1 [8].
        for other in [Value.int(1), .float(1.0), Self.nan, .string("a")] {
            #expect(Value.cypherEquals(Self.nan, other) == false, "NaN = \(other)")
            #expect(Value.cypherEquals(other, Self.nan) == false, "\(other) = NaN")
        }
    }

    @Test func numbersAndStringsTable() {
        // TCK Comparison1 [9] and the large-integer scenarios [10]–[13].
        #expect(Value.cypherEquals(.float(1.0), .float(1.0)) == true)
        #expect(Value.cypherEquals(.int(1), .float(1.0)) == true)
        #expect(Value.cypherEquals(.string("1.0"), .float(1.0)) == false)
        #expect(Value.cypherEquals(.string("1"), .int(1)) == false)
        #expect(Value.cypherEquals(.int(4_611_686_018_427_387_905), .int(4_611_686_018_427_387_905)) == true)
        #expect(Value.cypherEquals(.int(4_611_686_018_427_387_905), .int(4_611_686_018_427_387_900)) == false)
        #expect(Value.cypherEquals(.int(Int64.max), .float(Double(Int64.max))) == false)
        #expect(Value.cypherEquals(.float(0.0), .float(-0.0)) == true)
    }

    @Test func listsTable() {
        // TCK Comparison1 [6].
        let cases: [(Value, Value, Bool?)] = [
            (.list([.int(1), .int(2)]), .list([.int(1)]), false),
            (.list([.null]), .list([.int(1)]), nil),
            (.list([.string("a")]), .list([.int(1)]), false),
            (.list([.list([.int(1)])]), .list([.list([.int(1)]), .list([.null])]), false),
            (.list([.list([.int(1)]), .list([.int(2)])]), .list([.list([.int(1)]), .list([.null])]), nil),
            (.list([.list([.int(1)]), .list([.int(2), .int(3)])]), .list([.list([.int(1)]), .list([.null])]), false),
            (.list([]), .list([]), true),
            (.list([.int(1), .float(2)]), .list([.float(1), .int(2)]), true),
            (.list([Self.nan]), .list([Self.nan]), false),
        ]
        for (lhs, rhs, expected) in cases {
            #expect(Value.cypherEquals(lhs, rhs) == expected, "\(lhs) = \(rhs)")
            #expect(Value.cypherEquals(rhs, lhs) == expected, "\(rhs) = \(lhs)")
        }
    }

    @Test func mapsTable() {
        // TCK Comparison1 [7].
        let cases: [([String: Value], [String: Value], Bool?)] = [
            ([:], [:], true),
            (["k": .bool(true)], ["k": .bool(true)], true),
            (["k": .int(1)], ["k": .int(1)], true),
            (["k": .float(1.0)], ["k": .float(1.0)], true),
            (["k": .string("abc")], ["k": .string("abc")], true),
            (["k": .string("a"), "l": .int(2)], ["k": .string("a"), "l": .int(2)], true),
            ([:], ["k": .null], false),
            (["k": .null], [:], false),
            (["k": .int(1)], ["k": .int(1), "l": .null], false),
            (["k": .null, "l": .int(1)], ["l": .int(1)], false),
            (["k": .null], ["k": .null, "l": .null], false),
            (["k": .null], ["k": .null], nil),
            (["k": .int(1)], ["k": .null], nil),
            (["k": .int(1), "l": .null], ["k": .null, "l": .null], nil),
            (["k": .int(1), "l": .null], ["k": .null, "l": .int(1)], nil),
            (["k": .int(1), "l": .null], ["k": .int(1), "l": .int(1)], nil),
            (["k": .int(1), "l": .null], ["k": .int(2), "l": .null], false),
        ]
        for (lhs, rhs, expected) in cases {
            #expect(Value.cypherEquals(.map(lhs), .map(rhs)) == expected, "\(lhs) = \(rhs)")
        }
    }

    @Test func temporalTable() {
        // TCK Temporal7 [6]: durations equal field by field after normalisation; kinds never mix.
        let duration = DurationValue(years: 12, months: 5, days: 14, hours: 16, minutes: 12, seconds: 70)!
        let sameAfterCarry = DurationValue(years: 12, months: 5, days: 14, hours: 16, minutes: 13, seconds: 10)!
        let hoursNotDays = DurationValue(years: 12, months: 5, days: 13, hours: 40, minutes: 13, seconds: 10)!
        #expect(Value.cypherEquals(.duration(duration), .duration(sameAfterCarry)) == true)
        #expect(Value.cypherEquals(.duration(duration), .duration(hoursNotDays)) == false)
        #expect(Value.cypherEquals(.duration(duration), .date(DateValue(daysSinceEpoch: 5397))) == false)
        #expect(Value.cypherEquals(.date(DateValue(daysSinceEpoch: 5397)), .date(DateValue(daysSinceEpoch: 5397))) == true)
        // Date-times: the same instant in another zone is not equal (Neo4j, Memgraph).
        let utc = DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)
        let plusOne = DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 3600, zoneID: nil)
        #expect(Value.cypherEquals(.dateTime(utc), .dateTime(utc)) == true)
        #expect(Value.cypherEquals(.dateTime(utc), .dateTime(plusOne)) == false)
    }

    @Test func ternaryEqualityAgreesWithEquivalenceWithoutNullsOrNaN() {
        let values = ValueGenerator.values(count: 400, seed: 1)
        for a in values {
            for b in values {
                let ternary = Value.cypherEquals(a, b)
                if ternary == true { #expect(a == b, "\(a) = \(b) but not equivalent") }
                if !ValueGenerator.containsNullOrNaN(a) && !ValueGenerator.containsNullOrNaN(b) {
                    if ternary != (a == b) {
                        Issue.record("\(a) = \(b) is \(String(describing: ternary)), equivalence is \(a == b)")
                        return
                    }
                }
            }
        }
    }

    @Test func equivalenceIsAnEquivalenceRelation() {
        let values = ValueGenerator.values(count: 300, seed: 2)
        for a in values {
            #expect(a == a, "reflexive: \(a)")
            #expect(a == ValueGenerator.equivalentVariant(of: a), "variant of \(a)")
            for b in values where a == b {
                #expect(b == a, "symmetric: \(a), \(b)")
            }
        }
    }

    @Test func typeNamesAreMemgraphs() {
        let names: [(Value, String)] = [
            (.null, "null"), (.bool(true), "bool"), (.int(1), "int"), (.float(1), "double"),
            (.string(""), "string"), (.list([]), "list"), (.map([:]), "map"),
            (.date(DateValue(daysSinceEpoch: 0)), "date"),
            (.localTime(LocalTimeValue(nanosecondsSinceMidnight: 0)), "local_time"),
            (.localDateTime(LocalDateTimeValue(secondsSinceEpoch: 0, nanoseconds: 0)), "local_date_time"),
            (.dateTime(DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)), "zoned_date_time"),
            (.duration(.zero), "duration"),
        ]
        for (value, name) in names { #expect(value.typeName == name) }
    }
}
