// Scalar and list functions: coalesce, size/length, head, last, isEmpty, valueType, timestamp,
// randomUUID, range (TCK List11), reverse, tail, toSet; lookup and arity declarations.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct FunctionsListScalarTests {
    @Test func lookupIsCaseInsensitiveAndTablesHaveNoDuplicates() {
        #expect(FunctionLibrary.lookup("CoAlEsCe")?.name == "coalesce")
        #expect(FunctionLibrary.lookup("tointeger")?.name == "toInteger")
        #expect(FunctionLibrary.lookup("nosuchfunction") == nil)
        let names = FunctionLibrary.all.map { $0.name.lowercased() }
        #expect(Set(names).count == names.count, "duplicate names: \(names)")
        for name in ["abs", "ceil", "floor", "round", "sign", "sqrt", "exp", "log", "log10", "e", "pi", "rand",
                     "sin", "cos", "tan", "cot", "asin", "acos", "atan", "atan2", "degrees", "radians", "haversin",
                     "toUpper", "toLower", "trim", "lTrim", "rTrim", "replace", "substring", "left", "right", "split",
                     "reverse", "range", "tail", "head", "last", "size", "length", "coalesce", "keys", "labels",
                     "type", "id", "startNode", "endNode", "properties", "nodes", "relationships", "degree",
                     "inDegree", "outDegree", "toBoolean", "toInteger", "toFloat", "toString", "toBooleanOrNull",
                     "toIntegerOrNull", "toFloatOrNull", "toStringOrNull", "toBooleanList", "toIntegerList",
                     "toFloatList", "toStringList", "timestamp", "randomUUID", "isEmpty", "valueType"] {
            #expect(FunctionLibrary.lookup(name) != nil, "\(name) missing")
        }
    }

    @Test func nonDeterministicFunctionsAreMarked() {
        for name in ["rand", "randomUUID", "timestamp"] {
            #expect(FunctionLibrary.lookup(name)?.isDeterministic == false, "\(name)")
        }
        #expect(FunctionLibrary.lookup("abs")?.isDeterministic == true)
    }

    @Test func coalesce() {
        expectCall("coalesce", .null, .int(1), .int(2), is: .int(1))
        expectCall("coalesce", .null, .null, is: .null)
        expectCall("coalesce", .string("x"), is: .string("x"))
        #expect(FunctionLibrary.lookup("coalesce")?.maxArguments == Int.max)
        #expect(FunctionLibrary.lookup("coalesce")?.minArguments == 1)
    }

    @Test func sizeAndLength() {
        expectCall("size", .list([.int(1), .null, .int(3)]), is: .int(3))
        expectCall("size", .list([]), is: .int(0))
        expectCall("size", .map(["a": .null, "b": .int(1)]), is: .int(2))
        let path = PathValue(nodes: [Gid(1), Gid(2), Gid(3)], relationships: [
            EdgeRef(gid: Gid(10), from: Gid(1), to: Gid(2), type: EdgeTypeID(0)),
            EdgeRef(gid: Gid(11), from: Gid(3), to: Gid(2), type: EdgeTypeID(0)),
        ])
        expectCall("length", .path(path), is: .int(2))
        expectCall("size", .path(PathValue(nodes: [Gid(1)], relationships: [])), is: .int(0))
        expectCall("size", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("size", .int(3)) }
        expectError(.typeError, "InvalidArgumentValue") { try call("length", .node(Gid(1))) }
    }

    @Test func headLastAndTail() {
        let list: Value = .list([.int(1), .string("b"), .float(3)])
        expectCall("head", list, is: .int(1))
        expectCall("last", list, is: .float(3))
        expectCall("tail", list, is: .list([.string("b"), .float(3)]))
        expectCall("head", .list([]), is: .null)
        expectCall("last", .list([]), is: .null)
        expectCall("tail", .list([]), is: .list([]))
        expectCall("tail", .list([.int(1)]), is: .list([]))
        expectCall("head", .null, is: .null)
        expectCall("tail", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("head", .string("abc")) }
        expectError(.typeError, "InvalidArgumentValue") { try call("last", .map([:])) }
        expectError(.typeError, "InvalidArgumentValue") { try call("tail", .int(1)) }
    }

    @Test func isEmptyAndValueType() {
        expectCall("isEmpty", .list([]), is: .bool(true))
        expectCall("isEmpty", .list([.null]), is: .bool(false))
        expectCall("isEmpty", .string(""), is: .bool(true))
        expectCall("isEmpty", .map(["a": .int(1)]), is: .bool(false))
        expectCall("isEmpty", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("isEmpty", .int(0)) }
        let cases: [(Value, String)] = [
            (.null, "NULL"), (.bool(true), "BOOLEAN"), (.int(1), "INTEGER"), (.float(1), "FLOAT"),
            (.string(""), "STRING"), (.list([]), "LIST"), (.map([:]), "MAP"), (.node(Gid(1)), "NODE"),
            (.relationship(EdgeRef(gid: Gid(1), from: Gid(1), to: Gid(1), type: EdgeTypeID(0))), "RELATIONSHIP"),
            (.path(PathValue(nodes: [Gid(1)], relationships: [])), "PATH"),
            (.date(DateValue(daysSinceEpoch: 0)), "DATE"),
            (.localTime(LocalTimeValue(nanosecondsSinceMidnight: 0)), "LOCAL_TIME"),
            (.localDateTime(LocalDateTimeValue(secondsSinceEpoch: 0, nanoseconds: 0)), "LOCAL_DATE_TIME"),
            (.dateTime(DateTimeValue(secondsSinceEpochUTC: 0, nanoseconds: 0, offsetSeconds: 0, zoneID: nil)), "ZONED_DATE_TIME"),
            (.duration(.zero), "DURATION"),
        ]
        for (value, name) in cases { expectCall("valueType", value, is: .string(name)) }
    }

    @Test func timestamp() {
        expectCall("timestamp", is: .int(1_700_000_000_123_456))
        expectCall("timestamp", .date(DateValue(daysSinceEpoch: 2)), is: .int(2 * 86_400_000_000))
        expectCall("timestamp", .localTime(LocalTimeValue(nanosecondsSinceMidnight: 3_000_001_999)), is: .int(3_000_001))
        expectCall("timestamp", .localDateTime(LocalDateTimeValue(secondsSinceEpoch: 5, nanoseconds: 7_000)), is: .int(5_000_007))
        expectCall("timestamp", .dateTime(DateTimeValue(secondsSinceEpochUTC: -1, nanoseconds: 500_000_000,
                                                        offsetSeconds: 3600, zoneID: nil)), is: .int(-500_000))
        expectCall("timestamp", .duration(DurationValue(months: 0, days: 1, seconds: 1, nanoseconds: 1_000)),
                   is: .int(86_401_000_001))
        expectCall("timestamp", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("timestamp", .string("now")) }
    }

    @Test func randomUUIDIsVersion4() throws {
        let first = try call("randomUUID"), second = try call("randomUUID")
        guard case .string(let text) = first else {
            Issue.record("not a string: \(first)")
            return
        }
        #expect(!strictlyEqual(first, second))
        let bytes = Array(text.utf8)
        #expect(bytes.count == 36)
        for dash in [8, 13, 18, 23] { #expect(bytes[dash] == UInt8(ascii: "-")) }
        #expect(bytes[14] == UInt8(ascii: "4"))
        #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
        let hex = Set("0123456789abcdef-".utf8)
        #expect(bytes.allSatisfy { hex.contains($0) })
    }

    // MARK: range (TCK List11)

    private func ints(_ values: [Int64]) -> Value { .list(values.map(Value.int)) }

    @Test func rangeWithDefaultStep() {
        expectCall("range", .int(-1236), .int(-1234), is: ints([-1236, -1235, -1234]))
        expectCall("range", .int(-1234), .int(-1234), is: ints([-1234]))
        expectCall("range", .int(0), .int(-123), is: ints([]))
        expectCall("range", .int(0), .int(10), is: ints(Array(0...10)))
        expectCall("range", .int(1234), .int(1236), is: ints([1234, 1235, 1236]))
    }

    @Test func rangeWithStep() {
        expectCall("range", .int(1381), .int(-3412), .int(-1298), is: ints([1381, 83, -1215, -2513]))
        expectCall("range", .int(0), .int(-2000), .int(-1298), is: ints([0, -1298]))
        expectCall("range", .int(10), .int(-10), .int(-3), is: ints([10, 7, 4, 1, -2, -5, -8]))
        expectCall("range", .int(0), .int(1), .int(-123), is: ints([]))
        expectCall("range", .int(0), .int(-1), .int(1), is: ints([]))
        expectCall("range", .int(0), .int(0), .int(-1), is: ints([0]))
        expectCall("range", .int(0), .int(1), .int(2), is: ints([0]))
        expectCall("range", .int(-10), .int(10), .int(3), is: ints([-10, -7, -4, -1, 2, 5, 8]))
        expectCall("range", .int(-3412), .int(1381), .int(1298), is: ints([-3412, -2114, -816, 482]))
    }

    @Test func rangeNearTheIntegerLimitsDoesNotOverflow() {
        expectCall("range", .int(.max - 2), .int(.max), is: ints([.max - 2, .max - 1, .max]))
        expectCall("range", .int(.min), .int(.min + 4), .int(2), is: ints([.min, .min + 2, .min + 4]))
        expectCall("range", .int(.max), .int(.min), .int(.min), is: ints([.max, -1]))
    }

    @Test func rangeErrors() {
        for (start, end) in [(0, 0), (2, 8), (-2, 8), (2, -8)] as [(Int64, Int64)] {
            expectError(.invalidArgument, "NumberOutOfRange") { try call("range", .int(start), .int(end), .int(0)) }
        }
        let invalid: [[Value]] = [
            [.bool(true), .int(1), .int(1)], [.int(0), .bool(true), .int(1)], [.int(0), .int(1), .bool(true)],
            [.float(-1.1), .int(1), .int(1)], [.float(-0.0), .int(1), .int(1)], [.int(0), .float(1.1), .int(1)],
            [.int(0), .int(1), .float(1.1)], [.string("xyz"), .int(1), .int(1)], [.int(0), .list([.int(1)]), .int(1)],
            [.int(0), .int(1), .map(["step": .int(1)])],
        ]
        for arguments in invalid {
            expectError(.invalidArgument, "InvalidArgumentType") {
                try FunctionLibrary.lookup("range")!.body(arguments, testContext())
            }
        }
        expectError(.invalidArgument, "NumberOutOfRange") { try call("range", .int(0), .int(.max)) }
        expectCall("range", .null, .int(1), is: .null)
    }

    @Test func reverseAndToSetOfLists() {
        expectCall("reverse", .list([.int(1), .string("a"), .null]), is: .list([.null, .string("a"), .int(1)]))
        expectCall("reverse", .list([]), is: .list([]))
        expectCall("toSet", .list([.int(1), .float(1), .string("a"), .int(2), .string("a"), .null, .null]),
                   is: .list([.int(1), .string("a"), .int(2), .null]))
        expectCall("toSet", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("toSet", .string("a")) }
    }
}
