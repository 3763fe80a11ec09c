// ValueOperators: arithmetic with promotion, overflow, division and modulo by zero, IEEE
// results for floats, null propagation, string and list concatenation, Memgraph's type-error
// text, and the TCK Mathematical*/Precedence*/List4 cases.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct FunctionsOperatorTests {
    private func expectResult(_ result: () throws(QuiverError) -> Value, is expected: Value,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let value = try result()
            #expect(strictlyEqual(value, expected), "got \(value), expected \(expected)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("threw \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Dispatches by operator text (an array of the typed-throws operator functions crashes
    /// the 6.3.1 compiler in SILGen).
    private func apply(_ operation: String, _ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        switch operation {
        case "+": try ValueOperators.add(lhs, rhs)
        case "-": try ValueOperators.subtract(lhs, rhs)
        case "*": try ValueOperators.multiply(lhs, rhs)
        case "/": try ValueOperators.divide(lhs, rhs)
        case "%": try ValueOperators.modulo(lhs, rhs)
        default: try ValueOperators.power(lhs, rhs)
        }
    }

    @Test func integerArithmeticStaysInteger() {
        expectResult({ () throws(QuiverError) in try ValueOperators.add(.int(99), .int(5)) }, is: .int(104))
        expectResult({ () throws(QuiverError) in try ValueOperators.subtract(.int(3), .int(8)) }, is: .int(-5))
        expectResult({ () throws(QuiverError) in try ValueOperators.multiply(.int(-4), .int(6)) }, is: .int(-24))
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.int(12), .int(4)) }, is: .int(3))
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.int(7), .int(2)) }, is: .int(3))
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.int(-7), .int(2)) }, is: .int(-3))
        expectResult({ () throws(QuiverError) in try ValueOperators.modulo(.int(7), .int(3)) }, is: .int(1))
        expectResult({ () throws(QuiverError) in try ValueOperators.modulo(.int(-7), .int(3)) }, is: .int(-1))
        expectResult({ () throws(QuiverError) in try ValueOperators.modulo(.int(7), .int(-3)) }, is: .int(1))
        expectResult({ () throws(QuiverError) in try ValueOperators.modulo(.int(.min), .int(-1)) }, is: .int(0))
        expectResult({ () throws(QuiverError) in try ValueOperators.negate(.int(5)) }, is: .int(-5))
    }

    @Test func tckPrecedenceExamples() throws {
        // 12 / 4 * 3 - 2 * 4 = 1 and 12 / 4 * (3 - 2 * 4) = -15 (TCK Mathematical8).
        let left = try ValueOperators.subtract(
            ValueOperators.multiply(ValueOperators.divide(.int(12), .int(4)), .int(3)),
            ValueOperators.multiply(.int(2), .int(4)))
        #expect(strictlyEqual(left, .int(1)))
        let right = try ValueOperators.multiply(ValueOperators.divide(.int(12), .int(4)),
                                                ValueOperators.subtract(.int(3), ValueOperators.multiply(.int(2), .int(4))))
        #expect(strictlyEqual(right, .int(-15)))
        // 4 ^ 3 * 2 ^ 3 = 512.0; 4 ^ 3 % 2 ^ 3 = 0.0; -3 ^ 2 = 9.0 (TCK Precedence2).
        let power = try ValueOperators.multiply(ValueOperators.power(.int(4), .int(3)), ValueOperators.power(.int(2), .int(3)))
        #expect(strictlyEqual(power, .float(512)))
        let modulo = try ValueOperators.modulo(ValueOperators.power(.int(4), .int(3)), ValueOperators.power(.int(2), .int(3)))
        #expect(strictlyEqual(modulo, .float(0)))
        #expect(strictlyEqual(try ValueOperators.power(ValueOperators.negate(.int(3)), .int(2)), .float(9)))
        #expect(strictlyEqual(try ValueOperators.negate(ValueOperators.power(.int(3), .int(2))), .float(-9)))
    }

    @Test func floatPromotion() {
        expectResult({ () throws(QuiverError) in try ValueOperators.add(.int(1), .float(0.5)) }, is: .float(1.5))
        expectResult({ () throws(QuiverError) in try ValueOperators.subtract(.float(1), .int(3)) }, is: .float(-2))
        expectResult({ () throws(QuiverError) in try ValueOperators.multiply(.int(2), .float(1.5)) }, is: .float(3))
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.int(7), .float(2)) }, is: .float(3.5))
        expectResult({ () throws(QuiverError) in try ValueOperators.modulo(.float(7.5), .int(2)) }, is: .float(1.5))
        expectResult({ () throws(QuiverError) in try ValueOperators.modulo(.float(-7.5), .float(2)) }, is: .float(-1.5))
        expectResult({ () throws(QuiverError) in try ValueOperators.power(.int(2), .int(-1)) }, is: .float(0.5))
        expectResult({ () throws(QuiverError) in try ValueOperators.negate(.float(0)) }, is: .float(-0.0))
    }

    @Test func floatDivisionByZeroFollowsIEEE() {
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.float(1), .float(0)) }, is: .float(.infinity))
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.int(-1), .float(0)) }, is: .float(-.infinity))
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.float(0), .float(0)) }, is: .float(.nan))
        expectResult({ () throws(QuiverError) in try ValueOperators.divide(.float(1), .int(0)) }, is: .float(.infinity))
        expectResult({ () throws(QuiverError) in try ValueOperators.modulo(.float(1), .float(0)) }, is: .float(.nan))
    }

    @Test func integerErrors() {
        let division = expectError(.invalidArgument, "DivisionByZero") { () throws(QuiverError) in
            try ValueOperators.divide(.int(1), .int(0))
        }
        #expect(division == "Division by zero")
        expectError(.invalidArgument, "DivisionByZero") { () throws(QuiverError) in try ValueOperators.modulo(.int(1), .int(0)) }
        expectError(.invalidArgument, "IntegerOverflow") { () throws(QuiverError) in try ValueOperators.add(.int(.max), .int(1)) }
        expectError(.invalidArgument, "IntegerOverflow") { () throws(QuiverError) in try ValueOperators.subtract(.int(.min), .int(1)) }
        expectError(.invalidArgument, "IntegerOverflow") { () throws(QuiverError) in
            try ValueOperators.multiply(.int(1 << 32), .int(1 << 32))
        }
        expectError(.invalidArgument, "IntegerOverflow") { () throws(QuiverError) in try ValueOperators.divide(.int(.min), .int(-1)) }
        expectError(.invalidArgument, "IntegerOverflow") { () throws(QuiverError) in try ValueOperators.negate(.int(.min)) }
    }

    @Test func nullPropagates() {
        for operation in ["+", "-", "*", "/", "%", "^"] {
            for (lhs, rhs) in [(Value.null, Value.int(1)), (.float(1), .null), (.null, .null), (.string("a"), .null),
                               (.list([.int(1)]), .null), (.null, .int(0))] {
                expectResult({ () throws(QuiverError) in try apply(operation, lhs, rhs) }, is: .null)
            }
        }
        expectResult({ () throws(QuiverError) in try ValueOperators.negate(.null) }, is: .null)
    }

    @Test func concatenation() {
        expectResult({ () throws(QuiverError) in try ValueOperators.add(.string("nam"), .string("e")) }, is: .string("name"))
        expectResult({ () throws(QuiverError) in try ValueOperators.add(.string("a"), .int(1)) }, is: .string("a1"))
        expectResult({ () throws(QuiverError) in try ValueOperators.add(.float(1.5), .string("x")) }, is: .string("1.5x"))
        expectResult({ () throws(QuiverError) in
            try ValueOperators.add(ValueOperators.add(.string("name"), .string("->")), .string("A"))
        }, is: .string("name->A"))  // TCK Merge7 control query
        expectResult({ () throws(QuiverError) in
            try ValueOperators.add(.list([.int(1), .int(10), .int(100)]), .list([.int(4), .int(5)]))
        }, is: .list([.int(1), .int(10), .int(100), .int(4), .int(5)]))  // TCK List4 [1]
        expectResult({ () throws(QuiverError) in
            try ValueOperators.add(.list([.bool(false), .bool(true)]), .bool(false))
        }, is: .list([.bool(false), .bool(true), .bool(false)]))  // TCK List4 [2]
        expectResult({ () throws(QuiverError) in try ValueOperators.add(.int(0), .list([.int(1)])) },
                     is: .list([.int(0), .int(1)]))
        expectResult({ () throws(QuiverError) in try ValueOperators.add(.list([]), .list([.list([])])) },
                     is: .list([.list([])]))
    }

    @Test func typeErrorsUseMemgraphText() {
        let message = expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try ValueOperators.add(.int(1), .bool(true))
        }
        #expect(message == "Invalid types: int and bool for '+'.")
        let subtract = expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try ValueOperators.subtract(.string("a"), .int(1))
        }
        #expect(subtract == "Invalid types: string and int for '-'.")
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try ValueOperators.multiply(.string("a"), .int(2)) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try ValueOperators.divide(.map([:]), .int(2)) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try ValueOperators.modulo(.int(2), .bool(true)) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try ValueOperators.power(.string("2"), .int(2)) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try ValueOperators.negate(.string("2")) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try ValueOperators.add(.string("a"), .bool(true)) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in try ValueOperators.add(.map([:]), .map([:])) }
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try ValueOperators.add(.node(Gid(1)), .int(1))
        }
        // Temporal pairings TemporalArithmetic refuses are type errors too.
        let date = expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try ValueOperators.add(.date(DateValue(daysSinceEpoch: 0)), .int(1))
        }
        #expect(date == "Invalid types: date and int for '+'.")
        expectError(.typeError, "InvalidArgumentType") { () throws(QuiverError) in
            try ValueOperators.multiply(.date(DateValue(daysSinceEpoch: 0)), .int(2))
        }
    }

    @Test func durationNegation() {
        let duration = DurationValue(months: 1, days: -2, seconds: 3, nanoseconds: 4)
        expectResult({ () throws(QuiverError) in try ValueOperators.negate(.duration(duration)) },
                     is: .duration(DurationValue(months: -1, days: 2, seconds: -3, nanoseconds: -4)))
    }
}
