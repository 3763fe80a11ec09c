// Tests for DurationValue construction and normalisation against the TCK's expected strings
// (Temporal1 [12], Temporal5 [7], Temporal6 [6]) written out as months/days/seconds/nanoseconds,
// plus fraction rounding, sign handling, overflow and map-key spelling.
import Testing
@testable import QuiverCore

@Suite struct DurationNormalizationTests {
    func fields(_ duration: DurationValue?) -> [Int64]? {
        duration.map { [$0.months, $0.days, $0.seconds, Int64($0.nanoseconds)] }
    }

    @Test func constructionTableFromTheTCK() {
        // TCK Temporal1 [12].
        #expect(fields(DurationValue(days: 14, hours: 16, minutes: 12)) == [0, 14, 58_320, 0])          // P14DT16H12M
        #expect(fields(DurationValue(months: 5, days: 1.5)) == [5, 1, 43_200, 0])                      // P5M1DT12H
        #expect(fields(DurationValue(months: 0.75)) == [0, 22, 71_509, 500_000_000])                     // P22DT19H51M49.5S
        #expect(fields(DurationValue(weeks: 2.5)) == [0, 17, 43_200, 0])                                 // P17DT12H
        #expect(fields(DurationValue(years: 12, months: 5, days: 14, hours: 16, minutes: 12, seconds: 70))
                == [149, 14, 58_390, 0])                                                                 // P12Y5M14DT16H13M10S
        #expect(fields(DurationValue(days: 14, seconds: 70, milliseconds: 1)) == [0, 14, 70, 1_000_000])
        #expect(fields(DurationValue(days: 14, seconds: 70, microseconds: 1)) == [0, 14, 70, 1_000])
        #expect(fields(DurationValue(days: 14, seconds: 70, nanoseconds: 1)) == [0, 14, 70, 1])
        #expect(fields(DurationValue(minutes: 1.5, seconds: 1)) == [0, 0, 91, 0])                        // PT1M31S
        // TCK Temporal5 [7].
        #expect(fields(DurationValue(years: 1, months: 4, days: 10, hours: 1, minutes: 1, seconds: 1, nanoseconds: 111_111_111))
                == [16, 10, 3661, 111_111_111])
    }

    @Test func signsTableFromTheTCK() {
        // TCK Temporal6 [6].
        #expect(fields(DurationValue(years: 12, months: 5, days: 14, hours: 16, minutes: 12, seconds: 70, nanoseconds: 1))
                == [149, 14, 58_390, 1])
        #expect(fields(DurationValue(years: 12, months: 5, days: -14, hours: 16)) == [149, -14, 57_600, 0])
        #expect(fields(DurationValue(minutes: 12, seconds: -60)) == [0, 0, 660, 0])                      // PT11M
        #expect(fields(DurationValue(seconds: 2, milliseconds: -1)) == [0, 0, 1, 999_000_000])           // PT1.999S
        #expect(fields(DurationValue(seconds: -2, milliseconds: 1)) == [0, 0, -1, -999_000_000])         // PT-1.999S
        #expect(fields(DurationValue(seconds: -2, milliseconds: -1)) == [0, 0, -2, -1_000_000])          // PT-2.001S
        #expect(fields(DurationValue(days: 1, milliseconds: 1)) == [0, 1, 0, 1_000_000])                 // P1DT0.001S
        #expect(fields(DurationValue(days: 1, milliseconds: -1)) == [0, 1, 0, -1_000_000])               // P1DT-0.001S
        #expect(fields(DurationValue(seconds: 60, milliseconds: -1)) == [0, 0, 59, 999_000_000])         // PT59.999S
        #expect(fields(DurationValue(seconds: -60, milliseconds: 1)) == [0, 0, -59, -999_000_000])       // PT-59.999S
        #expect(fields(DurationValue(seconds: -60, milliseconds: -1)) == [0, 0, -60, -1_000_000])        // PT-1M-0.001S
    }

    @Test func fractionsCascadeAndRoundToTheNanosecond() {
        #expect(fields(DurationValue(seconds: 0.3)) == [0, 0, 0, 300_000_000])
        #expect(fields(DurationValue(seconds: 0.1, milliseconds: 0.2)) == [0, 0, 0, 100_200_000])
        #expect(fields(DurationValue(years: 0.5)) == [6, 0, 0, 0])
        #expect(fields(DurationValue(years: 1.5)) == [18, 0, 0, 0])
        #expect(fields(DurationValue(hours: -1.5)) == [0, 0, -5400, 0])
        #expect(fields(DurationValue(days: -1.5)) == [0, -1, -43_200, 0])
        #expect(fields(DurationValue(months: -0.75)) == [0, -22, -71_509, -500_000_000])
        #expect(fields(DurationValue(nanoseconds: 1.5)) == [0, 0, 0, 2])
        #expect(fields(DurationValue(milliseconds: 1e18)) == [0, 0, 1_000_000_000_000_000, 0])
        #expect(fields(DurationValue()) == [0, 0, 0, 0])
        #expect(DurationValue() == .zero)
    }

    @Test func overflowAndNonFiniteAmountsAreNil() {
        #expect(DurationValue(years: .int(Int64.max)) == nil)
        #expect(DurationValue(weeks: .int(Int64.max)) == nil)
        #expect(DurationValue(hours: .int(Int64.max)) == nil)
        #expect(DurationValue(seconds: .int(Int64.max), milliseconds: 1000) == nil)
        #expect(DurationValue(seconds: .float(.infinity)) == nil)
        #expect(DurationValue(days: .float(.nan)) == nil)
        #expect(DurationValue(months: 1e30) == nil)
        #expect(fields(DurationValue(milliseconds: .int(Int64.max))) == [0, 0, 9_223_372_036_854_775, 807_000_000])
        #expect(fields(DurationValue(nanoseconds: .int(Int64.min))) == [0, 0, -9_223_372_036, -854_775_808])
        #expect(fields(DurationValue(months: .int(Int64.max), days: .int(Int64.min), seconds: .int(Int64.max))) != nil,
                "buckets never mix, so each may use its whole range")
    }

    @Test func normalizedCarriesSecondsAndNanoseconds() {
        #expect(fields(DurationValue.normalized(months: 0, days: 0, seconds: 1, nanoseconds: -1)) == [0, 0, 0, 999_999_999])
        #expect(fields(DurationValue.normalized(months: 1, days: 2, seconds: 0, nanoseconds: 2_500_000_000)) == [1, 2, 2, 500_000_000])
        #expect(fields(DurationValue.normalized(months: 0, days: 0, seconds: -1, nanoseconds: 1_500_000_000)) == [0, 0, 0, 500_000_000])
        #expect(DurationValue.normalized(months: 0, days: 0, seconds: Int64.max, nanoseconds: 1_000_000_000) == nil)
    }

    @Test func componentsAndMapKeys() {
        let components: [(DurationUnit, DurationAmount)] = [(.days, 1), (.hours, 2.5), (.days, 1)]
        #expect(fields(DurationValue(components: components)) == [0, 2, 9000, 0])
        let keys: [(String, DurationUnit?)] = [
            ("days", .days), ("Days", .days), ("day", .days), ("YEARS", .years), ("millisecond", .milliseconds),
            ("nanoseconds", .nanoseconds), ("fortnights", nil), ("s", nil), ("", nil), ("dayss", nil),
        ]
        for (key, unit) in keys { #expect(DurationUnit(mapKey: key) == unit, "\(key)") }
    }
}
