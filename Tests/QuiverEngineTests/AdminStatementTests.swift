// Admin statements through Session.run: index and constraint DDL in every accepted form with
// notifications and SHOW output, storage modes and DROP GRAPH, isolation levels, SHOW STORAGE
// INFO rows, server-side parameters, SHOW/TERMINATE TRANSACTIONS, the query timeout, and the
// refusal inside explicit transactions.
import QuiverCore
@testable import QuiverEngine
import QuiverStorage
import Testing

/// The error a throwing call raised, or nil.
private func failure(_ body: () throws(QuiverError) -> Void) -> QuiverError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

@Suite struct AdminStatementTests {
    func rows(_ session: Session, _ query: String, _ parameters: [String: Value] = [:]) throws(QuiverError) -> [[Value]] {
        try session.run(query, parameters: parameters).all()
    }

    func titles(_ session: Session, _ query: String) throws(QuiverError) -> [String] {
        try session.run(query).notifications.map(\.title)
    }

    @Test func recogniserLeavesCypherAlone() throws {
        #expect(try AdminStatement.parse("CREATE (n:INDEX)") == nil)
        #expect(try AdminStatement.parse("MATCH (n) RETURN n") == nil)
        #expect(try AdminStatement.parse("SHOW USERS") == nil)
        #expect(try AdminStatement.parse("create index on :L(p);") == .createIndex(label: "L", properties: ["p"], name: nil))
        #expect(try AdminStatement.parse("/* c */ CREATE INDEX idx IF NOT EXISTS FOR (n:`My L`) ON (n.p)")
            == .createIndex(label: "My L", properties: ["p"], name: "idx"))
        #expect(try AdminStatement.parse("CREATE CONSTRAINT ON (n:L) ASSERT n.a, n.b IS UNIQUE")
            == .createConstraint(.unique(label: "L", properties: ["a", "b"]), name: nil))
        #expect(try AdminStatement.parse("CREATE CONSTRAINT c FOR (n:L) REQUIRE (n.a, n.b) IS UNIQUE")
            == .createConstraint(.unique(label: "L", properties: ["a", "b"]), name: "c"))
        #expect(try AdminStatement.parse("CREATE CONSTRAINT FOR (n:L) REQUIRE n.a IS NOT NULL")
            == .createConstraint(.existence(label: "L", property: "a"), name: nil))
        #expect(try AdminStatement.parse("CREATE CONSTRAINT FOR (n:L) REQUIRE n.a IS :: LOCALDATETIME")
            == .createConstraint(.typed(label: "L", property: "a", type: .localDateTime), name: nil))
        #expect(try AdminStatement.parse("DROP CONSTRAINT ON (n:L) ASSERT n.a IS TYPED BOOLEAN")
            == .dropConstraint(.typed(label: "L", property: "a", type: .bool)))
        #expect(try AdminStatement.parse("SET NEXT TRANSACTION ISOLATION LEVEL READ COMMITTED") == .setIsolation(.next, .readCommitted))
        #expect(try AdminStatement.parse("SHOW RUNNING, COMMITTING TRANSACTIONS") == .showTransactions)
        #expect(try AdminStatement.parse("TERMINATE TRANSACTIONS '1', '2'") == .terminateTransactions(["1", "2"]))
        #expect(try AdminStatement.parse("SET GLOBAL PARAMETER x = {a: [1, 2]}") == .setParameter(name: "x", valueText: "{a: [1, 2]}", global: true))
        #expect(failure { () throws(QuiverError) in _ = try AdminStatement.parse("CREATE CONSTRAINT ON (n:L) ASSERT (n.a, n.b) IS NODE KEY") }?.message
            == "Node key constraints is not implemented yet.")
        #expect(failure { () throws(QuiverError) in _ = try AdminStatement.parse("CREATE INDEX ON L") }?.code == .syntaxError)
    }

    @Test func indexDDLWithNotificationsAndShow() throws {
        let session = Database().session()
        _ = try rows(session, "UNWIND range(1, 3) AS i CREATE (:User {id: i})")
        #expect(try titles(session, "CREATE INDEX ON :User(id)") == ["Created index on label User on properties id."])
        #expect(try titles(session, "CREATE INDEX FOR (u:User) ON (u.id)") == ["Index on label User on properties id already exists."])
        #expect(try titles(session, "CREATE INDEX ON :User") == ["Created index on label User on properties ."])
        let result = try session.run("SHOW INDEX INFO")
        #expect(result.columns == ["index type", "label", "property", "count"])
        #expect(try result.all() == [[.string("label"), .string("User"), .null, .int(3)],
                                     [.string("label+property"), .string("User"), .list([.string("id")]), .int(3)]])
        #expect(try titles(session, "DROP INDEX ON :User(name)") == ["Index on label User on properties name doesn't exist."])
        #expect(failure { () throws(QuiverError) in _ = try session.run("CREATE INDEX ON :User(a.b)") }?.code == .notSupported)
        _ = try rows(session, "DROP ALL INDEXES")
        #expect(try rows(session, "SHOW INDEXES").isEmpty)
    }

    @Test func constraintDDLAndViolations() throws {
        let session = Database().session()
        #expect(try titles(session, "CREATE CONSTRAINT ON (n:User) ASSERT EXISTS (n.name)")
            == ["Created EXISTS constraint on label User on properties name."])
        #expect(try titles(session, "CREATE CONSTRAINT FOR (n:User) REQUIRE n.name IS NOT NULL")
            == ["Constraint EXISTS on label User on properties name already exists."])
        _ = try rows(session, "CREATE CONSTRAINT ON (n:User) ASSERT n.email IS UNIQUE")
        _ = try rows(session, "CREATE CONSTRAINT ON (n:User) ASSERT n.age IS TYPED INTEGER")
        let show = try session.run("SHOW CONSTRAINT INFO")
        #expect(show.columns == ["constraint type", "label", "properties", "data_type"])
        #expect(try show.all() == [
            [.string("exists"), .string("User"), .string("name"), .string("")],
            [.string("unique"), .string("User"), .list([.string("email")]), .string("")],
            [.string("data_type"), .string("User"), .string("age"), .string("INTEGER")],
        ])
        _ = try rows(session, "CREATE (:User {name: 'a', email: 'a@x', age: 1})")
        #expect(failure { () throws(QuiverError) in _ = try rows(session, "CREATE (:User {email: 'b@x'})") }?.message
            == "Unable to commit due to existence constraint violation on :User(name)")
        #expect(failure { () throws(QuiverError) in _ = try rows(session, "CREATE (:User {name: 'b', email: 'a@x'})") }?.message
            == "Unable to commit due to unique constraint violation on :User(email)")
        #expect(failure { () throws(QuiverError) in _ = try rows(session, "MATCH (u:User) SET u.age = 'old'") }?.message
            == "IS TYPED INTEGER violation on User(age)")
        #expect(try rows(session, "MATCH (u:User) RETURN count(u)") == [[.int(1)]])
        // In an explicit transaction the failed commit ends the transaction.
        try session.begin()
        _ = try rows(session, "CREATE (:User {email: 'c@x'})")
        #expect(failure { () throws(QuiverError) in try session.commit() } != nil)
        #expect(!session.inTransaction)
        #expect(try titles(session, "DROP CONSTRAINT ON (n:User) ASSERT n.email IS UNIQUE")
            == ["Dropped UNIQUE constraint on label User on properties email."])
        _ = try rows(session, "DROP ALL CONSTRAINTS")
        #expect(try rows(session, "SHOW CONSTRAINTS").isEmpty)
    }

    @Test func adminStatementsAreRefusedInExplicitTransactions() throws {
        let session = Database().session()
        try session.begin()
        let message = failure { () throws(QuiverError) in _ = try session.run("STORAGE MODE IN_MEMORY_ANALYTICAL") }?.message
        #expect(message == "Modifying storage modes is not allowed in multicommand transactions. A multicommand transaction, also known as an explicit transaction, groups multiple commands into a single atomic operation. Instead, please use an implicit transaction, also known as an auto committing transaction, in order to execute this particularquery.")
        #expect(failure { () throws(QuiverError) in _ = try session.run("CREATE INDEX ON :L") }?.message.hasPrefix("Index manipulation is not allowed") == true)
        #expect(failure { () throws(QuiverError) in _ = try session.run("SHOW STORAGE INFO") }?.message.hasPrefix("Storage information query is not allowed") == true)
        try session.rollback()
    }

    @Test func storageModesAndDropGraph() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "CREATE (:A)-[:R]->(:B)")
        #expect(failure { () throws(QuiverError) in _ = try session.run("DROP GRAPH") }?.message
            == "Drop graph can only be used in the analytical mode. Switch to analytical mode by executing 'STORAGE MODE IN_MEMORY_ANALYTICAL'")
        #expect(failure { () throws(QuiverError) in _ = try session.run("STORAGE MODE ON_DISK_TRANSACTIONAL") }?.message.hasPrefix(
            "You cannot switch from an in-memory storage mode to the on-disk storage mode when the database contains data.") == true)
        _ = try rows(session, "CREATE CONSTRAINT ON (n:C) ASSERT EXISTS (n.x)")
        #expect(failure { () throws(QuiverError) in _ = try session.run("STORAGE MODE IN_MEMORY_ANALYTICAL") }?.message.hasPrefix("Constraints are not supported") == true)
        _ = try rows(session, "DROP ALL CONSTRAINTS")
        _ = try rows(session, "STORAGE MODE IN_MEMORY_ANALYTICAL")
        #expect(database.storage.mode == .inMemoryAnalytical)
        #expect(failure { () throws(QuiverError) in _ = try session.run("SET GLOBAL TRANSACTION ISOLATION LEVEL READ COMMITTED") }?.message.hasPrefix(
            "Isolation level cannot be modified when storage mode is set to IN_MEMORY_ANALYTICAL.") == true)
        _ = try rows(session, "CREATE INDEX ON :A")
        _ = try rows(session, "DROP GRAPH")
        #expect(try rows(session, "MATCH (n) RETURN count(n)") == [[.int(0)]])
        #expect(try rows(session, "SHOW INDEX INFO").isEmpty)
        _ = try rows(session, "STORAGE MODE IN_MEMORY_TRANSACTIONAL")
        #expect(database.storage.mode == .inMemoryTransactional)
    }

    @Test func storageModeSwitchWaitsForOtherTransactions() throws {
        var config = DatabaseConfig()
        config.storage.storageAccessTimeoutSeconds = 0.2
        config.storage.garbageCollectionIntervalSeconds = nil
        let database = Database(config: config)
        let busy = database.session()
        try busy.begin()
        let message = failure { () throws(QuiverError) in _ = try database.session().run("STORAGE MODE IN_MEMORY_ANALYTICAL") }?.message
        #expect(message?.hasPrefix("Cannot get unique access to the storage.") == true)
        try busy.rollback()
        _ = try database.session().run("STORAGE MODE IN_MEMORY_ANALYTICAL").all()
    }

    @Test func isolationLevelsAndStorageInfo() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "CREATE (:A)-[:R]->(:B)")
        _ = try rows(session, "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")
        _ = try rows(session, "SET NEXT TRANSACTION ISOLATION LEVEL READ COMMITTED")
        let info = try session.run("SHOW STORAGE INFO")
        #expect(info.columns == ["storage info", "value"])
        var values: [String: Value] = [:]
        for row in try info.all() { if case .string(let name) = row[0] { values[name] = row[1] } }
        for name in ["name", "vertex_count", "edge_count", "average_degree", "memory_usage", "disk_usage", "memory_allocated",
                     "allocation_limit", "global_isolation_level", "session_isolation_level", "next_session_isolation_level",
                     "storage_mode", "memory_res", "unreleased_delta_objects"] {
            #expect(values[name] != nil, "missing \(name)")
        }
        #expect(values["vertex_count"] == .int(2))
        #expect(values["average_degree"] == .float(1))
        #expect(values["session_isolation_level"] == .string("READ_UNCOMMITTED"))
        #expect(values["next_session_isolation_level"] == .string("READ_COMMITTED"))
        #expect(values["storage_mode"] == .string("IN_MEMORY_TRANSACTIONAL"))
        _ = try rows(session, "MATCH (n) RETURN n")  // uses the NEXT level once
        #expect(session.nextIsolation == nil)
        let perDatabase = try rows(session, "SHOW STORAGE INFO ON CURRENT DATABASE")
        #expect(perDatabase.contains { $0 == [.string("storage_mode"), .string("IN_MEMORY_TRANSACTIONAL")] })
        #expect(ReadableSize.format(512) == "512B")
        #expect(ReadableSize.format(46_473_707) == "44.32MiB")
        #expect(ReadableSize.format(1536 * 1024 * 1024) == "1.50GiB")
    }

    @Test func serverSideParameters() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "SET GLOBAL PARAMETER limit = 2")
        _ = try rows(session, "SET PARAMETER name = $given", ["given": .string("x")])
        #expect(try rows(session, "RETURN $limit, $name") == [[.int(2), .string("x")]])
        #expect(try rows(database.session(), "RETURN $limit", ["limit": .int(5)]) == [[.int(5)]])
        #expect(try rows(session, "SHOW PARAMETERS") == [[.string("limit"), .int(2), .string("global")],
                                                         [.string("name"), .string("x"), .string("database")]])
        _ = try rows(session, "UNSET GLOBAL PARAMETER limit")
        #expect(failure { () throws(QuiverError) in _ = try session.run("RETURN $limit") } != nil)
        _ = try rows(session, "DELETE ALL PARAMETERS")
        #expect(try rows(session, "SHOW PARAMETERS").isEmpty)
    }

    @Test func transactionsAreListedAndTerminated() throws {
        let database = Database()
        let session = database.session()
        session.username = "ana"
        session.transactionMetadata = ["app": .string("test")]
        try session.begin()
        _ = try rows(session, "CREATE (:T)")
        let observer = database.session()
        let listed = try observer.run("SHOW TRANSACTIONS")
        #expect(listed.columns == ["username", "transaction_id", "query", "status", "metadata", "start_time", "elapsed_ms"])
        let row = try #require(try listed.all().first)
        #expect(row[0] == .string("ana"))
        #expect(row[2] == .list([.string("CREATE (:T)")]))
        #expect(row[4] == .map(["app": .string("test")]))
        guard case .string(let id) = row[1] else { Issue.record("no id"); return }
        #expect(try rows(observer, "TERMINATE TRANSACTIONS '\(id)', '1'") == [[.string(id), .bool(true)], [.string("1"), .bool(false)]])
        #expect(failure { () throws(QuiverError) in _ = try rows(session, "UNWIND range(1, 5000) AS i RETURN i") }?.message
            == "Transaction was asked to abort by another user.")
        #expect(!session.inTransaction)
        #expect(try rows(observer, "SHOW TRANSACTIONS").isEmpty)
    }

    @Test func queryExecutionTimeout() throws {
        var config = DatabaseConfig()
        config.queryExecutionTimeoutSeconds = 0.05
        let session = Database(config: config).session()
        let error = failure { () throws(QuiverError) in _ = try session.run("UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b UNWIND range(1, 1000) AS i WITH i WHERE i < 0 RETURN count(i)").all() }
        #expect(error?.message == "Transaction was asked to abort because of transaction timeout.")
        #expect(error?.code.isTransient == true)
        #expect(try rows(session, "RETURN 1") == [[.int(1)]])
    }

    @Test func versionConfigAndFreeMemory() throws {
        var config = DatabaseConfig()
        config.flags = [ConfigEntry(name: "bolt_port", defaultValue: "7687", currentValue: "7688", description: "Port.")]
        let session = Database(config: config).session()
        #expect(try rows(session, "SHOW VERSION") == [[.string(QuiverVersion.string)]])
        let shown = try session.run("SHOW CONFIG")
        #expect(shown.columns == ["name", "default_value", "current_value", "description"])
        #expect(try shown.all() == [[.string("bolt_port"), .string("7687"), .string("7688"), .string("Port.")]])
        #expect(try rows(session, "FREE MEMORY").isEmpty)
        #expect(try rows(session, "SHOW BUILD INFO").count == 2)
    }
}
