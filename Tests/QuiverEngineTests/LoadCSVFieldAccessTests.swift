// LOAD CSV field access bound to columns (`row.name`, `toInteger(row.name)` read the record, not
// the row map): the same results as the map for present, missing and duplicate columns, NULLIF,
// text toInteger's fast path does not take; the map is used again where the slot may hold an
// older row (rows replayed by a barrier, WITH, ORDER BY, a subquery, nested LOAD CSV); the
// headerless form; and imports through the read-ahead window that prefetches index lookups
// (more rows than it holds, repeated, absent and unparsable keys, both in-memory modes).

import Foundation
import QuiverCore
import QuiverEngine
import QuiverStorage
import Testing

@Suite struct LoadCSVFieldAccessTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ session: Session, _ query: String, _ path: String, _ other: String = "") throws -> [[Value]] {
        try session.run(query, parameters: ["path": .string(path), "other": .string(other)]).all()
    }

    @Test func boundAccessMatchesTheRowMap() throws {
        let path = try file("a,b,a\n1,x,12\n2,,+5\n3,y, 7 \n4,z,1.9\n5,w,abc\n6,v,-3\n")
        let session = Database().session()
        // `row['a']` is not bound to a column: it reads the map, the reference here.
        let rows = try run(session, """
            LOAD CSV FROM $path WITH HEADER NULLIF '' AS row
            RETURN row.a, toInteger(row.a), row.b, toInteger(row.b), row.missing, toInteger(row.missing),
                   row['a'], toInteger(row['a']), row['b'], exists(row.b), row.a + row.b
            """, path)
        #expect(rows.count == 6)
        for row in rows {
            #expect(row[0] == row[6])
            #expect(row[1] == row[7])
            #expect(row[2] == row[8])
            #expect(row[4] == .null && row[5] == .null)
            #expect(row[9] == .bool(!row[2].isNull))
        }
        // The duplicate header `a` keeps its last column, as the map does.
        #expect(rows.map { $0[0] } == ["12", "+5", " 7 ", "1.9", "abc", "-3"].map(Value.string))
        #expect(rows.map { $0[1] } == [.int(12), .int(5), .int(7), .int(1), .null, .int(-3)])
        #expect(rows[1][2] == .null && rows[1][3] == .null && rows[1][10] == .null)
        #expect(rows[0][10] == .string("12x"))
    }

    @Test func conversionErrorsStayTheSame() throws {
        let path = try file("a\n99999999999999999999\n")
        let session = Database().session()
        #expect(throws: QuiverError.self) { try run(session, "LOAD CSV FROM $path WITH HEADER AS row RETURN toInteger(row.a)", path) }
        #expect(throws: QuiverError.self) { try run(session, "LOAD CSV FROM $path WITH HEADER AS row RETURN toInteger(row['a'])", path) }
    }

    @Test func replayedAndReboundRowsReadTheirOwnValues() throws {
        let path = try file("a,n\nx,1\ny,2\nz,3\n")
        let session = Database().session()
        // A write followed by MERGE puts a barrier between: every row is replayed after the last
        // was read, so each access must read its own row's map.
        let merged = try run(session, """
            LOAD CSV FROM $path WITH HEADER AS row CREATE (:T {v: row.a}) MERGE (m:M {v: row.a})
            RETURN row.a, m.v, toInteger(row.n) ORDER BY row.a
            """, path)
        #expect(merged == [[.string("x"), .string("x"), .int(1)], [.string("y"), .string("y"), .int(2)], [.string("z"), .string("z"), .int(3)]])
        let sorted = try run(session, "LOAD CSV FROM $path WITH HEADER AS row WITH row ORDER BY row.a DESC RETURN row.a, toInteger(row.n)", path)
        #expect(sorted == [[.string("z"), .int(3)], [.string("y"), .int(2)], [.string("x"), .int(1)]])
        let carried = try run(session, """
            LOAD CSV FROM $path WITH HEADER AS row WITH row, toInteger(row.n) AS n ORDER BY n DESC
            RETURN row.a, n, toInteger(row.n)
            """, path)
        #expect(carried == [[.string("z"), .int(3), .int(3)], [.string("y"), .int(2), .int(2)], [.string("x"), .int(1), .int(1)]])
        let collected = try run(session, "LOAD CSV FROM $path WITH HEADER AS row WITH collect(row) AS rows UNWIND rows AS r RETURN r.a", path)
        #expect(collected == [[.string("x")], [.string("y")], [.string("z")]])
        let unwound = try run(session, "LOAD CSV FROM $path WITH HEADER AS row UNWIND [1, 2] AS i RETURN row.a, i", path)
        #expect(unwound.map { $0[0] } == [.string("x"), .string("x"), .string("y"), .string("y"), .string("z"), .string("z")])
        let called = try run(session, "LOAD CSV FROM $path WITH HEADER AS row CALL { WITH row RETURN row.a AS v } RETURN v, row.a", path)
        #expect(called == [[.string("x"), .string("x")], [.string("y"), .string("y")], [.string("z"), .string("z")]])
        let grouped = try run(session, "LOAD CSV FROM $path WITH HEADER AS row RETURN row.a AS a, count(*) ORDER BY a", path)
        #expect(grouped == [[.string("x"), .int(1)], [.string("y"), .int(1)], [.string("z"), .int(1)]])
    }

    @Test func nestedLoadsKeepTheirOwnRecords() throws {
        let outer = try file("a\nx\ny\n"), inner = try file("b\n1\n2\n")
        let session = Database().session()
        let rows = try run(session, """
            LOAD CSV FROM $path WITH HEADER AS r1 LOAD CSV FROM $other WITH HEADER AS r2
            RETURN r1.a, toInteger(r2.b)
            """, outer, inner)
        #expect(rows == [[.string("x"), .int(1)], [.string("x"), .int(2)], [.string("y"), .int(1)], [.string("y"), .int(2)]])
    }

    @Test func headerlessRowsAndTheirLookups() throws {
        let users = try file("1\n2\n3\n"), edges = try file("1,2\n1,3\n3,1\n2,9\nx,1\n")
        let session = Database().session()
        _ = try session.run("CREATE INDEX ON :User(id)").all()
        _ = try run(session, "LOAD CSV FROM $path NO HEADER AS row CREATE (:User {id: toInteger(row[0])})", users)
        _ = try run(session, """
            LOAD CSV FROM $path NO HEADER AS row MATCH (a:User {id: toInteger(row[0])}), (b:User {id: toInteger(row[1])})
            CREATE (a)-[:FRIEND]->(b)
            """, edges)
        let pairs = try session.run("MATCH (a)-[:FRIEND]->(b) RETURN a.id, b.id ORDER BY a.id, b.id").all()
        #expect(pairs == [[.int(1), .int(2)], [.int(1), .int(3)], [.int(3), .int(1)]])
        let values = try run(session, "LOAD CSV FROM $path NO HEADER AS row RETURN row[1], toInteger(row[0]), row[5]", edges)
        #expect(values.map { $0[0] } == [.string("2"), .string("3"), .string("1"), .string("9"), .string("1")])
        #expect(values.map { $0[1] } == [.int(1), .int(1), .int(3), .int(2), .null])
        #expect(values.allSatisfy { $0[2] == .null })
    }

    /// More rows than the read-ahead window, grouped by source like the benchmark's file, with
    /// repeated, absent and unparsable keys: the graph is exactly the one the rows describe.
    @Test(arguments: [StorageMode.inMemoryTransactional, .inMemoryAnalytical])
    func importThroughTheReadAheadWindow(mode: StorageMode) throws {
        var config = DatabaseConfig()
        config.storage.mode = mode
        let session = Database(config: config).session()
        let userCount = 300
        let users = try file("id\n" + (0..<userCount).map { "\($0 * 3)" }.joined(separator: "\n") + "\n")
        var lines = ["from,to"]
        var expected: [[Value]] = []
        var state: UInt64 = 7
        for source in 0..<120 {
            for _ in 0..<(source % 9) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let target = Int(state >> 33) % (userCount + 40)
                let text = target % 37 == 5 ? "t\(target)" : "\(target * 3)"
                lines.append("\(source * 3),\(text)")
                if target < userCount, target % 37 != 5 { expected.append([.int(Int64(source * 3)), .int(Int64(target * 3))]) }
            }
        }
        let edges = try file(lines.joined(separator: "\n") + "\n")
        _ = try session.run("CREATE INDEX ON :User(id)").all()
        _ = try run(session, "LOAD CSV FROM $path WITH HEADER AS row CREATE (:User {id: toInteger(row.id)})", users)
        _ = try run(session, """
            LOAD CSV FROM $path WITH HEADER AS row MATCH (a:User {id: toInteger(row.from)}), (b:User {id: toInteger(row.to)})
            CREATE (a)-[:FRIEND]->(b)
            """, edges)
        let pairs = try session.run("MATCH (a)-[:FRIEND]->(b) RETURN a.id, b.id ORDER BY a.id, b.id").all()
        let sorted = expected.sorted { ($0[0].intValue!, $0[1].intValue!) < ($1[0].intValue!, $1[1].intValue!) }
        #expect(pairs.count == expected.count)
        #expect(pairs == sorted)
        let incoming = try session.run("MATCH (b:User)<-[:FRIEND]-() RETURN b.id, count(*) ORDER BY b.id").all()
        #expect(incoming.reduce(0) { $0 + Int($1[1].intValue!) } == expected.count)
    }
}

private extension Value {
    var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}
