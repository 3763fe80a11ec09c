// QueryText: transaction commands and plan-cache normalisation (literals out, typed
// placeholders in, values and positions returned, constants the grammar needs kept).
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct QueryTextTests {
    @Test func transactionCommands() {
        #expect(QueryText.transactionCommand("BEGIN") == .begin)
        #expect(QueryText.transactionCommand("  begin ") == .begin)
        #expect(QueryText.transactionCommand("Commit;") == .commit)
        #expect(QueryText.transactionCommand("\n\tROLLBACK ; \n") == .rollback)
        #expect(QueryText.transactionCommand("BEGIN TRANSACTION") == nil)
        #expect(QueryText.transactionCommand("BEGINS") == nil)
        #expect(QueryText.transactionCommand("MATCH (n) RETURN n") == nil)
        #expect(QueryText.transactionCommand(";") == nil)
        #expect(QueryText.transactionCommand("") == nil)
    }

    @Test func literalsBecomePlaceholders() throws {
        let normalized = try QueryText.normalize("MATCH (n:User {id: 42})  WHERE n.name = 'Ann' AND n.score > 1.5 RETURN n")
        #expect(normalized.key == "MATCH (n:User {id: ?i})  WHERE n.name = ?s AND n.score > ?f RETURN n")
        #expect(normalized.literals.map(\.value) == [.int(42), .string("Ann"), .float(1.5)])
        #expect(normalized.literals.map(\.position.offset) == [19, 40, 60])
    }

    @Test func sameShapeSameKey() throws {
        let first = try QueryText.normalize("MATCH (n:User {id: 1}) RETURN n")
        let second = try QueryText.normalize("match (n:User {id:   2})\n// comment\nRETURN n")
        let third = try QueryText.normalize("MATCH (n:User {id: 'x'}) RETURN n")
        #expect(first.key == "MATCH (n:User {id: ?i}) RETURN n")
        #expect(second.key == "match (n:User {id:   ?i})\n// comment\nRETURN n")
        #expect(first.key != second.key)
        #expect(first.key != third.key)
        #expect(try QueryText.normalize("MATCH (n:User {id: 2}) RETURN n").key == first.key)
    }

    @Test func literalPositionsMatchTheParsedLiterals() throws {
        let query = "WITH [1, 'two', 3.0] AS l UNWIND l AS x RETURN x + 4"
        let normalized = try QueryText.normalize(query)
        #expect(normalized.literals.map(\.value) == [.int(1), .string("two"), .float(3.0), .int(4)])
        #expect(normalized.literals.map(\.position.offset) == [6, 9, 16, 51])
        #expect(normalized.literals[3].position == SourcePosition(line: 1, column: 52, offset: 51))
    }

    @Test func constantsTheGrammarNeedsStay() throws {
        #expect(try QueryText.normalize("MATCH (a)-[*1..3]->(b) RETURN b LIMIT 5").key
            == "MATCH (a)-[*1..3]->(b) RETURN b LIMIT ?i")
        #expect(try QueryText.normalize("MATCH (a)-[*BFS 5]->(b) RETURN b").key == "MATCH (a)-[*BFS 5]->(b) RETURN b")
        #expect(try QueryText.normalize("RETURN $0, $1").key == "RETURN $0, $1")
        #expect(try QueryText.normalize("RETURN 1 QUERY MEMORY LIMIT 10 MB").key == "RETURN ?i QUERY MEMORY LIMIT 10 MB")
        #expect(try QueryText.normalize("LOAD CSV FROM 'f' NO HEADER DELIMITER ';' QUOTE '\"' AS r RETURN r").key
            == "LOAD CSV FROM ?s NO HEADER DELIMITER ';' QUOTE '\"' AS r RETURN r")
        #expect(try QueryText.normalize("RETURN true, null, -9223372036854775808").key == "RETURN true, null, -9223372036854775808")
    }

    @Test func literalRangesCoverTheirTokens() throws {
        let query = "RETURN 'a\\'b', 12 // 3"
        let normalized = try QueryText.normalize(query)
        #expect(normalized.key == "RETURN ?s, ?i // 3")
        #expect(normalized.literals.map(\.range) == [SourceRange(start: 7, end: 13), SourceRange(start: 15, end: 17)])
        #expect(try QueryText.normalize("MATCH (n) RETURN n").key == "MATCH (n) RETURN n")
    }

    @Test func lexicalErrorsSurface() {
        #expect(throws: QuiverError.self) { try QueryText.normalize("RETURN 'open") }
    }
}
