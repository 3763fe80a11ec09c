// Engine lifetime: a database, its storage and everything a finished query used are freed
// when the last reference goes (the TCK creates thousands of databases in one process).

import QuiverCore
import QuiverEngine
import QuiverStorage
import Testing

@Suite struct EngineLifetimeTests {
    @Test func databaseIsFreedAfterQueries() throws {
        weak var storage: Storage?
        do {
            let database = Database()
            storage = database.storage
            let session = database.session()
            _ = try session.run("CREATE (:A {v: 1})-[:T]->(:B)").all()
            _ = try session.run("MATCH (a)-->(b) RETURN a, b, count(*)").all()
            _ = try session.run("UNWIND [1, 2] AS x MERGE (:C {x: x})").all()
        }
        #expect(storage == nil)
    }
}
