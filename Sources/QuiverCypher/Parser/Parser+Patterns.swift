// Patterns: comma-separated parts, named paths (`p = …`), parenthesized elements, node
// patterns with labels (`:A:B`, `:A|B`, `:$param`) and property maps or parameters, plus the
// token look-ahead that tells a pattern predicate `(a)-->(b)` from a parenthesized expression.

import QuiverCore

extension Parser {
    /// A clause pattern (MATCH, CREATE, MERGE, EXISTS { … }): here a dash or `<` after a node
    /// always starts a relationship, so a malformed arrow is reported where it is.
    mutating func parsePattern() throws(QuiverError) -> Pattern {
        var parts = [try parsePatternPart()]
        while accept(.comma) { parts.append(try parsePatternPart()) }
        return Pattern(parts: parts)
    }

    mutating func parsePatternPart() throws(QuiverError) -> PatternPart {
        let position = current.position
        var variable: Name?
        if current.isName && peek().kind == .equal {
            variable = try parseName()
            advance()
        }
        return PatternPart(variable: variable, element: try parsePatternElement(greedy: true), position: position)
    }

    /// A node followed by relationship/node links, or such an element in parentheses. Inside
    /// expressions (`greedy` false) a link needs `--`, `-[`, `<--` or `<-[` ahead, so that
    /// `(a) - 1` stays arithmetic; in clause patterns any dash or `<` starts one.
    mutating func parsePatternElement(greedy: Bool = false) throws(QuiverError) -> PatternElement {
        // A pattern nests expressions several calls deep, so it counts as a level of its own.
        try enterNesting()
        if check(.leftParen) && peek().kind == .leftParen {
            advance()
            let element = try parsePatternElement(greedy: greedy)
            try expect(.rightParen)
            leaveNesting()
            return element
        }
        let start = try parseNodePattern()
        var chain: [PatternLink] = []
        while isRelationshipStart(at: index) || (greedy && (current.isDash || current.isLeftArrowHead)) {
            let relationship = try parseRelationshipPattern()
            chain.append(PatternLink(relationship: relationship, node: try parseNodePattern()))
        }
        leaveNesting()
        return PatternElement(start: start, chain: chain)
    }

    mutating func parseNodePattern() throws(QuiverError) -> NodePattern {
        let position = try expect(.leftParen).position
        let variable = current.isName ? try parseName() : nil
        let labels = check(.colon) ? try parseLabelExpression(allowDisjunction: true) : LabelExpression()
        let properties = try parsePropertiesIfPresent()
        try expect(.rightParen, variable == nil && labels.isEmpty && properties == nil
            ? "{')', ':', '\u{7B}', '$', a variable}" : "')'")
        return NodePattern(variable: variable, labels: labels, properties: properties, position: position)
    }

    /// `{k: e, …}` or `$param` on a node or relationship pattern.
    mutating func parsePropertiesIfPresent() throws(QuiverError) -> Expression? {
        guard check(.leftBrace) || check(.dollar) else { return nil }
        return try parseExpression()
    }

    /// `:A:B`, and with `allowDisjunction` (patterns) `:A|B|:C`.
    mutating func parseLabelExpression(allowDisjunction: Bool) throws(QuiverError) -> LabelExpression {
        var terms: [[LabelRef]] = []
        while accept(.colon) {
            var alternatives = [try parseLabelRef()]
            while allowDisjunction && accept(.pipe) {
                _ = accept(.colon)
                alternatives.append(try parseLabelRef())
            }
            terms.append(alternatives)
        }
        return LabelExpression(terms: terms)
    }

    /// A label or relationship type: a name or `$param`.
    mutating func parseLabelRef() throws(QuiverError) -> LabelRef {
        if check(.dollar) { return .parameter(try parseParameterName()) }
        return .name(try parseName("a label name"))
    }

    // MARK: Look-ahead

    /// Whether the tokens at `start` read as a node pattern followed by a relationship.
    func looksLikeRelationshipsPattern(at start: Int) -> Bool {
        guard let end = nodePatternEnd(from: start) else { return false }
        return isRelationshipStart(at: end)
    }

    /// The index after the `)` of a node pattern starting at `start`, without parsing it.
    private func nodePatternEnd(from start: Int) -> Int? {
        guard token(at: start).kind == .leftParen else { return nil }
        var offset = start + 1
        if token(at: offset).isName { offset += 1 }
        while token(at: offset).kind == .colon || token(at: offset).kind == .pipe {
            offset += 1
            if token(at: offset).kind == .colon { offset += 1 }
            if token(at: offset).kind == .dollar { offset += 1 }
            guard token(at: offset).isName || token(at: offset).kind == .integer else { return nil }
            offset += 1
        }
        if token(at: offset).kind == .leftBrace {
            // A property map is `{}` or `{key: …`; anything else is a map projection or subquery.
            let key = token(at: offset + 1)
            guard key.kind == .rightBrace || (key.isName && token(at: offset + 2).kind == .colon) else { return nil }
            var braces = 0
            repeat {
                switch token(at: offset).kind {
                case .leftBrace: braces += 1
                case .rightBrace: braces -= 1
                case .endOfInput: return nil
                default: break
                }
                offset += 1
            } while braces > 0
        } else if token(at: offset).kind == .dollar {
            offset += 2
        }
        return token(at: offset).kind == .rightParen ? offset + 1 : nil
    }

    /// A whole arrow followed by a node at `offset`: `--(`, `-->(`, `<--(`, `-[…]-(`, `<-[…]->(`
    /// (and the Unicode look-alikes). A bracket must hold what a relationship detail can start
    /// with, so `(a) - [1, 2]` and `(a) - -1` stay arithmetic.
    func isRelationshipStart(at offset: Int) -> Bool {
        var offset = offset
        if token(at: offset).isLeftArrowHead { offset += 1 }
        guard token(at: offset).isDash else { return false }
        offset += 1
        if token(at: offset).kind == .leftBracket {
            guard let end = relationshipDetailEnd(at: offset) else { return false }
            offset = end
        }
        guard token(at: offset).isDash else { return false }
        offset += 1
        if token(at: offset).isRightArrowHead { offset += 1 }
        return token(at: offset).kind == .leftParen
    }

    /// The index after the `]` of `[r:T*1..2 {…}]` opening at `offset`, or nil when the
    /// bracket cannot be a relationship detail.
    private func relationshipDetailEnd(at offset: Int) -> Int? {
        let detailStarts: Set<TokenKind> = [.rightBracket, .colon, .star, .leftBrace, .dollar]
        let first = token(at: offset + 1)
        if first.isName {
            guard detailStarts.contains(token(at: offset + 2).kind) else { return nil }
        } else if !detailStarts.contains(first.kind) {
            return nil
        }
        var depth = 0
        var position = offset
        while true {
            switch token(at: position).kind {
            case .leftBracket, .leftParen, .leftBrace: depth += 1
            case .rightBracket, .rightParen, .rightBrace: depth -= 1
            case .endOfInput: return nil
            default: break
            }
            position += 1
            if depth == 0 { return position }
        }
    }

    /// After `[x IN` or `all(x IN`, whether an iteration follows (`]`, `)`, `|` or WHERE comes
    /// first at this nesting level) rather than a list or argument list (`,` comes first).
    func iterationAhead(from offset: Int) -> Bool {
        var depth = 0
        var position = offset
        while true {
            let token = token(at: position)
            switch token.kind {
            case .leftBracket, .leftParen, .leftBrace: depth += 1
            case .rightBracket, .rightParen, .rightBrace:
                if depth == 0 { return true }
                depth -= 1
            case .comma where depth == 0: return false
            case .pipe where depth == 0: return true
            case .word where depth == 0 && token.keyword == .where: return true
            case .endOfInput: return true
            default: break
            }
            position += 1
        }
    }
}
