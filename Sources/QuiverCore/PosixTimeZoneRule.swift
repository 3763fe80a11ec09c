// PosixTimeZoneRule: the POSIX TZ string a TZif footer carries ("CET-1CEST,M3.5.0,M10.5.0/3"),
// parsed and evaluated for any instant after a zone's last listed transition. Pure; the RFC 8536
// extensions are accepted (transition hours -167...167, DST all year).
//
// Grammar: std offset [dst [offset] [,start[/time],end[/time]]]
//   std, dst  three or more letters, or <...> holding letters, digits, '+' and '-'
//   offset    [+|-]hh[:mm[:ss]], hours west of UTC (the sign is the opposite of ISO 8601's)
//   start/end Jn (1...365, February 29 never counted) | n (0...365) | Mm.w.d (week 5 = last)
//   time      [+|-]hh[:mm[:ss]] of local time in force before the transition; default 02:00

public struct PosixTimeZoneRule: Sendable, Hashable {
    /// Seconds east of UTC outside daylight saving time.
    public var standardOffset: Int32
    public var daylight: Daylight?

    public struct Daylight: Sendable, Hashable {
        /// Seconds east of UTC during daylight saving time.
        public var offset: Int32
        public var start: Transition
        public var end: Transition
    }

    public struct Transition: Sendable, Hashable {
        public var date: DateRule
        /// Seconds after local midnight (may be negative or past 24 hours).
        public var timeOfDaySeconds: Int32
    }

    public enum DateRule: Sendable, Hashable {
        /// `Jn`: day 1...365 of the year, February 29 never counted.
        case julianWithoutLeapDay(Int)
        /// `n`: zero-based day 0...365 of the year, February 29 counted.
        case zeroBasedDay(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1...5, 5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    public init(standardOffset: Int32, daylight: Daylight?) {
        self.standardOffset = standardOffset
        self.daylight = daylight
    }

    // MARK: Evaluation

    /// The offset in force at `utcSeconds`.
    public func offset(utcSeconds: Int64) -> Int32 {
        guard let daylight else { return standardOffset }
        // Transitions of the year around the instant and of its neighbours; the latest one at or
        // before the instant decides. This covers southern-hemisphere rules (start after end in
        // the year) and rules whose times spill into the next or previous year.
        // Clamp far instants so that the neighbouring years stay inside the calendar's range.
        let limit = (GregorianCalendar.yearMax - 2) * 365 * GregorianCalendar.secondsPerDay
        let instant = min(max(utcSeconds, -limit), limit)
        let year = GregorianCalendar.yearMonthDay(
            daysSinceEpoch: GregorianCalendar.floorDivide(instant + Int64(standardOffset), GregorianCalendar.secondsPerDay)).year
        var latest: (time: Int64, isDaylight: Bool)?
        func consider(_ time: Int64, isDaylight: Bool) {
            guard time <= instant else { return }
            // On a tie the start wins, so "DST all year" rules (end meets next start) stay in DST.
            if let current = latest, time < current.time || (time == current.time && !isDaylight) { return }
            latest = (time, isDaylight)
        }
        for candidateYear in (year - 1)...(year + 1) {
            consider(PosixTimeZoneRule.localSeconds(of: daylight.end, year: candidateYear) - Int64(daylight.offset),
                     isDaylight: false)
            consider(PosixTimeZoneRule.localSeconds(of: daylight.start, year: candidateYear) - Int64(standardOffset),
                     isDaylight: true)
        }
        return latest?.isDaylight == true ? daylight.offset : standardOffset
    }

    static func localSeconds(of transition: Transition, year: Int64) -> Int64 {
        let january1 = GregorianCalendar.daysSinceEpoch(year: year, month: 1, day: 1)
        let day: Int64
        switch transition.date {
        case .julianWithoutLeapDay(let n):
            let skipsLeapDay = GregorianCalendar.isLeapYear(year) && n >= 60
            day = january1 + Int64(n - 1) + (skipsLeapDay ? 1 : 0)
        case .zeroBasedDay(let n):
            day = january1 + Int64(n)
        case let .monthWeekDay(month, week, weekday):
            let first = GregorianCalendar.daysSinceEpoch(year: year, month: month, day: 1)
            let firstWeekday = GregorianCalendar.dayOfWeek(daysSinceEpoch: first) % 7  // Sunday = 0
            var candidate = first + Int64((weekday - firstWeekday + 7) % 7) + Int64(week - 1) * 7
            let monthEnd = first + Int64(GregorianCalendar.daysInMonth(year: year, month: month))
            while candidate >= monthEnd { candidate -= 7 }
            day = candidate
        }
        return day * GregorianCalendar.secondsPerDay + Int64(transition.timeOfDaySeconds)
    }

    // MARK: Parsing

    /// Parses a POSIX TZ string; nil when it is malformed.
    public static func parse(_ text: String) -> PosixTimeZoneRule? {
        var parser = Parser(bytes: Array(text.utf8))
        guard parser.name(), let standardWest = parser.duration(hoursMax: 24) else { return nil }
        let standardOffset = -standardWest
        if parser.atEnd { return PosixTimeZoneRule(standardOffset: standardOffset, daylight: nil) }
        guard parser.name() else { return nil }
        var daylightOffset = standardOffset + 3600
        if !parser.atEnd && !parser.peek(",") {
            guard let daylightWest = parser.duration(hoursMax: 24) else { return nil }
            daylightOffset = -daylightWest
        }
        let start: Transition, end: Transition
        if parser.atEnd {
            // POSIX leaves the default rule to the implementation; glibc uses the US rule.
            start = Transition(date: .monthWeekDay(month: 3, week: 2, weekday: 0), timeOfDaySeconds: 7200)
            end = Transition(date: .monthWeekDay(month: 11, week: 1, weekday: 0), timeOfDaySeconds: 7200)
        } else {
            guard parser.consume(","), let parsedStart = parser.transition(), parser.consume(","),
                  let parsedEnd = parser.transition(), parser.atEnd else { return nil }
            start = parsedStart
            end = parsedEnd
        }
        return PosixTimeZoneRule(standardOffset: standardOffset,
                                 daylight: Daylight(offset: daylightOffset, start: start, end: end))
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }

        func peek(_ character: Unicode.Scalar) -> Bool {
            !atEnd && bytes[position] == UInt8(ascii: character)
        }

        mutating func consume(_ character: Unicode.Scalar) -> Bool {
            guard peek(character) else { return false }
            position += 1
            return true
        }

        /// A zone abbreviation: letters (at least three), or anything sensible inside <...>.
        mutating func name() -> Bool {
            if consume("<") {
                let start = position
                while !atEnd, bytes[position] != UInt8(ascii: ">") {
                    let byte = bytes[position]
                    guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                    else { return false }
                    position += 1
                }
                return position > start && consume(">")
            }
            let start = position
            while !atEnd, isLetter(bytes[position]) { position += 1 }
            return position - start >= 3
        }

        /// [+|-]hh[:mm[:ss]] in seconds, sign applied.
        mutating func duration(hoursMax: Int) -> Int32? {
            var sign: Int32 = 1
            if consume("-") { sign = -1 } else { _ = consume("+") }
            guard let hours = number(digitsMax: 3), hours <= hoursMax else { return nil }
            var total = hours * 3600
            if consume(":") {
                guard let minutes = number(digitsMax: 2), minutes < 60 else { return nil }
                total += minutes * 60
                if consume(":") {
                    guard let seconds = number(digitsMax: 2), seconds < 60 else { return nil }
                    total += seconds
                }
            }
            return sign * Int32(total)
        }

        mutating func transition() -> Transition? {
            let date: DateRule
            if consume("J") {
                guard let n = number(digitsMax: 3), (1...365).contains(n) else { return nil }
                date = .julianWithoutLeapDay(n)
            } else if consume("M") {
                guard let month = number(digitsMax: 2), (1...12).contains(month), consume("."),
                      let week = number(digitsMax: 1), (1...5).contains(week), consume("."),
                      let weekday = number(digitsMax: 1), (0...6).contains(weekday) else { return nil }
                date = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else {
                guard let n = number(digitsMax: 3), (0...365).contains(n) else { return nil }
                date = .zeroBasedDay(n)
            }
            var time: Int32 = 7200
            if consume("/") {
                guard let parsed = duration(hoursMax: 167) else { return nil }
                time = parsed
            }
            return Transition(date: date, timeOfDaySeconds: time)
        }

        mutating func number(digitsMax: Int) -> Int? {
            var value = 0, count = 0
            while !atEnd, isDigit(bytes[position]), count < digitsMax {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                position += 1
                count += 1
            }
            return count > 0 ? value : nil
        }

        private func isLetter(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        }

        private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    }
}
