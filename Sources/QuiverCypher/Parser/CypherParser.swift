// CypherParser: the public entry point. Lexes the whole query, then parses one statement:
// `[EXPLAIN|PROFILE] query [;]` or `DUMP DATABASE`. A query is Memgraph's pre-query directives,
// single queries joined by UNION [ALL], and an optional `QUERY MEMORY …` suffix.

import QuiverCore

public enum CypherParser {
    /// Deepest nesting of parentheses, brackets, braces, subqueries (which count three) and
    /// FOREACH bodies (three) a query may have; deeper input is a syntax error.
    public static let nestingDepthMax = Parser.nestingDepthMax
    /// Tallest operator tree (runs of `+`, prefix and postfix operators) an expression may build.
    public static let expressionHeightMax = Parser.expressionHeightMax

    /// Parses one Cypher statement. Syntax errors have code `.syntaxError` and Memgraph's
    /// message shape: "Error on line L position C. The underlying parsing error is …".
    public static func parse(_ text: String) throws(QuiverError) -> Statement {
        let source = Array(text.utf8)
        let tokens = try Lexer.tokenize(source)
        var parser = Parser(source: source, tokens: tokens)
        return try parser.parseStatement()
    }

    /// The tokens of `text`, ending with `.endOfInput` (for tools and tests).
    public static func tokenize(_ text: String) throws(QuiverError) -> [Token] {
        try Lexer.tokenize(Array(text.utf8))
    }
}

extension Parser {
    mutating func parseStatement() throws(QuiverError) -> Statement {
        let position = current.position
        let kind: Statement.Kind
        if acceptKeyword(.explain) {
            kind = .explain(try parseQuery())
        } else if acceptKeyword(.profile) {
            kind = .profile(try parseQuery())
        } else if checkKeyword(.dump) && peek().isKeyword(.database) {
            advance()
            advance()
            kind = .dumpDatabase
        } else {
            kind = .query(try parseQuery())
        }
        _ = accept(.semicolon)
        guard check(.endOfInput) else { throw unexpected("{<EOF>, ';'}") }
        return Statement(kind: kind, position: position)
    }

    /// `[USING …] singleQuery (UNION [ALL] singleQuery)* [QUERY MEMORY …]`.
    mutating func parseQuery() throws(QuiverError) -> Query {
        let position = current.position
        let directives = try parseDirectives()
        let first = try parseSingleQuery()
        var unions: [UnionPart] = []
        while checkKeyword(.union) {
            let unionPosition = advance().position
            let all = acceptKeyword(.all)
            unions.append(UnionPart(all: all, query: try parseSingleQuery(), position: unionPosition))
        }
        var memoryLimit: MemoryLimit?
        if checkKeyword(.query) && peek().isKeyword(.memory) {
            advance()
            memoryLimit = try parseMemoryLimit()
        }
        return Query(directives: directives, first: first, unions: unions, memoryLimit: memoryLimit, position: position)
    }

    mutating func parseSingleQuery() throws(QuiverError) -> SingleQuery {
        let position = current.position
        var clauses: [Clause] = []
        while let clause = try parseClauseIfPresent() {
            clauses.append(clause)
        }
        guard !clauses.isEmpty else { throw unexpected(Parser.clauseKeywords) }
        return SingleQuery(clauses: clauses, position: position)
    }

    static let clauseKeywords =
        "{CALL, CREATE, DELETE, DETACH, FOREACH, LOAD, MATCH, MERGE, OPTIONAL, REMOVE, RETURN, SET, UNWIND, WITH}"

    /// The clause starting at the cursor, or nil when the cursor is not at a clause keyword.
    mutating func parseClauseIfPresent() throws(QuiverError) -> Clause? {
        let token = current
        guard token.kind == .word else { return nil }
        let position = token.position
        let kind: Clause.Kind
        switch token.keyword {
        case .match: kind = .match(try parseMatch())
        case .optional: kind = .match(try parseMatch())
        case .unwind: kind = .unwind(try parseUnwind())
        case .create: kind = .create(try parseCreate())
        case .merge: kind = .merge(try parseMerge())
        case .set: kind = .set(try parseSet())
        case .remove: kind = .remove(try parseRemove())
        case .delete, .detach: kind = .delete(try parseDelete())
        case .with: kind = .with(try parseWith())
        case .return: kind = .return(try parseReturn())
        case .call: kind = try parseCall()
        case .foreach: kind = .foreach(try parseForeach())
        case .load: kind = try parseLoad()
        default: return nil
        }
        return Clause(kind, at: position)
    }

    /// `MEMORY UNLIMITED` or `MEMORY LIMIT n KB|MB` (after QUERY or PROCEDURE).
    mutating func parseMemoryLimit() throws(QuiverError) -> MemoryLimit {
        let position = try expectKeyword(.memory).position
        if acceptKeyword(.unlimited) { return MemoryLimit(bytes: nil, position: position) }
        try expectKeyword(.limit)
        let amountToken = try expect(.integer, "an integer")
        guard let amount = NumberLiteral.integerMagnitude(bytes(of: amountToken)), amount <= UInt64(Int64.max) else {
            throw error(at: amountToken, "memory limit '\(display(amountToken))' is too large")
        }
        let unit: Int64
        if acceptKeyword(.kb) {
            unit = 1024
        } else if acceptKeyword(.mb) {
            unit = 1024 * 1024
        } else {
            throw unexpected("{KB, MB}")
        }
        // Memgraph's check and text (the grammar admits no sign, so only zero reaches it).
        guard amount > 0 else { throw QuiverError(.semanticError, "Memory limit must be a non-negative integer.") }
        let (bytes, overflow) = Int64(amount).multipliedReportingOverflow(by: unit)
        guard !overflow else { throw error(at: amountToken, "memory limit '\(display(amountToken))' is too large") }
        return MemoryLimit(bytes: bytes, position: position)
    }
}
