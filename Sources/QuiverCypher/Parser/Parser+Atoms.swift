// Atoms: literals, parameters, lists, maps, parenthesized expressions and pattern predicates,
// variables, function calls (namespaced, DISTINCT, count(*)), map projections and enum
// literals, plus the dispatch to the keyword-led forms in Parser+SpecialAtoms.swift.

import QuiverCore

extension Parser {
    /// One atom and its tree height (the tallest expression inside it plus its own levels).
    mutating func parseAtom() throws(QuiverError) -> Operand {
        let saved = heightWatermark
        heightWatermark = 0
        let expression = try parseAtomBody()
        let height = max(heightWatermark + Parser.structuralHeight(of: expression.kind), 1)
        heightWatermark = saved
        return Operand(expression: expression, height: height)
    }

    /// Tree levels an atom adds above the expressions nested in it (patterns and subqueries
    /// hold their expressions several structs deep).
    private static func structuralHeight(of kind: Expression.Kind) -> Int {
        switch kind {
        case .list, .map, .functionCall, .caseExpression, .listComprehension, .quantifier, .reduce, .mapProjection: 1
        case .patternComprehension, .patternPredicate, .exists, .countSubquery: 8
        default: 0
        }
    }

    private mutating func parseAtomBody() throws(QuiverError) -> Expression {
        let token = current
        switch token.kind {
        case .integer:
            advance()
            guard let magnitude = NumberLiteral.integerMagnitude(bytes(of: token)), magnitude <= UInt64(Int64.max) else {
                throw error(at: token, "integer literal '\(display(token))' is too large for a 64-bit integer")
            }
            return Expression(.integer(Int64(magnitude)), at: token.position)
        case .float:
            advance()
            guard let value = NumberLiteral.floatValue(bytes(of: token)) else {
                throw error(at: token, "floating point literal '\(display(token))' is out of range")
            }
            return Expression(.float(value), at: token.position)
        case .string:
            advance()
            guard let value = StringLiteral.decode(bytes(of: token)) else {
                throw error(at: token, "invalid Unicode escape in string literal \(display(token))")
            }
            return Expression(.string(value), at: token.position)
        case .dollar:
            let name = try parseParameterName()
            return Expression(.parameter(name.text), at: token.position)
        case .leftBracket:
            return try parseBracketAtom()
        case .leftBrace:
            return try parseMapLiteral()
        case .leftParen:
            return try parseParenthesizedAtom()
        case .word:
            return try parseWordAtom()
        case .escapedName:
            return try parseNameAtom()
        default:
            throw unexpected("an expression")
        }
    }

    /// `$name` or `$0`; returns the name without the dollar, positioned at the dollar.
    mutating func parseParameterName() throws(QuiverError) -> Name {
        let position = try expect(.dollar).position
        let token = current
        if token.isName {
            advance()
            return Name(nameText(of: token), at: position)
        }
        guard token.kind == .integer, NumberLiteral.integerMagnitude(bytes(of: token)) != nil else {
            throw unexpected("a parameter name")
        }
        advance()
        return Name(display(token), at: position)
    }

    mutating func parseMapLiteral() throws(QuiverError) -> Expression {
        let position = try expect(.leftBrace).position
        var entries: [MapEntry] = []
        if !check(.rightBrace) {
            repeat {
                let key = try parseName("a property key name")
                try expect(.colon)
                entries.append(MapEntry(key: key, value: try parseExpression()))
            } while accept(.comma)
        }
        try expect(.rightBrace, "{',', '\u{7D}'}")
        return Expression(.map(entries), at: position)
    }

    /// `[…]`: list comprehension, pattern comprehension or list literal. A leading pattern
    /// is parsed once and then decides: WHERE or `|` makes a comprehension, anything else a
    /// list whose first element starts with that pattern predicate (no backtracking, which
    /// would be exponential in the nesting depth).
    private mutating func parseBracketAtom() throws(QuiverError) -> Expression {
        if peek().isName && peek(2).isKeyword(.in) && iterationAhead(from: index + 3) {
            return try parseListComprehension()
        }
        if peek().isName && peek(2).kind == .equal && looksLikeRelationshipsPattern(at: index + 3) {
            return try parsePatternComprehension()
        }
        let position = try expect(.leftBracket).position
        var elements: [Expression] = []
        if check(.leftParen) && looksLikeRelationshipsPattern(at: index) {
            let element = try parsePatternElement()
            if checkKeyword(.where) || check(.pipe) {
                return try finishPatternComprehension(pathVariable: nil, element: element, at: position)
            }
            let atom = Operand(expression: Expression(.patternPredicate(element), at: element.position),
                               height: heightWatermark + 8)
            elements.append(try parseExpression(startingWith: atom))
            guard accept(.comma) || check(.rightBracket) else { throw unexpected("{',', ']', WHERE, '|'}") }
        }
        if !check(.rightBracket) {
            repeat {
                elements.append(try parseExpression())
            } while accept(.comma)
        }
        try expect(.rightBracket, "{',', ']'}")
        return Expression(.list(elements), at: position)
    }

    /// `(…)`: a relationship pattern used as a predicate, or a parenthesized expression. The
    /// token look-ahead decides; `(a)--(b)` is a pattern, as in Memgraph's grammar.
    private mutating func parseParenthesizedAtom() throws(QuiverError) -> Expression {
        if looksLikeRelationshipsPattern(at: index) {
            let element = try parsePatternElement()
            return Expression(.patternPredicate(element), at: element.position)
        }
        try expect(.leftParen)
        let expression = try parseExpression()
        try expect(.rightParen)
        return expression
    }

    // MARK: Names

    /// A word in atom position: literal keywords, keyword-led forms, or a name.
    private mutating func parseWordAtom() throws(QuiverError) -> Expression {
        let token = current
        let next = peek()
        let iteratesList = next.kind == .leftParen && peek(2).isName && peek(3).isKeyword(.in) && iterationAhead(from: index + 4)
        switch token.keyword {
        case .null:
            advance()
            return Expression(.null, at: token.position)
        case .true, .false:
            advance()
            return Expression(.boolean(token.keyword == .true), at: token.position)
        case .case where startsCaseExpression():
            return try parseCase()
        case .count where next.kind == .leftParen && peek(2).kind == .star && peek(3).kind == .rightParen:
            advance(count: 4)
            return Expression(.countStar, at: token.position)
        case .count where next.kind == .leftBrace && bracesOpenSubquery():
            advance()
            return Expression(.countSubquery(try parseSubqueryBody()), at: token.position)
        case .exists where next.kind == .leftBrace && bracesOpenSubquery():
            advance()
            return Expression(.exists(try parseSubqueryBody()), at: token.position)
        case .exists where next.kind == .leftParen && looksLikeRelationshipsPattern(at: index + 2):
            return try parseExistsFunction()
        case .all where iteratesList, .any where iteratesList, .none where iteratesList, .single where iteratesList:
            return try parseQuantifier()
        case .filter where iteratesList, .extract where iteratesList:
            return try parseLegacyComprehension()
        case .reduce where next.kind == .leftParen && peek(2).isName && peek(3).kind == .equal:
            return try parseReduce()
        default:
            return try parseNameAtom()
        }
    }

    mutating func advance(count: Int) {
        for _ in 0..<count { advance() }
    }

    /// A name in atom position: function call, map projection, enum literal or variable.
    private mutating func parseNameAtom() throws(QuiverError) -> Expression {
        if functionCallAhead() { return try parseFunctionCall() }
        let name = try parseName()
        if check(.leftBrace) { return try parseMapProjection(of: name) }
        if accept(.doubleColon) {
            let value = try parseName("an enum value")
            return Expression(.enumValue(type: name.text, value: value.text), at: name.position)
        }
        return Expression(.variable(name.text), at: name.position)
    }

    /// `name (. name)* (`: a possibly namespaced function call.
    private func functionCallAhead() -> Bool {
        var offset = index
        while token(at: offset + 1).kind == .dot && token(at: offset + 2).isName { offset += 2 }
        return token(at: offset + 1).kind == .leftParen
    }

    private mutating func parseFunctionCall() throws(QuiverError) -> Expression {
        let first = try parseName()
        var parts = [first.text]
        while accept(.dot) { parts.append(try parseName().text) }
        try expect(.leftParen)
        let distinct = acceptKeyword(.distinct)
        var arguments: [Expression] = []
        if !check(.rightParen) {
            repeat {
                arguments.append(try parseExpression())
            } while accept(.comma)
        }
        try expect(.rightParen, "{',', ')'}")
        let name = parts.removeLast()
        let call = FunctionCall(namespace: parts, name: name, distinct: distinct, arguments: arguments)
        return Expression(.functionCall(call), at: first.position)
    }
}
