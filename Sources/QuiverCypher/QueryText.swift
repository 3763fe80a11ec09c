// QueryText: what the interpreter does with a query's text before (or instead of) parsing it:
// recognise the transaction commands BEGIN / COMMIT / ROLLBACK, which are not in Memgraph's
// grammar, and normalise a query into a plan-cache key with its literals taken out.
// Must not: parse; normalisation only lexes, so a cache hit costs one pass over the bytes.

import QuiverCore

public enum QueryText {
    public enum TransactionCommand: String, Sendable, Hashable {
        case begin = "BEGIN"
        case commit = "COMMIT"
        case rollback = "ROLLBACK"
    }

    /// `BEGIN`, `COMMIT` or `ROLLBACK`, compared case-insensitively after trimming
    /// whitespace and an optional trailing `;`; nil for anything else.
    public static func transactionCommand(_ text: String) -> TransactionCommand? {
        var bytes = Substring(text).utf8[...]
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        if bytes.last == Byte.semicolon {
            bytes.removeLast()
            while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        }
        guard bytes.count <= 8 else { return nil }
        let word = String(decoding: bytes, as: UTF8.self).uppercased()
        return TransactionCommand(rawValue: word)
    }

    /// A literal taken out of a query by `normalize`.
    public struct StrippedLiteral: Sendable, Hashable {
        public var value: Value
        /// Where the literal token starts; `position.offset` equals the offset of the literal
        /// expression the parser builds for it, so a planner can map one to the other.
        public var position: SourcePosition
        /// The UTF-8 byte offset just past the literal token.
        public var end: Int32

        /// The literal's bytes in the query text.
        public var range: SourceRange { SourceRange(start: position.offset, end: end) }
    }

    public struct Normalized: Sendable, Hashable {
        /// The plan-cache key: the query's text byte for byte, each stripped literal replaced
        /// by `?i`, `?f` or `?s`. Whitespace and comments stay, so the text of everything but
        /// the literals (column names of unaliased RETURN items, say) is the same for every
        /// query with this key.
        public var key: String
        /// The stripped literals in source order.
        public var literals: [StrippedLiteral]
    }

    /// Normalises `text` for the plan cache: integer, float and string literals become typed
    /// placeholders and are returned in order. Literals stay in the key where the grammar
    /// needs a constant or the value shapes the plan: variable-length bounds (after `*`, `..`
    /// or an expansion keyword), positional parameters (`$0`), memory limits (`… 10 MB`) and
    /// LOAD CSV's DELIMITER / QUOTE / NULLIF. The planner has the final word: a literal whose
    /// value a plan depends on means the plan must not be shared (`PreparedQuery.shape`).
    /// Throws the lexer's syntax error for text that does not tokenize.
    public static func normalize(_ text: String) throws(QuiverError) -> Normalized {
        let source = Array(text.utf8)
        let tokens = try Lexer.tokenize(source)
        var key: [UInt8] = []
        var literals: [StrippedLiteral] = []
        var copied = 0
        for index in tokens.indices {
            let token = tokens[index]
            guard token.kind == .integer || token.kind == .float || token.kind == .string else { continue }
            let start = Int(token.start), end = Int(token.end)
            guard !keepsLiteral(at: index, in: tokens),
                  let (value, placeholder) = strippedValue(of: token, source[start..<end]) else { continue }
            if key.isEmpty { key.reserveCapacity(source.count + 8) }
            key.append(contentsOf: source[copied..<start])
            key.append(0x3F)  // ?
            key.append(placeholder)
            copied = end
            literals.append(StrippedLiteral(value: value, position: token.position, end: token.end))
        }
        if literals.isEmpty { return Normalized(key: text, literals: []) }
        key.append(contentsOf: source[copied...])
        return Normalized(key: String(decoding: key, as: UTF8.self), literals: literals)
    }

    /// Whether the literal at `index` must stay in the key (see `normalize`).
    private static func keepsLiteral(at index: Int, in tokens: [Token]) -> Bool {
        if index + 1 < tokens.count && (tokens[index + 1].isKeyword(.kb) || tokens[index + 1].isKeyword(.mb)) { return true }
        guard index > 0 else { return false }
        let previous = tokens[index - 1]
        switch previous.kind {
        case .star, .dotDot, .dollar: return true
        case .word:
            switch previous.keyword {
            case .bfs, .wshortest, .allshortest, .kshortest, .delimiter, .quote, .nullif: return true
            default: return false
            }
        default: return false
        }
    }

    /// The literal's value and the letter of its placeholder (`?i`, `?f`, `?s`).
    private static func strippedValue(of token: Token, _ bytes: ArraySlice<UInt8>) -> (Value, UInt8)? {
        switch token.kind {
        case .integer:
            guard let magnitude = NumberLiteral.integerMagnitude(bytes), magnitude <= UInt64(Int64.max) else { return nil }
            return (.int(Int64(magnitude)), 0x69)
        case .float:
            return NumberLiteral.floatValue(bytes).map { (.float($0), 0x66) }
        case .string:
            return StringLiteral.decode(bytes).map { (.string($0), 0x73) }
        default:
            return nil
        }
    }
}
