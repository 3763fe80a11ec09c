// Math and conversion functions: results and kinds (int vs float), null, wrong types, rounding
// modes and half cases, the TCK Mathematical* and TypeConversion* cases.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct FunctionsMathTests {
    @Test func absAndSign() {
        expectCall("abs", .int(-1), is: .int(1))  // TCK Mathematical11 [1]
        expectCall("abs", .int(5), is: .int(5))
        expectCall("abs", .float(-2.5), is: .float(2.5))
        expectCall("abs", .null, is: .null)
        expectError(.invalidArgument, "IntegerOverflow") { try call("abs", .int(.min)) }
        expectError(.typeError, "InvalidArgumentValue") { try call("abs", .string("-1")) }
        expectCall("sign", .int(-7), is: .int(-1))
        expectCall("sign", .int(0), is: .int(0))
        expectCall("sign", .float(0.001), is: .int(1))
        expectCall("sign", .float(-.infinity), is: .int(-1))
        expectCall("sign", .float(.nan), is: .int(0))
        expectError(.typeError, "InvalidArgumentValue") { try call("sign", .bool(true)) }
    }

    @Test func ceilFloorSqrtReturnFloats() {
        expectCall("ceil", .float(1.1), is: .float(2))
        expectCall("ceil", .int(3), is: .float(3))
        expectCall("ceil", .float(-1.5), is: .float(-1))
        expectCall("floor", .float(-1.1), is: .float(-2))
        expectCall("floor", .int(3), is: .float(3))
        expectCall("sqrt", .float(12.96), is: .float(3.6))  // TCK Mathematical13 [1]
        expectCall("sqrt", .int(16), is: .float(4))
        expectCall("sqrt", .int(-1), is: .float(.nan))
        expectCall("floor", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("ceil", .string("1")) }
    }

    @Test func roundHalfAwayFromZero() {
        expectCall("round", .float(2.5), is: .float(3))
        expectCall("round", .float(-2.5), is: .float(-3))
        expectCall("round", .float(0.49999999999999994), is: .float(0))
        expectCall("round", .float(-1.4), is: .float(-1))
        expectCall("round", .int(7), is: .float(7))
        expectCall("round", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("round", .string("1.5")) }
    }

    @Test func roundWithPrecisionUsesTheDecimalForm() {
        expectCall("round", .float(3.141592), .int(3), is: .float(3.142))
        expectCall("round", .float(2.675), .int(2), is: .float(2.68))  // binary 2.67499999…
        expectCall("round", .float(-1.55), .int(1), is: .float(-1.6))
        expectCall("round", .float(1234.5), .int(-2), is: .float(1200))
        expectCall("round", .float(1250), .int(-2), .string("HALF_EVEN"), is: .float(1200))
        expectCall("round", .float(0.001), .int(1), is: .float(0))
        expectCall("round", .float(0.05), .int(1), is: .float(0.1))
        expectCall("round", .float(9.99), .int(1), is: .float(10))
        expectCall("round", .float(1e-20), .int(2), .string("UP"), is: .float(0.01))
        expectCall("round", .float(0.4), .int(0), .string("UP"), is: .float(1))
        expectCall("round", .int(15), .int(-1), is: .float(20))
        expectCall("round", .float(1.5), .int(400), is: .float(1.5))
        expectCall("round", .float(1.5), .int(.max), is: .float(1.5))
        expectCall("round", .float(1.5), .int(.min), .string("UP"), is: .float(.infinity))
        expectCall("round", .float(-1.5), .int(.min), .string("DOWN"), is: .float(-0.0))
        expectCall("round", .float(1e300), .int(-300), is: .float(1e300))
        expectCall("round", .float(1.5e300), .int(-300), .string("HALF_EVEN"), is: .float(2e300))
        expectCall("round", .float(.nan), .int(1), is: .float(.nan))
        expectCall("round", .float(2.5), .null, is: .null)
    }

    @Test func roundingModes() {
        let cases: [(String, [Double])] = [
            // 2.5, -2.5, 2.4, -2.6, 3.5
            ("UP", [3, -3, 3, -3, 4]),
            ("DOWN", [2, -2, 2, -2, 3]),
            ("CEILING", [3, -2, 3, -2, 4]),
            ("FLOOR", [2, -3, 2, -3, 3]),
            ("HALF_UP", [3, -3, 2, -3, 4]),
            ("HALF_DOWN", [2, -2, 2, -3, 3]),
            ("half_even", [2, -2, 2, -3, 4]),
        ]
        let inputs: [Double] = [2.5, -2.5, 2.4, -2.6, 3.5]
        for (mode, expected) in cases {
            for (input, output) in zip(inputs, expected) {
                expectCall("round", .float(input), .int(0), .string(mode), is: .float(output))
            }
        }
        expectError(.invalidArgument, "InvalidArgumentValue") { try call("round", .float(1), .int(0), .string("SIDEWAYS")) }
        expectError(.typeError, "InvalidArgumentValue") { try call("round", .float(1), .float(0)) }
    }

    @Test func logarithmsAndExponentials() {
        expectCall("exp", .int(0), is: .float(1))
        expectCall("log", .int(1), is: .float(0))
        expectCall("log", .int(0), is: .float(-.infinity))
        expectCall("log10", .int(1000), is: .float(3))
        expectCall("e", is: .float(2.718281828459045))
        expectCall("pi", is: .float(Double.pi))
        expectError(.typeError, "InvalidArgumentValue") { try call("log", .list([])) }
    }

    @Test func trigonometry() throws {
        expectCall("sin", .int(0), is: .float(0))
        expectCall("cos", .int(0), is: .float(1))
        expectCall("tan", .int(0), is: .float(0))
        expectCall("asin", .int(1), is: .float(Double.pi / 2))
        expectCall("acos", .int(1), is: .float(0))
        expectCall("atan", .int(0), is: .float(0))
        expectCall("atan2", .int(1), .int(1), is: .float(Double.pi / 4))
        expectCall("atan2", .null, .int(1), is: .null)
        expectCall("degrees", .float(Double.pi), is: .float(180))
        expectCall("radians", .int(180), is: .float(Double.pi))
        expectCall("haversin", .int(0), is: .float(0))
        expectCall("cot", .int(0), is: .float(.infinity))
        guard case .float(let cot) = try call("cot", .float(Double.pi / 4)) else { throw QuiverError(.internalError, "cot") }
        #expect(abs(cot - 1) < 1e-12)
        expectError(.typeError, "InvalidArgumentValue") { try call("atan2", .int(1), .string("1")) }
    }

    @Test func randIsInTheUnitInterval() throws {
        var seen = Set<Double>()
        for _ in 0..<100 {
            guard case .float(let value) = try call("rand") else { throw QuiverError(.internalError, "rand") }
            #expect(value >= 0 && value < 1)
            seen.insert(value)
        }
        #expect(seen.count > 90)
    }
}

@Suite struct FunctionsConversionTests {
    private let node: Value = .node(Gid(1))
    private let relationship: Value = .relationship(EdgeRef(gid: Gid(2), from: Gid(1), to: Gid(1), type: EdgeTypeID(0)))
    private let path: Value = .path(PathValue(nodes: [Gid(1)], relationships: []))

    @Test func toBoolean() {
        expectCall("toBoolean", .bool(false), is: .bool(false))
        expectCall("toBoolean", .string("true"), is: .bool(true))
        expectCall("toBoolean", .string(" FALSE "), is: .bool(false))
        for text in ["", " tru ", "f alse", "yes"] { expectCall("toBoolean", .string(text), is: .null) }  // TCK [4]
        expectCall("toBoolean", .int(0), is: .bool(false))
        expectCall("toBoolean", .int(-3), is: .bool(true))
        expectCall("toBoolean", .null, is: .null)
        for invalid in [Value.list([]), .map([:]), .float(1), node, relationship, path] {  // TCK TypeConversion1 [5]
            expectError(.typeError, "InvalidArgumentValue") { try call("toBoolean", invalid) }
            expectCall("toBooleanOrNull", invalid, is: .null)
        }
    }

    @Test func toInteger() {
        expectCall("toInteger", .float(82.9), is: .int(82))  // TCK TypeConversion2 [1]
        expectCall("toInteger", .float(-2.9), is: .int(-2))
        expectCall("toInteger", .string("foo"), is: .null)
        expectCall("toInteger", .string(""), is: .null)
        expectCall("toInteger", .string("1.7"), is: .int(1))
        expectCall("toInteger", .string("42"), is: .int(42))
        expectCall("toInteger", .string(" -7 "), is: .int(-7))
        expectCall("toInteger", .string("9223372036854775807"), is: .int(.max))
        expectCall("toInteger", .string("1e3"), is: .int(1000))
        expectCall("toInteger", .string("0x1p3"), is: .null)
        expectCall("toInteger", .bool(true), is: .int(1))
        expectCall("toInteger", .int(5), is: .int(5))
        expectError(.invalidArgument, "NumberOutOfRange") { try call("toInteger", .float(1e30)) }
        expectError(.invalidArgument, "NumberOutOfRange") { try call("toInteger", .float(.nan)) }
        expectCall("toIntegerOrNull", .float(1e30), is: .null)
        for invalid in [Value.list([]), .map([:]), node, relationship, path] {  // TCK TypeConversion2 [8]
            expectError(.typeError, "InvalidArgumentValue") { try call("toInteger", invalid) }
        }
    }

    @Test func toFloat() {
        expectCall("toFloat", .int(3), is: .float(3))  // TCK TypeConversion3 [1]
        expectCall("toFloat", .float(3.4), is: .float(3.4))
        expectCall("toFloat", .string("5"), is: .float(5))
        expectCall("toFloat", .string("foo"), is: .null)
        expectCall("toFloat", .string(""), is: .null)
        expectCall("toFloat", .string(" 2.5e1 "), is: .float(25))
        expectCall("toFloat", .string("NaN"), is: .float(.nan))
        expectCall("toFloat", .string("-Infinity"), is: .float(-.infinity))
        expectCall("toFloat", .string("0x10"), is: .null)
        for invalid in [Value.bool(true), .list([]), .map([:]), node, relationship, path] {  // TCK TypeConversion3 [6]
            expectError(.typeError, "InvalidArgumentValue") { try call("toFloat", invalid) }
            expectCall("toFloatOrNull", invalid, is: .null)
        }
    }

    @Test func toString() {
        expectCall("toString", .int(42), is: .string("42"))  // TCK TypeConversion4
        expectCall("toString", .bool(true), is: .string("true"))
        expectCall("toString", .float(2.3), is: .string("2.3"))
        expectCall("toString", .float(1), is: .string("1.0"))
        expectCall("toString", .float(.nan), is: .string("NaN"))
        expectCall("toString", .float(-.infinity), is: .string("-Infinity"))
        expectCall("toString", .string("apa"), is: .string("apa"))
        expectCall("toString", .int(.min), is: .string("-9223372036854775808"))
        expectCall("toString", .null, is: .null)
        for invalid in [Value.list([]), .map([:]), node, relationship, path] {  // TCK TypeConversion4 [10]
            expectError(.typeError, "InvalidArgumentValue") { try call("toString", invalid) }
            expectCall("toStringOrNull", invalid, is: .null)
        }
    }

    @Test func listConversions() {
        let mixed: Value = .list([.int(1), .string("2.5"), .string("x"), .null, .bool(true), .list([])])
        expectCall("toIntegerList", mixed, is: .list([.int(1), .int(2), .null, .null, .int(1), .null]))
        expectCall("toFloatList", mixed, is: .list([.float(1), .float(2.5), .null, .null, .null, .null]))
        expectCall("toStringList", mixed, is: .list([.string("1"), .string("2.5"), .string("x"), .null, .string("true"), .null]))
        expectCall("toBooleanList", .list([.string("true"), .int(0), .float(1), .null]),
                   is: .list([.bool(true), .bool(false), .null, .null]))
        expectCall("toIntegerList", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("toFloatList", .string("1")) }
    }
}
