// Bounded fuzzing: seeded random token soups and byte-level mutations of TCK and corpus
// queries. The parser must return a statement or throw a QuiverError, never trap; whatever
// parses must also print and normalise. Runs in well under five seconds.
import Foundation
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct ParserFuzzTests {
    static let vocabulary: [String] = [
        "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "AS", "CREATE", "MERGE", "ON", "SET", "REMOVE", "DELETE",
        "DETACH", "UNION", "ALL", "CALL", "YIELD", "FOREACH", "LOAD", "CSV", "FROM", "HEADER", "NO", "ORDER", "BY", "SKIP",
        "LIMIT", "DESC", "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END", "AND", "OR", "XOR", "NOT", "IN", "IS", "NULL",
        "STARTS", "ENDS", "CONTAINS", "TRUE", "FALSE", "count", "exists", "EXISTS", "COUNT", "reduce", "all", "any",
        "none", "single", "filter", "extract", "BFS", "WSHORTEST", "ALLSHORTEST", "KSHORTEST", "QUERY", "MEMORY",
        "PROCEDURE", "UNLIMITED", "MB", "KB", "EXPLAIN", "PROFILE", "USING", "INDEX", "HOPS", "DUMP", "DATABASE",
        "IN TRANSACTIONS", "OF", "ROWS",
        "(", ")", "[", "]", "{", "}", ",", ".", "..", ":", "::", ";", "$", "|", "=", "<>", "!=", "<", ">", "<=", ">=",
        "=~", "+", "-", "*", "/", "%", "^", "+=", "-->", "<--", "--", "-[", "]->", "<-[", "]-", "—", "＞", "⟨",
        "n", "m", "x", "a.b", "`weird name`", "`a``b`", "ünï", "_", "$p", "$0", "0", "1", "42", "-7", "0x1F", "0o17",
        "017", "1.5", ".5", "1e9", "9223372036854775807", "9223372036854775808", "0x", "1e999", "'str'", "\"dq\"",
        "'esc\\n\\u00e9'", "'\\uD83D\\uDE00'", "'bad\\q'", "'open", "`open", "/* c */", "// c\n", "/* open", "\n", "\t",
        "#", "!", "\u{00A0}", "😀",
    ]

    @Test func randomTokenSoupsNeverTrap() {
        var generator = SplitMix64(seed: 0xC1F3)
        var parsed = 0
        for _ in 0..<8000 {
            let count = 1 + generator.next(below: 40)
            var query = ""
            for _ in 0..<count {
                query += Self.vocabulary[generator.next(below: Self.vocabulary.count)]
                query += generator.next(below: 4) == 0 ? "" : " "
            }
            if exercise(query) { parsed += 1 }
        }
        print("fuzz: \(parsed) of 8000 token soups parsed")
    }

    @Test func mutatedQueriesNeverTrap() throws {
        var seeds = MustParseCorpus.all
        if let directory = TCKFeatureQueries.featuresDirectory {
            seeds += try TCKFeatureQueries.all(in: directory).map(\.text)
        }
        var generator = SplitMix64(seed: 0x5EED)
        var parsed = 0
        let rounds = 8000
        for _ in 0..<rounds {
            var bytes = Array(seeds[generator.next(below: seeds.count)].utf8)
            for _ in 0...generator.next(below: 3) {
                mutate(&bytes, using: &generator)
            }
            if exercise(String(decoding: bytes, as: UTF8.self)) { parsed += 1 }
        }
        print("fuzz: \(parsed) of \(rounds) mutated queries parsed")
    }

    /// `CYPHER_FUZZ_SEED` and `CYPHER_FUZZ_COUNT` in the environment run a longer or
    /// different campaign of generated queries (the default keeps CI fast).
    @Test func generatedQueriesParse() {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["CYPHER_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xABCD
        let count = environment["CYPHER_FUZZ_COUNT"].flatMap { Int($0) } ?? 6000
        var generator = QueryGenerator(seed: seed)
        var mutationRandom = SplitMix64(seed: seed &+ 77)
        for _ in 0..<count {
            let query = generator.query()
            do {
                _ = try CypherParser.parse(query).sExpression
            } catch {
                Issue.record("\(query)\n→ \(error.message)")
            }
            var bytes = Array(query.utf8)
            mutate(&bytes, using: &mutationRandom)
            _ = exercise(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Parses, and for a statement also prints and normalises it. Returns whether it parsed.
    private func exercise(_ query: String) -> Bool {
        _ = try? QueryText.normalize(query)
        _ = QueryText.transactionCommand(query)
        do {
            let statement = try CypherParser.parse(query)
            _ = statement.sExpression
            return true
        } catch {
            #expect(error.code == .syntaxError || error.code == .semanticError, "\(query): \(error)")
            if error.code == .syntaxError {
                #expect(error.message.hasPrefix("Error on line "), "\(error.message)")
            }
            return false
        }
    }

    private func mutate(_ bytes: inout [UInt8], using generator: inout SplitMix64) {
        let length = bytes.count
        let point = length == 0 ? 0 : generator.next(below: length)
        let span = 1 + generator.next(below: max(1, min(8, length - point)))
        switch generator.next(below: 6) {
        case 0 where length > 0:
            bytes.removeSubrange(point..<min(length, point + span))
        case 1:
            let token = Self.vocabulary[generator.next(below: Self.vocabulary.count)]
            bytes.insert(contentsOf: Array((" " + token + " ").utf8), at: point)
        case 2 where length > 0:
            let piece = Array(bytes[point..<min(length, point + span)])
            bytes.insert(contentsOf: piece, at: generator.next(below: length))
        case 3 where length > 0:
            bytes[point] = UInt8(truncatingIfNeeded: generator.next())
        case 4 where length > 0:
            bytes.removeSubrange(point...)
        default:
            let brackets: [UInt8] = Array("([{)]}".utf8)
            bytes.insert(brackets[generator.next(below: brackets.count)], at: point)
        }
    }
}
