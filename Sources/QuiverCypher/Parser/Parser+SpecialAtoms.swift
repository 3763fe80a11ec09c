// Keyword-led and bracketed expression forms: CASE (simple and generic), list and pattern
// comprehensions, legacy filter()/extract(), all/any/none/single, reduce, map projection,
// EXISTS { … } / COUNT { … } bodies and exists((a)-->(b)).

import QuiverCore

extension Parser {
    /// Whether a word `case` at the cursor starts a CASE expression rather than naming a
    /// variable (keywords are names too, so `WITH 1 AS case RETURN case` is legal).
    func startsCaseExpression() -> Bool {
        let next = peek()
        switch next.kind {
        case .word:
            switch next.keyword {
            case .as, .where, .order, .skip, .limit, .union, .return, .with, .match, .optional, .unwind, .create,
                 .merge, .set, .remove, .delete, .detach, .call, .foreach, .load, .and, .or, .xor, .in, .is,
                 .contains, .starts, .ends, .then, .else, .end, .query:
                // A clause or operator keyword after `case` ends an expression `case`, unless
                // what follows shows it is itself the tested value (`CASE end WHEN …`).
                let after = peek(2)
                switch after.kind {
                case .word:
                    switch after.keyword {
                    case .when, .and, .or, .xor, .in, .is, .contains, .starts, .ends: return true
                    default: return false
                    }
                case .dot, .leftBracket, .leftBrace, .colon, .doubleColon, .plus, .minus, .star, .slash, .percent, .caret,
                     .equal, .notEqual, .bangEqual, .less, .greater, .lessEqual, .greaterEqual, .regexMatch:
                    return true
                default: return false
                }
            default:
                return true
            }
        case .escapedName, .integer, .float, .string, .dollar, .leftParen, .leftBracket, .leftBrace, .minus, .plus:
            return true
        default:
            return false
        }
    }

    mutating func parseCase() throws(QuiverError) -> Expression {
        let position = try expectKeyword(.case).position
        let test = checkKeyword(.when) ? nil : try parseExpression()
        var alternatives: [CaseAlternative] = []
        while acceptKeyword(.when) {
            let when = try parseExpression()
            try expectKeyword(.then)
            alternatives.append(CaseAlternative(when: when, then: try parseExpression()))
        }
        if alternatives.isEmpty { throw unexpected("WHEN") }
        let elseExpression = acceptKeyword(.else) ? try parseExpression() : nil
        try expectKeyword(.end)
        let body = CaseExpression(test: test, alternatives: alternatives, elseExpression: elseExpression)
        return Expression(.caseExpression(body), at: position)
    }

    /// `[x IN list [WHERE p] [| e]]`.
    mutating func parseListComprehension() throws(QuiverError) -> Expression {
        let position = try expect(.leftBracket).position
        let comprehension = try parseIteration(allowProjection: true)
        try expect(.rightBracket, "{WHERE, '|', ']'}")
        return Expression(.listComprehension(comprehension), at: position)
    }

    /// `x IN list [WHERE p] [| e]`, shared by comprehensions and quantifiers.
    private mutating func parseIteration(allowProjection: Bool) throws(QuiverError) -> ListComprehension {
        let variable = try parseName()
        try expectKeyword(.in)
        let list = try parseExpression()
        let predicate = acceptKeyword(.where) ? try parseExpression() : nil
        let projection = allowProjection && accept(.pipe) ? try parseExpression() : nil
        return ListComprehension(variable: variable, list: list, predicate: predicate, projection: projection)
    }

    /// `[p = (a)-->(b) [WHERE …] | e]`.
    mutating func parsePatternComprehension() throws(QuiverError) -> Expression {
        let position = try expect(.leftBracket).position
        let pathVariable = try parseName()
        try expect(.equal)
        return try finishPatternComprehension(pathVariable: pathVariable, element: try parsePatternElement(), at: position)
    }

    /// The `[WHERE …] | e]` after a pattern comprehension's pattern.
    mutating func finishPatternComprehension(pathVariable: Name?, element: PatternElement,
                                             at position: SourcePosition) throws(QuiverError) -> Expression {
        guard !element.chain.isEmpty else { throw unexpected("a relationship pattern") }
        let predicate = acceptKeyword(.where) ? try parseExpression() : nil
        try expect(.pipe, "{WHERE, '|'}")
        let projection = try parseExpression()
        try expect(.rightBracket)
        let comprehension = PatternComprehension(pathVariable: pathVariable, pattern: element, predicate: predicate,
                                                 projection: projection)
        return Expression(.patternComprehension(comprehension), at: position)
    }

    /// `filter(x IN l WHERE p)` and `extract(x IN l | e)`, as list comprehensions.
    mutating func parseLegacyComprehension() throws(QuiverError) -> Expression {
        let position = advance().position
        try expect(.leftParen)
        let comprehension = try parseIteration(allowProjection: true)
        try expect(.rightParen)
        return Expression(.listComprehension(comprehension), at: position)
    }

    /// `all/any/none/single(x IN list WHERE p)`.
    mutating func parseQuantifier() throws(QuiverError) -> Expression {
        let token = advance()
        let kind: Quantifier.Kind = switch token.keyword {
        case .all: .all
        case .any: .any
        case .none: .none
        default: .single
        }
        try expect(.leftParen)
        let iteration = try parseIteration(allowProjection: false)
        try expect(.rightParen, "{WHERE, ')'}")
        let quantifier = Quantifier(kind: kind, variable: iteration.variable, list: iteration.list, predicate: iteration.predicate)
        return Expression(.quantifier(quantifier), at: token.position)
    }

    /// `reduce(acc = init, x IN list | e)`.
    mutating func parseReduce() throws(QuiverError) -> Expression {
        let position = advance().position
        try expect(.leftParen)
        let accumulator = try parseName()
        try expect(.equal)
        let initial = try parseExpression()
        try expect(.comma)
        let variable = try parseName()
        try expectKeyword(.in)
        let list = try parseExpression()
        try expect(.pipe)
        let expression = try parseExpression()
        try expect(.rightParen)
        let reduce = Reduce(accumulator: accumulator, initial: initial, variable: variable, list: list, expression: expression)
        return Expression(.reduce(reduce), at: position)
    }

    /// `v {.key, .*, key: e, other}`.
    mutating func parseMapProjection(of variable: Name) throws(QuiverError) -> Expression {
        try expect(.leftBrace)
        var items: [MapProjectionItem] = []
        if !check(.rightBrace) {
            repeat {
                items.append(try parseMapProjectionItem())
            } while accept(.comma)
        }
        try expect(.rightBrace, "{',', '\u{7D}'}")
        return Expression(.mapProjection(MapProjection(variable: variable, items: items)), at: variable.position)
    }

    private mutating func parseMapProjectionItem() throws(QuiverError) -> MapProjectionItem {
        if check(.dot) {
            let dot = advance()
            if accept(.star) { return .allProperties(dot.position) }
            return .property(try parseName("a property key name"))
        }
        let name = try parseName("{'.', a property key name}")
        if accept(.colon) {
            return .entry(MapEntry(key: name, value: try parseExpression()))
        }
        return .variable(name)
    }

    /// Whether the `{` after the word at the cursor opens a subquery body rather than a map
    /// projection (`count {.name}` projects a variable named count).
    func bracesOpenSubquery() -> Bool {
        let first = peek(2)
        if first.kind == .leftParen { return true }
        if first.isName && peek(3).kind == .equal { return true }
        guard first.kind == .word else { return false }
        switch first.keyword {
        case .match, .optional, .with, .unwind, .call, .return, .create, .merge, .using, .load, .foreach:
            return true
        default:
            return false
        }
    }

    /// `{ pattern [WHERE e] }` or `{ query }` after EXISTS or COUNT.
    mutating func parseSubqueryBody() throws(QuiverError) -> SubqueryBody {
        guard check(.leftBrace) else { throw unexpected("'\u{7B}'") }
        let next = peek()
        let isPattern = next.kind == .leftParen || (next.isName && peek(2).kind == .equal)
        guard isPattern else { return .query(try parseBracedQuery()) }
        advance()
        try enterNesting(weight: Parser.clauseNestingWeight)
        let pattern = try parsePattern()
        let condition = acceptKeyword(.where) ? try parseExpression() : nil
        try expect(.rightBrace, "{WHERE, ',', '\u{7D}'}")
        leaveNesting(weight: Parser.clauseNestingWeight)
        return .pattern(pattern, where: condition)
    }

    /// `exists((a)-->(b))`: Memgraph's pattern form of EXISTS.
    mutating func parseExistsFunction() throws(QuiverError) -> Expression {
        let position = advance().position
        try expect(.leftParen)
        try enterNesting(weight: Parser.clauseNestingWeight)
        let part = try parsePatternPart()
        try expect(.rightParen)
        leaveNesting(weight: Parser.clauseNestingWeight)
        return Expression(.exists(.pattern(Pattern(parts: [part]), where: nil)), at: position)
    }
}
