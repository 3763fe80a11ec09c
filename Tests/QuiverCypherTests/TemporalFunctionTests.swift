// Focused tests of the temporal functions beyond the TCK: parsing edge cases, rendering, day
// clamping, Europe/Stockholm's DST gap and overlap, truncation, duration arithmetic and the
// errors (kind and detail). Queries go through the test-only evaluator, so each line reads as
// the Cypher it checks.
import Testing
import QuiverCore
@testable import QuiverCypher

/// `RETURN <expression> AS v` evaluated and rendered as toString() text (or the plain value).
private func text(_ expression: String) throws -> String {
    var evaluator = TemporalTestEvaluator()
    let value = try evaluator.run("RETURN \(expression) AS v").rows[0][0]
    return TemporalValues.string(value) ?? TemporalTestEvaluator.tckText(value)
}

/// The QuiverError an expression raises.
private func failure(_ expression: String) -> QuiverError? {
    var evaluator = TemporalTestEvaluator()
    do {
        _ = try evaluator.run("RETURN \(expression) AS v")
        return nil
    } catch let error as QuiverError {
        return error
    } catch {
        return QuiverError(.internalError, "\(error)")
    }
}

@Suite struct TemporalParsingTests {
    @Test(arguments: [
        ("date('2015-07-21')", "2015-07-21"), ("date('+2015-07-21')", "2015-07-21"),
        ("date('-0044-03-15')", "-0044-03-15"), ("date('+10000-01-01')", "+10000-01-01"),
        ("date('2015-W01-1')", "2014-12-29"), ("date('2020-W53-7')", "2021-01-03"),
        ("date('2016-366')", "2016-12-31"), ("date('2015-7-1')", "2015-07-01"),
        ("localtime('23:59:59.999999999')", "23:59:59.999999999"), ("localtime('10:00:00,5')", "10:00:00.500"),
        ("time('10:00:00.000001-05:30')", "10:00:00.000001-05:30"), ("time('1000Z')", "10:00Z"),
        ("localdatetime('2015-07-21T00:00:00.000')", "2015-07-21T00:00"),
        ("datetime('2015-07-21T21:40:32.142+01:00')", "2015-07-21T21:40:32.142+01:00"),
        ("datetime('2015-01-21T21:40:32[Europe/Stockholm]')", "2015-01-21T21:40:32+01:00[Europe/Stockholm]"),
        ("duration('PT0S')", "PT0S"), ("duration('-P1DT2H')", "P-1DT-2H"), ("duration('PT1.5S')", "PT1.5S"),
        ("duration('P1Y2M3W4DT5H6M7.008009S')", "P1Y2M25DT5H6M7.008009S"), ("duration('p1d')", "P1D"),
        ("duration('PT-0.5S')", "PT-0.5S"), ("duration('PT36H')", "PT36H"), ("duration('P0.5D')", "PT12H"),
    ])
    func parses(_ expression: String, _ expected: String) throws {
        #expect(try text(expression) == expected)
    }

    @Test(arguments: [
        "date('2015-13-01')", "date('2015-02-29')", "date('2015-W54')", "date('2015-366')", "date('15-07-21')",
        "date('2015-07-21x')", "localtime('24:00')", "localtime('12:60')", "localtime('12:00+01:00')",
        "time('12:00+19:00')", "localdatetime('2015-07-21T12:00Z')", "datetime('2015-07-21T12:00[Mars/Olympus]')",
        "datetime('2015-07-21T21:40+02:00[Europe/London]')", "duration('P')", "duration('PT')", "duration('P1H')",
        "duration('PT1D')", "duration('P1M1Y')", "duration('1D')", "duration('PT1.1234567891S')",
    ])
    func rejects(_ expression: String) throws {
        let error = try #require(failure(expression))
        #expect(error.code == .invalidArgument)
        #expect(error.detail == "InvalidArgumentValue")
    }
}

@Suite struct TemporalConstructionTests {
    @Test(arguments: [
        ("date({year: 2016, month: 2, day: 29})", "2016-02-29"),
        ("date({year: 2015, quarter: 1, dayOfQuarter: 90})", "2015-03-31"),
        ("date({date: date('2016-02-29'), year: 2015})", "2015-02-28"),
        ("date({date: date('2015-01-31'), month: 2})", "2015-02-28"),
        ("date({year: -1})", "-0001-01-01"),
        ("datetime({epochSeconds: 0, nanosecond: 5, timezone: 'Europe/Stockholm'})", "1970-01-01T01:00:00.000000005+01:00[Europe/Stockholm]"),
        ("datetime({epochMillis: -1})", "1969-12-31T23:59:59.999Z"),
        ("datetime.fromepochmillis(0)", "1970-01-01T00:00Z"),
        ("localdatetime(datetime('2015-07-21T21:40+05:00'))", "2015-07-21T21:40"),
        ("time(datetime('2015-07-21T21:40:00[Europe/Stockholm]'))", "21:40+02:00"),
        ("duration({hours: -1.5})", "PT-1H-30M"), ("duration({Day: 2})", "P2D"),
    ])
    func builds(_ expression: String, _ expected: String) throws {
        #expect(try text(expression) == expected)
    }

    /// The statement clock (1_500_000_000 s = 2017-07-14T02:40:00Z, 123456789 ns) is what every
    /// argument-less constructor reads, in the default zone or the one given.
    @Test func readsTheStatementClock() throws {
        #expect(try text("datetime()") == "2017-07-14T02:40:00.123456789Z")
        #expect(try text("date.statement()") == "2017-07-14")
        #expect(try text("localtime.transaction()") == "02:40:00.123456789")
        #expect(try text("time({timezone: '+05:00'})") == "07:40:00.123456789+05:00")
        #expect(try text("datetime({timezone: 'America/Los_Angeles'})") == "2017-07-13T19:40:00.123456789-07:00[America/Los_Angeles]")
        #expect(try text("date.statement('Pacific/Kiritimati')") == "2017-07-14")
        #expect(try text("localdatetime.statement('Pacific/Honolulu')") == "2017-07-13T16:40:00.123456789")
        let realtime = try text("datetime.realtime()")
        #expect(realtime.hasSuffix("Z") && realtime != "2017-07-14T02:40:00.123456789Z")
        #expect(try text("date(null)") == "null")
    }

    @Test(arguments: [
        "date({month: 1})", "date({year: 2015, month: 2, day: 29})", "date({year: 2015, month: 1, week: 2})",
        "date({year: 2015, hour: 1})", "localtime({minute: 1})", "localtime({hour: 1, second: 2})",
        "localtime({hour: 1, minute: 2, millisecond: 3})", "localtime({hour: 24})",
        "localtime({hour: 1, minute: 1, second: 1, millisecond: 1, microsecond: 1000})",
        "datetime({year: 2015, timezone: 'Nowhere/Special'})", "localtime({hour: 1, timezone: '+01:00'})",
        "date({date: localtime('12:00')})", "duration({parsecs: 1})",
    ])
    func rejects(_ expression: String) throws {
        let error = try #require(failure(expression))
        #expect(error.code == .invalidArgument)
    }

    @Test func rejectsWrongKinds() throws {
        let error = try #require(failure("date(42)"))
        #expect(error.code == .typeError)
        #expect(error.detail == "InvalidArgumentType")
        #expect(failure("date({year: '2015'})")?.code == .typeError)
        #expect(failure("duration({days: 'x'})")?.code == .typeError)
        #expect(failure("datetime.fromepoch(1.5, 0)")?.code == .typeError)
    }
}

@Suite struct TemporalZoneTests {
    /// 2017-03-26 02:00 CET does not exist in Stockholm (clocks jump to 03:00): java.time moves
    /// the wall clock forward by the gap. 2017-10-29 02:30 happens twice: the earlier offset wins.
    @Test func stockholmGapAndOverlap() throws {
        #expect(try text("datetime({year: 2017, month: 3, day: 26, hour: 2, minute: 30, timezone: 'Europe/Stockholm'})")
                == "2017-03-26T03:30+02:00[Europe/Stockholm]")
        #expect(try text("datetime({year: 2017, month: 10, day: 29, hour: 2, minute: 30, timezone: 'Europe/Stockholm'})")
                == "2017-10-29T02:30+02:00[Europe/Stockholm]")
        #expect(try text("datetime('2017-10-29T02:30+01:00[Europe/Stockholm]')") == "2017-10-29T02:30+01:00[Europe/Stockholm]")
    }

    /// Adding a day moves the wall clock (same local time, new offset); adding 24 hours moves the
    /// instant. Adding an hour inside the overlap keeps the zone and changes the offset.
    @Test func arithmeticAcrossTransitions() throws {
        let before = "datetime('2017-03-25T12:00[Europe/Stockholm]')"
        #expect(try text("\(before) + duration('P1D')") == "2017-03-26T12:00+02:00[Europe/Stockholm]")
        #expect(try text("\(before) + duration('PT24H')") == "2017-03-26T13:00+02:00[Europe/Stockholm]")
        #expect(try text("datetime('2017-10-29T02:30+02:00[Europe/Stockholm]') + duration('PT1H')")
                == "2017-10-29T02:30+01:00[Europe/Stockholm]")
        // Landing in an overlap keeps the offset the value had when that offset is still valid.
        #expect(try text("datetime('2018-10-28T02:30+01:00[Europe/Stockholm]') - duration('P364D')")
                == "2017-10-29T02:30+01:00[Europe/Stockholm]")
        #expect(try text("duration.between(\(before), datetime('2017-03-26T12:00[Europe/Stockholm]'))") == "P1D")
        #expect(try text("duration.inSeconds(\(before), datetime('2017-03-26T12:00[Europe/Stockholm]'))") == "PT23H")
    }

    @Test func zoneAccessors() throws {
        let summer = "datetime('2017-07-01T12:00[Europe/Stockholm]')"
        #expect(try text("\(summer).timezone") == "'Europe/Stockholm'")
        #expect(try text("\(summer).offset") == "'+02:00'")
        #expect(try text("\(summer).offsetMinutes") == "120")
        #expect(try text("\(summer).epochSeconds") == "1498903200")
        #expect(try text("datetime({datetime: \(summer), timezone: 'Asia/Kolkata'})") == "2017-07-01T15:30+05:30[Asia/Kolkata]")
        #expect(try text("time('12:00-03:30').offsetSeconds") == "-12600")
    }
}

@Suite struct TemporalArithmeticTests {
    @Test(arguments: [
        ("date('2015-01-31') + duration('P1M')", "2015-02-28"), ("date('2016-01-31') + duration('P1M')", "2016-02-29"),
        ("date('2016-02-29') - duration('P1Y')", "2015-02-28"), ("date('2015-01-01') + duration('PT47H')", "2015-01-02"),
        ("date('2015-01-01') - duration('PT47H')", "2014-12-31"),
        ("localtime('23:00') + duration('PT2H')", "01:00"), ("localtime('01:00') - duration('PT2H')", "23:00"),
        ("time('23:00+01:00') + duration('P1DT2H')", "01:00+01:00"),
        ("localdatetime('2015-12-31T23:59:59.999999999') + duration('PT0.000000001S')", "2016-01-01T00:00"),
        ("duration('P1M') + duration('PT1S')", "P1MT1S"), ("duration('PT1S') - duration('PT1.5S')", "PT-0.5S"),
        ("duration('P1DT1H') * -2", "P-2DT-2H"), ("2 * duration('PT0.6S')", "PT1.2S"),
        ("duration('P1M') * 1.5", "P1M15DT5H14M33S"), ("duration('P1D') / 4", "PT6H"), ("duration('PT1H') / 0.5", "PT2H"),
    ])
    func computes(_ expression: String, _ expected: String) throws {
        #expect(try text(expression) == expected)
    }

    @Test func nullsAndNonTemporals() throws {
        #expect(try TemporalArithmetic.add(.int(1), .int(2)) == nil)
        #expect(try TemporalArithmetic.multiply(.string("a"), .int(2)) == nil)
        #expect(try TemporalArithmetic.add(.null, .duration(.zero)) == .null)
        #expect(try TemporalArithmetic.divide(.duration(.zero), .null) == .null)
    }

    @Test func errors() throws {
        #expect(failure("date('2015-01-01') + date('2015-01-01')")?.code == .typeError)
        #expect(failure("duration('P1D') - date('2015-01-01')")?.code == .typeError)
        #expect(failure("2 / duration('P1D')")?.code == .typeError)
        #expect(failure("duration('P1D') / 0")?.code == .invalidArgument)
        #expect(failure("duration({days: 4611686018427387904}) * 4")?.code == .invalidArgument)
        #expect(failure("date('+999999999-12-31') + duration('P1D')")?.code == .invalidArgument)
    }
}

@Suite struct TemporalTruncationTests {
    @Test(arguments: [
        ("date.truncate('decade', date('2019-12-31'))", "2010-01-01"),
        ("date.truncate('millennium', date('-0001-06-01'))", "-1000-01-01"),
        ("date.truncate('weekYear', date('2021-01-01'))", "2019-12-30"),
        ("datetime.truncate('day', datetime('2017-03-26T12:00[Europe/Stockholm]'))", "2017-03-26T00:00+01:00[Europe/Stockholm]"),
        ("datetime.truncate('hour', datetime('2017-10-29T02:30+01:00[Europe/Stockholm]'))", "2017-10-29T02:00+01:00[Europe/Stockholm]"),
        ("localtime.truncate('millisecond', localtime('12:00:00.123456789'), {microsecond: 7})", "12:00:00.123007"),
        ("time.truncate('minute', time('12:34:56+05:00'), {second: 7})", "12:34:07+05:00"),
        ("localdatetime.truncate('quarter', localdatetime('2015-08-31T12:00'), {dayOfQuarter: 3})", "2015-07-03T00:00"),
        ("date.truncate('month', null)", "null"),
    ])
    func truncates(_ expression: String, _ expected: String) throws {
        #expect(try text(expression) == expected)
    }

    @Test(arguments: [
        "date.truncate('hour', date('2015-01-01'))", "localtime.truncate('week', localtime('12:00'))",
        "date.truncate('fortnight', date('2015-01-01'))", "date.truncate('day', localtime('12:00'))",
        "localtime.truncate('millisecond', localtime('12:00'), {microsecond: 1000})",
    ])
    func rejects(_ expression: String) throws {
        #expect(failure(expression)?.code == .invalidArgument)
    }
}

/// Values at the ends of the year range must give answers or errors, never traps.
@Suite struct TemporalRangeEdgeTests {
    @Test func weekFieldsAtTheEndsOfTheRange() throws {
        // The Gregorian calendar repeats every 400 years, weeks included.
        #expect(try text("date('-999999999-01-01').weekYear = date('-999999599-01-01').weekYear - 400") == "true")
        #expect(try text("date('-999999999-01-01').week = date('-999999599-01-01').week") == "true")
        #expect(try text("date('+999999999-12-31').weekYear = date('+999999599-12-31').weekYear + 400") == "true")
        #expect(try text("date('+999999999-12-31').week = date('+999999599-12-31').week") == "true")
    }

    @Test func overflowsAreErrors() throws {
        #expect(failure("date.truncate('millennium', date('-999999999-06-01'))")?.code == .invalidArgument)
        #expect(failure("datetime({epochSeconds: 9223372036854775807})")?.code == .invalidArgument)
        let minimumMonths = "(duration({months: -9223372036854775807}) - duration({months: 1}))"
        #expect(failure("date('2015-01-01') - \(minimumMonths)")?.code == .invalidArgument)
        #expect(failure("duration('P1M') - \(minimumMonths)")?.code == .invalidArgument)
        #expect(failure("localdatetime('+999999999-12-31T23:59') + duration('PT1H')")?.code == .invalidArgument)
    }
}

@Suite struct TemporalFieldTests {
    @Test func dateAndTimeFields() throws {
        let value = "localdatetime('2021-01-03T04:05:06.007008009')"
        let fields = ["year": "2021", "quarter": "1", "month": "1", "week": "53", "weekYear": "2020", "day": "3",
                      "ordinalDay": "3", "dayOfWeek": "7", "dayOfQuarter": "3", "hour": "4", "minute": "5", "second": "6",
                      "millisecond": "7", "microsecond": "7008", "nanosecond": "7008009"]
        for (field, expected) in fields {
            #expect(try text("\(value).\(field)") == expected, "\(field)")
        }
    }

    /// Negative durations read with seconds rounded toward the past and a positive fraction.
    @Test func negativeDurationFields() throws {
        let value = "duration('PT-1M-0.25S')"
        #expect(try text("\(value).seconds") == "-61")
        #expect(try text("\(value).nanosecondsOfSecond") == "750000000")
        #expect(try text("\(value).milliseconds") == "-60250")
        #expect(try text("\(value).minutes") == "-1")
        #expect(try text("\(value).secondsOfMinute") == "-1")
    }

    @Test func unknownFieldsThrowAndNonTemporalsAreNil() throws {
        #expect(throws: QuiverError.self) { try TemporalValues.field(.date(DateValue(daysSinceEpoch: 0)), "hour") }
        #expect(throws: QuiverError.self) { try TemporalValues.field(.localTime(LocalTimeValue(nanosecondsSinceMidnight: 0)), "year") }
        #expect(throws: QuiverError.self) { try TemporalValues.field(.localDateTime(LocalDateTimeValue(secondsSinceEpoch: 0, nanoseconds: 0)), "timezone") }
        #expect(throws: QuiverError.self) { try TemporalValues.field(.duration(.zero), "year") }
        #expect(try TemporalValues.field(.int(3), "year") == nil)
        #expect(TemporalValues.string(.string("2015-01-01")) == nil)
    }

    @Test func functionTableNames() throws {
        for name in ["date", "DateTime.FromEpoch", "duration.inSeconds", "localtime.truncate", "time.realtime",
                     "localdatetime.transaction", "datetime.statement", "duration.between", "duration.inMonths"] {
            #expect(FunctionLibrary.lookup(name) != nil, "\(name)")
        }
        #expect(FunctionLibrary.lookup("date")?.isDeterministic == false)
        #expect(FunctionLibrary.lookup("date.truncate")?.isDeterministic == true)
    }
}
