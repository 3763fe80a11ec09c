// The must-parse corpus (MustParseCorpus.swift) parses, and its S-expression is stable when
// the query is re-lexed with different spacing and keyword case (a shape round-trip).
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct ParserCorpusTests {
    @Test(arguments: MustParseCorpus.all)
    func parses(_ query: String) {
        do {
            _ = try CypherParser.parse(query)
        } catch {
            Issue.record("\(query)\n→ \(error.message)")
        }
    }

    @Test func corpusIsLarge() {
        #expect(MustParseCorpus.all.count >= 200)
    }

    /// Re-spelling every token with single spaces between (and keywords in lower case) must
    /// not change the tree: the parser depends on tokens, not on layout or keyword case.
    @Test(arguments: MustParseCorpus.all)
    func shapeIgnoresLayoutAndKeywordCase(_ query: String) throws {
        guard let original = try? CypherParser.parse(query) else { return }
        let respelled = try respell(query)
        let reparsed = try CypherParser.parse(respelled)
        #expect(reparsed.sExpression == original.sExpression, "\(respelled)")
    }

    private func respell(_ query: String) throws -> String {
        let bytes = Array(query.utf8)
        let tokens = try CypherParser.tokenize(query)
        return tokens.dropLast().map { token in
            let text = String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
            return token.keyword != .nonKeyword ? text.lowercased() : text
        }.joined(separator: " ")
    }
}
