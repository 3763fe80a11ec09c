// LOAD CSV through the engine: header and headerless files, quoted fields with delimiters,
// doubled quotes and newlines, custom delimiter, NULLIF, IGNORE BAD, and a missing file; row
// maps kept past their row (the reader reuses a map nothing else holds); the import shape
// with index lookups, and index equality scans that must still apply Cypher equality.

import Foundation
import QuiverCore
import QuiverEngine
import Testing

@Suite struct LoadCSVTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func withHeaderRowsAreMaps() throws {
        let path = try file("id,name\n1,\"Ana, the first\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n")
        let session = Database().session()
        let rows = try session.run("LOAD CSV FROM $path WITH HEADER AS row CREATE (:P {id: toInteger(row.id), name: row.name})",
                                   parameters: ["path": .string(path)]).all()
        #expect(rows.isEmpty)
        let names = try session.run("MATCH (p:P) RETURN p.name ORDER BY p.id").all()
        #expect(names == [[.string("Ana, the first")], [.string("say \"hi\"")], [.string("two\nlines")]])
    }

    @Test func noHeaderDelimiterNullIfAndIgnoreBad() throws {
        let path = try file("a;b\nx;\ny\n")
        let session = Database().session()
        let lists = try session.run("LOAD CSV FROM $path NO HEADER DELIMITER ';' NULLIF '' AS row RETURN row",
                                    parameters: ["path": .string(path)]).all()
        #expect(lists == [[.list([.string("a"), .string("b")])], [.list([.string("x"), .null])], [.list([.string("y")])]])
        let good = try session.run("LOAD CSV FROM $path WITH HEADER IGNORE BAD DELIMITER ';' AS row RETURN row.a",
                                   parameters: ["path": .string(path)]).all()
        #expect(good == [[.string("x")]])
        #expect(throws: QuiverError.self) {
            try session.run("LOAD CSV FROM $path WITH HEADER DELIMITER ';' AS row RETURN row", parameters: ["path": .string(path)]).all()
        }
        #expect(throws: QuiverError.self) {
            try session.run("LOAD CSV FROM '/nonexistent/file.csv' NO HEADER AS row RETURN row").all()
        }
    }

    @Test func rowMapsKeptByLaterClausesStayDistinct() throws {
        let path = try file("id,name\n1,a\n2,b\n3,c\n")
        let session = Database().session()
        let rows = try session.run("LOAD CSV FROM $path WITH HEADER AS row RETURN collect(row) AS rows",
                                   parameters: ["path": .string(path)]).all()
        #expect(rows == [[.list([.map(["id": .string("1"), "name": .string("a")]),
                                 .map(["id": .string("2"), "name": .string("b")]),
                                 .map(["id": .string("3"), "name": .string("c")])])]])
    }

    @Test func edgeImportThroughTheIndex() throws {
        let users = try file("id\n1\n2\n3\n"), edges = try file("from,to\n1,2\n1,3\n3,1\n2,9\n")
        let session = Database().session()
        _ = try session.run("CREATE INDEX ON :User(id)").all()
        _ = try session.run("LOAD CSV FROM $path WITH HEADER AS row CREATE (:User {id: toInteger(row.id)})",
                            parameters: ["path": .string(users)]).all()
        _ = try session.run("LOAD CSV FROM $path WITH HEADER AS row MATCH (a:User {id: toInteger(row.from)}), "
                            + "(b:User {id: toInteger(row.to)}) CREATE (a)-[:FRIEND]->(b)",
                            parameters: ["path": .string(edges)]).all()
        let pairs = try session.run("MATCH (a)-[:FRIEND]->(b) RETURN a.id, b.id ORDER BY a.id, b.id").all()
        #expect(pairs == [[.int(1), .int(2)], [.int(1), .int(3)], [.int(3), .int(1)]])
    }

    @Test func indexEqualityKeepsCypherEquality() throws {
        let session = Database().session()
        _ = try session.run("CREATE INDEX ON :N(p)").all()
        _ = try session.run("CREATE (:N {p: 0.0 / 0.0}), (:N {p: 1}), (:N {p: 1.0}), (:N {p: [1, null]}), (:N {p: 'x'})").all()
        func count(_ value: String) throws -> Value {
            try session.run("WITH \(value) AS v MATCH (n:N {p: v}) RETURN count(n)").all()[0][0]
        }
        #expect(try count("0.0 / 0.0") == .int(0))
        #expect(try count("1") == .int(2))
        #expect(try count("1.0") == .int(2))
        #expect(try count("[1, null]") == .int(0))
        #expect(try count("'x'") == .int(1))
    }
}
