// Tests for the user-management texts (parsing), the user store (hashing, authentication,
// the users file) and the Value ⇄ BoltValue conversion through a real engine result.
import Foundation
import QuiverBolt
import QuiverCore
import QuiverEngine
@testable import QuiverServer
import Testing

@Suite struct UserStatementTests {
    @Test func parsesEveryForm() throws {
        #expect(try UserStatement.parse("CREATE USER alice IDENTIFIED BY 'pw'") == .createUser(name: "alice", password: "pw", ifNotExists: false))
        #expect(try UserStatement.parse("create user if not exists `bob smith`;") == .createUser(name: "bob smith", password: nil, ifNotExists: true))
        #expect(try UserStatement.parse("DROP USER alice") == .dropUser(name: "alice"))
        #expect(try UserStatement.parse("SET PASSWORD FOR alice TO 'n\\'ew'") == .setPassword(name: "alice", password: "n'ew"))
        #expect(try UserStatement.parse("SET PASSWORD FOR alice TO NULL") == .setPassword(name: "alice", password: nil))
        #expect(try UserStatement.parse("  SHOW USERS ; ") == .showUsers)
        #expect(try UserStatement.parse("SHOW CURRENT USER") == .showCurrentUser)
    }

    @Test func leavesCypherAlone() throws {
        #expect(try UserStatement.parse("CREATE (n:User)") == nil)
        #expect(try UserStatement.parse("MATCH (n) SET n.password = 'x'") == nil)
        #expect(try UserStatement.parse("RETURN 1") == nil)
        #expect(try UserStatement.parse("SHOW INDEX INFO") == nil)
    }

    @Test func refusesMalformedUserStatements() {
        #expect(throws: UserStatement.SyntaxError.self) { try UserStatement.parse("CREATE USER") }
        #expect(throws: UserStatement.SyntaxError.self) { try UserStatement.parse("CREATE USER a IDENTIFIED BY pw") }
        #expect(throws: UserStatement.SyntaxError.self) { try UserStatement.parse("DROP USER a b") }
        #expect(throws: UserStatement.SyntaxError.self) { try UserStatement.parse("CREATE USER 'a") }
    }
}

@Suite struct UserStoreTests {
    @Test func authenticationIsOpenUntilTheFirstUser() throws {
        let store = try UserStore(directory: nil, rounds: 1000)
        #expect(store.authenticate(user: nil, password: nil))
        #expect(store.authenticate(user: "x", password: "y"))
        try store.create("alice", password: "secret", ifNotExists: false)
        #expect(store.authenticate(user: "alice", password: "secret"))
        #expect(!store.authenticate(user: "alice", password: "Secret"))
        #expect(!store.authenticate(user: "bob", password: "secret"))
        #expect(!store.authenticate(user: nil, password: nil))
        #expect(throws: UserStore.Failure.userExists("alice")) { try store.create("alice", password: nil, ifNotExists: false) }
        try store.create("alice", password: "other", ifNotExists: true)
        #expect(store.authenticate(user: "alice", password: "secret"))
        try store.setPassword("alice", to: "new")
        #expect(store.authenticate(user: "alice", password: "new"))
        try store.drop("alice")
        #expect(store.authenticate(user: "anyone", password: nil))
        #expect(throws: UserStore.Failure.noSuchUser("alice")) { try store.drop("alice") }
    }

    @Test func usersFileHoldsSaltedHashesAndSurvivesReopening() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-users-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try UserStore(directory: directory, rounds: 1000)
        try store.create("a\tb", password: "pw", ifNotExists: false)
        try store.create("c", password: "pw", ifNotExists: false)
        try store.create("nopassword", password: nil, ifNotExists: false)
        let text = try String(contentsOf: directory.appendingPathComponent("users"), encoding: .utf8)
        #expect(!text.contains("\tpw"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        let salts = lines.compactMap { UserStore.parse($0)?.password?.salt }
        #expect(salts.count == 2 && salts[0] != salts[1])
        let reopened = try UserStore(directory: directory, rounds: 1000)
        #expect(reopened.names == ["a\tb", "c", "nopassword"])
        #expect(reopened.authenticate(user: "a\tb", password: "pw"))
        #expect(!reopened.authenticate(user: "c", password: "px"))
        #expect(reopened.authenticate(user: "nopassword", password: "anything"))
    }
}

@Suite struct ValueConversionTests {
    @Test func parametersConvertAndUnsupportedKindsAreRefused() throws {
        let map: BoltMap = ["i": 1, "s": "x", "l": [1, nil, 2.5], "m": ["k": true]]
        let converted = try ValueConversion.parameters(map)
        #expect(converted.count == 4)
        #expect(throws: BoltFailure.self) { try ValueConversion.engineValue(.bytes([1])) }
        #expect(throws: BoltFailure.self) { try ValueConversion.engineValue(.point2D(BoltPoint2D(srid: 7203, x: 1, y: 2))) }
    }

    @Test func graphValuesAreDescribedWhileTheResultIsOpen() throws {
        let database = Database()
        let session = database.session()
        try session.run("CREATE (:A {name: 'a'})-[:R {w: 1}]->(:B {name: 'b'})").drain()
        let result = try session.run("MATCH p = (a:A)-[r:R]->(b:B) RETURN a, r, p")
        let row = try #require(try result.next())
        let converted = ValueConversion.row(row, describing: result)
        guard case .node(let node) = converted[0], case .relationship(let relationship) = converted[1],
              case .path(let path) = converted[2] else {
            Issue.record("unexpected kinds \(converted)")
            return
        }
        #expect(node.labels == ["A"] && node.properties["name"] == "a")
        #expect(relationship.type == "R" && relationship.startNodeID == node.id && relationship.properties["w"] == 1)
        #expect(path.nodes.count == 2 && path.relationships.count == 1 && path.indices == [1, 1])
        try result.drain()
        let reversed = try session.run("MATCH p = (b:B)<-[:R]-(a:A) RETURN p")
        let reversedRow = try #require(try reversed.next())
        guard case .path(let backwards) = ValueConversion.row(reversedRow, describing: reversed)[0] else {
            Issue.record("not a path")
            return
        }
        #expect(backwards.indices == [-1, 1])
        try reversed.drain()
    }
}
