// MathFunctions: the built-in math functions (table entries for FunctionLibrary): abs, sign,
// ceil, floor, round (with precision and rounding mode), sqrt, exp, log, log10, e, pi, rand and
// the trigonometric family. Integers go in as floats except for abs and sign, which keep them.

import QuiverCore

enum MathFunctions {
    static let table: [BuiltinFunction] = [
        abs, sign, round,
        floatFunction("ceil") { $0.rounded(.up) },
        floatFunction("floor") { $0.rounded(.down) },
        floatFunction("sqrt") { $0.squareRoot() },
        floatFunction("exp") { LibM.exponential($0) },
        floatFunction("log") { LibM.naturalLogarithm($0) },
        floatFunction("log10") { LibM.logarithm10($0) },
        floatFunction("sin") { LibM.sine($0) },
        floatFunction("cos") { LibM.cosine($0) },
        floatFunction("tan") { LibM.tangent($0) },
        floatFunction("cot") { 1 / LibM.tangent($0) },
        floatFunction("asin") { LibM.arcSine($0) },
        floatFunction("acos") { LibM.arcCosine($0) },
        floatFunction("atan") { LibM.arcTangent($0) },
        floatFunction("degrees") { $0 * 180 / Double.pi },
        floatFunction("radians") { $0 * Double.pi / 180 },
        floatFunction("haversin") { (1 - LibM.cosine($0)) / 2 },
        atan2,
        constant("e", 2.718281828459045),
        constant("pi", Double.pi),
        BuiltinFunction("rand", arguments: 0...0, deterministic: false) { _, _ throws(QuiverError) -> Value in
            .float(Double.random(in: 0..<1))
        },
    ]

    /// A number in, a float out; null → null.
    private static func floatFunction(_ name: String, _ body: @escaping @Sendable (Double) -> Double) -> BuiltinFunction {
        FunctionBuilder.nullPropagating(name) { argument throws(QuiverError) -> Value in
            switch argument {
            case .int(let integer): return .float(body(Double(integer)))
            case .float(let float): return .float(body(float))
            default: throw FunctionError.wrongType(name, position: 1, expected: [.null, .number])
            }
        }
    }

    private static func constant(_ name: String, _ value: Double) -> BuiltinFunction {
        BuiltinFunction(name, arguments: 0...0) { _, _ throws(QuiverError) -> Value in .float(value) }
    }

    static let abs = FunctionBuilder.nullPropagating("abs") { argument throws(QuiverError) -> Value in
        switch argument {
        case .int(let integer):
            guard integer != .min else {
                throw QuiverError(.invalidArgument, "'abs': the absolute value of \(integer) does not fit in an integer.",
                                  detail: "IntegerOverflow")
            }
            return .int(integer < 0 ? -integer : integer)
        case .float(let float):
            return .float(Swift.abs(float))
        default:
            throw FunctionError.wrongType("abs", position: 1, expected: [.null, .number])
        }
    }

    /// sign(x): -1, 0 or 1 as an integer (0 for NaN), as Memgraph.
    static let sign = FunctionBuilder.nullPropagating("sign") { argument throws(QuiverError) -> Value in
        switch argument {
        case .int(let integer): return .int(integer.signum())
        case .float(let float): return .int(float > 0 ? 1 : (float < 0 ? -1 : 0))
        default: throw FunctionError.wrongType("sign", position: 1, expected: [.null, .number])
        }
    }

    static let atan2 = BuiltinFunction("atan2", arguments: 2...2) { arguments, _ throws(QuiverError) -> Value in
        if arguments.contains(where: \.isNull) { return .null }
        let y = try ArgumentReader.double(arguments[0], "atan2", position: 1)
        let x = try ArgumentReader.double(arguments[1], "atan2", position: 2)
        return .float(LibM.arcTangent2(y, x))
    }

    /// round(x): half away from zero, as Memgraph (C `round`). round(x, precision [, mode]):
    /// decimal rounding of x's shortest decimal form, HALF_UP by default, as Neo4j.
    static let round = BuiltinFunction("round", arguments: 1...3) { arguments, _ throws(QuiverError) -> Value in
        if arguments.contains(where: \.isNull) { return .null }
        let x = try ArgumentReader.double(arguments[0], "round", position: 1)
        guard arguments.count > 1 else { return .float(x.rounded(.toNearestOrAwayFromZero)) }
        let precision = try ArgumentReader.integer(arguments[1], "round", position: 2)
        var mode = DecimalRounding.Mode.halfUp
        if arguments.count == 3 {
            let name = try ArgumentReader.string(arguments[2], "round", position: 3)
            guard let named = DecimalRounding.Mode(name: name) else {
                throw FunctionError.badValue("round", "unknown rounding mode '\(name)'; expected one of "
                                             + DecimalRounding.Mode.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            mode = named
        }
        return .float(DecimalRounding.round(x, precision: precision, mode: mode))
    }
}

/// Rounds a double at a decimal position the way Java's BigDecimal does on the double's
/// shortest decimal form (what Neo4j's round(x, precision, mode) does): round(2.675, 2) is
/// 2.68 although the binary value is slightly below 2.675.
enum DecimalRounding {
    enum Mode: String, CaseIterable, Sendable {
        case up = "UP", down = "DOWN", ceiling = "CEILING", floor = "FLOOR"
        case halfUp = "HALF_UP", halfDown = "HALF_DOWN", halfEven = "HALF_EVEN"

        init?(name: String) { self.init(rawValue: name.uppercased()) }
    }

    /// How the dropped digits compare with half a unit of the last kept digit.
    private enum Remainder { case zero, belowHalf, half, aboveHalf }

    static func round(_ x: Double, precision: Int64, mode: Mode) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let (digits, pointPosition) = decimalDigits(Swift.abs(x))
        // Digits kept: those before the decimal point plus `precision` after it.
        let keep = Int128(pointPosition) + Int128(precision)
        if keep >= Int128(digits.count) { return x }
        var kept: [UInt8] = keep > 0 ? Array(digits[..<Int(keep)]) : []
        let remainder = classify(digits, from: keep)
        let negative = x < 0
        if shouldIncrement(remainder, lastKept: kept.last ?? 0, negative: negative, mode: mode) {
            var exponentShift = 0
            increment(&kept, &exponentShift)
            if keep <= 0 {
                // Nothing was kept: the result is one unit at the rounding position.
                return (negative ? -1 : 1) * magnitude(ofUnitAt: -Int128(precision))
            }
            return make(kept, pointPosition: pointPosition + exponentShift, negative: negative)
        }
        if kept.isEmpty { return negative ? -0.0 : 0.0 }
        return make(kept, pointPosition: pointPosition, negative: negative)
    }

    /// The significant decimal digits of a positive finite double's shortest round-trip form
    /// and the position of the decimal point: value = 0.d₁d₂… × 10^pointPosition.
    static func decimalDigits(_ x: Double) -> ([UInt8], Int) {
        let text = x.description
        var digits: [UInt8] = []
        var digitsBeforePoint = 0
        var seenPoint = false
        var exponent = 0
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte - UInt8(ascii: "0"))
                if !seenPoint { digitsBeforePoint += 1 }
            case UInt8(ascii: "."):
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                exponent = Int(String(decoding: utf8, as: UTF8.self)) ?? 0
                utf8 = utf8[utf8.endIndex...]
            default:
                break
            }
        }
        // Leading zeros ("0.00123") carry no significance: fold them into the point position.
        var pointPosition = digitsBeforePoint + exponent
        while digits.count > 1, digits[0] == 0 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits[digits.count - 1] == 0 { digits.removeLast() }
        return (digits, pointPosition)
    }

    private static func classify(_ digits: [UInt8], from keep: Int128) -> Remainder {
        guard keep >= 0 else {
            // The first significant digit lies below the rounding digit: under half, not zero.
            return .belowHalf
        }
        let first = Int(keep)
        let rest = digits[(first + 1)...].contains { $0 != 0 }
        switch digits[first] {
        case 0: return rest ? .belowHalf : .zero
        case 1...4: return .belowHalf
        case 5: return rest ? .aboveHalf : .half
        default: return .aboveHalf
        }
    }

    private static func shouldIncrement(_ remainder: Remainder, lastKept: UInt8, negative: Bool, mode: Mode) -> Bool {
        if remainder == .zero { return false }
        switch mode {
        case .up: return true
        case .down: return false
        case .ceiling: return !negative
        case .floor: return negative
        case .halfUp: return remainder == .half || remainder == .aboveHalf
        case .halfDown: return remainder == .aboveHalf
        case .halfEven: return remainder == .aboveHalf || (remainder == .half && lastKept % 2 == 1)
        }
    }

    private static func increment(_ digits: inout [UInt8], _ exponentShift: inout Int) {
        var index = digits.count - 1
        while index >= 0 {
            if digits[index] < 9 {
                digits[index] += 1
                return
            }
            digits[index] = 0
            index -= 1
        }
        digits.insert(1, at: 0)
        exponentShift = 1
    }

    private static func magnitude(ofUnitAt exponent: Int128) -> Double {
        Double("1e\(exponent)") ?? .infinity
    }

    private static func make(_ digits: [UInt8], pointPosition: Int, negative: Bool) -> Double {
        var text = negative ? "-0." : "0."
        text.reserveCapacity(digits.count + 12)
        for digit in digits { text.unicodeScalars.append(Unicode.Scalar(digit + UInt8(ascii: "0"))) }
        text += "e\(pointPosition)"
        return Double(text) ?? (negative ? -.infinity : .infinity)
    }
}
