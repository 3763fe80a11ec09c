// Engine basics: queries through Database/Session end to end — create and match, projections,
// aggregation, ordering, optional match, writes visible to later clauses, transactions, errors
// with their openCypher details, EXPLAIN with an index scan, PROFILE counts.

import QuiverCore
import QuiverEngine
import Testing

@Suite struct EngineBasicsTests {
    func rows(_ session: Session, _ query: String, _ parameters: [String: Value] = [:]) throws -> [[Value]] {
        try session.run(query, parameters: parameters).all()
    }

    @Test func createMatchAndReturn() throws {
        let session = Database().session()
        _ = try rows(session, "CREATE (:User {id: 1, name: 'Ana'})-[:KNOWS {since: 2020}]->(:User {id: 2, name: 'Bo'})")
        let found = try rows(session, "MATCH (a:User)-[k:KNOWS]->(b) RETURN a.name, k.since, b.name")
        #expect(found == [[.string("Ana"), .int(2020), .string("Bo")]])
        let count = try rows(session, "MATCH (n) RETURN count(*) AS c")
        #expect(count == [[.int(2)]])
    }

    @Test func orderSkipLimitAndDistinct() throws {
        let session = Database().session()
        _ = try rows(session, "UNWIND [3, 1, 2, 3] AS x CREATE (:N {x: x})")
        #expect(try rows(session, "MATCH (n:N) RETURN DISTINCT n.x AS x ORDER BY x DESC") == [[.int(3)], [.int(2)], [.int(1)]])
        #expect(try rows(session, "MATCH (n:N) RETURN n.x AS x ORDER BY x SKIP 1 LIMIT 2") == [[.int(2)], [.int(3)]])
    }

    @Test func aggregationGroupsByKeys() throws {
        let session = Database().session()
        _ = try rows(session, "UNWIND [1, 1, 2] AS x CREATE (:N {x: x})")
        let grouped = try rows(session, "MATCH (n:N) RETURN n.x AS x, count(*) AS c ORDER BY x")
        #expect(grouped == [[.int(1), .int(2)], [.int(2), .int(1)]])
        #expect(try rows(session, "MATCH (n:Missing) RETURN count(n)") == [[.int(0)]])
    }

    @Test func optionalMatchPadsWithNull() throws {
        let session = Database().session()
        _ = try rows(session, "CREATE (:A {v: 1})")
        #expect(try rows(session, "MATCH (a:A) OPTIONAL MATCH (a)-->(b) RETURN a.v, b") == [[.int(1), .null]])
    }

    @Test func writesAreVisibleToLaterClauses() throws {
        let session = Database().session()
        let result = try rows(session, "CREATE (a:A) WITH a MATCH (b:A) SET b.v = 5 RETURN b.v")
        #expect(result == [[.int(5)]])
        #expect(try rows(session, "MATCH (a:A) RETURN a.v") == [[.int(5)]])
    }

    @Test func explicitTransactionsCommitAndRollBack() throws {
        let database = Database()
        let session = database.session()
        try session.begin()
        _ = try rows(session, "CREATE (:T)")
        try session.rollback()
        #expect(try rows(session, "MATCH (n:T) RETURN count(n)") == [[.int(0)]])
        _ = try rows(session, "BEGIN")
        _ = try rows(session, "CREATE (:T)")
        _ = try rows(session, "COMMIT")
        #expect(try rows(database.session(), "MATCH (n:T) RETURN count(n)") == [[.int(1)]])
    }

    @Test func errorsCarryOpenCypherDetails() throws {
        let session = Database().session()
        #expect { try rows(session, "RETURN x") } throws: { ($0 as? QuiverError)?.detail == "UndefinedVariable" }
        #expect { try rows(session, "MATCH (a) MATCH (a)-[a]->() RETURN a") } throws: {
            ($0 as? QuiverError)?.detail == "VariableTypeConflict"
        }
        #expect { try rows(session, "CREATE (a)-[:A|B]->(b)") } throws: { ($0 as? QuiverError)?.detail == "NoSingleRelationshipType" }
        // A failed query changes nothing.
        #expect(throws: QuiverError.self) { try rows(session, "CREATE (:Z) WITH 1 AS x RETURN x / $missing") }
        #expect(try rows(session, "MATCH (z:Z) RETURN count(z)") == [[.int(0)]])
    }

    @Test func explainShowsAnIndexScan() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "CREATE INDEX ON :User(id)")
        let plan = try rows(session, "EXPLAIN MATCH (n:User {id: $id}) RETURN n", ["id": .int(1)])
        #expect(plan.contains { $0 == [.string(" * ScanAllByLabelPropertyValue (n :User {id})")] }, "\(plan)")
        let range = try rows(session, "EXPLAIN MATCH (n:User) WHERE n.id > 5 RETURN n")
        #expect(range.contains { row in
            if case .string(let line) = row[0] { return line.contains("ScanAllByLabelPropertyRange") }
            return false
        }, "\(range)")
    }

    @Test func dynamicLabelsFromParametersAndRows() throws {
        let session = Database().session()
        _ = try rows(session, "CREATE (:D {kind: 'Red'})")
        _ = try rows(session, "MATCH (n:D) SET n:$label, n:$more", ["label": .string("Dyn"), "more": .list([.string("X"), .string("Y")])])
        _ = try rows(session, "MATCH (n:D) SET n:n.kind")
        #expect(try rows(session, "MATCH (n:D) RETURN labels(n)")
            == [[.list([.string("D"), .string("Dyn"), .string("X"), .string("Y"), .string("Red")])]])
        _ = try rows(session, "MATCH (n:D) REMOVE n:$label", ["label": .string("X")])
        #expect(try rows(session, "MATCH (n:X) RETURN count(n)") == [[.int(0)]])
    }

    @Test func explainShowsAHashJoin() throws {
        let session = Database().session()
        let plan = try rows(session, "EXPLAIN MATCH (a:A), (b:B) WHERE a.x = b.x RETURN a, b")
        #expect(plan.contains { $0 == [.string(" * HashJoin")] }, "\(plan)")
        #expect(!plan.contains { $0 == [.string(" * Cartesian")] }, "\(plan)")
        let unjoined = try rows(session, "EXPLAIN MATCH (a:A), (b:B) WHERE a.x < b.x RETURN a, b")
        #expect(unjoined.contains { $0 == [.string(" * Cartesian")] }, "\(unjoined)")
    }

    @Test func indexedLookupFindsTheRightVertex() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "UNWIND range(1, 100) AS i CREATE (:User {id: i})")
        _ = try rows(session, "CREATE INDEX ON :User(id)")
        #expect(try rows(session, "MATCH (n:User {id: $id}) RETURN n.id", ["id": .int(42)]) == [[.int(42)]])
        #expect(try rows(session, "MATCH (n:User) WHERE n.id >= 98 RETURN n.id ORDER BY n.id") == [[.int(98)], [.int(99)], [.int(100)]])
    }

    @Test func profileCountsHits() throws {
        let session = Database().session()
        _ = try rows(session, "UNWIND range(1, 10) AS i CREATE (:P)")
        let profile = try rows(session, "PROFILE MATCH (n:P) RETURN n")
        #expect(profile.contains { $0.first == .string("* ScanAllByLabel") && $0[1] == .int(10) }, "\(profile)")
    }
}
