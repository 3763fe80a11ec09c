// StringFunctions: the built-in string functions (table entries for FunctionLibrary): case
// mapping, trimming, replace, substring, left/right, split and Memgraph's function forms of
// STARTS WITH / ENDS WITH / CONTAINS. Positions and lengths count code points (CodePointText);
// `reverse` lives in ListFunctions because it takes strings and lists alike.

import QuiverCore

enum StringFunctions {
    static let table: [BuiltinFunction] = [
        stringMapping("toUpper") { $0.uppercased() },
        stringMapping("toLower") { $0.lowercased() },
        stringMapping("trim") { CodePointText.trim($0, leading: true, trailing: true) },
        stringMapping("lTrim") { CodePointText.trim($0, leading: true, trailing: false) },
        stringMapping("rTrim") { CodePointText.trim($0, leading: false, trailing: true) },
        replace, substring, left, right, split,
        stringPredicate("startsWith") { $0.utf8.starts(with: $1.utf8) },
        stringPredicate("endsWith") { $0.utf8.reversed().starts(with: $1.utf8.reversed()) },
        stringPredicate("contains") { haystack, needle in
            needle.isEmpty || CodePointText.withBytes(haystack) { bytes in
                CodePointText.withBytes(needle) { CodePointText.find($0, in: bytes, from: 0) != nil }
            }
        },
    ]

    /// A one-string function: null → null, anything but a string is an error.
    private static func stringMapping(_ name: String, _ body: @escaping @Sendable (String) -> String) -> BuiltinFunction {
        FunctionBuilder.nullPropagating(name) { argument throws(QuiverError) -> Value in
            guard case .string(let string) = argument else {
                throw FunctionError.wrongType(name, position: 1, expected: [.null, .string])
            }
            return .string(body(string))
        }
    }

    /// Two strings in, a boolean out; null when either is null.
    private static func stringPredicate(_ name: String,
                                        _ body: @escaping @Sendable (String, String) -> Bool) -> BuiltinFunction {
        BuiltinFunction(name, arguments: 2...2) { arguments, _ throws(QuiverError) -> Value in
            let strings = try nullableStrings(arguments, name)
            guard let strings else { return .null }
            return .bool(body(strings[0], strings[1]))
        }
    }

    /// The arguments as strings, nil when any is null; a non-string is an error.
    private static func nullableStrings(_ arguments: [Value], _ name: String) throws(QuiverError) -> [String]? {
        var strings: [String] = []
        strings.reserveCapacity(arguments.count)
        var sawNull = false
        for (index, argument) in arguments.enumerated() {
            switch argument {
            case .null: sawNull = true
            case .string(let string): strings.append(string)
            default: throw FunctionError.wrongType(name, position: index + 1, expected: [.null, .string])
            }
        }
        return sawNull ? nil : strings
    }

    static let replace = BuiltinFunction("replace", arguments: 3...3) { arguments, _ throws(QuiverError) -> Value in
        guard let strings = try nullableStrings(arguments, "replace") else { return .null }
        return .string(CodePointText.replace(strings[0], strings[1], with: strings[2]))
    }

    /// substring(original, start [, length]): code points from `start`; past the end gives ''.
    static let substring = BuiltinFunction("substring", arguments: 2...3) { arguments, _ throws(QuiverError) -> Value in
        if arguments.contains(where: \.isNull) { return .null }
        guard case .string(let string) = arguments[0] else {
            throw FunctionError.wrongType("substring", position: 1, expected: [.null, .string])
        }
        let start = try ArgumentReader.nonNegativeInteger(arguments[1], "substring", position: 2)
        let length = arguments.count == 3
            ? try ArgumentReader.nonNegativeInteger(arguments[2], "substring", position: 3) : nil
        return .string(CodePointText.substring(string, start: start, length: length))
    }

    /// left(original, length): the first `length` code points.
    static let left = BuiltinFunction("left", arguments: 2...2) { arguments, _ throws(QuiverError) -> Value in
        if arguments.contains(where: \.isNull) { return .null }
        guard case .string(let string) = arguments[0] else {
            throw FunctionError.wrongType("left", position: 1, expected: [.null, .string])
        }
        let length = try ArgumentReader.nonNegativeInteger(arguments[1], "left", position: 2)
        return .string(CodePointText.substring(string, start: 0, length: length))
    }

    /// right(original, length): the last `length` code points.
    static let right = BuiltinFunction("right", arguments: 2...2) { arguments, _ throws(QuiverError) -> Value in
        if arguments.contains(where: \.isNull) { return .null }
        guard case .string(let string) = arguments[0] else {
            throw FunctionError.wrongType("right", position: 1, expected: [.null, .string])
        }
        let length = try ArgumentReader.nonNegativeInteger(arguments[1], "right", position: 2)
        return .string(CodePointText.suffix(string, length))
    }

    /// split(original, delimiter): the delimiter may also be a list of strings (Neo4j 5).
    static let split = BuiltinFunction("split", arguments: 2...2) { arguments, _ throws(QuiverError) -> Value in
        if arguments.contains(where: \.isNull) { return .null }
        guard case .string(let string) = arguments[0] else {
            throw FunctionError.wrongType("split", position: 1, expected: [.null, .string])
        }
        switch arguments[1] {
        case .string(let delimiter):
            return .list(CodePointText.split(string, by: [delimiter]))
        case .list(let elements):
            var delimiters: [String] = []
            for element in elements {
                guard case .string(let delimiter) = element else {
                    throw FunctionError.wrongType("split", position: 2, expected: [.null, .string, .list])
                }
                delimiters.append(delimiter)
            }
            if delimiters.isEmpty { return .list([.string(string)]) }
            return .list(CodePointText.split(string, by: delimiters))
        default:
            throw FunctionError.wrongType("split", position: 2, expected: [.null, .string, .list])
        }
    }
}
