// ConversionFunctions: the built-in conversion functions (table entries for FunctionLibrary):
// toBoolean, toInteger, toFloat, toString, their …OrNull forms (null instead of an error) and
// the …List forms (each element through the …OrNull form). Unparsable strings give null; a
// value of a kind that has no conversion is TypeError InvalidArgumentValue (TCK TypeConversion*).

import QuiverCore

enum ConversionFunctions {
    static let table: [BuiltinFunction] = [
        strict("toBoolean", boolean), strict("toInteger", integer), strict("toFloat", float), strict("toString", string),
        lenient("toBooleanOrNull", boolean), lenient("toIntegerOrNull", integer),
        lenient("toFloatOrNull", float), lenient("toStringOrNull", string),
        list("toBooleanList", boolean), list("toIntegerList", integer),
        list("toFloatList", float), list("toStringList", string),
    ]

    /// A conversion: the converted value, null for an unparsable string, nil when `value`'s kind
    /// has no conversion at all.
    typealias Conversion = @Sendable (_ value: Value) throws(QuiverError) -> Value?

    private static func strict(_ name: String, _ conversion: @escaping Conversion) -> BuiltinFunction {
        FunctionBuilder.nullPropagating(name) { argument throws(QuiverError) -> Value in
            guard let converted = try conversion(argument) else {
                throw QuiverError(.typeError, "'\(name)' cannot convert a value of type \(argument.typeName).",
                                  detail: FunctionError.wrongTypeDetail)
            }
            return converted
        }
    }

    private static func lenient(_ name: String, _ conversion: @escaping Conversion) -> BuiltinFunction {
        FunctionBuilder.nullPropagating(name) { argument throws(QuiverError) -> Value in
            (try? conversion(argument)) ?? .null
        }
    }

    private static func list(_ name: String, _ conversion: @escaping Conversion) -> BuiltinFunction {
        FunctionBuilder.nullPropagating(name) { argument throws(QuiverError) -> Value in
            guard case .list(let elements) = argument else {
                throw FunctionError.wrongType(name, position: 1, expected: [.null, .list])
            }
            return .list(elements.map { element in (try? conversion(element)) ?? .null })
        }
    }

    // MARK: Conversions

    /// Booleans; integers (non-zero is true, as Memgraph); 'true'/'false' in any case, trimmed.
    static let boolean: Conversion = { value throws(QuiverError) -> Value? in
        switch value {
        case .null, .bool: return value
        case .int(let integer): return .bool(integer != 0)
        case .string(let string):
            switch CodePointText.trim(string, leading: true, trailing: true).lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .null
            }
        default: return nil
        }
    }

    /// Integers; floats truncated toward zero (out of range is an error); booleans as 0/1;
    /// strings holding an integer, or a float that is then truncated.
    static let integer: Conversion = { value throws(QuiverError) -> Value? in
        switch value {
        case .null, .int: return value
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .float(let float): return try truncated(float)
        case .string(let string):
            if let exact = plainInteger(string) { return .int(exact) }
            let trimmed = CodePointText.trim(string, leading: true, trailing: true)
            if let exact = Int64(trimmed) { return .int(exact) }
            guard let parsed = parseFloat(trimmed) else { return .null }
            return try truncated(parsed)
        default: return nil
        }
    }

    /// Floats; integers widened; strings holding a number. Booleans have no float form.
    static let float: Conversion = { value throws(QuiverError) -> Value? in
        switch value {
        case .null, .float: return value
        case .int(let integer): return .float(Double(integer))
        case .string(let string):
            return parseFloat(CodePointText.trim(string, leading: true, trailing: true)).map(Value.float) ?? .null
        default: return nil
        }
    }

    /// Text of strings, numbers, booleans and temporal values; lists, maps and graph values
    /// have none.
    static let string: Conversion = { value throws(QuiverError) -> Value? in
        if case .null = value { return .null }
        return NumberText.scalarText(value).map(Value.string)
    }

    /// The fast path of toInteger on a string (LOAD CSV fields): an optional sign and 1 to 18
    /// ASCII digits, nothing else (no overflow possible); nil for any other text.
    @inline(__always)
    static func plainInteger(_ string: String) -> Int64? {
        var string = string
        return string.withUTF8 { bytes -> Int64? in
            var index = 0, negative = false
            if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
                negative = first == UInt8(ascii: "-")
                index = 1
            }
            let digits = bytes.count - index
            guard digits > 0, digits <= 18 else { return nil }
            var value: Int64 = 0
            while index < bytes.count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
                index += 1
            }
            return negative ? -value : value
        }
    }

    private static func truncated(_ float: Double) throws(QuiverError) -> Value {
        let whole = float.rounded(.towardZero)
        guard let exact = Int64(exactly: whole) else {
            throw QuiverError(.invalidArgument, "'toInteger': \(NumberText.float(float)) does not fit in an integer.",
                              detail: "NumberOutOfRange")
        }
        return .int(exact)
    }

    /// A decimal number as Cypher writes it (`12`, `-1.5`, `1e3`, `.5`), or NaN/Infinity;
    /// nil for anything else (Swift's parser alone would also take hex floats).
    static func parseFloat(_ text: String) -> Double? {
        guard !text.isEmpty else { return nil }
        let allowed = text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                 UInt8(ascii: "+"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        if allowed { return Double(text) }
        switch text.lowercased() {
        case "nan": return .nan
        case "infinity", "+infinity", "inf", "+inf": return .infinity
        case "-infinity", "-inf": return -.infinity
        default: return nil
        }
    }
}
