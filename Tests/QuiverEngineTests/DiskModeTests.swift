// The ON_DISK_TRANSACTIONAL mode through the engine: the switching rules of SPEC.md §2 (to disk
// only when empty, from disk only when empty, restart rules with a data directory), EDGE IMPORT
// MODE, SHOW STORAGE INFO's mode, and queries that use the on-disk indexes.
import Foundation
import QuiverCore
import QuiverEngine
import QuiverStorage
import Testing

@Suite struct DiskModeTests {
    private func rows(_ session: Session, _ query: String) throws -> [[Value]] {
        try session.run(query).all()
    }

    private func failure(_ body: () throws(QuiverError) -> Void) -> QuiverError? {
        if case .failure(let error) = Result(catching: body) { return error }
        return nil
    }

    private func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "quiver-disk-test-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func switchingRules() throws {
        let database = Database()
        let session = database.session()
        _ = try rows(session, "CREATE (:A)")
        #expect(failure { () throws(QuiverError) in _ = try session.run("STORAGE MODE ON_DISK_TRANSACTIONAL") }?.message
            == Storage.toDiskWithDataMessage)
        _ = try rows(session, "MATCH (n) DELETE n")
        _ = try rows(session, "STORAGE MODE ON_DISK_TRANSACTIONAL")
        #expect(database.storage.mode == .onDiskTransactional)
        _ = try rows(session, "STORAGE MODE IN_MEMORY_TRANSACTIONAL")  // empty: allowed
        #expect(database.storage.mode == .inMemoryTransactional)
        _ = try rows(session, "STORAGE MODE ON_DISK_TRANSACTIONAL")
        _ = try rows(session, "CREATE (:B {x: 1})")
        #expect(failure { () throws(QuiverError) in _ = try session.run("STORAGE MODE IN_MEMORY_ANALYTICAL") }?.message
            == Storage.fromDiskMessage)
        let info = Dictionary(uniqueKeysWithValues: try rows(session, "SHOW STORAGE INFO").map { ($0[0], $0[1]) })
        #expect(info[.string("storage_mode")] == .string("ON_DISK_TRANSACTIONAL"))
        #expect(info[.string("vertex_count")] == .int(1))
        #expect(try rows(session, "MATCH (b:B) RETURN b.x") == [[.int(1)]])
    }

    @Test func restartKeepsANonEmptyStoreOnDisk() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = DatabaseConfig()
        config.dataDirectory = directory
        config.storage.mode = .onDiskTransactional
        do {
            let database = try Database(opening: config)
            let session = database.session()
            _ = try rows(session, "CREATE INDEX ON :P(id)")
            _ = try rows(session, "UNWIND range(1, 50) AS i CREATE (:P {id: i})-[:R {i: i}]->(:Q {id: i})")
            try database.close()
        }
        config.storage.mode = .inMemoryTransactional  // the flag is ignored: the store has data
        let database = try Database(opening: config)
        let session = database.session()
        #expect(database.storage.mode == .onDiskTransactional)
        #expect(try rows(session, "MATCH (p:P {id: 7})-[r:R]->(q) RETURN r.i, q.id") == [[.int(7), .int(7)]])
        #expect(try rows(session, "MATCH (n) RETURN count(n)") == [[.int(100)]])
        let plan = try rows(session, "EXPLAIN MATCH (p:P {id: 7}) RETURN p").map { "\($0[0])" }.joined(separator: "\n")
        #expect(plan.contains("LabelPropertyValue") || plan.contains("LabelProperty"), "\(plan)")
        try database.close()
    }

    @Test func anEmptyStoreFollowsTheFlag() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = DatabaseConfig()
        config.dataDirectory = directory
        config.storage.mode = .onDiskTransactional
        try Database(opening: config).close()
        config.storage.mode = .inMemoryTransactional
        let database = try Database(opening: config)
        #expect(database.storage.mode == .inMemoryTransactional)
        try database.close()
    }

    @Test func edgeImportMode() throws {
        let memory = Database().session()
        #expect(failure { () throws(QuiverError) in _ = try memory.run("EDGE IMPORT MODE ACTIVE") }?.message
            == "Edge import mode is only allowed for on-disk storage mode.")
        let database = Database()
        try database.enableDiskMode()
        let session = database.session()
        _ = try rows(session, "CREATE INDEX ON :U(id)")
        _ = try rows(session, "UNWIND range(1, 10) AS i CREATE (:U {id: i})")
        _ = try rows(session, "EDGE IMPORT MODE ACTIVE")
        #expect(failure { () throws(QuiverError) in _ = try session.run("CREATE (:U {id: 11})").all() }?.message
            == "Write operations on nodes are forbidden while the edge import mode is active. To disable the edge import mode, run the EDGE IMPORT MODE INACTIVE; query.")
        #expect(failure { () throws(QuiverError) in _ = try session.run("MATCH (u:U {id: 1}) SET u.x = 1").all() } != nil)
        _ = try rows(session, "UNWIND range(1, 9) AS i MATCH (a:U {id: i}), (b:U {id: i + 1}) CREATE (a)-[:F]->(b)")
        _ = try rows(session, "EDGE IMPORT MODE INACTIVE")
        #expect(try rows(session, "MATCH (:U {id: 3})-[:F]->(b) RETURN b.id") == [[.int(4)]])
        #expect(try rows(session, "MATCH ()-[f:F]->() RETURN count(f)") == [[.int(9)]])
        _ = try rows(session, "CREATE (:U {id: 11})")
    }

    @Test func explicitTransactionsAndConflicts() throws {
        let database = Database()
        try database.enableDiskMode()
        let first = database.session(), second = database.session()
        _ = try rows(first, "CREATE (:C {id: 1, v: 0})")
        try first.begin()
        try second.begin()
        _ = try rows(first, "MATCH (c:C) SET c.v = 1")
        _ = try rows(second, "MATCH (c:C) SET c.v = 2")
        try first.commit()
        let conflict = failure { () throws(QuiverError) in
            _ = try second.run("MATCH (c:C) SET c.v = 3").all()
            try second.commit()
        }
        #expect(conflict?.code == .serializationConflict)
        if second.inTransaction { try? second.rollback() }
        #expect(try rows(first, "MATCH (c:C) RETURN c.v") == [[.int(1)]])
        try first.begin()
        _ = try rows(first, "CREATE (:C {id: 2})")
        try first.rollback()
        #expect(try rows(first, "MATCH (c:C) RETURN count(c)") == [[.int(1)]])
    }
}
