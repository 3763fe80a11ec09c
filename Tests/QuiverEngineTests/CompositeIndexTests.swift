// Composite label+property indexes through Session.run: both DDL forms with Memgraph's
// notifications, SHOW INDEX INFO (the property column lists the properties in index order),
// counts kept by writes, GC and rollback, DROP ALL INDEXES, DUMP DATABASE replay, and the
// on-disk mode's refusal.
import QuiverCore
@testable import QuiverEngine
import QuiverStorage
import Testing

@Suite struct CompositeIndexEngineTests {
    func rows(_ session: Session, _ query: String) throws(QuiverError) -> [[Value]] {
        try session.run(query).all()
    }

    func titles(_ session: Session, _ query: String) throws(QuiverError) -> [String] {
        try session.run(query).notifications.map(\.title)
    }

    func indexRows(_ session: Session) throws(QuiverError) -> [[Value]] {
        try rows(session, "SHOW INDEX INFO")
    }

    static func row(_ label: String, _ properties: [String], _ count: Int) -> [Value] {
        [.string("label+property"), .string(label), .list(properties.map { .string($0) }), .int(Int64(count))]
    }

    @Test func ddlNotificationsAndShowIndexInfo() throws {
        let session = Database().session()
        _ = try rows(session, "CREATE (:User {a: 1, b: 'x'}), (:User {a: 1}), (:User {b: 'y'}), (:User {a: 2, b: 'z', c: 3})")
        #expect(try titles(session, "CREATE INDEX ON :User(a, b)") == ["Created index on label User on properties a, b."])
        #expect(try titles(session, "CREATE INDEX ON :User(a, b)") == ["Index on label User on properties a, b already exists."])
        #expect(try titles(session, "CREATE INDEX FOR (u:User) ON (u.a, u.b)") == ["Index on label User on properties a, b already exists."])
        #expect(try titles(session, "CREATE INDEX idx IF NOT EXISTS FOR (u:User) ON (u.b, u.c, u.a)")
            == ["Created index on label User on properties b, c, a.",
                "Index and constraint names are ignored; 'idx' was not stored."])
        _ = try rows(session, "CREATE INDEX ON :User(a)")
        let result = try session.run("SHOW INDEX INFO")
        #expect(result.columns == ["index type", "label", "property", "count"])
        #expect(try result.all() == [Self.row("User", ["a"], 3), Self.row("User", ["a", "b"], 2), Self.row("User", ["b", "c", "a"], 1)])
        #expect(try titles(session, "DROP INDEX ON :User(b, a)") == ["Index on label User on properties b, a doesn't exist."])
        #expect(try titles(session, "DROP INDEX ON :User(b, c, a)") == ["Dropped index on label User on properties b, c, a."])
        _ = try rows(session, "DROP ALL INDEXES")
        #expect(try indexRows(session).isEmpty)
    }

    @Test func writesGCAndRollbackKeepTheCount() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "CREATE INDEX ON :P(x, y)")
        _ = try rows(session, "UNWIND range(1, 10) AS i CREATE (:P {x: i, y: i % 3})")
        #expect(try indexRows(session) == [Self.row("P", ["x", "y"], 10)])
        _ = try rows(session, "MATCH (p:P) WHERE p.x <= 5 SET p.y = p.y + 10")
        _ = try rows(session, "MATCH (p:P) WHERE p.x = 10 REMOVE p.y")
        _ = try rows(session, "MATCH (p:P) WHERE p.x = 9 REMOVE p:P")
        _ = try rows(session, "MATCH (p:P) WHERE p.x = 8 DETACH DELETE p")
        _ = try rows(session, "FREE MEMORY")
        #expect(try indexRows(session) == [Self.row("P", ["x", "y"], 7)])
        _ = try rows(session, "BEGIN")
        _ = try rows(session, "MATCH (p:P) SET p.x = p.x * 100")
        _ = try rows(session, "CREATE (:P {x: 0, y: 0})")
        _ = try rows(session, "ROLLBACK")
        _ = try rows(session, "FREE MEMORY")
        #expect(try indexRows(session) == [Self.row("P", ["x", "y"], 7)])
        // Results never depend on the index.
        #expect(try rows(session, "MATCH (p:P {x: 2, y: 12}) RETURN p.x") == [[.int(2)]])
    }

    @Test func analyticalModeMaintainsTheIndex() throws {
        let session = Database().session()
        _ = try rows(session, "STORAGE MODE IN_MEMORY_ANALYTICAL")
        _ = try rows(session, "CREATE INDEX ON :P(x, y)")
        _ = try rows(session, "UNWIND range(1, 4) AS i CREATE (:P {x: i, y: i})")
        _ = try rows(session, "MATCH (p:P) WHERE p.x = 1 SET p.y = 5")
        _ = try rows(session, "MATCH (p:P) WHERE p.x = 2 DELETE p")
        #expect(try indexRows(session) == [Self.row("P", ["x", "y"], 3)])
    }

    @Test func dumpWritesAndReplaysCompositeIndexes() throws {
        let session = Database().session()
        _ = try rows(session, "CREATE (:`My L` {`a b`: 1, c: 2})")
        _ = try rows(session, "CREATE INDEX ON :`My L`(`a b`, c)")
        let statements = try rows(session, "DUMP DATABASE").map { row -> String in
            if case .string(let text) = row[0] { return text }
            return ""
        }
        #expect(statements.contains("CREATE INDEX ON :`My L`(`a b`, c);"))
        let copy = Database().session()
        for statement in statements { _ = try rows(copy, statement) }
        #expect(try indexRows(copy) == [Self.row("My L", ["a b", "c"], 1)])
    }

    @Test func onDiskModeRefusesCompositeIndexes() throws {
        let session = Database().session()
        _ = try rows(session, "STORAGE MODE ON_DISK_TRANSACTIONAL")
        do {
            _ = try session.run("CREATE INDEX ON :L(a, b)")
            Issue.record("the on-disk mode created a composite index")
        } catch {
            #expect(error.code == .notSupported)
            #expect(error.message == Storage.compositeOnDiskMessage)
        }
    }
}
