// Queries that must fail, with the line and position Memgraph's shape reports and the
// underlying message; lambda misuse raises Memgraph's exact semantic texts.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct SyntaxErrorTests {
    /// (query, line, position, expected underlying message or a fragment of it)
    static let cases: [(String, Int, Int, String)] = [
        ("", 1, 1, "mismatched input '<EOF>' expecting {CALL, CREATE,"),
        ("   ", 1, 4, "mismatched input '<EOF>' expecting {CALL,"),
        ("MATCH (n RETURN n", 1, 10, "mismatched input 'RETURN' expecting ')'"),
        ("MATCH (n) RETRUN n", 1, 11, "mismatched input 'RETRUN' expecting {<EOF>, ';'}"),
        ("MATCH (n) RETURN n WHERE n.x", 1, 20, "mismatched input 'WHERE' expecting {<EOF>, ';'}"),
        ("RETURN 1 +", 1, 11, "mismatched input '<EOF>' expecting an expression"),
        ("RETURN 1 AS", 1, 12, "mismatched input '<EOF>' expecting a symbolic name"),
        ("RETURN [1, 2", 1, 13, "mismatched input '<EOF>' expecting {',', ']'}"),
        ("RETURN [, ]", 1, 9, "mismatched input ',' expecting an expression"),
        ("RETURN {, }", 1, 9, "mismatched input ',' expecting a property key name"),
        ("RETURN {k: {k: {}} AS literal", 1, 20, "mismatched input 'AS' expecting {',', '}'}"),
        ("RETURN {k1.k: 1}", 1, 11, "mismatched input '.' expecting ':'"),
        ("RETURN {1B2c3e67:1} AS literal", 1, 9, "invalid number literal '1B2c3e67'"),
        ("MATCH (n)\nWHERE n.x = 1 +\n  )\nRETURN n", 3, 3, "mismatched input ')' expecting an expression"),
        ("MATCH (n)\r\nRETURN n n", 2, 10, "mismatched input 'n' expecting {<EOF>, ';'}"),
        ("RETURN 'ü€😀', ]", 1, 15, "mismatched input ']' expecting an expression"),
        ("RETURN 'abc", 1, 8, "token recognition error at: ''abc'"),
        ("RETURN `abc", 1, 8, "token recognition error at: '`abc'"),
        ("RETURN 1 /* never closed", 1, 10, "token recognition error at: '/* never closed'"),
        ("RETURN 1 # 2", 1, 10, "token recognition error at: '#'"),
        ("RETURN 1 ! 2", 1, 10, "token recognition error at: '!'"),
        ("RETURN 0x", 1, 8, "invalid number literal '0x'"),
        ("RETURN 0x1G", 1, 8, "invalid number literal '0x1G'"),
        ("RETURN 9223372h54775808", 1, 8, "invalid number literal '9223372h54775808'"),
        ("RETURN 08", 1, 8, "invalid number literal '08'"),
        ("RETURN 9223372036854775808", 1, 8, "integer literal '9223372036854775808' is too large"),
        ("RETURN -9223372036854775809", 1, 9, "integer literal '9223372036854775809' is too large"),
        ("RETURN 0x8000000000000000", 1, 8, "too large for a 64-bit integer"),
        ("RETURN 1.34E999", 1, 8, "floating point literal '1.34E999' is out of range"),
        ("RETURN '\\uH'", 1, 8, "invalid escape sequence '\\u' in string literal"),
        ("RETURN 'a\\qb'", 1, 8, "invalid escape sequence '\\q' in string literal"),
        ("RETURN '\\uD83D'", 1, 8, "invalid Unicode escape in string literal"),
        ("MATCH (a)-[r*1..2->(b) RETURN a", 1, 18, "mismatched input '-' expecting ']'"),
        ("MATCH (a)-[r]-(b RETURN a", 1, 18, "mismatched input 'RETURN' expecting ')'"),
        ("MATCH (a)<-(b) RETURN a", 1, 12, "mismatched input '(' expecting '-'"),
        ("CREATE INDEX ON :L(p)", 1, 8, "mismatched input 'INDEX' expecting '('"),
        ("MATCH (n) SET n.x RETURN n", 1, 19, "mismatched input 'RETURN' expecting {'=', '+=', ':'}"),
        ("MATCH (n) SET 1 = 2", 1, 15, "mismatched input '1' expecting a variable or a property"),
        ("MATCH (n) REMOVE n", 1, 18, "mismatched input 'n' expecting a property or a variable with labels"),
        ("FOREACH (x IN [1] | MATCH (n))", 1, 21, "mismatched input 'MATCH' expecting {CREATE, DELETE,"),
        ("FOREACH (x IN [1] | )", 1, 21, "mismatched input ')' expecting {CREATE, DELETE,"),
        ("MERGE (n) ON DELETE SET n.x = 1", 1, 14, "mismatched input 'DELETE' expecting {CREATE, MATCH}"),
        ("LOAD CSV FROM 'f' HEADER AS r RETURN r", 1, 19, "mismatched input 'HEADER' expecting {WITH, NO}"),
        ("RETURN 1 QUERY MEMORY LIMIT 10 GB", 1, 32, "mismatched input 'GB' expecting {KB, MB}"),
        ("CALL { RETURN 1 ", 1, 17, "mismatched input '<EOF>' expecting '}'"),
        ("RETURN CASE WHEN true THEN 1", 1, 29, "mismatched input '<EOF>' expecting END"),
        ("RETURN CASE x END", 1, 15, "mismatched input 'END' expecting WHEN"),
        ("RETURN count(*", 1, 14, "mismatched input '*' expecting an expression"),
        ("MATCH (n) RETURN n;;", 1, 20, "mismatched input ';' expecting {<EOF>, ';'}"),
        ("EXPLAIN", 1, 8, "mismatched input '<EOF>' expecting {CALL,"),
    ]

    @Test(arguments: cases)
    func failsAt(_ query: String, _ line: Int, _ position: Int, _ message: String) {
        do {
            let statement = try CypherParser.parse(query)
            Issue.record("parsed: \(statement.sExpression)")
        } catch {
            #expect(error.code == .syntaxError)
            let prefix = "Error on line \(line) position \(position). The underlying parsing error is "
            #expect(error.message.hasPrefix(prefix), "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    static let memgraphSemanticTexts: [(String, String)] = [
        ("MATCH (a)-[*WSHORTEST]->(b) RETURN a",
         "Lambda for calculating weights is mandatory with weighted shortest path expansion."),
        ("MATCH (a)-[*ALLSHORTEST 3]->(b) RETURN a",
         "Lambda for calculating weights is mandatory with weighted shortest path expansion."),
        ("MATCH (a)-[*WSHORTEST 1..3 (e, n | 1) w]->(b) RETURN a",
         "Lower bound is not allowed in weighted or all shortest path expansion."),
        ("MATCH (a)-[*BFS (e, n | true) (e, n | true)]->(b) RETURN a", "Only one filter lambda can be supplied."),
        ("MATCH (a)-[*WSHORTEST (e, n | 1) w (e, n | true) (e, n | true)]->(b) RETURN a",
         "Only one filter lambda can be supplied."),
        ("MATCH (a)-[r (e, n | true)]->(b) RETURN a", "Filter lambda is only allowed in variable length expansion."),
        ("MATCH (a)-[*BFS | 3]->(b) RETURN a", "Limit parameter is only supported with KSHORTEST path expansion."),
    ]

    @Test(arguments: memgraphSemanticTexts)
    func memgraphTexts(_ query: String, _ message: String) {
        #expect(throws: QuiverError(.semanticError, message)) { try CypherParser.parse(query) }
    }

    @Test func transactionCommandsAreNotCypher() {
        #expect(throws: QuiverError.self) { try CypherParser.parse("BEGIN") }
    }
}
