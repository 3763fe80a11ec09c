// MVCC rules: snapshot visibility, own writes, command ids, first-writer-wins conflicts, abort
// restoring exactly the previous state, and the isolation levels.
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct MVCCTests {
    @Test func snapshotDoesNotSeeLaterCommits() throws {
        let storage = makeStorage()
        let p = storage.names.property("p")
        let setup = storage.begin()
        let gid = try setup.createVertex(properties: [(p, .int(1))])
        try setup.commit()

        let reader = storage.begin()
        let writer = storage.begin()
        try writer.setProperty(gid, p, .int(2))
        let created = try writer.createVertex()
        #expect(reader.property(of: gid, p)?.intValue == 1)
        try writer.commit()
        #expect(reader.property(of: gid, p)?.intValue == 1)
        #expect(!reader.vertexExists(created))
        #expect(allVertices(reader) == [gid])
        let later = storage.begin()
        #expect(later.property(of: gid, p)?.intValue == 2)
        #expect(later.vertexExists(created))
    }

    @Test func commandIDsSeparateOldAndNewViews() throws {
        let storage = makeStorage()
        let p = storage.names.property("p")
        let tx = storage.begin()
        let gid = try tx.createVertex(properties: [(p, .int(1))])
        #expect(!tx.vertexExists(gid, view: .old))
        #expect(tx.vertexExists(gid, view: .new))
        tx.advanceCommand()
        #expect(tx.vertexExists(gid, view: .old))
        try tx.setProperty(gid, p, .int(2))
        #expect(tx.property(of: gid, p, view: .old)?.intValue == 1)
        #expect(tx.property(of: gid, p, view: .new)?.intValue == 2)
        tx.advanceCommand()
        #expect(tx.property(of: gid, p, view: .old)?.intValue == 2)
        // A scan in the clause that creates vertices does not see them (no endless MATCH … CREATE).
        let before = allVertices(tx, view: .old).count
        _ = try tx.createVertex()
        #expect(allVertices(tx, view: .old).count == before)
        try tx.commit()
    }

    @Test func secondWriterFailsAtOnce() throws {
        let storage = makeStorage()
        let p = storage.names.property("p")
        let setup = storage.begin()
        let gid = try setup.createVertex()
        try setup.commit()
        let first = storage.begin(), second = storage.begin()
        try first.setProperty(gid, p, .int(1))
        #expect(throws: QuiverError.conflict()) { try second.setProperty(gid, p, .int(2)) }
        #expect(throws: QuiverError.conflict()) { try second.deleteVertex(gid) }
        try first.commit()
        // Committed after `second` started: still a conflict for `second`.
        #expect(throws: QuiverError.conflict()) { try second.setProperty(gid, p, .int(2)) }
        second.abort()
        let third = storage.begin()
        try third.setProperty(gid, p, .int(3))
        try third.commit()
    }

    @Test func conflictMessageIsMemgraphsAndTransient() {
        let error = QuiverError.conflict()
        #expect(error.message == "Cannot resolve conflicting transactions. Retry this transaction when the conflicting transaction is finished. For more details, visit https://memgraph.com/docs")
        #expect(error.code.isTransient)
    }

    @Test func edgeCreationConflictsOnEitherEndpoint() throws {
        let storage = makeStorage()
        let type = storage.names.edgeType("T")
        let setup = storage.begin()
        let a = try setup.createVertex(), b = try setup.createVertex(), c = try setup.createVertex()
        try setup.commit()
        let first = storage.begin(), second = storage.begin()
        try first.createEdge(from: a, to: b, type: type)
        #expect(throws: QuiverError.conflict()) { try second.createEdge(from: c, to: b, type: type) }
        #expect(throws: QuiverError.conflict()) { try second.createEdge(from: a, to: c, type: type) }
        try first.commit()
    }

    @Test func abortRestoresExactlyThePreviousState() throws {
        let storage = makeStorage()
        let l = storage.names.label("L"), m = storage.names.label("M")
        let p = storage.names.property("p"), q = storage.names.property("q")
        let type = storage.names.edgeType("T")
        let setup = storage.begin()
        let a = try setup.createVertex(labels: [l], properties: [(p, .int(1)), (q, .string("keep"))])
        let b = try setup.createVertex()
        let ab = try setup.createEdge(from: a, to: b, type: type, properties: [(p, .int(7))])
        try setup.commit()
        let snapshotBefore = describe(storage, [a, b])

        let tx = storage.begin()
        try tx.setProperty(a, p, .int(2))
        try tx.setProperty(a, q, .null)
        try tx.addLabel(a, m)
        try tx.removeLabel(a, l)
        try tx.setEdgeProperty(ab.gid, p, .int(8))
        try tx.deleteEdge(ab)
        let c = try tx.createVertex(labels: [m])
        try tx.createEdge(from: c, to: b, type: type)
        try tx.createEdge(from: b, to: a, type: type)
        try tx.deleteVertex(a, detach: true)
        tx.abort()

        #expect(describe(storage, [a, b]) == snapshotBefore)
        let reader = storage.begin()
        #expect(!reader.vertexExists(c))
        #expect(reader.edgeProperty(ab.gid, p)?.intValue == 7)
        reader.abort()
        // The aborted transaction released its deltas at once; only the setup's remain until GC.
        #expect(storage.unreleasedDeltaCount == 5)
        storage.collectGarbage()
        #expect(storage.unreleasedDeltaCount == 0)
    }

    @Test func readCommittedSeesCommitsReadUncommittedSeesEverything() throws {
        let storage = makeStorage()
        let p = storage.names.property("p")
        let setup = storage.begin()
        let gid = try setup.createVertex(properties: [(p, .int(1))])
        try setup.commit()
        let snapshot = storage.begin(isolation: .snapshotIsolation)
        let committed = storage.begin(isolation: .readCommitted)
        let uncommitted = storage.begin(isolation: .readUncommitted)
        let writer = storage.begin()
        try writer.setProperty(gid, p, .int(2))
        #expect(snapshot.property(of: gid, p)?.intValue == 1)
        #expect(committed.property(of: gid, p)?.intValue == 1)
        #expect(uncommitted.property(of: gid, p)?.intValue == 2)
        try writer.commit()
        #expect(snapshot.property(of: gid, p)?.intValue == 1)
        #expect(committed.property(of: gid, p)?.intValue == 2)
        #expect(uncommitted.property(of: gid, p)?.intValue == 2)
    }

    @Test func oldReaderKeepsSeeingDeletedEdgesAndVertices() throws {
        let storage = makeStorage()
        let type = storage.names.edgeType("T")
        let setup = storage.begin()
        let a = try setup.createVertex(), b = try setup.createVertex()
        let edge = try setup.createEdge(from: a, to: b, type: type)
        try setup.commit()
        let reader = storage.begin()
        let writer = storage.begin()
        try writer.deleteVertex(b, detach: true)
        try writer.commit()
        storage.collectGarbage()
        #expect(reader.vertexExists(b))
        #expect(outEdges(reader, a).map(\.edge) == [edge.gid])
        #expect(inEdges(reader, b).map(\.neighbour) == [a])
        reader.abort()
        storage.collectGarbage()
        let later = storage.begin()
        #expect(!later.vertexExists(b))
        #expect(outEdges(later, a).isEmpty)
        #expect(storage.unreleasedDeltaCount == 0)
    }

    /// A readable fingerprint of vertices (labels, properties, edges) for exact comparisons.
    private func describe(_ storage: Storage, _ gids: [Gid]) -> String {
        let tx = storage.begin()
        defer { tx.abort() }
        return gids.map { gid in
            let labels = (tx.labels(of: gid) ?? []).map(\.rawValue).sorted()
            let properties = (tx.properties(of: gid) ?? []).map { "\($0.0.rawValue)=\($0.1)" }
            let out = outEdges(tx, gid).map { "\($0.edge.rawValue)->\($0.neighbour.rawValue):\($0.type.rawValue)" }.sorted()
            let inn = inEdges(tx, gid).map { "\($0.edge.rawValue)<-\($0.neighbour.rawValue)" }.sorted()
            return "\(gid) \(tx.vertexExists(gid)) \(labels) \(properties) \(out) \(inn)"
        }.joined(separator: "\n")
    }
}
