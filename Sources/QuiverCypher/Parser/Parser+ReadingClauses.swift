// Reading and projecting clauses: MATCH / OPTIONAL MATCH with WHERE, UNWIND, WITH and RETURN
// (DISTINCT, `*`, items with their source text, ORDER BY, SKIP, LIMIT, WHERE after WITH),
// and Memgraph's pre-query directives (`USING INDEX …`, `USING HOPS LIMIT n`, …).

import QuiverCore

extension Parser {
    mutating func parseMatch() throws(QuiverError) -> Match {
        let optional = acceptKeyword(.optional)
        try expectKeyword(.match)
        let pattern = try parsePattern()
        let condition = acceptKeyword(.where) ? try parseExpression() : nil
        return Match(optional: optional, pattern: pattern, where: condition)
    }

    mutating func parseUnwind() throws(QuiverError) -> Unwind {
        try expectKeyword(.unwind)
        let expression = try parseExpression()
        try expectKeyword(.as)
        return Unwind(expression: expression, variable: try parseName())
    }

    mutating func parseWith() throws(QuiverError) -> With {
        try expectKeyword(.with)
        let projection = try parseProjectionBody()
        let condition = acceptKeyword(.where) ? try parseExpression() : nil
        return With(projection: projection, where: condition)
    }

    mutating func parseReturn() throws(QuiverError) -> Projection {
        try expectKeyword(.return)
        return try parseProjectionBody()
    }

    /// `[DISTINCT] (* [, item…] | item, …) [ORDER BY …] [SKIP e] [LIMIT e]`.
    mutating func parseProjectionBody() throws(QuiverError) -> Projection {
        let distinct = acceptKeyword(.distinct)
        var includesExisting = false
        var items: [ProjectionItem] = []
        if accept(.star) {
            includesExisting = true
            while accept(.comma) { items.append(try parseProjectionItem()) }
        } else {
            items.append(try parseProjectionItem())
            while accept(.comma) { items.append(try parseProjectionItem()) }
        }
        var orderBy: [SortItem] = []
        if acceptKeyword(.order) {
            try expectKeyword(.by)
            repeat {
                orderBy.append(try parseSortItem())
            } while accept(.comma)
        }
        let skip = acceptKeyword(.skip) ? try parseExpression() : nil
        let limit = acceptKeyword(.limit) ? try parseExpression() : nil
        return Projection(distinct: distinct, includesExisting: includesExisting, items: items,
                          orderBy: orderBy, skip: skip, limit: limit)
    }

    mutating func parseProjectionItem() throws(QuiverError) -> ProjectionItem {
        let start = current.start
        let expression = try parseExpression()
        let end = previousEnd
        let alias = acceptKeyword(.as) ? try parseName() : nil
        return ProjectionItem(expression: expression, alias: alias, text: text(from: start, to: end),
                              range: SourceRange(start: start, end: end))
    }

    mutating func parseSortItem() throws(QuiverError) -> SortItem {
        let expression = try parseExpression()
        var descending = false
        if acceptKeyword(.desc) || acceptKeyword(.descending) {
            descending = true
        } else if !acceptKeyword(.asc) {
            _ = acceptKeyword(.ascending)
        }
        return SortItem(expression: expression, descending: descending)
    }

    // MARK: Directives

    /// `USING INDEX :L(p), :M`, `USING HOPS LIMIT n`, `USING PERIODIC COMMIT n`,
    /// `USING PARALLEL EXECUTION [n]`, separated by commas or repeated USING.
    mutating func parseDirectives() throws(QuiverError) -> [QueryDirective] {
        var directives: [QueryDirective] = []
        while checkKeyword(.using) {
            let position = advance().position
            directives.append(QueryDirective(kind: try parseDirective(), position: position))
            if check(.comma) && peek().isKeyword(.using) { advance() }
        }
        return directives
    }

    private mutating func parseDirective() throws(QuiverError) -> QueryDirective.Kind {
        if acceptKeyword(.index) {
            var hints = [try parseIndexHint()]
            while check(.comma) && peek().kind == .colon {
                advance()
                hints.append(try parseIndexHint())
            }
            return .indexHints(hints)
        }
        if acceptKeyword(.hops) {
            try expectKeyword(.limit)
            return .hopsLimit(try parseExpression())
        }
        if acceptKeyword(.periodic) {
            try expectKeyword(.commit)
            return .periodicCommit(try parseExpression())
        }
        if acceptKeyword(.parallel) {
            try expectKeyword(.execution)
            let threads = check(.integer) || check(.dollar) ? try parseExpression() : nil
            return .parallelExecution(threads: threads)
        }
        throw unexpected("{INDEX, HOPS, PERIODIC, PARALLEL}")
    }

    private mutating func parseIndexHint() throws(QuiverError) -> IndexHint {
        let position = try expect(.colon).position
        let label = current.isName ? try parseName() : nil
        var properties: [Name] = []
        if accept(.leftParen) {
            repeat {
                properties.append(try parseName())
            } while accept(.comma)
            try expect(.rightParen)
        }
        if label == nil && properties.isEmpty { throw unexpected("{a label, '('}") }
        return IndexHint(label: label, properties: properties, position: position)
    }
}
