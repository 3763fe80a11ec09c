// Basic reads and writes through the transaction accessor: vertices, labels, properties,
// edges, deletes, and their errors.
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct BasicStorageTests {
    @Test func createAndReadVertex() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), age = storage.names.property("age"), name = storage.names.property("name")
        let tx = storage.begin()
        let gid = try tx.createVertex(labels: [user], properties: [(name, .string("Ann")), (age, .int(31))])
        #expect(tx.vertexExists(gid))
        #expect(tx.labels(of: gid) == [user])
        #expect(tx.hasLabel(gid, user))
        #expect(tx.property(of: gid, age)?.intValue == 31)
        #expect(tx.property(of: gid, name)?.stringValue == "Ann")
        #expect(tx.property(of: gid, storage.names.property("missing"))?.isNull == true)
        #expect(tx.properties(of: gid)?.map(\.0) == [name, age].sorted())
        try tx.commit()
        let reader = storage.begin()
        #expect(reader.property(of: gid, age)?.intValue == 31)
        #expect(storage.vertexCount == 1)
    }

    @Test func gidsAreNeverReused() throws {
        let storage = makeStorage()
        let tx = storage.begin()
        let first = try tx.createVertex()
        tx.abort()
        let tx2 = storage.begin()
        let second = try tx2.createVertex()
        #expect(second.rawValue == first.rawValue + 1)
        #expect(!tx2.vertexExists(first))
    }

    @Test func labelsAddRemove() throws {
        let storage = makeStorage()
        let a = storage.names.label("A"), b = storage.names.label("B")
        let tx = storage.begin()
        let gid = try tx.createVertex(labels: [a])
        #expect(try tx.addLabel(gid, b))
        #expect(try !tx.addLabel(gid, b))
        #expect(Set(tx.labels(of: gid)!) == [a, b])
        #expect(try tx.removeLabel(gid, a))
        #expect(try !tx.removeLabel(gid, a))
        #expect(tx.labels(of: gid) == [b])
        try tx.commit()
    }

    @Test func setAndRemoveProperties() throws {
        let storage = makeStorage()
        let p = storage.names.property("p"), q = storage.names.property("q")
        let tx = storage.begin()
        let gid = try tx.createVertex(labels: [storage.names.label("L")])
        try tx.setProperty(gid, p, .int(1))
        try tx.setProperty(gid, q, .string("x"))
        try tx.setProperty(gid, p, .int(2))
        #expect(tx.property(of: gid, p)?.intValue == 2)
        try tx.setProperty(gid, p, .null)
        #expect(tx.property(of: gid, p)?.isNull == true)
        #expect(tx.properties(of: gid)?.count == 1)
        #expect(tx.labels(of: gid)?.count == 1)
        try tx.commit()
    }

    @Test func edgesBothDirectionsAndSelfLoops() throws {
        let storage = makeStorage()
        let knows = storage.names.edgeType("KNOWS"), likes = storage.names.edgeType("LIKES")
        let since = storage.names.property("since")
        let tx = storage.begin()
        let a = try tx.createVertex(), b = try tx.createVertex()
        let ab = try tx.createEdge(from: a, to: b, type: knows, properties: [(since, .int(2020))])
        let aa = try tx.createEdge(from: a, to: a, type: likes)
        #expect(Set(outEdges(tx, a).map(\.edge)) == [ab.gid, aa.gid])
        #expect(inEdges(tx, b).map(\.neighbour) == [a])
        #expect(inEdges(tx, a).map(\.edge) == [aa.gid])
        var buffer: [AdjacencyEntry] = []
        tx.edges(of: a, .outgoing, types: [likes], into: &buffer)
        #expect(buffer.map(\.edge) == [aa.gid])
        #expect(tx.edgeProperty(ab.gid, since)?.intValue == 2020)
        try tx.setEdgeProperty(ab.gid, since, .int(2021))
        #expect(tx.edgeProperty(ab.gid, since)?.intValue == 2021)
        #expect(tx.degree(of: a, .outgoing) == 2)
        try tx.commit()
        #expect(storage.edgeCount == 2)
    }

    @Test func deleteVertexNeedsDetach() throws {
        let storage = makeStorage()
        let type = storage.names.edgeType("T")
        let setup = storage.begin()
        let a = try setup.createVertex(), b = try setup.createVertex()
        try setup.createEdge(from: a, to: b, type: type)
        try setup.commit()
        let tx = storage.begin()
        #expect(throws: QuiverError(.vertexHasEdges, "Failed to remove node because of its existing connections. Consider using DETACH DELETE.")) {
            try tx.deleteVertex(a)
        }
        #expect(try tx.deleteVertex(a, detach: true))
        #expect(try !tx.deleteVertex(a, detach: true))
        #expect(!tx.vertexExists(a))
        #expect(inEdges(tx, b).isEmpty)
        try tx.commit()
        #expect(storage.vertexCount == 1)
        #expect(storage.edgeCount == 0)
        storage.collectGarbage()
        let after = storage.begin()
        #expect(allVertices(after) == [b])
    }

    @Test func writesToDeletedVertexFail() throws {
        let storage = makeStorage()
        let tx = storage.begin()
        let a = try tx.createVertex()
        try tx.deleteVertex(a)
        #expect(throws: QuiverError.self) { try tx.setProperty(a, storage.names.property("p"), .int(1)) }
        #expect(throws: QuiverError.self) { try tx.addLabel(a, storage.names.label("L")) }
    }

    @Test func propertiesOnEdgesDisabled() throws {
        let storage = makeStorage(propertiesOnEdges: false)
        let type = storage.names.edgeType("T"), p = storage.names.property("p")
        let tx = storage.begin()
        let a = try tx.createVertex(), b = try tx.createVertex()
        let edge = try tx.createEdge(from: a, to: b, type: type)
        #expect(throws: QuiverError(.propertiesOnEdgesDisabled, "Can't set property because properties on edges are disabled.")) {
            try tx.setEdgeProperty(edge.gid, p, .int(1))
        }
        #expect(throws: QuiverError.self) { try tx.createEdge(from: a, to: b, type: type, properties: [(p, .int(1))]) }
        #expect(tx.edgeProperty(edge.gid, p)?.isNull == true)
        try tx.deleteEdge(edge)
        #expect(outEdges(tx, a).isEmpty)
        try tx.commit()
    }

    @Test func finishedTransactionRefusesWork() throws {
        let storage = makeStorage()
        let tx = storage.begin()
        try tx.commit()
        #expect(throws: QuiverError.self) { try tx.createVertex() }
        #expect(throws: QuiverError.self) { try tx.commit() }
    }
}
