// Tests for TimeZoneDatabase and TimeZoneRules against facts about real zones (from the system's
// tzdata, cross-checked with zdump): DST in both hemispheres, a transition to the second, dates
// past 2037 that need the POSIX footer, local-time gaps and overlaps, and refused zone ids.
import Synchronization
import Testing
@testable import QuiverCore

@Suite struct TimeZoneDatabaseTests {
    let database = TimeZoneDatabase.shared

    func utc(_ year: Int64, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        GregorianCalendar.daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Local wall-clock seconds use the same arithmetic as UTC ones.
    func local(_ year: Int64, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
        utc(year, month, day, hour, minute)
    }

    @Test func tzdataIsInstalled() throws {
        try #require(database.contains(zoneID: "UTC"),
                     "no TZif files under \(TimeZoneDatabase.defaultDirectory): install the Debian package `tzdata`")
        #expect(database.offset(zoneID: "UTC", utcSeconds: 0) == 0)
        #expect(database.offset(zoneID: "Etc/GMT+5", utcSeconds: 0) == -18_000)
    }

    @Test func europeanSummerAndWinter() {
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(2021, 7, 1, 12)) == 7200)
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(2021, 1, 15, 12)) == 3600)
        #expect(database.offset(zoneID: "Europe/London", utcSeconds: utc(2015, 7, 21, 21, 40, 32)) == 3600)
        // Before standard time zones kept local mean time: London's was -00:01:15.
        #expect(database.offset(zoneID: "Europe/London", utcSeconds: utc(1818, 7, 21, 21, 40, 32)) == -75)
        // TCK Temporal2 [6] expects Stockholm's 1818 offset to be +00:53:28, Berlin's mean time: the
        // IANA data without "backzone" (as Java ships it) links Stockholm to Berlin. Debian builds
        // tzdata with backzone, which keeps Stockholm's own +01:12:12. Either is the system's truth.
        let stockholm1818 = database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(1818, 7, 21, 21, 40, 32))
        #expect(stockholm1818 == 3208 || stockholm1818 == 4332)
    }

    @Test func newYorkSpringForwardToTheSecond() {
        let transition = utc(2021, 3, 14, 7)
        #expect(transition == 1_615_705_200)
        #expect(database.offset(zoneID: "America/New_York", utcSeconds: transition - 1) == -18_000)
        #expect(database.offset(zoneID: "America/New_York", utcSeconds: transition) == -14_400)
        #expect(database.offset(zoneID: "America/New_York", utcSeconds: utc(2021, 11, 7, 5, 59, 59)) == -14_400)
        #expect(database.offset(zoneID: "America/New_York", utcSeconds: utc(2021, 11, 7, 6)) == -18_000)
    }

    @Test func distantFutureUsesTheFooterRule() {
        // Past the last listed transition (2037 at the latest) only the POSIX footer knows.
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(2100, 7, 1)) == 7200)
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(2100, 1, 1)) == 3600)
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(2100, 3, 28, 0, 59, 59)) == 3600)
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(2100, 3, 28, 1)) == 7200)
        #expect(database.offset(zoneID: "America/New_York", utcSeconds: utc(2100, 7, 1)) == -14_400)
        #expect(database.offset(zoneID: "America/New_York", utcSeconds: utc(2100, 1, 1)) == -18_000)
        // Southern hemisphere: daylight time spans the new year.
        #expect(database.offset(zoneID: "Australia/Sydney", utcSeconds: utc(2100, 1, 15)) == 39_600)
        #expect(database.offset(zoneID: "Australia/Sydney", utcSeconds: utc(2100, 7, 15)) == 36_000)
        #expect(database.offset(zoneID: "Australia/Sydney", utcSeconds: utc(2100, 10, 2, 16)) == 39_600)
        #expect(database.offset(zoneID: "Australia/Sydney", utcSeconds: utc(2100, 10, 2, 15, 59, 59)) == 36_000)
        // Dublin's "negative DST": standard time is IST in summer, GMT in winter.
        #expect(database.offset(zoneID: "Europe/Dublin", utcSeconds: utc(2100, 1, 15)) == 0)
        #expect(database.offset(zoneID: "Europe/Dublin", utcSeconds: utc(2100, 7, 15)) == 3600)
        // Far-off years never trap.
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: utc(999_999_999, 7, 1)) == 7200)
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: Int64.max) != nil)
        #expect(database.offset(zoneID: "Europe/Stockholm", utcSeconds: Int64.min) != nil)
    }

    @Test func localTimesResolveAsJavaDoes() {
        let zone = "America/New_York"
        // An ordinary summer time.
        #expect(database.resolve(zoneID: zone, localSeconds: local(2021, 7, 1, 12))
                == ResolvedLocalTime(utcSeconds: utc(2021, 7, 1, 16), offsetSeconds: -14_400))
        // The gap 02:00–03:00 on 2021-03-14: 02:30 moves forward to 03:30 EDT.
        let gap = database.resolve(zoneID: zone, localSeconds: local(2021, 3, 14, 2, 30))
        #expect(gap == ResolvedLocalTime(utcSeconds: utc(2021, 3, 14, 7, 30), offsetSeconds: -14_400))
        #expect(database.offset(zoneID: zone, localSeconds: local(2021, 3, 14, 2, 30)) == -14_400)
        #expect(database.resolve(zoneID: zone, localSeconds: local(2021, 3, 14, 1, 59))?.offsetSeconds == -18_000)
        #expect(database.resolve(zoneID: zone, localSeconds: local(2021, 3, 14, 3, 30))
                == ResolvedLocalTime(utcSeconds: utc(2021, 3, 14, 7, 30), offsetSeconds: -14_400))
        // The overlap 01:00–02:00 on 2021-11-07: the earlier offset (EDT) wins.
        #expect(database.resolve(zoneID: zone, localSeconds: local(2021, 11, 7, 1, 30))
                == ResolvedLocalTime(utcSeconds: utc(2021, 11, 7, 5, 30), offsetSeconds: -14_400))
        #expect(database.resolve(zoneID: zone, localSeconds: local(2021, 11, 7, 2, 30))
                == ResolvedLocalTime(utcSeconds: utc(2021, 11, 7, 7, 30), offsetSeconds: -18_000))
        // Footer years, southern hemisphere: overlap on 2100-04-04, gap on 2100-10-03.
        #expect(database.offset(zoneID: "Australia/Sydney", localSeconds: local(2100, 4, 4, 2, 30)) == 39_600)
        #expect(database.resolve(zoneID: "Australia/Sydney", localSeconds: local(2100, 10, 3, 2, 30))
                == ResolvedLocalTime(utcSeconds: utc(2100, 10, 2, 16, 30), offsetSeconds: 39_600))
        // TCK Temporal6 [7]: 2017-08-08T12:31:14 in Stockholm is +02:00.
        #expect(database.offset(zoneID: "Europe/Stockholm", localSeconds: local(2017, 8, 8, 12, 31)) == 7200)
    }

    @Test func unknownAndMalformedZonesAreNil() {
        for zoneID in ["Mars/Olympus_Mons", "", "/etc/passwd", "../../etc/passwd", "Europe/../Europe/Stockholm",
                       "Europe//Stockholm", "Europe/Stockholm/", "Europe/Stockholm\u{0}", "europe stockholm",
                       "zone.tab", "Europe"] {
            #expect(database.offset(zoneID: zoneID, utcSeconds: 0) == nil, "\(zoneID)")
            #expect(database.offset(zoneID: zoneID, localSeconds: 0) == nil, "\(zoneID)")
        }
        #expect(TimeZoneDatabase.isWellFormedZoneID("America/Port-au-Prince"))
        #expect(TimeZoneDatabase.isWellFormedZoneID("Etc/GMT+5"))
        #expect(!TimeZoneDatabase.isWellFormedZoneID(String(repeating: "a", count: 256)))
    }

    @Test func missingDirectoryMakesEveryZoneUnknown() {
        let empty = TimeZoneDatabase(directory: "/nonexistent/zoneinfo")
        #expect(empty.offset(zoneID: "UTC", utcSeconds: 0) == nil)
        #expect(!empty.contains(zoneID: "Europe/Stockholm"))
    }

    @Test func zonesAreReadOnceThenCached() throws {
        let reads = Mutex(0)
        let counting = TimeZoneDatabase(directory: TimeZoneDatabase.defaultDirectory) { path in
            reads.withLock { $0 += 1 }
            return TimeZoneDatabase.readFileFromDisk(path)
        }
        for _ in 0..<5 { #expect(counting.offset(zoneID: "Europe/Stockholm", utcSeconds: 0) == 3600) }
        #expect(reads.withLock { $0 } == 1)
        for _ in 0..<3 { #expect(counting.offset(zoneID: "No/Such_Zone", utcSeconds: 0) == nil) }
        #expect(reads.withLock { $0 } == 4, "unknown zones are not cached")
    }

    @Test func concurrentLookupsAgree() async {
        let fresh = TimeZoneDatabase()
        let zones = ["Europe/Stockholm", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]
        let instant = utc(2021, 7, 1)
        let results = await withTaskGroup(of: [Int32?].self) { group in
            for _ in 0..<8 {
                group.addTask { zones.map { fresh.offset(zoneID: $0, utcSeconds: instant) } }
            }
            var all: [[Int32?]] = []
            for await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result == [7200, -14_400, 36_000, 19_800, 0]) }
    }
}
