// Tests for PosixTimeZoneRule: parsing every form zic writes into TZif footers (quoted names,
// negative and >24h transition times, Julian days, DST all year, "negative DST") and evaluation
// on both sides of each transition.
import Testing
@testable import QuiverCore

@Suite struct PosixTimeZoneRuleTests {
    func utc(_ year: Int64, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        GregorianCalendar.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    @Test func fixedOffsets() throws {
        #expect(try #require(PosixTimeZoneRule.parse("UTC0")).offset(utcSeconds: 0) == 0)
        let tehran = try #require(PosixTimeZoneRule.parse("<+0330>-3:30"))
        #expect(tehran.standardOffset == 12_600 && tehran.daylight == nil)
        #expect(try #require(PosixTimeZoneRule.parse("<-03>3")).standardOffset == -10_800)
        #expect(try #require(PosixTimeZoneRule.parse("<+0545>-5:45:00")).standardOffset == 20_700)
    }

    @Test func northernRule() throws {
        let rule = try #require(PosixTimeZoneRule.parse("EST5EDT,M3.2.0,M11.1.0"))
        #expect(rule.standardOffset == -18_000 && rule.daylight?.offset == -14_400)
        #expect(rule.offset(utcSeconds: utc(2030, 3, 10, 6, 59, 59)) == -18_000)
        #expect(rule.offset(utcSeconds: utc(2030, 3, 10, 7)) == -14_400)
        #expect(rule.offset(utcSeconds: utc(2030, 11, 3, 5, 59, 59)) == -14_400)
        #expect(rule.offset(utcSeconds: utc(2030, 11, 3, 6)) == -18_000)
        // Without rules the US default applies, as in glibc.
        #expect(try #require(PosixTimeZoneRule.parse("EST5EDT")) == rule)
    }

    @Test func lastWeekAndExplicitTimes() throws {
        let rule = try #require(PosixTimeZoneRule.parse("CET-1CEST,M3.5.0,M10.5.0/3"))
        // 2030: last Sunday of March is the 31st, of October the 27th.
        #expect(rule.offset(utcSeconds: utc(2030, 3, 31, 0, 59, 59)) == 3600)
        #expect(rule.offset(utcSeconds: utc(2030, 3, 31, 1)) == 7200)
        #expect(rule.offset(utcSeconds: utc(2030, 10, 27, 0, 59, 59)) == 7200)
        #expect(rule.offset(utcSeconds: utc(2030, 10, 27, 1)) == 3600)
    }

    @Test func southernRuleSpansTheNewYear() throws {
        let rule = try #require(PosixTimeZoneRule.parse("AEST-10AEDT,M10.1.0,M4.1.0/3"))
        #expect(rule.offset(utcSeconds: utc(2030, 1, 1)) == 39_600)
        #expect(rule.offset(utcSeconds: utc(2030, 12, 31, 23)) == 39_600)
        #expect(rule.offset(utcSeconds: utc(2030, 6, 1)) == 36_000)
    }

    @Test func negativeDaylightAndNegativeTimes() throws {
        let dublin = try #require(PosixTimeZoneRule.parse("IST-1GMT0,M10.5.0,M3.5.0/1"))
        #expect(dublin.offset(utcSeconds: utc(2030, 1, 15)) == 0)
        #expect(dublin.offset(utcSeconds: utc(2030, 7, 15)) == 3600)
        // America/Nuuk: transitions at -01:00 and 00:00 local time.
        let nuuk = try #require(PosixTimeZoneRule.parse("<-02>2<-01>,M3.5.0/-1,M10.5.0/0"))
        // Last Sunday of March 2030 is the 31st; -01:00 local (-02) is 30th 23:00 -02 = 31st 01:00Z.
        #expect(nuuk.offset(utcSeconds: utc(2030, 3, 31, 0, 59, 59)) == -7200)
        #expect(nuuk.offset(utcSeconds: utc(2030, 3, 31, 1)) == -3600)
    }

    @Test func julianDaysAndDaylightAllYear() throws {
        // J60 is March 1st in every year; zero-based 59 is March 1st only in common years.
        let julian = try #require(PosixTimeZoneRule.parse("AAA0BBB,J60/0,J300/0"))
        #expect(julian.offset(utcSeconds: utc(2028, 2, 29, 23, 59, 59)) == 0)
        #expect(julian.offset(utcSeconds: utc(2028, 3, 1)) == 3600)
        let zeroBased = try #require(PosixTimeZoneRule.parse("AAA0BBB,59/0,300/0"))
        #expect(zeroBased.offset(utcSeconds: utc(2028, 2, 29)) == 3600)
        #expect(zeroBased.offset(utcSeconds: utc(2029, 2, 28, 23)) == 0)
        // RFC 8536 §3.3.1: DST all year, end time 25:00 meets next year's start.
        let always = try #require(PosixTimeZoneRule.parse("EST5EDT,0/0,J365/25"))
        for instant in [utc(2030, 1, 1), utc(2030, 1, 1, 5), utc(2030, 6, 1), utc(2030, 12, 31, 23, 59, 59), utc(2031, 1, 1, 5)] {
            #expect(always.offset(utcSeconds: instant) == -14_400, "\(instant)")
        }
    }

    @Test func malformedRulesAreNil() {
        for text in ["", "AB0", "EST", "EST5EDT,", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
                     "EST5EDT,M3.2.7,M11.1.0", "<+03", "<>3", "EST25", "EST5EDT,M3.2.0/168,M11.1.0", "EST5EDT,J0,J365",
                     "EST5EDT,366,0", "EST5 ", "EST5EDT,M3.2.0,M11.1.0x", "EST:5"] {
            #expect(PosixTimeZoneRule.parse(text) == nil, "\(text)")
        }
        #expect(PosixTimeZoneRule.parse("EST5EDT,M3.2.0/167,M11.1.0/-167") != nil)
    }
}
