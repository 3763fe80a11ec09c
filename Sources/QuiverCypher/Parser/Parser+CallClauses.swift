// CALL clauses and file loading: procedure calls (`CALL mod.proc(args) [PROCEDURE MEMORY …]
// [YIELD …[WHERE …]]`, with or without parentheses), subqueries (`CALL [(vars)] { query }
// [IN TRANSACTIONS [OF n ROWS]]`), LOAD CSV with all its options, LOAD PARQUET and LOAD JSONL.

import QuiverCore

extension Parser {
    mutating func parseCall() throws(QuiverError) -> Clause.Kind {
        try expectKeyword(.call)
        if check(.leftBrace) || check(.leftParen) {
            return .callSubquery(try parseSubqueryCall())
        }
        return .callProcedure(try parseProcedureCall())
    }

    private mutating func parseProcedureCall() throws(QuiverError) -> ProcedureCall {
        let first = try parseName("a procedure name")
        var parts = [first.text]
        while check(.dot) && peek().isName {
            advance()
            parts.append(nameText(of: advance()))
        }
        var arguments: [Expression]?
        if accept(.leftParen) {
            var list: [Expression] = []
            if !check(.rightParen) {
                repeat {
                    list.append(try parseExpression())
                } while accept(.comma)
            }
            try expect(.rightParen, "{',', ')'}")
            arguments = list
        }
        var memoryLimit: MemoryLimit?
        if acceptKeyword(.procedure) {
            memoryLimit = try parseMemoryLimit()
        }
        let yield = checkKeyword(.yield) ? try parseYield() : nil
        return ProcedureCall(name: Name(parts.joined(separator: "."), at: first.position), arguments: arguments,
                             memoryLimit: memoryLimit, yield: yield)
    }

    private mutating func parseYield() throws(QuiverError) -> YieldClause {
        let position = try expectKeyword(.yield).position
        var all = false
        var items: [YieldItem] = []
        if accept(.star) {
            all = true
        } else {
            repeat {
                let field = try parseName()
                let alias = acceptKeyword(.as) ? try parseName() : nil
                items.append(YieldItem(field: field, alias: alias))
            } while accept(.comma)
        }
        let condition = acceptKeyword(.where) ? try parseExpression() : nil
        return YieldClause(all: all, items: items, where: condition, position: position)
    }

    private mutating func parseSubqueryCall() throws(QuiverError) -> SubqueryCall {
        var importing: SubqueryCall.Import?
        if accept(.leftParen) {
            if accept(.star) {
                importing = .all
            } else {
                var names: [Name] = []
                if !check(.rightParen) {
                    repeat {
                        names.append(try parseName())
                    } while accept(.comma)
                }
                importing = .variables(names)
            }
            try expect(.rightParen)
        }
        let query = try parseBracedQuery()
        var inTransactions: InTransactions?
        if checkKeyword(.in) && peek().isKeyword(.transactions) {
            let position = advance().position
            advance()
            var rows: Expression?
            if acceptKeyword(.of) {
                rows = try parseExpression()
                try expectKeyword(.rows)
            }
            inTransactions = InTransactions(rows: rows, position: position)
        }
        return SubqueryCall(importing: importing, query: query, inTransactions: inTransactions)
    }

    /// `{ query }` for CALL, EXISTS and COUNT subqueries.
    mutating func parseBracedQuery() throws(QuiverError) -> Query {
        try expect(.leftBrace)
        try enterNesting(weight: Parser.clauseNestingWeight)
        let query = try parseQuery()
        try expect(.rightBrace, "'\u{7D}'")
        leaveNesting(weight: Parser.clauseNestingWeight)
        return query
    }

    // MARK: LOAD

    mutating func parseLoad() throws(QuiverError) -> Clause.Kind {
        try expectKeyword(.load)
        if acceptKeyword(.csv) { return .loadCSV(try parseLoadCSV()) }
        let format: LoadFile.Format
        if acceptKeyword(.parquet) {
            format = .parquet
        } else if acceptKeyword(.jsonl) {
            format = .jsonl
        } else {
            throw unexpected("{CSV, PARQUET, JSONL}")
        }
        try expectKeyword(.from)
        let source = try parseExpression()
        let config = try parseLoadConfig()
        try expectKeyword(.as)
        return .loadFile(LoadFile(format: format, source: source, config: config, variable: try parseName()))
    }

    /// `LOAD CSV FROM src [WITH CONFIG m] WITH|NO HEADER [IGNORE BAD] [DELIMITER d] [QUOTE q]
    /// [NULLIF s] AS row` (LOAD CSV already consumed).
    private mutating func parseLoadCSV() throws(QuiverError) -> LoadCSV {
        try expectKeyword(.from)
        let source = try parseExpression()
        let config = try parseLoadConfig()
        let withHeader: Bool
        if acceptKeyword(.with) {
            withHeader = true
        } else if acceptKeyword(.no) {
            withHeader = false
        } else {
            throw unexpected("{WITH, NO}")
        }
        try expectKeyword(.header)
        var ignoreBad = false
        if acceptKeyword(.ignore) {
            try expectKeyword(.bad)
            ignoreBad = true
        }
        let delimiter = acceptKeyword(.delimiter) ? try parseExpression() : nil
        let quote = acceptKeyword(.quote) ? try parseExpression() : nil
        let nullIf = acceptKeyword(.nullif) ? try parseExpression() : nil
        try expectKeyword(.as)
        return LoadCSV(source: source, config: config, withHeader: withHeader, ignoreBad: ignoreBad,
                       delimiter: delimiter, quote: quote, nullIf: nullIf, variable: try parseName())
    }

    private mutating func parseLoadConfig() throws(QuiverError) -> Expression? {
        guard checkKeyword(.with) && peek().isKeyword(.config) else { return nil }
        advance()
        advance()
        return try parseExpression()
    }
}
