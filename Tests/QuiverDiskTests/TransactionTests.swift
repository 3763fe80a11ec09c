// Transaction semantics of the disk store: views across commands, scans merged with own
// writes, deletes with and without detach, abort, write-write conflicts, snapshot isolation,
// properties on edges disabled, and the memory limit.
import QuiverCore
@testable import QuiverDisk
import QuiverStorage
import Testing

@Suite struct TransactionTests {
    @Test func oldViewHidesTheCurrentCommand() throws {
        let temp = try TempStore()
        let name = temp.property("name"), label = temp.label("L")
        let tx = temp.begin()
        let v = try tx.createVertex(labels: [], properties: [(name, .string("a"))])
        #expect(tx.vertexExists(v, view: .new))
        #expect(!tx.vertexExists(v, view: .old))
        tx.advanceCommand()
        #expect(tx.vertexExists(v, view: .old))
        try tx.setProperty(v, name, .string("b"))
        #expect(try tx.addLabel(v, label))
        #expect(tx.property(of: v, name, view: .old) == .string("a"))
        #expect(tx.property(of: v, name, view: .new) == .string("b"))
        #expect(!tx.hasLabel(v, label, view: .old) && tx.hasLabel(v, label, view: .new))
        tx.advanceCommand()
        #expect(tx.property(of: v, name, view: .old) == .string("b"))
        #expect(try tx.deleteVertex(v, detach: false))
        #expect(tx.vertexExists(v, view: .old) && !tx.vertexExists(v, view: .new))
        #expect(try tx.deleteVertex(v, detach: false) == false)
        try tx.commit()
        #expect(temp.store.vertexCount == 0)
    }

    @Test func edgeViewsAndSelfLoops() throws {
        let temp = try TempStore()
        let type = temp.edgeType("T")
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [], properties: [])
        try setup.commit()
        let tx = temp.begin()
        let loop = try tx.createEdge(from: a, to: a, type: type, properties: [])
        var buffer: [AdjacencyEntry] = []
        #expect(tx.edges(of: a, .outgoing, types: [], view: .old, into: &buffer) && buffer.isEmpty)
        #expect(tx.edges(of: a, .outgoing, types: [], view: .new, into: &buffer) && buffer.map(\.edge) == [loop.gid])
        #expect(tx.edges(of: a, .incoming, types: [], view: .new, into: &buffer) && buffer.map(\.edge) == [loop.gid])
        #expect(tx.edges(of: a, .incoming, types: [temp.edgeType("Other")], view: .new, into: &buffer) && buffer.isEmpty)
        tx.advanceCommand()
        #expect(try tx.deleteEdge(loop))
        #expect(try tx.deleteEdge(loop) == false)
        #expect(tx.edges(of: a, .outgoing, types: [], view: .old, into: &buffer) && buffer.count == 1)
        #expect(tx.edges(of: a, .outgoing, types: [], view: .new, into: &buffer) && buffer.isEmpty)
        try tx.commit()
        #expect(temp.store.edgeCount == 0)
    }

    @Test func scansMergeOwnWrites() throws {
        let temp = try TempStore()
        let label = temp.label("L"), key = temp.property("k")
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [label], properties: [(key, .int(1))])
        let b = try setup.createVertex(labels: [label], properties: [(key, .int(2))])
        let c = try setup.createVertex(labels: [], properties: [(key, .int(3))])
        try setup.commit()
        for indexed in [false, true] {
            if indexed { #expect(try temp.store.createLabelIndex(label)) }
            let tx = temp.begin()
            let d = try tx.createVertex(labels: [label], properties: [])
            #expect(try tx.removeLabel(a, label))
            #expect(try tx.addLabel(c, label))
            #expect(try tx.deleteVertex(b, detach: false))
            #expect(Set(collect(tx.scanLabel(label))) == [c.rawValue, d.rawValue], "indexed: \(indexed)")
            #expect(Set(collect(tx.scanLabel(label), view: .old)) == [a.rawValue, b.rawValue], "indexed: \(indexed)")
            #expect(collect(tx.scanVertices()) == [a.rawValue, c.rawValue, d.rawValue])
            #expect(collect(tx.scanVertices(), view: .old) == [a.rawValue, b.rawValue, c.rawValue])
            tx.abort()
        }
        let after = temp.begin()
        #expect(collect(after.scanLabel(label)) == [a.rawValue, b.rawValue])
        #expect(after.scanIndex(label, key) == nil)
    }

    @Test func deleteWithEdgesNeedsDetach() throws {
        let temp = try TempStore()
        let type = temp.edgeType("T")
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [], properties: [])
        let b = try setup.createVertex(labels: [], properties: [])
        _ = try setup.createEdge(from: a, to: b, type: type, properties: [])
        _ = try setup.createEdge(from: b, to: b, type: type, properties: [])
        try setup.commit()
        let tx = temp.begin()
        let error = failure { () throws(QuiverError) in try tx.deleteVertex(b, detach: false) }
        #expect(error?.code == .vertexHasEdges)
        #expect(error?.message == "Failed to remove node because of its existing connections. Consider using DETACH DELETE.")
        #expect(try tx.deleteVertex(b, detach: true))
        var buffer: [AdjacencyEntry] = []
        #expect(tx.edges(of: a, .outgoing, types: [], view: .new, into: &buffer) && buffer.isEmpty)
        #expect(failure { () throws(QuiverError) in try tx.setProperty(b, temp.property("x"), .int(1)) }?.code == .deletedObject)
        try tx.commit()
        #expect(temp.store.vertexCount == 1 && temp.store.edgeCount == 0)
        let reader = temp.begin()
        #expect(reader.edges(of: a, .outgoing, types: [], view: .new, into: &buffer) && buffer.isEmpty)
        #expect(!reader.vertexExists(b, view: .new))
    }

    @Test func abortLeavesNothing() throws {
        let temp = try TempStore()
        #expect(try temp.store.createLabelIndex(temp.label("L")))
        let tx = temp.begin()
        let a = try tx.createVertex(labels: [temp.label("L")], properties: [(temp.property("k"), .int(1))])
        _ = try tx.createEdge(from: a, to: a, type: temp.edgeType("T"), properties: [])
        tx.abort()
        #expect(temp.store.isEmpty && temp.store.approximateCount(label: temp.label("L")) == 0)
        let reader = temp.begin()
        #expect(collect(reader.scanVertices()).isEmpty && collect(reader.scanLabel(temp.label("L"))).isEmpty)
        #expect(failure { () throws(QuiverError) in try tx.createVertex(labels: [], properties: []) }?.code == .transactionNotActive)
    }

    @Test func secondWriterOfAVertexConflicts() throws {
        let temp = try TempStore()
        let key = temp.property("k")
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [], properties: [])
        try setup.commit()
        let first = temp.begin(), second = temp.begin()
        try first.setProperty(a, key, .int(1))
        try second.setProperty(a, key, .int(2))
        try first.commit()
        let error = failure { () throws(QuiverError) in try second.commit() }
        #expect(error?.code == .serializationConflict)
        #expect(error?.message == QuiverError.conflictMessage)
        // An edge to a vertex someone else deletes concurrently conflicts too.
        let adder = temp.begin(), deleter = temp.begin()
        _ = try adder.createEdge(from: a, to: a, type: temp.edgeType("T"), properties: [])
        #expect(try deleter.deleteVertex(a, detach: false))
        try deleter.commit()
        #expect(failure { () throws(QuiverError) in try adder.commit() }?.code == .serializationConflict)
        #expect(temp.store.edgeCount == 0)
    }

    @Test func readerDoesNotSeeLaterCommits() throws {
        let temp = try TempStore()
        let key = temp.property("k")
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [], properties: [(key, .int(1))])
        try setup.commit()
        let reader = temp.begin()
        #expect(reader.property(of: a, key, view: .new) == .int(1))
        let writer = temp.begin()
        try writer.setProperty(a, key, .int(2))
        let b = try writer.createVertex(labels: [], properties: [])
        try writer.commit()
        #expect(reader.property(of: a, key, view: .new) == .int(1))
        #expect(!reader.vertexExists(b, view: .new))
        #expect(collect(reader.scanVertices()) == [a.rawValue])
        let fresh = temp.begin()
        #expect(fresh.property(of: a, key, view: .new) == .int(2))
    }

    @Test func edgePropertiesDisabled() throws {
        let temp = try TempStore(propertiesOnEdges: false)
        let tx = temp.begin()
        let a = try tx.createVertex(labels: [], properties: [])
        let edge = try tx.createEdge(from: a, to: a, type: temp.edgeType("T"), properties: [])
        let error = failure { () throws(QuiverError) in try tx.setEdgeProperty(edge.gid, temp.property("p"), .int(1)) }
        #expect(error?.message == "Can't set property because properties on edges are disabled.")
        #expect(tx.edgeProperty(edge.gid, temp.property("p"), view: .new) == .null)
        try tx.commit()
    }

    @Test func propertiesAreSortedAndNullRemoves() throws {
        let temp = try TempStore()
        let b = temp.property("b"), a = temp.property("a")
        let tx = temp.begin()
        let v = try tx.createVertex(labels: [], properties: [(b, .int(2)), (a, .int(1)), (b, .int(3))])
        #expect(tx.properties(of: v, view: .new)!.map(\.0) == [b, a].sorted())
        #expect(tx.property(of: v, b, view: .new) == .int(3))
        try tx.setProperty(v, b, .null)
        #expect(tx.properties(of: v, view: .new)!.map(\.0) == [a])
        #expect(tx.property(of: v, b, view: .new) == .null)
        try tx.commit()
    }

    @Test func memoryLimitStopsGrowingWriters() throws {
        let temp = try TempStore(memoryLimitBytes: 1)
        temp.storage.memoryGuard.addQueryBytes(1 << 20)
        defer { temp.storage.memoryGuard.addQueryBytes(-(1 << 20)) }
        #expect(temp.storage.memoryGuard.sampleNow())
        let tx = temp.begin()
        let error = failure { () throws(QuiverError) in
            for _ in 0...MemoryGuard.writesSparedWhileOver { _ = try tx.createVertex(labels: [], properties: []) }
        }
        #expect(error?.code == .memoryLimitExceeded)
        tx.abort()
    }
}
