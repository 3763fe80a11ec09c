// Parse cost of typical queries. Prints microseconds per parse; in release builds (where the
// number means something) a typical 200-byte query must parse in well under 20 µs.
import Foundation
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct ParserPerformanceTests {
    static let typical = [
        "MATCH (a:Person {name: $name})-[:KNOWS*1..3]->(b:Person) WHERE b.age > 30 AND b.city IN ['Zagreb', 'Split'] "
            + "RETURN b.name AS name, count(*) AS friends ORDER BY friends DESC LIMIT 10",
        "MATCH (n:User {id: $id}) RETURN n",
        "MATCH (s:User {id: $id})-->()-->(n:User) RETURN DISTINCT n.id",
        "UNWIND $rows AS row MERGE (u:User {id: row.id}) ON CREATE SET u.name = row.name, u.created = timestamp() "
            + "ON MATCH SET u.seen = timestamp() WITH u, row MATCH (c:City {name: row.city}) MERGE (u)-[:LIVES_IN]->(c)",
    ]

    static func microsecondsPerParse(_ query: String, iterations: Int) throws -> Double {
        for _ in 0..<100 { _ = try CypherParser.parse(query) }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<iterations { _ = try CypherParser.parse(query) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds * 1e6 / Double(iterations)
    }

    @Test func typicalQueriesParseFast() throws {
        for query in Self.typical {
            let microseconds = try Self.microsecondsPerParse(query, iterations: 2000)
            let normalizeMicroseconds = try { () throws -> Double in
                let clock = ContinuousClock()
                let elapsed = try clock.measure { for _ in 0..<2000 { _ = try QueryText.normalize(query) } }
                return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) * 1e6 / 2000
            }()
            let tokenizeMicroseconds = try { () throws -> Double in
                let clock = ContinuousClock()
                let elapsed = try clock.measure { for _ in 0..<2000 { _ = try CypherParser.tokenize(query) } }
                return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) * 1e6 / 2000
            }()
            print(String(format: "tokenize %6.2f µs, ", tokenizeMicroseconds), terminator: "")
            print(String(format: "parse %6.2f µs, normalize %6.2f µs for %3d bytes: %@", microseconds, normalizeMicroseconds,
                         query.utf8.count, String(query.prefix(60))))
            #if !DEBUG
            #expect(microseconds < 20, "\(microseconds) µs for \(query.utf8.count) bytes")
            #endif
        }
    }
}
