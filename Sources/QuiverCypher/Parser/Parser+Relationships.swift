// Relationship patterns: arrows (`-->`, `<--`, `--`, `<-->`, `-[…]->`, Unicode look-alikes),
// the detail in brackets (variable, `:T1|T2|:T3`, properties) and Memgraph's expansions:
// `*`, `*n`, `*a..b`, `*..b`, `*a..`, `*BFS`, `*WSHORTEST`, `*ALLSHORTEST`, `*KSHORTEST`
// with filter and weight lambdas `(e, n [, p [, w]] | expr)` and a total-weight variable.

import QuiverCore

extension Parser {
    mutating func parseRelationshipPattern() throws(QuiverError) -> RelationshipPattern {
        let position = current.position
        let pointsLeft = current.isLeftArrowHead
        if pointsLeft { advance() }
        guard current.isDash else { throw unexpected("'-'") }
        advance()
        var detail = RelationshipPattern(variable: nil, direction: .both, types: [], properties: nil, expansion: nil,
                                         position: position)
        if check(.leftBracket) {
            try parseRelationshipDetail(into: &detail)
        }
        guard current.isDash else { throw unexpected("'-'") }
        advance()
        let pointsRight = current.isRightArrowHead
        if pointsRight { advance() }
        detail.direction = pointsLeft == pointsRight ? .both : (pointsLeft ? .incoming : .outgoing)
        return detail
    }

    /// `[r:T1|T2 *expansion {props} (lambda) total (lambda)]`.
    private mutating func parseRelationshipDetail(into detail: inout RelationshipPattern) throws(QuiverError) {
        try expect(.leftBracket)
        if current.isName { detail.variable = try parseName() }
        if accept(.colon) {
            detail.types.append(try parseLabelRef())
            while accept(.pipe) {
                _ = accept(.colon)
                detail.types.append(try parseLabelRef())
            }
        }
        if check(.star) {
            detail.expansion = try parseVariableExpansion()
        }
        detail.properties = try parsePropertiesIfPresent()
        if check(.leftParen) {
            try parseLambdas(into: &detail)
        }
        if let expansion = detail.expansion, expansion.kind == .weightedShortest || expansion.kind == .allShortest,
           expansion.weight == nil {
            throw QuiverError(.semanticError, "Lambda for calculating weights is mandatory with weighted shortest path expansion.")
        }
        try expect(.rightBracket, "']'")
    }

    private mutating func parseVariableExpansion() throws(QuiverError) -> VariableExpansion {
        let position = try expect(.star).position
        var kind = VariableExpansion.Kind.depthFirst
        if current.kind == .word {
            switch current.keyword {
            case .bfs: kind = .breadthFirst
            case .wshortest: kind = .weightedShortest
            case .allshortest: kind = .allShortest
            case .kshortest: kind = .kShortest
            default: break
            }
        }
        if kind != .depthFirst { advance() }
        var expansion = VariableExpansion(kind: kind, lowerBound: nil, upperBound: nil, filter: nil, weight: nil,
                                          totalWeight: nil, limit: nil, position: position)
        let weighted = kind == .weightedShortest || kind == .allShortest
        if accept(.dotDot) {
            expansion.upperBound = try parseExpansionBound()
        } else if let bound = try parseExpansionBound() {
            if accept(.dotDot) {
                expansion.lowerBound = bound
                expansion.upperBound = try parseExpansionBound()
            } else {
                expansion.lowerBound = weighted ? nil : bound
                expansion.upperBound = bound
            }
        }
        if weighted && expansion.lowerBound != nil {
            throw QuiverError(.semanticError, "Lower bound is not allowed in weighted or all shortest path expansion.")
        }
        if check(.pipe) {
            guard kind == .kShortest else {
                throw QuiverError(.semanticError, "Limit parameter is only supported with KSHORTEST path expansion.")
            }
            advance()
            guard let limit = try parseExpansionBound() else { throw unexpected("a number of paths") }
            expansion.limit = limit
        }
        return expansion
    }

    /// A bound or limit: an integer, a parameter, a variable or property, or `(expression)`.
    private mutating func parseExpansionBound() throws(QuiverError) -> Expression? {
        let token = current
        switch token.kind {
        case .integer:
            advance()
            guard let magnitude = NumberLiteral.integerMagnitude(bytes(of: token)), magnitude <= UInt64(Int64.max) else {
                throw error(at: token, "integer literal '\(display(token))' is too large for a 64-bit integer")
            }
            return Expression(.integer(Int64(magnitude)), at: token.position)
        case .dollar:
            return Expression(.parameter(try parseParameterName().text), at: token.position)
        case .leftParen where !(peek().isName && peek(2).kind == .comma):  // `(e, n | …)` is a lambda
            advance()
            let expression = try parseExpression()
            try expect(.rightParen)
            return expression
        case .word, .escapedName:
            var expression = Expression(.variable(try parseName().text), at: token.position)
            while check(.dot) && peek().isName {
                advance()
                expression = Expression(.property(expression, try parseName()), at: token.position)
            }
            return expression
        default:
            return nil
        }
    }

    /// The lambdas after the expansion: `(filter)` for plain, BFS and KSHORTEST expansions;
    /// `(weight) total [(filter)]` for WSHORTEST and ALLSHORTEST.
    private mutating func parseLambdas(into detail: inout RelationshipPattern) throws(QuiverError) {
        guard var expansion = detail.expansion else {
            throw QuiverError(.semanticError, "Filter lambda is only allowed in variable length expansion.")
        }
        let first = try parseLambda()
        if expansion.kind == .weightedShortest || expansion.kind == .allShortest {
            expansion.weight = first
            if current.isName { expansion.totalWeight = try parseName() }
            if check(.leftParen) { expansion.filter = try parseLambda() }
        } else {
            expansion.filter = first
        }
        if check(.leftParen) {
            throw QuiverError(.semanticError, "Only one filter lambda can be supplied.")
        }
        detail.expansion = expansion
    }

    /// `(edge, node [, path [, weight]] | expression)`.
    private mutating func parseLambda() throws(QuiverError) -> PathLambda {
        let position = try expect(.leftParen).position
        try enterNesting()
        let edge = try parseName()
        try expect(.comma)
        let node = try parseName()
        var path: Name?
        var weight: Name?
        if accept(.comma) {
            path = try parseName()
            if accept(.comma) { weight = try parseName() }
        }
        try expect(.pipe, "{',', '|'}")
        let expression = try parseExpression()
        try expect(.rightParen)
        leaveNesting()
        return PathLambda(edge: edge, node: node, path: path, weight: weight, expression: expression, position: position)
    }
}
