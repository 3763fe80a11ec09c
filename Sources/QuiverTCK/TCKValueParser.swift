// TCKValueParser: reads one cell of the TCK's value notation (FORMAT.md "Value syntax") into a
// TCKValue: null, booleans, integers, floats (NaN, Inf, Infinity, exponents), single-quoted
// strings (`\'` and `\\` only), lists, maps, nodes, relationships and paths.

public struct TCKValueParseError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var offset: Int
    public var message: String
    public var description: String { "cannot parse TCK value \(text) at offset \(offset): \(message)" }
}

public struct TCKValueParser {
    private let scalars: [Unicode.Scalar]
    private let text: String
    private var position = 0

    /// Parses a whole cell; anything left over after the value is an error.
    public static func parse(_ text: String) throws(TCKValueParseError) -> TCKValue {
        var parser = TCKValueParser(text: text)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == parser.scalars.count else { throw parser.error("unexpected trailing text") }
        return value
    }

    private init(text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    // MARK: Dispatch

    private mutating func parseValue() throws(TCKValueParseError) -> TCKValue {
        skipWhitespace()
        guard let next = peek() else { throw error("expected a value") }
        switch next {
        case "'": return .string(try parseString())
        case "[": return peekRelationshipStart() ? .relationship(try parseRelationship()) : .list(try parseList())
        case TCKValueParser.openBrace: return .map(try parseMap())
        case "(": return .node(try parseNode())
        case "<": return .path(try parsePath())
        case "-", "+", "0"..."9", ".": return try parseNumber()
        default: return try parseWord()
        }
    }

    /// `null`, `true`, `false`, `NaN`, `Inf`, `Infinity`.
    private mutating func parseWord() throws(TCKValueParseError) -> TCKValue {
        let start = position
        while let next = peek(), TCKValueParser.isIdentifierPart(next) { position += 1 }
        switch String(String.UnicodeScalarView(scalars[start..<position])) {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "NaN": return .float(.nan)
        case "Inf", "Infinity": return .float(.infinity)
        default:
            position = start
            throw error("expected a value")
        }
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(TCKValueParseError) -> TCKValue {
        let start = position
        var negative = false
        if peek() == "-" || peek() == "+" {
            negative = peek() == "-"
            position += 1
        }
        if let next = peek(), TCKValueParser.isIdentifierStart(next) {
            guard case .float(let magnitude) = try parseWord(), magnitude.isInfinite || magnitude.isNaN else {
                position = start
                throw error("expected a number")
            }
            return .float(negative ? -magnitude : magnitude)
        }
        var isFloat = false
        let integerDigits = consumeDigits()
        var fractionDigits = 0
        if peek() == "." {
            isFloat = true
            position += 1
            fractionDigits = consumeDigits()
        }
        guard integerDigits + fractionDigits > 0 else { throw error("expected digits") }
        if peek() == "e" || peek() == "E" {
            isFloat = true
            position += 1
            if peek() == "-" || peek() == "+" { position += 1 }
            guard consumeDigits() > 0 else { throw error("expected exponent digits") }
        }
        let literal = String(String.UnicodeScalarView(scalars[start..<position]))
        if isFloat {
            guard let value = Double(literal) else { throw error("invalid float \(literal)") }
            return .float(value)
        }
        guard let value = Int64(literal) else { throw error("integer out of range \(literal)") }
        return .int(value)
    }

    private mutating func consumeDigits() -> Int {
        var count = 0
        while let next = peek(), ("0"..."9").contains(next) {
            position += 1
            count += 1
        }
        return count
    }

    // MARK: Strings and names

    /// `'...'`: `\'` is a quote, `\\` a backslash, any other backslash is literal.
    private mutating func parseString() throws(TCKValueParseError) -> String {
        try expect("'")
        var result = String.UnicodeScalarView()
        while true {
            guard let next = peek() else { throw error("unterminated string") }
            position += 1
            if next == "'" { return String(result) }
            if next == "\\", let escaped = peek(), escaped == "'" || escaped == "\\" {
                result.append(escaped)
                position += 1
            } else {
                result.append(next)
            }
        }
    }

    /// A bare identifier or a backticked name (a doubled backtick stands for one).
    private mutating func parseName() throws(TCKValueParseError) -> String {
        skipWhitespace()
        if peek() == "`" {
            position += 1
            var result = String.UnicodeScalarView()
            while true {
                guard let next = peek() else { throw error("unterminated backticked name") }
                position += 1
                if next == "`" {
                    if peek() == "`" { position += 1 } else { return String(result) }
                }
                result.append(next)
            }
        }
        let start = position
        guard let first = peek(), TCKValueParser.isIdentifierStart(first) else { throw error("expected a name") }
        while let next = peek(), TCKValueParser.isIdentifierPart(next) { position += 1 }
        return String(String.UnicodeScalarView(scalars[start..<position]))
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || scalar.properties.numericType != nil
    }

    // MARK: Collections

    private mutating func parseList() throws(TCKValueParseError) -> [TCKValue] {
        try expect("[")
        var values: [TCKValue] = []
        skipWhitespace()
        if consume("]") { return values }
        repeat {
            values.append(try parseValue())
            skipWhitespace()
        } while consume(",")
        try expect("]")
        return values
    }

    private mutating func parseMap() throws(TCKValueParseError) -> [String: TCKValue] {
        try expect(TCKValueParser.openBrace)
        var entries: [String: TCKValue] = [:]
        skipWhitespace()
        if consume(TCKValueParser.closeBrace) { return entries }
        repeat {
            let key = try parseName()
            skipWhitespace()
            try expect(":")
            let value = try parseValue()
            guard entries.updateValue(value, forKey: key) == nil else { throw error("duplicate key \(key)") }
            skipWhitespace()
        } while consume(",")
        try expect(TCKValueParser.closeBrace)
        return entries
    }

    // MARK: Graph elements

    /// `(:A:B {p: 1})`.
    private mutating func parseNode() throws(TCKValueParseError) -> TCKNode {
        try expect("(")
        var node = TCKNode()
        skipWhitespace()
        while consume(":") {
            node.labels.append(try parseName())
            skipWhitespace()
        }
        if peek() == TCKValueParser.openBrace { node.properties = try parseMap() }
        skipWhitespace()
        try expect(")")
        return node
    }

    /// `[:T {p: 1}]`.
    private mutating func parseRelationship() throws(TCKValueParseError) -> TCKRelationship {
        try expect("[")
        skipWhitespace()
        try expect(":")
        var relationship = TCKRelationship(type: try parseName())
        skipWhitespace()
        if peek() == TCKValueParser.openBrace { relationship.properties = try parseMap() }
        skipWhitespace()
        try expect("]")
        return relationship
    }

    /// `<(a)-[:T]->(b)<-[:U]-(c)>`.
    private mutating func parsePath() throws(TCKValueParseError) -> TCKPath {
        try expect("<")
        skipWhitespace()
        var path = TCKPath(start: try parseNode())
        while true {
            skipWhitespace()
            if consume(">") { return path }
            if consume("<") {
                try expect("-")
                let relationship = try parseRelationship()
                try expect("-")
                skipWhitespace()
                path.hops.append(.init(relationship: relationship, forward: false, node: try parseNode()))
                continue
            }
            try expect("-")
            let relationship = try parseRelationship()
            try expect("-")
            try expect(">")
            skipWhitespace()
            path.hops.append(.init(relationship: relationship, forward: true, node: try parseNode()))
        }
    }

    // MARK: Scanning

    /// Brace characters spelled as escapes, so source-level brace matching stays balanced.
    static let openBrace: Unicode.Scalar = "\u{7B}"
    static let closeBrace: Unicode.Scalar = "\u{7D}"

    private func peek() -> Unicode.Scalar? {
        position < scalars.count ? scalars[position] : nil
    }

    /// True at `[` when the next non-blank character is `:` (a relationship, not a list).
    private func peekRelationshipStart() -> Bool {
        var index = position + 1
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        return index < scalars.count && scalars[index] == ":"
    }

    private mutating func skipWhitespace() {
        while let next = peek(), next.properties.isWhitespace { position += 1 }
    }

    private mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek() == scalar else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws(TCKValueParseError) {
        guard consume(scalar) else { throw error("expected '\(scalar)'") }
    }

    private func error(_ message: String) -> TCKValueParseError {
        TCKValueParseError(text: text, offset: position, message: message)
    }
}
