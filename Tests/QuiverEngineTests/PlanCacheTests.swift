// Plan cache: queries that differ only in literals share one cached plan (keyed by the text
// with literals stripped) and still give their own results and column names; plans whose
// shape depends on a literal's value are not shared, so each text keeps its own meaning.

import QuiverCore
import QuiverEngine
import Testing

@Suite struct PlanCacheTests {
    func rows(_ session: Session, _ query: String) throws -> [[Value]] {
        try session.run(query).all()
    }

    func columns(_ session: Session, _ query: String) throws -> [String] {
        let result = try session.run(query)
        _ = try result.all()
        return result.columns
    }

    func detail(_ session: Session, _ query: String) -> String? {
        let outcome = Result { () throws(QuiverError) -> [[Value]] in try session.run(query).all() }
        guard case .failure(let error) = outcome else { return nil }
        return error.detail ?? "\(error.code)"
    }

    @Test func queriesDifferingInLiteralsShareOnePlan() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "UNWIND range(1, 5) AS i CREATE (:N {x: i, name: 'n' + toString(i)})")
        let before = database.cachedPlanCount
        #expect(try rows(session, "MATCH (n:N {x: 2}) RETURN n.name AS name") == [[.string("n2")]])
        #expect(try rows(session, "MATCH (n:N {x: 4}) RETURN n.name AS name") == [[.string("n4")]])
        #expect(try rows(session, "MATCH (n:N {x: 40}) RETURN n.name AS name") == [])
        #expect(database.cachedPlanCount == before + 1)
        #expect(try rows(session, "MATCH (n:N) WHERE n.name = 'n3' RETURN n.x AS x") == [[.int(3)]])
        #expect(try rows(session, "MATCH (n:N) WHERE n.name = 'n5' RETURN n.x AS x") == [[.int(5)]])
        // A literal of another type is another key.
        #expect(try rows(session, "MATCH (n:N {x: 2.0}) RETURN n.name AS name") == [[.string("n2")]])
        #expect(database.cachedPlanCount == before + 3)
    }

    @Test func skipAndLimitLiteralsAreShared() throws {
        let database = Database()
        let session = database.session()
        #expect(try rows(session, "UNWIND range(1, 10) AS x RETURN x SKIP 2 LIMIT 3") == [[.int(3)], [.int(4)], [.int(5)]])
        #expect(try rows(session, "UNWIND range(1, 10) AS x RETURN x SKIP 8 LIMIT 5") == [[.int(9)], [.int(10)]])
        #expect(database.cachedPlanCount == 1)
    }

    @Test func columnNamesQuoteTheirOwnLiterals() throws {
        let database = Database()
        let session = database.session()
        #expect(try columns(session, "RETURN 1 + 2, 'a' AS s") == ["1 + 2", "s"])
        #expect(try rows(session, "RETURN 10 + 20, 'b' AS s") == [[.int(30), .string("b")]])
        #expect(try columns(session, "RETURN 10 + 20, 'b' AS s") == ["10 + 20", "s"])
        #expect(database.cachedPlanCount == 1)
        // Rebuilt names that collide are planned afresh, and fail as they should.
        #expect(try columns(session, "RETURN 1, 2") == ["1", "2"])
        #expect(detail(session, "RETURN 1, 1") == "ColumnNameConflict")
    }

    @Test func plansDependingOnLiteralValuesAreNotShared() throws {
        let session = Database().session()
        // ORDER BY matched to the grouping key by its text: another literal is another expression.
        #expect(try rows(session, "UNWIND [1, 1, 2] AS x RETURN x + 1 AS k, count(*) AS c ORDER BY x + 1")
            == [[.int(2), .int(2)], [.int(3), .int(1)]])
        #expect(detail(session, "UNWIND [1, 1, 2] AS x RETURN x + 1 AS k, count(*) AS c ORDER BY x + 2") != nil)
        // Two aggregates with the same text are computed once; with other literals twice.
        #expect(try rows(session, "UNWIND [1, 2] AS x RETURN sum(x * 1) AS a, sum(x * 1) AS b") == [[.int(3), .int(3)]])
        #expect(try rows(session, "UNWIND [1, 2] AS x RETURN sum(x * 1) AS a, sum(x * 10) AS b") == [[.int(3), .int(30)]])
        // UNION compares column names, which quote the literals.
        #expect(try rows(session, "RETURN 1 UNION RETURN 1") == [[.int(1)]])
        #expect(detail(session, "RETURN 1 UNION RETURN 2") == "DifferentColumnsInUnion")
    }

    @Test func explainShowsItsOwnLiterals() throws {
        let session = Database().session()
        let first = try rows(session, "EXPLAIN RETURN 1 AS one")
        let second = try rows(session, "EXPLAIN RETURN 2 AS two")
        #expect(first != second)
    }
}
