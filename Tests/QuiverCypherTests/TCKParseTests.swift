// The TCK as a parser corpus: every query the TCK runs outside a SyntaxError scenario must
// parse (the rate is printed and must stay ≥ 99%), and the parse-rate of SyntaxError
// scenarios is reported for information (most of those are semantic errors, caught later).
import Foundation
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct TCKParseTests {
    /// Skipped (with this comment in the test report) when the TCK is not checked out.
    @Test(.enabled(if: TCKFeatureQueries.featuresDirectory != nil, "TCK features folder ../shared/tck/features not found"))
    func tckQueriesParse() throws {
        guard let directory = TCKFeatureQueries.featuresDirectory else { return }
        let queries = try TCKFeatureQueries.all(in: directory)
        let mustParse = queries.filter { !$0.expectsSyntaxError }
        var failures: [(TCKQuery, String)] = []
        for query in mustParse {
            do {
                _ = try CypherParser.parse(query.text)
            } catch {
                failures.append((query, error.message))
            }
        }
        let mainQueries = mustParse.filter { $0.role == .main }
        let mainFailures = failures.filter { $0.0.role == .main }
        print("TCK parse rate: \(mainQueries.count - mainFailures.count) of \(mainQueries.count) `When executing query` blocks parse; "
              + "\(mustParse.count - failures.count) of \(mustParse.count) including setup and control queries")
        for (query, message) in failures {
            print("  FAIL \(query.file) \(query.scenario)\n    \(query.text.replacingOccurrences(of: "\n", with: "\n    "))\n    → \(message)")
        }
        let syntaxScenarios = queries.filter { $0.expectsSyntaxError && $0.role == .main }
        let rejected = syntaxScenarios.filter { (try? CypherParser.parse($0.text)) == nil }
        print("TCK SyntaxError scenarios rejected by the parser alone: \(rejected.count) of \(syntaxScenarios.count)")
        let lexical: Set<String> = ["UnexpectedSyntax", "InvalidNumberLiteral", "IntegerOverflow", "FloatingPointOverflow",
                                    "InvalidUnicodeLiteral", "InvalidUnicodeCharacter"]
        let lexicalScenarios = syntaxScenarios.filter { lexical.contains($0.syntaxErrorDetail ?? "") }
        let accepted = lexicalScenarios.filter { (try? CypherParser.parse($0.text)) != nil }
        print("TCK purely syntactic SyntaxError scenarios rejected: \(lexicalScenarios.count - accepted.count) of \(lexicalScenarios.count)")
        for query in accepted {
            print("  ACCEPTED \(query.file) \(query.scenario) [\(query.syntaxErrorDetail ?? "")]\n    \(query.text.replacingOccurrences(of: "\n", with: "\n    "))")
        }
        #expect(mainQueries.count > 1000, "expected the TCK's ~1600 query blocks, found \(mainQueries.count)")
        #expect(Double(mainQueries.count - mainFailures.count) >= 0.99 * Double(mainQueries.count))
        #expect(failures.count <= mustParse.count / 100)
    }
}

