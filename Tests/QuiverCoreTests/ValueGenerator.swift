// Test support: a generator of mixed Values rich in edge cases
// (Int64 limits, -0.0, NaN payloads, canonically-equivalent strings, one instant in several zones),
// so that property tests over equality, hashing and ordering meet the hard pairs often.
@testable import QuiverCore

enum ValueGenerator {
    static let ints: [Int64] = [
        0, 1, -1, 2, 3, 42, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1,
        1 << 53, (1 << 53) + 1, -(1 << 53) - 1, 4_611_686_018_427_387_905, 4_611_686_018_427_387_900,
    ]
    static let floats: [Double] = [
        0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.0, 3.14, -2.5, .nan, -.nan, Double(nan: 7, signaling: false),
        .infinity, -.infinity, 9_223_372_036_854_775_808.0, -9_223_372_036_854_775_808.0,
        9_007_199_254_740_992.0, 9_007_199_254_740_994.0, Double(Int64.max), 4_611_686_018_427_387_904.0,
        .leastNonzeroMagnitude, .greatestFiniteMagnitude, 42.0,
    ]
    static let strings: [String] = [
        "", "a", "b", "ab", "abc", "A", "Z", "é", "e\u{301}", "\u{FFFF}", "😀", "aé", "ae\u{301}",
        "text", "texts", ".*", " ", "1", "1.0", "naïve", "\u{0}",
    ]
    static let zoneNames: [String?] = [nil, nil, "Europe/Stockholm", "Europe/Zagreb", "UTC"]

    static func scalar(_ generator: inout SplitMix64) -> Value {
        switch Int.random(in: 0..<16, using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(ints.randomElement(using: &generator)!)
        case 3: return .int(Int64.random(in: -5...5, using: &generator))
        case 4: return .float(floats.randomElement(using: &generator)!)
        case 5: return .float(Double(Int.random(in: -10...10, using: &generator)) / 2)
        case 6, 7: return .string(strings.randomElement(using: &generator)!)
        case 8: return .date(DateValue(daysSinceEpoch: Int64.random(in: -2...2, using: &generator)))
        case 9:
            let nanoseconds = Int64.random(in: 0...2, using: &generator) * 1_000_000_000
            return Bool.random(using: &generator)
                ? .localTime(LocalTimeValue(nanosecondsSinceMidnight: nanoseconds))
                : .localDateTime(LocalDateTimeValue(secondsSinceEpoch: Int64.random(in: -1...1, using: &generator),
                                                    nanoseconds: Int32.random(in: 0...1, using: &generator)))
        case 10, 11:
            // Few instants, several offsets and zones: equal instants with different zones are common.
            return .dateTime(DateTimeValue(secondsSinceEpochUTC: Int64.random(in: 0...2, using: &generator) * 3600,
                                           nanoseconds: 0,
                                           offsetSeconds: Int32.random(in: 0...2, using: &generator) * 3600,
                                           zoneID: zoneNames.randomElement(using: &generator)!))
        case 13:
            return .time(TimeValue(nanosecondsSinceMidnight: Int64.random(in: 0...2, using: &generator) * 3_600_000_000_000,
                                   offsetSeconds: Int32.random(in: 0...1, using: &generator) * 3600))
        case 14:
            let gid = Gid(UInt64.random(in: 1...3, using: &generator))
            return Bool.random(using: &generator)
                ? .node(gid)
                : .relationship(EdgeRef(gid: gid, from: Gid(1), to: Gid(2), type: EdgeTypeID(0)))
        case 15:
            let edge = EdgeRef(gid: Gid(UInt64.random(in: 1...2, using: &generator)), from: Gid(1), to: Gid(2),
                               type: EdgeTypeID(0))
            return Bool.random(using: &generator)
                ? .path(PathValue(nodes: [Gid(1)], relationships: []))
                : .path(PathValue(nodes: [Gid(1), Gid(2)], relationships: [edge]))
        default:
            // P1M and P30D / P31D are close in average length, so the length order is exercised.
            return .duration(DurationValue(months: Int64.random(in: 0...1, using: &generator),
                                           days: [0, 1, 30, 31].randomElement(using: &generator)!,
                                           seconds: Int64.random(in: -1...1, using: &generator), nanoseconds: 0))
        }
    }

    static func value(_ generator: inout SplitMix64, depth: Int = 2) -> Value {
        guard depth > 0 else { return scalar(&generator) }
        switch Int.random(in: 0..<10, using: &generator) {
        case 0, 1:
            let count = Int.random(in: 0...3, using: &generator)
            return .list((0..<count).map { _ in value(&generator, depth: depth - 1) })
        case 2:
            let keys = ["a", "b", "é", "k"]
            var map: [String: Value] = [:]
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                map[keys.randomElement(using: &generator)!] = value(&generator, depth: depth - 1)
            }
            return .map(map)
        default:
            return scalar(&generator)
        }
    }

    static func values(count: Int, seed: UInt64) -> [Value] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in value(&generator) }
    }

    /// A value equivalent to `value` but built differently: int ↔ float where exact, -0.0 for
    /// 0.0, another NaN payload, maps rebuilt in another insertion order.
    static func equivalentVariant(of value: Value) -> Value {
        switch value {
        case .int(let int):
            let double = Double(int)
            return NumericComparison.exactInt64(double) == int ? .float(double) : value
        case .float(let double):
            if double.isNaN { return .float(Double(nan: 3, signaling: false)) }
            if double == 0 { return .float(double.sign == .minus ? 0.0 : -0.0) }
            if let exact = NumericComparison.exactInt64(double) { return .int(exact) }
            return value
        case .list(let elements):
            return .list(elements.map(equivalentVariant))
        case .map(let entries):
            var rebuilt: [String: Value] = [:]
            for (key, element) in entries.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).reversed() {
                rebuilt[key] = equivalentVariant(of: element)
            }
            return .map(rebuilt)
        default:
            return value
        }
    }

    /// Whether a value holds a null or NaN anywhere (where `=` and equivalence part ways).
    static func containsNullOrNaN(_ value: Value) -> Bool {
        switch value {
        case .null: true
        case .float(let double): double.isNaN
        case .list(let elements): elements.contains(where: containsNullOrNaN)
        case .map(let entries): entries.values.contains(where: containsNullOrNaN)
        default: false
        }
    }

    static func containsDateTime(_ value: Value) -> Bool {
        switch value {
        case .dateTime, .time: true
        case .list(let elements): elements.contains(where: containsDateTime)
        case .map(let entries): entries.values.contains(where: containsDateTime)
        default: false
        }
    }
}
