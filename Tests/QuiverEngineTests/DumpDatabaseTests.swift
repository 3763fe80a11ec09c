// DUMP DATABASE: every value type written as a literal that reads back the same, and a dump
// replayed into an empty database giving the same graph (the same dump again) and indexes.
import QuiverCore
import QuiverCypher
import QuiverEngine
import Testing

@Suite struct DumpDatabaseTests {
    func rows(_ session: Session, _ query: String) throws -> [[Value]] {
        try session.run(query).all()
    }

    func dump(_ session: Session) throws -> [String] {
        let result = try session.run("DUMP DATABASE")
        #expect(result.columns == ["QUERY"])
        return try result.all().map { row in
            guard case .string(let text) = row[0] else { return "" }
            return text
        }
    }

    @Test func literalsReadBackAsTheSameValue() throws {
        let session = Database().session()
        let values = [
            "1", "-9223372036854775807", "1.5", "1.0E-300", "'a\\\\b\\'c\\n'", "[1, 'x', [true, null]]",
            "{a: 1, `b c`: {d: 'e'}}", "date('2024-02-29')", "localtime('12:34:56.789')", "time('10:00+02:00')",
            "localdatetime('2015-07-21T21:40:32.142')", "datetime('2015-07-21T21:40:32.142+01:00[Europe/London]')",
            "duration('P1Y2M3DT4H5M6.007S')", "1.0 / 0.0", "-1.0 / 0.0",
        ]
        for text in values {
            let original = try rows(session, "RETURN \(text) AS v")[0][0]
            let literal = CypherLiteral.text(original)
            let again = try rows(session, "RETURN \(literal) AS v")[0][0]
            #expect(again == original, "\(text) → \(literal)")
        }
        let nan = try rows(session, "RETURN \(CypherLiteral.text(.float(.nan))) AS v")[0][0]
        if case .float(let number) = nan { #expect(number.isNaN) } else { Issue.record("NaN did not read back") }
    }

    @Test func dumpRebuildsTheGraph() throws {
        let source = Database().session()
        _ = try rows(source, "CREATE INDEX ON :Person")
        _ = try rows(source, "CREATE INDEX ON :Person(name)")
        _ = try rows(source, "CREATE CONSTRAINT ON (n:Person) ASSERT EXISTS (n.name)")
        _ = try rows(source, "CREATE CONSTRAINT ON (n:Person) ASSERT n.name IS UNIQUE")
        _ = try rows(source, "CREATE CONSTRAINT ON (n:Person) ASSERT n.name IS TYPED STRING")
        _ = try rows(source, """
            CREATE (a:Person:`Odd Label` {name: 'Ana', age: 30, tags: ['x', 'y'], born: date('1994-05-06'), `key with space`: 1.25}),
                   (b:Person {name: 'Bo\\'s'}), (c {when: datetime('2020-01-01T00:00Z')}),
                   (a)-[:KNOWS {since: 2020, w: 0.5}]->(b), (b)-[:`ODD TYPE`]->(c), (c)-[:SELF]->(c)
            """)
        let statements = try dump(source)
        #expect(statements.first == "CREATE INDEX ON :Person;")
        #expect(statements.contains("CREATE INDEX ON :__mg_vertex__(__mg_id__);"))
        #expect(statements.suffix(4).first == "MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;")
        #expect(Set(statements.suffix(3)) == ["CREATE CONSTRAINT ON (n:Person) ASSERT EXISTS (n.name);",
                                               "CREATE CONSTRAINT ON (n:Person) ASSERT n.name IS UNIQUE;",
                                               "CREATE CONSTRAINT ON (n:Person) ASSERT n.name IS TYPED STRING;"])

        let target = Database()
        let session = target.session()
        for statement in statements { _ = try rows(session, statement) }
        let again = try dump(session)
        #expect(again == statements, "\(again.joined(separator: "\n"))\n---\n\(statements.joined(separator: "\n"))")
        #expect(try rows(session, "MATCH (n:__mg_vertex__) RETURN count(*)") == [[.int(0)]])
        #expect(try rows(session, "MATCH (a {name: 'Ana'})-[k:KNOWS]->(b) RETURN k.since, b.name, a.born") ==
                [[.int(2020), .string("Bo's"), try rows(session, "RETURN date('1994-05-06')")[0][0]]])
        #expect(target.storage.indexInfo.count == 2)
        #expect(target.storage.constraintInfo.count == 3)
    }

    @Test func dumpOfAnEmptyDatabaseOnlyManagesTheHelperIndex() throws {
        let session = Database().session()
        #expect(try dump(session) == ["CREATE INDEX ON :__mg_vertex__(__mg_id__);", "DROP INDEX ON :__mg_vertex__(__mg_id__);",
                                      "MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;"])
    }
}
