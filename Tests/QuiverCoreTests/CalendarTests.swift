// Tests for GregorianCalendar and TimeOfDay: known dates (checked against Python's proleptic
// datetime and java.time's LocalDate.MIN/MAX), ISO week dates from the TCK, and round trips.
import Testing
@testable import QuiverCore

@Suite struct CalendarTests {
    typealias Calendar = GregorianCalendar

    /// (year, month, day, days since epoch, ISO weekday, ordinal day).
    static let knownDates: [(Int64, Int, Int, Int64, Int, Int)] = [
        (1970, 1, 1, 0, 4, 1),
        (2000, 2, 29, 11016, 2, 60),
        (1600, 3, 1, -135080, 3, 61),
        (1, 1, 1, -719162, 1, 1),
        (9999, 12, 31, 2932896, 5, 365),
        (1984, 10, 11, 5397, 4, 285),
        (1582, 10, 15, -141427, 5, 288),
        (1900, 3, 1, -25508, 4, 60),
        (2100, 2, 28, 47540, 7, 59),
        (0, 1, 1, -719528, 6, 1),
        (-1, 12, 31, -719529, 5, 365),
        (-4, 2, 29, -720930, 4, 60),
        (-100, 3, 1, -755993, 4, 60),
    ]

    @Test func knownDatesConvertBothWays() {
        for (year, month, day, days, weekday, ordinal) in Self.knownDates {
            #expect(Calendar.daysSinceEpoch(year: year, month: month, day: day) == days, "\(year)-\(month)-\(day)")
            #expect(Calendar.yearMonthDay(daysSinceEpoch: days) == .init(year: year, month: month, day: day))
            #expect(Calendar.dayOfWeek(daysSinceEpoch: days) == weekday, "\(year)-\(month)-\(day)")
            #expect(Calendar.ordinalDay(daysSinceEpoch: days) == ordinal, "\(year)-\(month)-\(day)")
        }
    }

    @Test func extremeYearsMatchJavaLocalDate() {
        // java.time.LocalDate.MIN/MAX.toEpochDay().
        #expect(Calendar.daysSinceEpoch(year: Calendar.yearMin, month: 1, day: 1) == -365_243_219_162)
        #expect(Calendar.daysSinceEpoch(year: Calendar.yearMax, month: 12, day: 31) == 365_241_780_471)
        #expect(Calendar.yearMonthDay(daysSinceEpoch: -365_243_219_162) == .init(year: -999_999_999, month: 1, day: 1))
        #expect(Calendar.yearMonthDay(daysSinceEpoch: 365_241_780_471) == .init(year: 999_999_999, month: 12, day: 31))
    }

    @Test func leapYears() {
        for year: Int64 in [2000, 1600, 2004, 0, -4, -400, 2024] { #expect(Calendar.isLeapYear(year), "\(year)") }
        for year: Int64 in [1900, 2100, 2001, -1, -100, 1] { #expect(!Calendar.isLeapYear(year), "\(year)") }
        #expect(Calendar.daysInMonth(year: 2000, month: 2) == 29)
        #expect(Calendar.daysInMonth(year: 1900, month: 2) == 28)
        #expect(Calendar.isValidDate(year: 2000, month: 2, day: 29))
        #expect(!Calendar.isValidDate(year: 1900, month: 2, day: 29))
        #expect(!Calendar.isValidDate(year: 2021, month: 4, day: 31))
        #expect(!Calendar.isValidDate(year: 2021, month: 13, day: 1))
        #expect(!Calendar.isValidDate(year: 1_000_000_000, month: 1, day: 1))
    }

    @Test func consecutiveDaysRoundTripAcrossFourThousandYears() {
        // Every day from 2000 BC to AD 2000: the date advances by exactly one day each time.
        let start = Calendar.daysSinceEpoch(year: -2000, month: 1, day: 1)
        let end = Calendar.daysSinceEpoch(year: 2000, month: 12, day: 31)
        var previous = Calendar.yearMonthDay(daysSinceEpoch: start - 1)
        var weekday = Calendar.dayOfWeek(daysSinceEpoch: start - 1)
        for days in start...end {
            let date = Calendar.yearMonthDay(daysSinceEpoch: days)
            let expectedNext: Calendar.YearMonthDay
            if previous.day < Calendar.daysInMonth(year: previous.year, month: previous.month) {
                expectedNext = .init(year: previous.year, month: previous.month, day: previous.day + 1)
            } else if previous.month < 12 {
                expectedNext = .init(year: previous.year, month: previous.month + 1, day: 1)
            } else {
                expectedNext = .init(year: previous.year + 1, month: 1, day: 1)
            }
            if date != expectedNext {
                Issue.record("day \(days): \(date) after \(previous)")
                return
            }
            let nextWeekday = Calendar.dayOfWeek(daysSinceEpoch: days)
            if nextWeekday != weekday % 7 + 1 {
                Issue.record("weekday of day \(days) is \(nextWeekday) after \(weekday)")
                return
            }
            if Calendar.daysSinceEpoch(year: date.year, month: date.month, day: date.day) != days {
                Issue.record("round trip of day \(days) failed")
                return
            }
            previous = date
            weekday = nextWeekday
        }
    }

    @Test func randomDaysRoundTripOverTheWholeRange() {
        var generator = SplitMix64(seed: 7)
        let low = Calendar.daysSinceEpoch(year: Calendar.yearMin, month: 1, day: 1)
        let high = Calendar.daysSinceEpoch(year: Calendar.yearMax, month: 12, day: 31)
        for _ in 0..<20_000 {
            let days = Int64.random(in: low...high, using: &generator)
            let date = Calendar.yearMonthDay(daysSinceEpoch: days)
            #expect(Calendar.isValidDate(year: date.year, month: date.month, day: date.day))
            #expect(Calendar.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == days)
            let week = Calendar.weekDate(daysSinceEpoch: days)
            #expect(Calendar.daysSinceEpoch(weekYear: week.weekYear, week: week.week, dayOfWeek: week.dayOfWeek) == days)
        }
    }

    @Test func isoWeekDates() {
        // (date, week-based year, week, weekday): Python's isocalendar and TCK Temporal5 [1], [2].
        let cases: [((Int64, Int, Int), Int64, Int, Int)] = [
            ((1984, 10, 11), 1984, 41, 4),
            ((1984, 1, 1), 1983, 52, 7),
            ((2004, 12, 31), 2004, 53, 5),
            ((2005, 1, 1), 2004, 53, 6),
            ((2008, 12, 29), 2009, 1, 1),
            ((2010, 1, 3), 2009, 53, 7),
            ((1970, 1, 1), 1970, 1, 4),
        ]
        for ((year, month, day), weekYear, week, weekday) in cases {
            let days = Calendar.daysSinceEpoch(year: year, month: month, day: day)
            #expect(Calendar.weekDate(daysSinceEpoch: days) == .init(weekYear: weekYear, week: week, dayOfWeek: weekday),
                    "\(year)-\(month)-\(day)")
        }
    }

    @Test func weekDatesConstructDatesAsTheTCKExpects() {
        // TCK Temporal1 [1]: date({year, week[, dayOfWeek]}) with dayOfWeek defaulting to Monday.
        let cases: [(Int64, Int, Int, (Int64, Int, Int))] = [
            (1816, 1, 1, (1816, 1, 1)), (1816, 52, 1, (1816, 12, 23)), (1817, 1, 1, (1816, 12, 30)),
            (1817, 10, 1, (1817, 3, 3)), (1817, 30, 1, (1817, 7, 21)), (1817, 52, 1, (1817, 12, 22)),
            (1818, 1, 1, (1817, 12, 29)), (1818, 52, 1, (1818, 12, 21)), (1818, 53, 1, (1818, 12, 28)),
            (1819, 1, 1, (1819, 1, 4)), (1819, 52, 1, (1819, 12, 27)), (1817, 1, 2, (1816, 12, 31)),
        ]
        for (weekYear, week, weekday, (year, month, day)) in cases {
            #expect(Calendar.daysSinceEpoch(weekYear: weekYear, week: week, dayOfWeek: weekday)
                    == Calendar.daysSinceEpoch(year: year, month: month, day: day), "\(weekYear)-W\(week)-\(weekday)")
        }
        #expect(Calendar.weeksInWeekYear(1818) == 53)
        #expect(Calendar.weeksInWeekYear(1817) == 52)
        #expect(Calendar.weeksInWeekYear(2004) == 53)
        #expect(Calendar.weeksInWeekYear(2009) == 53)
        #expect(Calendar.weeksInWeekYear(2010) == 52)
    }

    @Test func ordinalAndQuarterDays() {
        let days = Calendar.daysSinceEpoch(year: 1984, month: 10, day: 11)
        #expect(Calendar.quarter(month: 10) == 4)
        #expect(Calendar.dayOfQuarter(daysSinceEpoch: days) == 11)           // TCK Temporal5 [1]
        #expect(Calendar.daysSinceEpoch(year: 1984, ordinalDay: 202) == Calendar.daysSinceEpoch(year: 1984, month: 7, day: 20))
        #expect(Calendar.daysSinceEpoch(year: 1984, quarter: 3, dayOfQuarter: 45)
                == Calendar.daysSinceEpoch(year: 1984, month: 8, day: 14))
        #expect(Calendar.daysInQuarter(year: 2000, quarter: 1) == 91)
        #expect(Calendar.daysInQuarter(year: 2001, quarter: 1) == 90)
        #expect(Calendar.ordinalDay(daysSinceEpoch: Calendar.daysSinceEpoch(year: 2004, month: 12, day: 31)) == 366)
    }

    @Test func floorDivisionRoundsTowardThePast() {
        #expect(Calendar.floorDivide(-1, 86_400) == -1)
        #expect(Calendar.floorModulo(-1, 86_400) == 86_399)
        #expect(Calendar.floorDivide(86_400, 86_400) == 1)
        #expect(Calendar.floorModulo(0, 7) == 0)
        #expect(Calendar.floorDivide(-86_400, 86_400) == -1)
        let split = Calendar.splitEpochSeconds(-1)
        #expect(split.days == -1 && split.secondOfDay == 86_399)
        #expect(Calendar.epochSeconds(daysSinceEpoch: -1, secondOfDay: 86_399) == -1)
    }

    @Test func timeOfDaySplitsAndJoins() {
        let time = TimeOfDay(nanosecondsSinceMidnight: 45_074_645_876_123)
        #expect(time == TimeOfDay(hour: 12, minute: 31, second: 14, nanosecond: 645_876_123))
        #expect(time.nanosecondsSinceMidnight == 45_074_645_876_123)
        #expect(time.secondsSinceMidnight == 45_074)
        #expect(TimeOfDay(nanosecondsSinceMidnight: 0) == TimeOfDay(hour: 0, minute: 0, second: 0))
        let last = TimeOfDay(nanosecondsSinceMidnight: GregorianCalendar.nanosecondsPerDay - 1)
        #expect(last == TimeOfDay(hour: 23, minute: 59, second: 59, nanosecond: 999_999_999))
        #expect(TimeOfDay(secondsSinceMidnight: 3_661, nanosecond: 5) == TimeOfDay(hour: 1, minute: 1, second: 1, nanosecond: 5))
        #expect(TimeOfDay(hour: 24, minute: 0, second: 0).isValid == false)
        #expect(last.isValid)
        var generator = SplitMix64(seed: 11)
        for _ in 0..<10_000 {
            let nanoseconds = Int64.random(in: 0..<GregorianCalendar.nanosecondsPerDay, using: &generator)
            #expect(TimeOfDay(nanosecondsSinceMidnight: nanoseconds).nanosecondsSinceMidnight == nanoseconds)
        }
    }
}
