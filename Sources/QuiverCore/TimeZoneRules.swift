// TimeZoneRules: one zone's offsets over all time: the TZif transition table, then the POSIX
// footer rule past the last transition. Answers UTC → offset, and local wall clock → instant
// with java.time's choices in gaps and overlaps. Pure; loading and caching are TimeZoneDatabase's.

/// A local wall-clock time resolved to an instant in a zone.
public struct ResolvedLocalTime: Sendable, Hashable {
    /// The instant, UTC seconds since the epoch.
    public var utcSeconds: Int64
    /// The offset in force at that instant.
    public var offsetSeconds: Int32

    public init(utcSeconds: Int64, offsetSeconds: Int32) {
        self.utcSeconds = utcSeconds
        self.offsetSeconds = offsetSeconds
    }
}

public struct TimeZoneRules: Sendable, Hashable {
    public let transitionTimes: [Int64]
    public let transitionOffsets: [Int32]
    public let initialOffset: Int32
    public let footer: PosixTimeZoneRule?

    /// Builds the rules of a parsed TZif file; nil when its footer is malformed.
    public init?(_ data: TZifData) {
        precondition(data.transitionTimes.count == data.transitionOffsets.count, "TZif table out of step")
        var footer: PosixTimeZoneRule?
        if let text = data.footer {
            guard let rule = PosixTimeZoneRule.parse(text) else { return nil }
            footer = rule
        }
        self.init(transitionTimes: data.transitionTimes, transitionOffsets: data.transitionOffsets,
                  initialOffset: data.initialOffset, footer: footer)
    }

    public init(transitionTimes: [Int64], transitionOffsets: [Int32], initialOffset: Int32, footer: PosixTimeZoneRule?) {
        self.transitionTimes = transitionTimes
        self.transitionOffsets = transitionOffsets
        self.initialOffset = initialOffset
        self.footer = footer
    }

    /// The offset (seconds east of UTC) in force at an instant.
    public func offset(utcSeconds: Int64) -> Int32 {
        guard let first = transitionTimes.first else { return footer?.offset(utcSeconds: utcSeconds) ?? initialOffset }
        if utcSeconds < first { return initialOffset }
        // Binary search for the last transition at or before the instant.
        var low = 0, high = transitionTimes.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitionTimes[middle] <= utcSeconds { low = middle } else { high = middle - 1 }
        }
        if low == transitionTimes.count - 1, utcSeconds > transitionTimes[low], let footer {
            return footer.offset(utcSeconds: utcSeconds)
        }
        return transitionOffsets[low]
    }

    /// Resolves a local wall-clock time (seconds since 1970-01-01T00:00 local) as
    /// java.time.ZonedDateTime.of does, which Neo4j follows:
    /// - one valid offset: that one;
    /// - an overlap (clocks went back): the earlier offset, the one in force before the change;
    /// - a gap (clocks went forward): the wall clock moves forward by the gap's length, that is,
    ///   the instant is `local - offsetBefore` and the offset is the one after the change.
    ///
    /// It looks at the offsets a day either side of the local time, so it assumes that a zone
    /// never changes its offset twice within about 40 hours (true of every zone since 1900).
    public func resolve(localSeconds: Int64) -> ResolvedLocalTime {
        let before = offset(utcSeconds: localSeconds &- GregorianCalendar.secondsPerDay)
        let after = offset(utcSeconds: localSeconds &+ GregorianCalendar.secondsPerDay)
        let beforeValid = offset(utcSeconds: localSeconds &- Int64(before)) == before
        if beforeValid || before == after {
            // Unique, or an overlap where the earlier offset is `before`.
            let instant = localSeconds &- Int64(before)
            return ResolvedLocalTime(utcSeconds: instant, offsetSeconds: offset(utcSeconds: instant))
        }
        if offset(utcSeconds: localSeconds &- Int64(after)) == after {
            return ResolvedLocalTime(utcSeconds: localSeconds &- Int64(after), offsetSeconds: after)
        }
        // A gap: neither offset gives back this wall-clock time.
        let instant = localSeconds &- Int64(before)
        return ResolvedLocalTime(utcSeconds: instant, offsetSeconds: offset(utcSeconds: instant))
    }
}
