// Tests that Value's Hashable agrees with equivalence: equivalent values hash alike (1 and 1.0,
// -0.0 and 0.0, NaNs, maps in any order) and strings hash by code point, so Set and Dictionary
// implement DISTINCT and grouping correctly.
import Testing
@testable import QuiverCore

@Suite struct ValueHashingTests {
    @Test func equivalentPairsHashAlike() {
        let pairs: [(Value, Value)] = [
            (.int(1), .float(1.0)),
            (.float(0.0), .float(-0.0)),
            (.int(0), .float(-0.0)),
            (.float(.nan), .float(-.nan)),
            (.float(.nan), .float(Double(nan: 9, signaling: false))),
            (.int(Int64.min), .float(-9_223_372_036_854_775_808.0)),
            (.list([.int(1), .float(2.5)]), .list([.float(1), .float(2.5)])),
            (.map(["a": .int(1), "b": .int(2), "c": .int(3)]), .map(["c": .int(3), "b": .float(2), "a": .int(1)])),
        ]
        for (a, b) in pairs {
            #expect(a == b)
            #expect(a.hashValue == b.hashValue, "\(a) and \(b)")
        }
    }

    @Test func equivalentGeneratedValuesHashAlike() {
        let values = ValueGenerator.values(count: 500, seed: 3)
        for a in values {
            let variant = ValueGenerator.equivalentVariant(of: a)
            #expect(a.hashValue == variant.hashValue, "\(a) and its variant \(variant)")
            for b in values where a == b {
                #expect(a.hashValue == b.hashValue, "\(a) and \(b)")
            }
        }
    }

    @Test func distinctThroughASetFollowsEquivalence() {
        let values: [Value] = [
            .int(1), .float(1.0), .float(.nan), .float(-.nan), .string("é"), .string("e\u{301}"),
            .null, .null, .float(0.0), .float(-0.0), .list([.int(1)]), .list([.float(1)]),
        ]
        let distinct = Set(values)
        // {1}, {NaN}, {"é"}, {"e\u{301}"}, {null}, {0}, {[1]}.
        #expect(distinct.count == 7)
        var groups: [Value: Int] = [:]
        for value in values { groups[value, default: 0] += 1 }
        #expect(groups[.int(1)] == 2)
        #expect(groups[.float(.nan)] == 2)
        #expect(groups[.string("é")] == 1)
    }

    @Test func differentValuesUsuallyHashApart() {
        // Not a requirement of Hashable, but a sanity check against a constant hash.
        let values: [Value] = (0..<1000).map { .int(Int64($0)) } + (0..<1000).map { .string("s\($0)") }
        #expect(Set(values.map(\.hashValue)).count > 1990)
        #expect(Value.list([.string("ab"), .string("c")]).hashValue != Value.list([.string("a"), .string("bc")]).hashValue)
    }
}
