// Aggregator: every aggregate with and without DISTINCT, empty groups, nulls, overflow, mixed
// kinds, durations, percentiles (TCK Aggregation1–8).
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct FunctionsAggregatorTests {
    private func aggregate(_ kind: Aggregator.Kind, distinct: Bool = false, _ values: [Value],
                           parameter: Value = .null) throws(QuiverError) -> Value {
        var aggregator = Aggregator(kind, distinct: distinct)
        for value in values { try aggregator.add(value, parameter: parameter) }
        return try aggregator.result()
    }

    private func expectAggregate(_ kind: Aggregator.Kind, distinct: Bool = false, _ values: [Value], parameter: Value = .null,
                                 is expected: Value, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let result = try aggregate(kind, distinct: distinct, values, parameter: parameter)
            #expect(strictlyEqual(result, expected), "\(kind)(\(distinct ? "DISTINCT " : "")\(values)) = \(result), expected \(expected)",
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(kind) threw \(error)", sourceLocation: sourceLocation)
        }
    }

    private func ints(_ values: Int64...) -> [Value] { values.map(Value.int) }

    /// One Aggregator lives per group and aggregate; a bigger layout costs memory in every hash
    /// aggregation. If this grows, say why in Aggregator.swift's header.
    @Test func layoutStaysSmall() {
        #expect(MemoryLayout<Aggregator>.size <= 64, "Aggregator is \(MemoryLayout<Aggregator>.size) bytes")
    }

    @Test func kindsByName() {
        #expect(Aggregator.kind(named: "COUNT") == .count)
        #expect(Aggregator.kind(named: "percentileDisc") == .percentileDisc)
        #expect(Aggregator.kind(named: "stdevp") == .stDevP)
        #expect(Aggregator.kind(named: "size") == nil)
    }

    @Test func count() {
        expectAggregate(.count, [.int(33), .null, .int(42)], is: .int(2))  // TCK Aggregation1 [1]
        expectAggregate(.count, [], is: .int(0))
        expectAggregate(.count, [.null, .null], is: .int(0))
        expectAggregate(.count, distinct: true, [.int(1), .float(1), .string("1"), .int(2), .null], is: .int(3))
        expectAggregate(.count, distinct: true, [.null], is: .int(0))  // TCK Aggregation8 [1], [2]
        expectAggregate(.countStar, [.null, .null, .null], is: .int(3))
        expectAggregate(.countStar, [], is: .int(0))
    }

    @Test func sum() {
        expectAggregate(.sum, [.int(33), .null, .int(42)], is: .int(75))  // TCK Aggregation3 [1]
        expectAggregate(.sum, (1_000_000..<1_003_000).map { Value.int($0) }, is: .int(3_004_498_500))  // Aggregation3 [2]
        expectAggregate(.sum, [], is: .int(0))
        expectAggregate(.sum, [.null], is: .int(0))
        expectAggregate(.sum, [.int(1), .float(0.5), .int(2)], is: .float(3.5))
        expectAggregate(.sum, distinct: true, [.int(2), .int(2), .float(2), .int(3)], is: .int(5))
        expectAggregate(.sum, [.int(.max), .int(-2), .int(1)], is: .int(.max - 1))
        expectAggregate(.sum, [.float(0.5), .int(.max), .int(.max)], is: .float(0.5 + 2 * Double(Int64.max)))
        expectError(.invalidArgument, "IntegerOverflow") { () throws(QuiverError) in
            try aggregate(.sum, [.int(.max), .int(1)])
        }
        expectError(.invalidArgument, "IntegerOverflow") { () throws(QuiverError) in
            try aggregate(.sum, [.int(.min), .int(-1)])
        }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try aggregate(.sum, [.int(1), .string("x")]) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try aggregate(.sum, [.int(1), .duration(.zero)])
        }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try aggregate(.sum, [.duration(.zero), .int(1)])
        }
    }

    @Test func sumAndAverageOfDurations() {
        let a = DurationValue(months: 1, days: 2, seconds: 3, nanoseconds: 600_000_000)
        let b = DurationValue(months: 2, days: 1, seconds: 1, nanoseconds: 500_000_000)
        expectAggregate(.sum, [.duration(a), .null, .duration(b)],
                        is: .duration(DurationValue(months: 3, days: 3, seconds: 5, nanoseconds: 100_000_000)))
        // avg = sum / 2: 1.5 months = 1 month + 15.2184375 days; 1.5 days = 1 day + 12 h.
        let expected = DurationValue(months: 1.5, days: 1.5, seconds: 2.55)!
        expectAggregate(.avg, [.duration(a), .duration(b)], is: .duration(expected))
        expectAggregate(.avg, [.duration(DurationValue(seconds: -3)!), .duration(DurationValue(seconds: 0)!)],
                        is: .duration(DurationValue(seconds: -1.5)!))
    }

    @Test func average() {
        expectAggregate(.avg, [.int(1), .int(2)], is: .float(1.5))
        expectAggregate(.avg, [.float(1.25), .null, .float(4.75)], is: .float(3))
        expectAggregate(.avg, [.int(.max), .int(.max)], is: .float(Double(Int64.max)))
        expectAggregate(.avg, [], is: .null)
        expectAggregate(.avg, [.null], is: .null)
        expectAggregate(.avg, distinct: true, [.int(1), .int(1), .int(4)], is: .float(2.5))
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try aggregate(.avg, [.bool(true)]) }
    }

    @Test func minAndMax() {
        expectAggregate(.max, [.int(1), .int(2), .int(0), .null, .int(-1)], is: .int(2))  // TCK Aggregation2 [1]
        expectAggregate(.min, [.int(1), .int(2), .int(0), .null, .int(-1)], is: .int(-1))
        expectAggregate(.max, [.float(1), .float(2), .float(0.5), .null], is: .float(2))
        expectAggregate(.max, [.int(1), .float(2), .int(5), .null, .float(3.2), .float(0.1)], is: .int(5))  // [5]
        expectAggregate(.min, [.int(1), .float(2), .int(5), .null, .float(3.2), .float(0.1)], is: .float(0.1))  // [6]
        let strings: [Value] = ["a", "b", "B", "abc", "abc1"].map(Value.string) + [.null]
        expectAggregate(.max, strings, is: .string("b"))  // [7]
        expectAggregate(.min, strings, is: .string("B"))  // [8]
        let lists: [Value] = [.list([.int(1)]), .list([.int(2)]), .list([.int(2), .int(1)])]
        expectAggregate(.max, lists, is: .list([.int(2), .int(1)]))  // [9]
        expectAggregate(.min, lists, is: .list([.int(1)]))  // [10]
        let mixed: [Value] = [.int(1), .string("a"), .null, .list([.int(1), .int(2)]), .float(0.2), .string("b")]
        expectAggregate(.max, mixed, is: .int(1))  // [11]
        expectAggregate(.min, mixed, is: .list([.int(1), .int(2)]))  // [12]
        expectAggregate(.min, [], is: .null)
        expectAggregate(.max, [.null], is: .null)
        expectAggregate(.min, distinct: true, [.int(3), .int(3), .int(2)], is: .int(2))
    }

    @Test func collect() {
        expectAggregate(.collect, [.int(1), .null, .string("a"), .int(1)], is: .list([.int(1), .string("a"), .int(1)]))
        expectAggregate(.collect, [], is: .list([]))
        expectAggregate(.collect, distinct: true, [.null, .null], is: .list([]))  // TCK Aggregation8 [3]
        expectAggregate(.collect, distinct: true, [.null, .int(1), .null], is: .list([.int(1)]))  // [4]
        expectAggregate(.collect, distinct: true, [.int(42), .int(43), .int(42), .float(43), .int(44)],
                        is: .list([.int(42), .int(43), .int(44)]))
        expectAggregate(.collect, distinct: true, [.list([.int(1)]), .list([.int(1)]), .map(["a": .null]), .map(["a": .null])],
                        is: .list([.list([.int(1)]), .map(["a": .null])]))
    }

    @Test func standardDeviation() throws {
        let values = [Value.int(2), .int(4), .int(4), .int(4), .int(5), .int(5), .int(7), .int(9), .null]
        guard case .float(let population) = try aggregate(.stDevP, values) else { throw QuiverError(.internalError, "stDevP") }
        #expect(abs(population - 2) < 1e-12)
        guard case .float(let sample) = try aggregate(.stDev, values) else { throw QuiverError(.internalError, "stDev") }
        #expect(abs(sample - (32.0 / 7.0).squareRoot()) < 1e-12)
        expectAggregate(.stDev, [.int(1)], is: .float(0))
        expectAggregate(.stDev, [], is: .float(0))
        expectAggregate(.stDevP, [], is: .float(0))
        expectAggregate(.stDevP, distinct: true, [.int(1), .int(1), .int(3)], is: .float(1))
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try aggregate(.stDev, [.string("1")]) }
    }

    @Test func percentiles() {
        let prices: [Value] = [.float(10), .float(20), .float(30)]  // TCK Aggregation6 [1], [2]
        for (percentile, expected) in [(0.0, 10.0), (0.5, 20.0), (1.0, 30.0)] {
            expectAggregate(.percentileDisc, prices, parameter: .float(percentile), is: .float(expected))
            expectAggregate(.percentileCont, prices, parameter: .float(percentile), is: .float(expected))
        }
        expectAggregate(.percentileCont, ints(1, 2, 3, 4), parameter: .float(0.5), is: .float(2.5))
        expectAggregate(.percentileCont, ints(4, 1, 3, 2), parameter: .float(0.25), is: .float(1.75))
        expectAggregate(.percentileDisc, ints(4, 1, 3, 2), parameter: .float(0.5), is: .int(2))
        expectAggregate(.percentileDisc, ints(4, 1, 3, 2), parameter: .float(0.6), is: .int(3))
        expectAggregate(.percentileDisc, ints(4, 1, 3, 2), parameter: .int(1), is: .int(4))
        expectAggregate(.percentileDisc, distinct: true, ints(5, 5, 1), parameter: .float(1), is: .int(5))
        expectAggregate(.percentileCont, [], parameter: .float(0.5), is: .null)
        expectAggregate(.percentileDisc, [.null], parameter: .float(0.5), is: .null)
        for bad in [Value.int(1000), .int(-1), .float(1.1)] {  // TCK Aggregation6 [3], [4]
            expectError(.invalidArgument, "NumberOutOfRange") { () throws(QuiverError) in
                try aggregate(.percentileCont, [.float(10)], parameter: bad)
            }
            expectError(.invalidArgument, "NumberOutOfRange") { () throws(QuiverError) in
                try aggregate(.percentileDisc, [.float(10)], parameter: bad)
            }
        }
        expectError(.invalidArgument, "InvalidArgumentType") { () throws(QuiverError) in
            try aggregate(.percentileDisc, [.float(10)], parameter: .string("0.5"))
        }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try aggregate(.percentileCont, [.string("10")], parameter: .float(0.5))
        }
    }

    /// TCK Aggregation6 [5]: percentileDisc(0.90, deg) with deg > 2 fails on the first row.
    @Test func percentileParameterIsCheckedPerRow() {
        var aggregator = Aggregator(.percentileDisc, distinct: false)
        expectError(.invalidArgument, "NumberOutOfRange") { () throws(QuiverError) in
            try aggregator.add(.float(0.9), parameter: .int(3))
            return .null
        }
    }
}
