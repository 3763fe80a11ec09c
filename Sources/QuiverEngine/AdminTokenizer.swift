// AdminTokenizer: the small tokenizer behind AdminStatement's recogniser. Admin statements are
// a few keywords, names (plain or backtick-quoted), string and number literals and punctuation;
// comments and whitespace are skipped. Each token keeps its byte range so a value expression
// (SET PARAMETER x = …) can be handed to the Cypher engine as text.

struct AdminToken: Equatable {
    enum Kind: Equatable { case word, quotedName, string, number, symbol }

    var kind: Kind
    /// Words: as written; strings: the decoded content; symbols: the character(s).
    var text: String
    var start: Int
    var end: Int

    /// The word upper-cased (keywords compare case-insensitively); "" for other kinds.
    var keyword: String { kind == .word ? text.uppercased() : "" }
    var isName: Bool { kind == .word || kind == .quotedName }
}

enum AdminTokenizer {
    /// The first word of `text` after whitespace and comments, upper-cased (nil if none):
    /// a cheap test that lets ordinary Cypher skip full tokenizing.
    static func firstWord(_ bytes: [UInt8]) -> String? {
        var index = skipSpace(bytes, 0)
        let start = index
        while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self).uppercased()
    }

    /// Every token of `text`; nil when something cannot be tokenized (an unterminated string,
    /// say): the text is then left to the Cypher parser and its error messages.
    static func tokenize(_ bytes: [UInt8]) -> [AdminToken]? {
        var tokens: [AdminToken] = []
        var index = skipSpace(bytes, 0)
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            if isWordByte(byte) {
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                let isNumber = byte >= 0x30 && byte <= 0x39
                tokens.append(AdminToken(kind: isNumber ? .number : .word, text: text, start: start, end: index))
            } else if byte == 0x60 {  // backtick
                guard let (text, next) = quoted(bytes, index, 0x60) else { return nil }
                tokens.append(AdminToken(kind: .quotedName, text: text, start: start, end: next))
                index = next
            } else if byte == 0x27 || byte == 0x22 {  // ' or "
                guard let (text, next) = quoted(bytes, index, byte) else { return nil }
                tokens.append(AdminToken(kind: .string, text: text, start: start, end: next))
                index = next
            } else {
                index += 1
                if byte == 0x3A, index < bytes.count, bytes[index] == 0x3A { index += 1 }  // ::
                tokens.append(AdminToken(kind: .symbol, text: String(decoding: bytes[start..<index], as: UTF8.self),
                                         start: start, end: index))
            }
            index = skipSpace(bytes, index)
        }
        return tokens
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
            || byte >= 0x80
    }

    /// Skips whitespace, `// …` and `/* … */`.
    static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                index += 1
            } else if byte == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2F {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2A {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == 0x2A && bytes[index + 1] == 0x2F) { index += 1 }
                index = min(bytes.count, index + 2)
            } else {
                break
            }
        }
        return index
    }

    /// A quoted string or name starting at `start`: its content (backslash escapes decoded for
    /// strings, doubled backticks for names) and the index after the closing quote.
    private static func quoted(_ bytes: [UInt8], _ start: Int, _ quote: UInt8) -> (String, Int)? {
        var content: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                if quote == 0x60, index + 1 < bytes.count, bytes[index + 1] == 0x60 {
                    content.append(quote)
                    index += 2
                    continue
                }
                return (String(decoding: content, as: UTF8.self), index + 1)
            }
            if byte == 0x5C, quote != 0x60, index + 1 < bytes.count {  // backslash
                let next = bytes[index + 1]
                switch next {
                case 0x6E: content.append(0x0A)
                case 0x74: content.append(0x09)
                case 0x72: content.append(0x0D)
                default: content.append(next)
                }
                index += 2
                continue
            }
            content.append(byte)
            index += 1
        }
        return nil
    }
}
