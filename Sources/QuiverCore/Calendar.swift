// Calendar: the proleptic Gregorian calendar and the clock, as pure integer functions with no
// Foundation: days since 1970-01-01 ↔ (year, month, day), ISO weekday and week-based year,
// ordinal day and quarter, and nanoseconds of the day ↔ (hour, minute, second, nanosecond).

/// Proleptic Gregorian calendar arithmetic over years -999_999_999 ... 999_999_999 (the range
/// Neo4j and the openCypher TCK use); day numbers count from 1970-01-01 = 0, negative before.
/// Year 0 is 1 BC, as in ISO 8601. Inputs outside the year range are a caller bug.
public enum GregorianCalendar {
    public static let yearMin: Int64 = -999_999_999
    public static let yearMax: Int64 = 999_999_999

    public static let secondsPerDay: Int64 = 86_400
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000
    public static let nanosecondsPerDay: Int64 = 86_400 * 1_000_000_000

    /// A calendar date. `month` is 1...12, `day` 1...31.
    public struct YearMonthDay: Hashable, Sendable {
        public var year: Int64
        public var month: Int
        public var day: Int
        @inlinable public init(year: Int64, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }
    }

    /// An ISO 8601 week date: week 1 is the week holding the year's first Thursday.
    public struct WeekDate: Hashable, Sendable {
        public var weekYear: Int64
        /// 1...53.
        public var week: Int
        /// ISO day of week, Monday = 1 ... Sunday = 7.
        public var dayOfWeek: Int
        @inlinable public init(weekYear: Int64, week: Int, dayOfWeek: Int) {
            self.weekYear = weekYear
            self.week = week
            self.dayOfWeek = dayOfWeek
        }
    }

    // MARK: Years and months

    @inlinable public static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    @inlinable public static func daysInYear(_ year: Int64) -> Int { isLeapYear(year) ? 366 : 365 }

    /// Days in `month` (1...12) of `year`.
    @inlinable public static func daysInMonth(year: Int64, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isValidDate(year: Int64, month: Int, day: Int) -> Bool {
        (yearMin...yearMax).contains(year) && (1...12).contains(month)
            && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    // MARK: Day numbers

    /// The day number of a valid date. Howard Hinnant's `days_from_civil`: the year is shifted to
    /// start in March so that the leap day falls last, then counted in 400-year eras.
    public static func daysSinceEpoch(year: Int64, month: Int, day: Int) -> Int64 {
        precondition(isValidDate(year: year, month: month, day: day), "invalid date \(year)-\(month)-\(day)")
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400                                   // 0...399
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)              // March = 0
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1            // 0...365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear // 0...146096
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number (Hinnant's `civil_from_days`).
    public static func yearMonthDay(daysSinceEpoch days: Int64) -> YearMonthDay {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097                                    // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153                              // March = 0
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return YearMonthDay(year: year, month: month, day: day)
    }

    /// The day number of `year`'s day `ordinalDay` (1...365 or 366).
    public static func daysSinceEpoch(year: Int64, ordinalDay: Int) -> Int64 {
        precondition((1...daysInYear(year)).contains(ordinalDay), "invalid ordinal day \(ordinalDay) of \(year)")
        return daysSinceEpoch(year: year, month: 1, day: 1) + Int64(ordinalDay - 1)
    }

    /// The day number of `year`'s quarter (1...4) day `dayOfQuarter` (1...92).
    public static func daysSinceEpoch(year: Int64, quarter: Int, dayOfQuarter: Int) -> Int64 {
        precondition((1...4).contains(quarter), "invalid quarter \(quarter)")
        precondition((1...daysInQuarter(year: year, quarter: quarter)).contains(dayOfQuarter),
                     "invalid day \(dayOfQuarter) of quarter \(quarter)")
        return daysSinceEpoch(year: year, month: quarter * 3 - 2, day: 1) + Int64(dayOfQuarter - 1)
    }

    // MARK: Derived fields

    /// ISO day of week, Monday = 1 ... Sunday = 7. 1970-01-01 was a Thursday.
    @inlinable public static func dayOfWeek(daysSinceEpoch days: Int64) -> Int {
        Int(floorModulo(days + 3, 7)) + 1
    }

    /// Day of the year, 1...366.
    public static func ordinalDay(daysSinceEpoch days: Int64) -> Int {
        let date = yearMonthDay(daysSinceEpoch: days)
        return Int(days - daysSinceEpoch(year: date.year, month: 1, day: 1)) + 1
    }

    /// Quarter of a month, 1...4.
    @inlinable public static func quarter(month: Int) -> Int { (month - 1) / 3 + 1 }

    public static func daysInQuarter(year: Int64, quarter: Int) -> Int {
        switch quarter {
        case 1: isLeapYear(year) ? 91 : 90
        case 2: 91
        default: 92
        }
    }

    /// Day of the quarter, 1...92.
    public static func dayOfQuarter(daysSinceEpoch days: Int64) -> Int {
        let date = yearMonthDay(daysSinceEpoch: days)
        let firstMonth = quarter(month: date.month) * 3 - 2
        return Int(days - daysSinceEpoch(year: date.year, month: firstMonth, day: 1)) + 1
    }

    /// The ISO week date of a day: its week belongs to the year holding that week's Thursday.
    public static func weekDate(daysSinceEpoch days: Int64) -> WeekDate {
        let weekday = dayOfWeek(daysSinceEpoch: days)
        let thursday = days - Int64(weekday - 4)
        let weekYear = yearMonthDay(daysSinceEpoch: thursday).year
        let week = (ordinalDay(daysSinceEpoch: thursday) - 1) / 7 + 1
        return WeekDate(weekYear: weekYear, week: week, dayOfWeek: weekday)
    }

    /// The day number of an ISO week date. January 4th always lies in week 1.
    public static func daysSinceEpoch(weekYear: Int64, week: Int, dayOfWeek: Int) -> Int64 {
        precondition((1...weeksInWeekYear(weekYear)).contains(week), "invalid week \(week) of \(weekYear)")
        precondition((1...7).contains(dayOfWeek), "invalid day of week \(dayOfWeek)")
        let january4 = daysSinceEpoch(year: weekYear, month: 1, day: 4)
        let mondayOfWeek1 = january4 - Int64(self.dayOfWeek(daysSinceEpoch: january4) - 1)
        return mondayOfWeek1 + Int64(week - 1) * 7 + Int64(dayOfWeek - 1)
    }

    /// 52 or 53: a week-based year has 53 weeks when December 28th falls in week 53.
    public static func weeksInWeekYear(_ weekYear: Int64) -> Int {
        // Dec 28 is always in the last week of its own week-based year.
        let december28 = daysSinceEpoch(year: weekYear, month: 12, day: 28)
        let weekday = dayOfWeek(daysSinceEpoch: december28)
        let thursday = december28 - Int64(weekday - 4)
        return (ordinalDay(daysSinceEpoch: thursday) - 1) / 7 + 1
    }

    // MARK: Integer helpers

    /// Division rounding toward negative infinity (Swift's `/` truncates toward zero).
    @inlinable public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// The remainder matching `floorDivide`: same sign as `b`.
    @inlinable public static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
        let remainder = a % b
        return (remainder != 0 && (remainder < 0) != (b < 0)) ? remainder + b : remainder
    }
}

/// A wall-clock time of day, split into fields. `hour` 0...23, `minute` and `second` 0...59,
/// `nanosecond` 0...999_999_999 (no leap seconds, as in Neo4j and Memgraph).
public struct TimeOfDay: Hashable, Sendable {
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var nanosecond: Int

    @inlinable public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    public var isValid: Bool {
        (0..<24).contains(hour) && (0..<60).contains(minute) && (0..<60).contains(second)
            && (0..<1_000_000_000).contains(nanosecond)
    }

    /// Splits nanoseconds since midnight (0 ..< 86_400 * 10^9).
    public init(nanosecondsSinceMidnight: Int64) {
        precondition((0..<GregorianCalendar.nanosecondsPerDay).contains(nanosecondsSinceMidnight),
                     "nanoseconds of day out of range: \(nanosecondsSinceMidnight)")
        let seconds = nanosecondsSinceMidnight / GregorianCalendar.nanosecondsPerSecond
        self.init(hour: Int(seconds / 3600), minute: Int(seconds / 60 % 60), second: Int(seconds % 60),
                  nanosecond: Int(nanosecondsSinceMidnight % GregorianCalendar.nanosecondsPerSecond))
    }

    /// Splits seconds since midnight (0 ..< 86_400) plus a nanosecond of the second.
    public init(secondsSinceMidnight: Int64, nanosecond: Int = 0) {
        self.init(nanosecondsSinceMidnight: secondsSinceMidnight * GregorianCalendar.nanosecondsPerSecond
                  + Int64(nanosecond))
    }

    public var secondsSinceMidnight: Int64 { Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second) }

    public var nanosecondsSinceMidnight: Int64 {
        secondsSinceMidnight * GregorianCalendar.nanosecondsPerSecond + Int64(nanosecond)
    }
}

extension GregorianCalendar {
    /// Splits seconds since the epoch into a day number and the second of that day (0...86_399),
    /// rounding toward the past for instants before 1970.
    @inlinable public static func splitEpochSeconds(_ seconds: Int64) -> (days: Int64, secondOfDay: Int64) {
        (floorDivide(seconds, secondsPerDay), floorModulo(seconds, secondsPerDay))
    }

    /// Seconds since the epoch of a day number and a second of that day.
    @inlinable public static func epochSeconds(daysSinceEpoch days: Int64, secondOfDay: Int64) -> Int64 {
        days * secondsPerDay + secondOfDay
    }
}
