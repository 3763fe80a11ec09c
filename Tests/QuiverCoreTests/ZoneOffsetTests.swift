// Tests for ZoneOffset: the fixed-offset forms java.time accepts, their range, and rendering.
import Testing
@testable import QuiverCore

@Suite struct ZoneOffsetTests {
    @Test func parsesEveryAcceptedForm() {
        let cases: [(String, Int32)] = [
            ("Z", 0), ("+00:00", 0), ("-00:00", 0), ("+01:00", 3600), ("-0130", -5400), ("+01", 3600), ("+1", 3600),
            ("-9", -32_400), ("+02:05:59", 7559), ("-02:05:07", -7507), ("+020559", 7559), ("+18:00", 64_800),
            ("-18:00", -64_800), ("+05:45", 20_700),
        ]
        for (text, seconds) in cases { #expect(ZoneOffset.parse(text) == seconds, "\(text)") }
    }

    @Test func refusesEverythingElse() {
        for text in ["", "z", "+", "-", "01:00", "+1:00", "+01:0", "+01:60", "+01:00:60", "+18:01", "+19", "+100",
                     "+01:00:", "+0100:00", "+01:0000", "+0100 ", " +0100", "UTC", "+01-00", "+٠١:٠٠", "++01"] {
            #expect(ZoneOffset.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsLikeNeo4j() {
        #expect(ZoneOffset.format(0) == "Z")
        #expect(ZoneOffset.format(3600) == "+01:00")
        #expect(ZoneOffset.format(-5400) == "-01:30")
        #expect(ZoneOffset.format(7559) == "+02:05:59")
        #expect(ZoneOffset.format(-43_140) == "-11:59")
        for seconds in stride(from: Int32(-64_800), through: 64_800, by: 1_231) {
            #expect(ZoneOffset.parse(ZoneOffset.format(seconds)) == seconds)
        }
    }
}
