// Lexer: turns the query's UTF-8 bytes into tokens in one pass, without decoding Characters.
// Owns whitespace and comment skipping, punctuation and operators, words and keywords, and
// position tracking; numbers, strings and Unicode classes live in the Lexer+*.swift files.
// Must not: interpret literal values (the parser does), or allocate per token.

import QuiverCore

struct Lexer {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Current 1-based line, the byte offset where it starts, and how many UTF-8 continuation
    /// bytes lie between that offset and `index` (so columns count scalars, not bytes).
    var line: Int32 = 1
    var lineStart = 0
    var continuationsOnLine = 0
    var tokens: [Token] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Tokenizes `text`; the result always ends with an `.endOfInput` token.
    static func tokenize(_ text: [UInt8]) throws(QuiverError) -> [Token] {
        let result: Result<[Token], QuiverError> = text.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            return Result { () throws(QuiverError) -> [Token] in try lexer.run() }
        }
        return try result.get()
    }

    mutating func run() throws(QuiverError) -> [Token] {
        tokens.reserveCapacity(bytes.count / 3 + 2)
        while true {
            try skipTrivia()
            let start = index
            let position = currentPosition
            guard index < bytes.count else {
                tokens.append(Token(kind: .endOfInput, keyword: .nonKeyword, start: Int32(start), end: Int32(start),
                                    line: position.line, column: position.column))
                return tokens
            }
            let (kind, keyword) = try scanToken()
            tokens.append(Token(kind: kind, keyword: keyword, start: Int32(start), end: Int32(index),
                                line: position.line, column: position.column))
        }
    }

    var currentPosition: SourcePosition {
        SourcePosition(line: line, column: Int32(index - lineStart - continuationsOnLine + 1), offset: Int32(index))
    }

    @inline(__always)
    func byte(at offset: Int) -> UInt8 {
        offset < bytes.count ? bytes[offset] : 0
    }

    /// Updates line and column bookkeeping for bytes `start..<end` that were skipped without
    /// looking at them one by one (strings, comments, escaped names, non-ASCII words).
    mutating func account(from start: Int, to end: Int) {
        var offset = start
        while offset < end {
            let value = bytes[offset]
            if value == Byte.lineFeed {
                line += 1
                lineStart = offset + 1
                continuationsOnLine = 0
            } else if Byte.isContinuation(value) {
                continuationsOnLine += 1
            }
            offset += 1
        }
    }

    func error(at position: SourcePosition, _ message: String) -> QuiverError {
        QuiverError.syntax(at: position, message)
    }

    /// The text from `start` up to the end of the current line (at most 40 bytes), for
    /// "token recognition error at: '…'" messages.
    func excerpt(from start: Int, upTo end: Int? = nil) -> String {
        var stop = min(end ?? bytes.count, bytes.count, start + 40)
        if end == nil, let newline = (start..<stop).first(where: { bytes[$0] == Byte.lineFeed }) { stop = newline }
        while stop < bytes.count && stop > start && Byte.isContinuation(bytes[stop]) { stop += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
    }

    // MARK: Trivia

    mutating func skipTrivia() throws(QuiverError) {
        while index < bytes.count {
            let value = bytes[index]
            switch value {
            case Byte.space, Byte.tab, Byte.carriageReturn, 0x0B, 0x0C, 0x1C...0x1F:
                index += 1
            case Byte.lineFeed:
                index += 1
                line += 1
                lineStart = index
                continuationsOnLine = 0
            case Byte.slash where byte(at: index + 1) == Byte.slash:
                while index < bytes.count && bytes[index] != Byte.lineFeed {
                    if Byte.isContinuation(bytes[index]) { continuationsOnLine += 1 }
                    index += 1
                }
            case Byte.slash where byte(at: index + 1) == Byte.star:
                try skipBlockComment()
            case 0x80...:
                let (scalar, length) = decodeScalar(at: index)
                guard let scalar, Lexer.isWhitespace(scalar) else { return }
                continuationsOnLine += length - 1
                index += length
            default:
                return
            }
        }
    }

    mutating func skipBlockComment() throws(QuiverError) {
        let position = currentPosition
        let start = index
        var offset = index + 2
        while offset + 1 < bytes.count {
            if bytes[offset] == Byte.star && bytes[offset + 1] == Byte.slash {
                account(from: start, to: offset + 2)
                index = offset + 2
                return
            }
            offset += 1
        }
        throw error(at: position, "token recognition error at: '\(excerpt(from: start))'")
    }

    // MARK: Tokens

    mutating func scanToken() throws(QuiverError) -> (TokenKind, Keyword) {
        let value = bytes[index]
        let next = byte(at: index + 1)
        switch value {
        case Byte.leftParen: return single(.leftParen)
        case Byte.rightParen: return single(.rightParen)
        case Byte.leftBracket: return single(.leftBracket)
        case Byte.rightBracket: return single(.rightBracket)
        case Byte.leftBrace: return single(.leftBrace)
        case Byte.rightBrace: return single(.rightBrace)
        case Byte.comma: return single(.comma)
        case Byte.semicolon: return single(.semicolon)
        case Byte.pipe: return single(.pipe)
        case Byte.caret: return single(.caret)
        case Byte.percent: return single(.percent)
        case Byte.star: return single(.star)
        case Byte.slash: return single(.slash)
        case Byte.minus: return single(.minus)
        case Byte.dollar: return single(.dollar)
        case Byte.dot:
            if next == Byte.dot { return double(.dotDot) }
            if Byte.isDigit(next) { return try scanNumber() }
            return single(.dot)
        case Byte.colon: return next == Byte.colon ? double(.doubleColon) : single(.colon)
        case Byte.equal: return next == Byte.tilde ? double(.regexMatch) : single(.equal)
        case Byte.plus: return next == Byte.equal ? double(.plusEqual) : single(.plus)
        case Byte.greater: return next == Byte.equal ? double(.greaterEqual) : single(.greater)
        case Byte.less:
            if next == Byte.equal { return double(.lessEqual) }
            if next == Byte.greater { return double(.notEqual) }
            return single(.less)
        case Byte.bang:
            if next == Byte.equal { return double(.bangEqual) }
            throw error(at: currentPosition, "token recognition error at: '!'")
        case Byte.zero...Byte.nine: return try scanNumber()
        case Byte.singleQuote, Byte.doubleQuote: return try scanString()
        case Byte.backtick: return try scanEscapedName()
        case _ where Byte.isLetter(value) || value == Byte.underscore: return scanWord()
        case 0x80...: return try scanNonASCII()
        default:
            throw error(at: currentPosition, "token recognition error at: '\(excerpt(from: index, upTo: index + 1))'")
        }
    }

    @inline(__always)
    mutating func single(_ kind: TokenKind) -> (TokenKind, Keyword) {
        index += 1
        return (kind, .nonKeyword)
    }

    @inline(__always)
    mutating func double(_ kind: TokenKind) -> (TokenKind, Keyword) {
        index += 2
        return (kind, .nonKeyword)
    }

    /// An ASCII word, continuing into Unicode identifier characters when they follow.
    mutating func scanWord() -> (TokenKind, Keyword) {
        let start = index
        index += 1
        while index < bytes.count {
            let value = bytes[index]
            if Byte.isWordByte(value) || value == Byte.dollar {
                index += 1
            } else if value >= 0x80 {
                continueUnicodeWord()
                return (.word, .nonKeyword)
            } else {
                break
            }
        }
        return (.word, Keyword.classify(bytes, start: start, end: index))
    }

    /// Words that start with a non-ASCII scalar, and the Unicode look-alikes of `-`, `<`, `>`.
    mutating func scanNonASCII() throws(QuiverError) -> (TokenKind, Keyword) {
        let (scalar, length) = decodeScalar(at: index)
        guard let scalar else {
            throw error(at: currentPosition, "token recognition error at: '\(excerpt(from: index, upTo: index + 1))'")
        }
        if let kind = Lexer.lookalikeKind(scalar) {
            continuationsOnLine += length - 1
            index += length
            return (kind, .nonKeyword)
        }
        guard Lexer.isIdentifierStart(scalar) else {
            throw error(at: currentPosition, "token recognition error at: '\(Character(scalar))'")
        }
        continuationsOnLine += length - 1
        index += length
        continueUnicodeWord()
        return (.word, .nonKeyword)
    }

    /// Consumes identifier-part scalars (ASCII or not) after the start of a word.
    mutating func continueUnicodeWord() {
        while index < bytes.count {
            let value = bytes[index]
            if value < 0x80 {
                guard Byte.isWordByte(value) || value == Byte.dollar else { return }
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(at: index)
            guard let scalar, Lexer.isIdentifierPart(scalar) else { return }
            continuationsOnLine += length - 1
            index += length
        }
    }

    /// `` `name` ``, where a doubled backtick stands for one backtick inside the name.
    mutating func scanEscapedName() throws(QuiverError) -> (TokenKind, Keyword) {
        let position = currentPosition
        let start = index
        var offset = index
        repeat {
            offset += 1
            while offset < bytes.count && bytes[offset] != Byte.backtick { offset += 1 }
            guard offset < bytes.count else {
                throw error(at: position, "token recognition error at: '\(excerpt(from: start))'")
            }
            offset += 1
        } while offset < bytes.count && bytes[offset] == Byte.backtick
        account(from: start, to: offset)
        index = offset
        return (.escapedName, .nonKeyword)
    }
}
