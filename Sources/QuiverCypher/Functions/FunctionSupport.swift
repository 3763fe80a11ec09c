// FunctionSupport: what the built-in function tables share: Memgraph's argument-error texts,
// table-entry builders with null propagation, and the text form of numbers used by toString and
// string `+`. Holds no function's own logic.

import QuiverCore

/// The argument kinds Memgraph names in "'f' argument at position n must be …" errors
/// (src/query/interpret/awesome_memgraph_functions.cpp, `ArgTypeName`).
enum ArgumentKind: String, Sendable {
    case null, boolean, integer, float, number, string, list, map, node, relationship, path
    case nonNegativeInteger = "non-negative integer"
    case date = "Date", localTime = "LocalTime", localDateTime = "LocalDateTime"
    case dateTime = "DateTime", time = "Time", duration = "Duration"
}

enum FunctionError {
    /// The openCypher detail the TCK expects when a function gets a value of the wrong type
    /// at runtime (TypeConversion1 [5], Graph3 [9], Graph4 [6]).
    static let wrongTypeDetail = "InvalidArgumentValue"

    /// Memgraph's text for an argument of the wrong type, as a `.typeError`.
    static func wrongType(_ function: String, position: Int, expected: [ArgumentKind],
                          detail: String = wrongTypeDetail) -> QuiverError {
        QuiverError(.typeError, wrongTypeMessage(function, position: position, expected: expected), detail: detail)
    }

    static func wrongTypeMessage(_ function: String, position: Int, expected: [ArgumentKind]) -> String {
        let names = expected.map { "'\($0.rawValue)'" }
        let wanted: String
        switch names.count {
        case 0: wanted = "valid"
        case 1: return "'\(function)' argument at position \(position) must be \(names[0])."
        default: wanted = "either " + names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
        }
        return "'\(function)' argument at position \(position) must be \(wanted)."
    }

    /// A well-typed argument whose value is out of the function's domain.
    static func badValue(_ function: String, _ message: String, detail: String = "InvalidArgumentValue") -> QuiverError {
        QuiverError(.invalidArgument, "'\(function)': \(message)", detail: detail)
    }

    /// A graph function called where no transaction is available (a bug in the caller).
    static func noGraph(_ function: String) -> QuiverError {
        QuiverError(.internalError, "'\(function)' needs the graph, but no transaction was given.")
    }
}

/// Table-entry builders: most functions return null for a null argument (openCypher).
enum FunctionBuilder {
    typealias Unary = @Sendable (_ argument: Value) throws(QuiverError) -> Value
    typealias UnaryInContext = @Sendable (_ argument: Value, _ context: FunctionContext) throws(QuiverError) -> Value

    /// A one-argument function that maps null to null and otherwise runs `body`.
    static func nullPropagating(_ name: String, deterministic: Bool = true, _ body: @escaping Unary) -> BuiltinFunction {
        BuiltinFunction(name, arguments: 1...1, deterministic: deterministic, unary: body) { arguments, _ throws(QuiverError) -> Value in
            let argument = arguments[0]
            if case .null = argument { return .null }
            return try body(argument)
        }
    }

    /// Like `nullPropagating`, for bodies that need the context (graph, clock).
    static func nullPropagating(_ name: String, _ body: @escaping UnaryInContext) -> BuiltinFunction {
        BuiltinFunction(name, arguments: 1...1) { arguments, context throws(QuiverError) -> Value in
            let argument = arguments[0]
            if case .null = argument { return .null }
            return try body(argument, context)
        }
    }
}

/// Argument readers shared by the tables; each throws Memgraph's text on a wrong type.
enum ArgumentReader {
    static func integer(_ value: Value, _ function: String, position: Int) throws(QuiverError) -> Int64 {
        guard case .int(let integer) = value else {
            throw FunctionError.wrongType(function, position: position, expected: [.integer])
        }
        return integer
    }

    static func nonNegativeInteger(_ value: Value, _ function: String, position: Int) throws(QuiverError) -> Int {
        guard case .int(let integer) = value else {
            throw FunctionError.wrongType(function, position: position, expected: [.nonNegativeInteger])
        }
        guard integer >= 0 else {
            throw QuiverError(.invalidArgument,
                              FunctionError.wrongTypeMessage(function, position: position, expected: [.nonNegativeInteger]),
                              detail: "NegativeIntegerArgument")
        }
        // Larger counts than Int can hold select everything anyway.
        return Int(clamping: integer)
    }

    static func string(_ value: Value, _ function: String, position: Int) throws(QuiverError) -> String {
        guard case .string(let string) = value else {
            throw FunctionError.wrongType(function, position: position, expected: [.string])
        }
        return string
    }

    static func double(_ value: Value, _ function: String, position: Int) throws(QuiverError) -> Double {
        switch value {
        case .int(let integer): return Double(integer)
        case .float(let float): return float
        default: throw FunctionError.wrongType(function, position: position, expected: [.number])
        }
    }
}

/// The text Cypher shows for numbers in toString() and string concatenation.
enum NumberText {
    /// Shortest round-trip decimal form with a fractional part (`1.0`, `2.3`, `1e-05`);
    /// non-finite values as the TCK writes them (`NaN`, `Infinity`, `-Infinity`).
    static func float(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// toString() for a value with a scalar text form; nil for lists, maps and graph values.
    static func scalarText(_ value: Value) -> String? {
        switch value {
        case .string(let string): return string
        case .int(let integer): return String(integer)
        case .float(let number): return float(number)
        case .bool(let bool): return bool ? "true" : "false"
        case .date, .localTime, .localDateTime, .dateTime, .duration, .time: return TemporalValues.string(value)
        default: return nil
        }
    }
}

extension Value {
    /// The value as a Double when it is a number, else nil.
    var numberAsDouble: Double? {
        switch self {
        case .int(let integer): Double(integer)
        case .float(let float): float
        default: nil
        }
    }

    /// True for the date/time kinds and durations, which TemporalArithmetic owns.
    var isDateTimeOrDuration: Bool {
        switch self {
        case .date, .localTime, .localDateTime, .dateTime, .duration, .time: true
        default: false
        }
    }
}
