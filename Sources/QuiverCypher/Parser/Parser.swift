// Parser: the state of one recursive-descent parse (query bytes, tokens, cursor, nesting) and
// the token-level helpers every grammar file uses: look-ahead, expectations, names, errors,
// and the nesting guard. Grammar rules live in Parser+*.swift.
// Must not: recurse once per list element, chain term or pattern hop (only per nesting level).

import QuiverCore

struct Parser {
    /// Deepest syntactic nesting (parentheses, brackets, braces, subqueries, FOREACH) before
    /// the parser gives up with a syntax error instead of risking the stack.
    static let nestingDepthMax = 256
    /// Tallest expression tree the parser builds (chains of `+`, prefix and postfix operators
    /// add height without nesting); keeps later recursive passes and deallocation safe.
    static let expressionHeightMax = 1000
    /// Nesting levels a subquery or FOREACH body counts for.
    static let clauseNestingWeight = 3

    let source: [UInt8]
    let tokens: [Token]
    var index = 0
    var depth = 0
    /// The tallest expression finished by `parseExpression` since the enclosing atom began.
    var heightWatermark = 0

    init(source: [UInt8], tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    // MARK: Cursor

    @inline(__always)
    var current: Token { tokens[index] }

    @inline(__always)
    func peek(_ distance: Int = 1) -> Token { tokens[min(index + distance, tokens.count - 1)] }

    @inline(__always)
    func token(at position: Int) -> Token { tokens[min(position, tokens.count - 1)] }

    @discardableResult
    @inline(__always)
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    @inline(__always)
    func check(_ kind: TokenKind) -> Bool { tokens[index].kind == kind }

    @inline(__always)
    func checkKeyword(_ keyword: Keyword) -> Bool { tokens[index].isKeyword(keyword) }

    @inline(__always)
    mutating func accept(_ kind: TokenKind) -> Bool {
        guard tokens[index].kind == kind else { return false }
        advance()
        return true
    }

    @inline(__always)
    mutating func acceptKeyword(_ keyword: Keyword) -> Bool {
        guard tokens[index].isKeyword(keyword) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ expected: String? = nil) throws(QuiverError) -> Token {
        guard tokens[index].kind == kind else {
            throw unexpected(expected ?? kind.fixedSpelling.map { "'\($0)'" } ?? "\(kind)")
        }
        return advance()
    }

    @discardableResult
    mutating func expectKeyword(_ keyword: Keyword) throws(QuiverError) -> Token {
        guard tokens[index].isKeyword(keyword) else { throw unexpected(keyword.spelling) }
        return advance()
    }

    /// End offset of the last consumed token (the end of the construct just parsed).
    var previousEnd: Int32 { index > 0 ? tokens[index - 1].end : 0 }

    // MARK: Text

    func bytes(of token: Token) -> ArraySlice<UInt8> {
        source[Int(token.start)..<Int(token.end)]
    }

    func text(from start: Int32, to end: Int32) -> String {
        String(decoding: source[Int(start)..<Int(end)], as: UTF8.self)
    }

    /// The name a word or backtick token spells.
    func nameText(of token: Token) -> String {
        token.kind == .escapedName ? EscapedName.decode(bytes(of: token)) : String(decoding: bytes(of: token), as: UTF8.self)
    }

    /// A symbolic name: any word (keywords included) or a backtick-quoted name.
    mutating func parseName(_ expected: String = "a symbolic name") throws(QuiverError) -> Name {
        let token = current
        guard token.isName else { throw unexpected(expected) }
        advance()
        return Name(nameText(of: token), at: token.position)
    }

    // MARK: Errors

    /// How a token appears in error messages, ANTLR style.
    func display(_ token: Token) -> String {
        guard token.kind != .endOfInput else { return "<EOF>" }
        let end = min(Int(token.end), Int(token.start) + 60)
        return String(decoding: source[Int(token.start)..<end], as: UTF8.self)
    }

    func unexpected(_ expected: String) -> QuiverError {
        error(at: current, "mismatched input '\(display(current))' expecting \(expected)")
    }

    func error(at token: Token, _ message: String) -> QuiverError {
        QuiverError.syntax(at: token.position, message)
    }

    // MARK: Nesting

    /// Enters one nesting level; subqueries and FOREACH count `Parser.clauseNestingWeight`
    /// levels because parsing a clause takes several times the stack of an expression.
    mutating func enterNesting(weight: Int = 1) throws(QuiverError) {
        depth += weight
        if depth > Parser.nestingDepthMax {
            throw error(at: current, "the query is nested too deeply (more than \(Parser.nestingDepthMax) levels)")
        }
    }

    @inline(__always)
    mutating func leaveNesting(weight: Int = 1) { depth -= weight }

    func checkHeight(_ height: Int, at token: Token) throws(QuiverError) {
        if height > Parser.expressionHeightMax {
            throw error(at: token, "the expression is nested too deeply (more than \(Parser.expressionHeightMax) operators deep)")
        }
    }
}
