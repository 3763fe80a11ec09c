// ValueOperators: Cypher's arithmetic on values (`+ - * / % ^`, unary minus): integer overflow
// errors, int/float promotion, string and list concatenation; temporal operands are handed to
// TemporalArithmetic.
//
// Rules (Memgraph's src/query/typed_value.cpp, plus overflow checks as openCypher asks):
// 1. null on either side gives null, before anything else (so `[1] + null` is null).
// 2. `+` with a list on either side concatenates: list + list joins, list + x appends, x + list
//    prepends.
// 3. Temporal operands go to TemporalArithmetic; a pairing it refuses is a type error.
// 4. `+` with a string and a string or number concatenates (numbers in toString's form).
// 5. int op int stays int; overflow is an error. Any float makes the result float (IEEE: 1.0/0
//    is Infinity, 0.0/0 NaN). int / int truncates toward zero; int / 0 and int % 0 are errors.
//    `%` keeps the sign of the dividend. `^` is always float.
// 6. Anything else: "Invalid types: int and string for '+'." (TypeError).
// The common int/float cases are tried first, one switch per operand, with no allocation.

import QuiverCore

public enum ValueOperators {
    public static func add(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        switch lhs {
        case .int(let a):
            if case .int(let b) = rhs {
                let (sum, overflow) = a.addingReportingOverflow(b)
                if overflow { throw integerOverflow(a, "+", b) }
                return .int(sum)
            }
            if case .float(let b) = rhs { return .float(Double(a) + b) }
        case .float(let a):
            if case .float(let b) = rhs { return .float(a + b) }
            if case .int(let b) = rhs { return .float(a + Double(b)) }
        default:
            break
        }
        return try addGeneral(lhs, rhs)
    }

    public static func subtract(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        switch lhs {
        case .int(let a):
            if case .int(let b) = rhs {
                let (difference, overflow) = a.subtractingReportingOverflow(b)
                if overflow { throw integerOverflow(a, "-", b) }
                return .int(difference)
            }
            if case .float(let b) = rhs { return .float(Double(a) - b) }
        case .float(let a):
            if case .float(let b) = rhs { return .float(a - b) }
            if case .int(let b) = rhs { return .float(a - Double(b)) }
        default:
            break
        }
        if lhs.isNull || rhs.isNull { return .null }
        if lhs.isDateTimeOrDuration || rhs.isDateTimeOrDuration,
           let result = try TemporalArithmetic.subtract(lhs, rhs) {
            return result
        }
        throw invalidTypes(lhs, rhs, "-")
    }

    public static func multiply(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        switch lhs {
        case .int(let a):
            if case .int(let b) = rhs {
                let (product, overflow) = a.multipliedReportingOverflow(by: b)
                if overflow { throw integerOverflow(a, "*", b) }
                return .int(product)
            }
            if case .float(let b) = rhs { return .float(Double(a) * b) }
        case .float(let a):
            if case .float(let b) = rhs { return .float(a * b) }
            if case .int(let b) = rhs { return .float(a * Double(b)) }
        default:
            break
        }
        if lhs.isNull || rhs.isNull { return .null }
        if lhs.isDateTimeOrDuration || rhs.isDateTimeOrDuration,
           let result = try TemporalArithmetic.multiply(lhs, rhs) {
            return result
        }
        throw invalidTypes(lhs, rhs, "*")
    }

    public static func divide(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        switch lhs {
        case .int(let a):
            if case .int(let b) = rhs {
                guard b != 0 else { throw QuiverError(.invalidArgument, "Division by zero", detail: "DivisionByZero") }
                let (quotient, overflow) = a.dividedReportingOverflow(by: b)
                if overflow { throw integerOverflow(a, "/", b) }
                return .int(quotient)
            }
            if case .float(let b) = rhs { return .float(Double(a) / b) }
        case .float(let a):
            if case .float(let b) = rhs { return .float(a / b) }
            if case .int(let b) = rhs { return .float(a / Double(b)) }
        default:
            break
        }
        if lhs.isNull || rhs.isNull { return .null }
        if lhs.isDateTimeOrDuration || rhs.isDateTimeOrDuration,
           let result = try TemporalArithmetic.divide(lhs, rhs) {
            return result
        }
        throw invalidTypes(lhs, rhs, "/")
    }

    public static func modulo(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        switch lhs {
        case .int(let a):
            if case .int(let b) = rhs {
                guard b != 0 else { throw QuiverError(.invalidArgument, "Mod with zero", detail: "DivisionByZero") }
                // Int64.min % -1 overflows in hardware although the remainder is 0.
                return .int(b == -1 ? 0 : a % b)
            }
            if case .float(let b) = rhs { return .float(Double(a).truncatingRemainder(dividingBy: b)) }
        case .float(let a):
            if case .float(let b) = rhs { return .float(a.truncatingRemainder(dividingBy: b)) }
            if case .int(let b) = rhs { return .float(a.truncatingRemainder(dividingBy: Double(b))) }
        default:
            break
        }
        if lhs.isNull || rhs.isNull { return .null }
        throw invalidTypes(lhs, rhs, "%")
    }

    public static func power(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        if lhs.isNull || rhs.isNull { return .null }
        guard let base = lhs.numberAsDouble, let exponent = rhs.numberAsDouble else { throw invalidTypes(lhs, rhs, "^") }
        return .float(LibM.power(base, exponent))
    }

    public static func negate(_ operand: Value) throws(QuiverError) -> Value {
        switch operand {
        case .int(let a):
            guard a != .min else {
                throw QuiverError(.invalidArgument, "Integer overflow: -(\(a)) does not fit in a 64-bit integer.",
                                  detail: "IntegerOverflow")
            }
            return .int(-a)
        case .float(let a):
            return .float(-a)
        case .null:
            return .null
        case .duration(let duration):
            guard let negated = negated(duration) else {
                throw QuiverError(.invalidArgument, "Duration overflow in unary '-'.", detail: "NumberOutOfRange")
            }
            return .duration(negated)
        default:
            throw QuiverError(.typeError, "Invalid type: \(operand.typeName) for unary '-'.", detail: "InvalidArgumentType")
        }
    }

    // MARK: Less common cases

    private static func addGeneral(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        if lhs.isNull || rhs.isNull { return .null }
        switch (lhs, rhs) {
        case let (.list(a), .list(b)): return .list(a + b)
        case let (.list(a), _): return .list(a + [rhs])
        case let (_, .list(b)): return .list([lhs] + b)
        default: break
        }
        if lhs.isDateTimeOrDuration || rhs.isDateTimeOrDuration {
            if let result = try TemporalArithmetic.add(lhs, rhs) { return result }
            throw invalidTypes(lhs, rhs, "+")
        }
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return .string(a + b)
        case let (.string(a), .int), let (.string(a), .float): return .string(a + (NumberText.scalarText(rhs) ?? ""))
        case let (.int, .string(b)), let (.float, .string(b)): return .string((NumberText.scalarText(lhs) ?? "") + b)
        default: throw invalidTypes(lhs, rhs, "+")
        }
    }

    private static func negated(_ duration: DurationValue) -> DurationValue? {
        guard duration.months != .min, duration.days != .min, duration.seconds != .min else { return nil }
        return DurationValue(months: -duration.months, days: -duration.days, seconds: -duration.seconds,
                             nanoseconds: -duration.nanoseconds)
    }

    /// Memgraph's text: "Invalid types: int and string for '+'."
    static func invalidTypes(_ lhs: Value, _ rhs: Value, _ operation: String) -> QuiverError {
        QuiverError(.typeError, "Invalid types: \(lhs.typeName) and \(rhs.typeName) for '\(operation)'.",
                    detail: "InvalidArgumentType")
    }

    static func integerOverflow(_ lhs: Int64, _ operation: String, _ rhs: Int64) -> QuiverError {
        QuiverError(.invalidArgument, "Integer overflow: \(lhs) \(operation) \(rhs) does not fit in a 64-bit integer.",
                    detail: "IntegerOverflow")
    }
}
