// Hostile nesting: 100,000 nested parentheses, brackets, braces, unary minus, NOT, subqueries
// and long operator chains must end in a syntax error or a parse, never a stack overflow.
// Chains of AND/OR/XOR are flat and parse at any length.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct NestingTests {
    static let depth = 100_000

    func expectNestingError(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try CypherParser.parse(query)
            Issue.record("expected a nesting error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .syntaxError, sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix("Error on line 1 position "), sourceLocation: sourceLocation)
            #expect(error.message.contains("nested too deeply"), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    static func nested(_ open: String, _ middle: String, _ close: String, count: Int = depth) -> String {
        "RETURN " + String(repeating: open, count: count) + middle + String(repeating: close, count: count)
    }

    @Test func deepParentheses() {
        expectNestingError(Self.nested("(", "1", ")"))
    }

    @Test func deepListBrackets() {
        expectNestingError(Self.nested("[", "1", "]"))
    }

    @Test func deepMaps() {
        expectNestingError(Self.nested("{a: ", "1", "}"))
    }

    @Test func deepNegatedParentheses() {
        expectNestingError(Self.nested("-(", "1", ")"))
    }

    @Test func deepFunctionCalls() {
        expectNestingError(Self.nested("abs(", "1", ")"))
    }

    @Test func deepIndexing() {
        expectNestingError(Self.nested("[1][", "0", "]"))
    }

    @Test func longPrefixRuns() {
        expectNestingError("RETURN " + String(repeating: "- ", count: Self.depth) + "1")
        expectNestingError("RETURN " + String(repeating: "NOT ", count: Self.depth) + "true")
    }

    @Test func longPostfixRuns() {
        expectNestingError("RETURN n" + String(repeating: ".a", count: Self.depth))
        expectNestingError("RETURN n" + String(repeating: "[0]", count: Self.depth))
    }

    @Test func longArithmeticChainsErrorWithoutRecursion() {
        expectNestingError("RETURN 1" + String(repeating: "+1", count: Self.depth))
        expectNestingError("RETURN 1" + String(repeating: " * 1", count: Self.depth))
    }

    @Test func longBooleanChainsParseFlat() throws {
        let statement = try CypherParser.parse("RETURN true" + String(repeating: " OR false", count: Self.depth))
        guard case .query(let query) = statement.kind, case .return(let projection) = query.first.clauses[0].kind,
              case .or(let operands) = projection.items[0].expression.kind else {
            Issue.record("expected a flat OR")
            return
        }
        #expect(operands.count == Self.depth + 1)
        let conjunction = try CypherParser.parse("MATCH (n) WHERE " + (0..<20_000).map { "n.p\($0) = \($0)" }.joined(separator: " AND ") + " RETURN n")
        #expect(conjunction.sExpression.count > 100_000)
    }

    @Test func longFlatStructuresParse() throws {
        _ = try CypherParser.parse("RETURN [" + Array(repeating: "1", count: Self.depth).joined(separator: ", ") + "]")
        _ = try CypherParser.parse("MATCH (a)" + String(repeating: "-->()", count: 20_000) + " RETURN a")
        _ = try CypherParser.parse("RETURN 1 AS x" + String(repeating: " UNION ALL RETURN 1 AS x", count: 20_000))
    }

    @Test func deepPatternsAndSubqueries() {
        expectNestingError("MATCH " + String(repeating: "(", count: Self.depth) + "a" + String(repeating: ")", count: Self.depth) + " RETURN a")
        expectNestingError(String(repeating: "CALL { ", count: 50_000) + "RETURN 1" + String(repeating: " }", count: 50_000) + " RETURN 1")
        expectNestingError(String(repeating: "MATCH (n) WHERE EXISTS { ", count: 50_000) + "MATCH (m)" + String(repeating: " }", count: 50_000) + " RETURN 1")
        expectNestingError("FOREACH (x IN [1] | " + String(repeating: "FOREACH (x IN [1] | ", count: 50_000) + "CREATE ()" + String(repeating: ")", count: 50_001))
        expectNestingError("RETURN " + String(repeating: "CASE WHEN true THEN ", count: 50_000) + "1" + String(repeating: " END", count: 50_000))
        expectNestingError("RETURN " + String(repeating: "[x IN ", count: 50_000) + "[1]" + String(repeating: " | x]", count: 50_000))
    }

    @Test func nestingJustBelowTheLimitParses() throws {
        let depth = Parser.nestingDepthMax - 2
        _ = try CypherParser.parse(Self.nested("(", "1", ")", count: depth))
        _ = try CypherParser.parse(Self.nested("[", "1", "]", count: depth))
        _ = try CypherParser.parse("RETURN 1" + String(repeating: " + 1", count: 900))
    }

    /// The most stack per nesting level: every precedence level open at once, subqueries
    /// inside subqueries, patterns inside pattern predicates.
    @Test func heaviestNestingBelowTheLimitParses() throws {
        let levels = Parser.nestingDepthMax - 10
        let chain = "a OR b XOR c AND NOT d = e IN f + g * h ^ -x["
        _ = try CypherParser.parse("RETURN " + String(repeating: chain, count: levels) + "0" + String(repeating: "]", count: levels))
        let subqueries = levels / (Parser.clauseNestingWeight + 3)
        _ = try CypherParser.parse("MATCH (n) WHERE " + String(repeating: "EXISTS { MATCH (m)-[*BFS (e, v | ", count: subqueries) + "true"
            + String(repeating: ")]->() }", count: subqueries) + " RETURN 1")
        _ = try? CypherParser.parse("MATCH (n) WHERE " + String(repeating: "EXISTS { (m)-[*BFS (e, v | ", count: levels) + "true"
            + String(repeating: ")]->() }", count: levels) + " RETURN 1")
        _ = try? CypherParser.parse("MATCH (n) WHERE " + String(repeating: "exists((m)-[:T {p: ", count: levels) + "1"
            + String(repeating: "}]->())", count: levels) + " RETURN 1")
        let calls = levels / Parser.clauseNestingWeight
        _ = try CypherParser.parse(String(repeating: "CALL { ", count: calls) + "RETURN 1 AS x" + String(repeating: " } ", count: calls) + "RETURN 1")
        _ = try CypherParser.parse("RETURN " + String(repeating: "[(a)-->(b {x: ", count: levels / 3) + "1" + String(repeating: "}) | 1]", count: levels / 3))
    }
}
