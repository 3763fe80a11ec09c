// The commit-log protocol from storage's side: the redo changes a transaction hands over, the
// order of enqueue, visibility while a commit waits for the log, a failed wait undoing the
// transaction, schema changes logged, and the recovery API (objects at their old gids).
import Glibc
import Synchronization
import Testing
import QuiverCore
@testable import QuiverStorage

/// A log that records what it is given; `waitDurable` blocks until released or fails on demand.
final class RecordingLog: CommitLog, @unchecked Sendable {
    struct State {
        var changes: [[String]] = []
        var timestamps: [UInt64] = []
        var schema: [(SchemaChange, UInt64)] = []
        var failNextWait = false
        var holdWaits = false
        var mustWait = true
    }
    let state = Mutex(State())
    let names: NameRegistry

    init(names: NameRegistry) { self.names = names }

    func encode(_ changes: borrowing CommitChanges) -> [UInt8] {
        var lines: [String] = []
        changes.forEach { change in lines.append(describe(change)) }
        state.withLock { $0.changes.append(lines) }
        return Array(lines.joined(separator: "\n").utf8)
    }

    func enqueue(_ record: [UInt8], commitTimestamp: UInt64) -> CommitTicket {
        state.withLock {
            $0.timestamps.append(commitTimestamp)
            return CommitTicket(position: commitTimestamp, mustWait: $0.mustWait)
        }
    }

    func waitDurable(_ ticket: CommitTicket) throws(QuiverError) {
        while state.withLock({ $0.holdWaits }) { usleep(100) }
        let fail = state.withLock { state in
            defer { state.failNextWait = false }
            return state.failNextWait
        }
        if fail { throw QuiverError(.internalError, "injected log failure") }
    }

    func logSchemaChange(_ change: SchemaChange, timestamp: UInt64) throws(QuiverError) {
        state.withLock { $0.schema.append((change, timestamp)) }
    }

    private func describe(_ change: Change) -> String {
        switch change {
        case .createVertex(let gid): "createVertex \(gid.rawValue)"
        case .deleteVertex(let gid): "deleteVertex \(gid.rawValue)"
        case .addLabel(let gid, let label): "addLabel \(gid.rawValue) \(names.labels.name(for: label.rawValue))"
        case .removeLabel(let gid, let label): "removeLabel \(gid.rawValue) \(names.labels.name(for: label.rawValue))"
        case .setVertexProperty(let gid, let key, let value): "setVertexProperty \(gid.rawValue) \(names.properties.name(for: key.rawValue))=\(value)"
        case .createEdge(let edge): "createEdge \(edge.gid.rawValue) \(edge.from.rawValue)->\(edge.to.rawValue) \(names.edgeTypes.name(for: edge.type.rawValue))"
        case .deleteEdge(let edge): "deleteEdge \(edge.gid.rawValue)"
        case .setEdgeProperty(let gid, let key, let value): "setEdgeProperty \(gid.rawValue) \(names.properties.name(for: key.rawValue))=\(value)"
        }
    }
}

@Suite struct CommitLogTests {
    @Test func redoChangesCarryFinalValuesInReplayOrder() throws {
        let storage = makeStorage()
        let log = RecordingLog(names: storage.names)
        storage.attachCommitLog(log)
        let person = storage.names.label("Person"), p = storage.names.property("p"), knows = storage.names.edgeType("KNOWS")
        let setup = storage.begin()
        let a = try setup.createVertex(labels: [person], properties: [(p, .int(1))])
        try setup.setProperty(a, p, .int(2))
        let b = try setup.createVertex()
        let edge = try setup.createEdge(from: a, to: b, type: knows, properties: [(p, .string("x"))])
        let gone = try setup.createVertex()
        try setup.deleteVertex(gone)
        try setup.commit()
        #expect(log.state.withLock { $0.changes[0] } == [
            "createVertex \(a.rawValue)", "addLabel \(a.rawValue) Person", "setVertexProperty \(a.rawValue) p=int(2)",
            "createVertex \(b.rawValue)",
            "createEdge \(edge.gid.rawValue) \(a.rawValue)->\(b.rawValue) KNOWS", "setEdgeProperty \(edge.gid.rawValue) p=string(\"x\")",
            "createVertex \(gone.rawValue)", "deleteVertex \(gone.rawValue)",
        ])

        let update = storage.begin()
        try update.setProperty(a, p, .int(3))
        try update.setProperty(a, p, .null)
        _ = try update.removeLabel(a, person)
        try update.setEdgeProperty(edge.gid, p, .int(7))
        try update.deleteEdge(edge)
        try update.deleteVertex(b)
        try update.commit()
        #expect(log.state.withLock { $0.changes[1] } == [
            "setVertexProperty \(a.rawValue) p=null", "setVertexProperty \(a.rawValue) p=null", "removeLabel \(a.rawValue) Person",
            "setEdgeProperty \(edge.gid.rawValue) p=null", "deleteEdge \(edge.gid.rawValue)", "deleteVertex \(b.rawValue)",
        ])
        let stamps = log.state.withLock { $0.timestamps }
        #expect(stamps.count == 2 && stamps[0] < stamps[1])
    }

    @Test func readOnlyAndAnalyticalCommitsAreNotLogged() throws {
        let storage = makeStorage()
        let log = RecordingLog(names: storage.names)
        storage.attachCommitLog(log)
        let reader = storage.begin()
        _ = allVertices(reader)
        try reader.commit()
        try storage.setMode(.inMemoryAnalytical)
        let writer = storage.begin()
        _ = try writer.createVertex()
        try writer.commit()
        #expect(log.state.withLock { $0.changes.isEmpty })
    }

    @Test func failedWaitUndoesTheTransaction() throws {
        let storage = makeStorage()
        let log = RecordingLog(names: storage.names)
        storage.attachCommitLog(log)
        let p = storage.names.property("p")
        let setup = storage.begin()
        let a = try setup.createVertex(properties: [(p, .int(1))])
        try setup.commit()

        log.state.withLock { $0.failNextWait = true }
        let writer = storage.begin()
        try writer.setProperty(a, p, .int(2))
        _ = try writer.createVertex()
        let outcome = Result { () throws(QuiverError) in try writer.commit() }
        guard case .failure(let error) = outcome else {
            Issue.record("commit should fail")
            return
        }
        #expect(error.message == "injected log failure")
        #expect(writer.state == .aborted)
        let after = storage.begin()
        #expect(after.property(of: a, p)?.intValue == 1)
        #expect(allVertices(after) == [a])
        #expect(storage.vertexCount == 1)
        // The object is writable again: the failed transaction left no delta behind.
        try after.setProperty(a, p, .int(3))
        try after.commit()
        #expect(storage.begin().property(of: a, p)?.intValue == 3)
    }

    @Test func aPendingCommitIsInvisibleToTransactionsStartedMeanwhile() async throws {
        let storage = makeStorage()
        let log = RecordingLog(names: storage.names)
        storage.attachCommitLog(log)
        log.state.withLock { $0.holdWaits = true }
        let writer = storage.begin()
        let gid = try writer.createVertex()
        let committing = Task.detached { try writer.commit() }
        while log.state.withLock({ $0.timestamps.isEmpty }) { usleep(100) }
        let during = storage.begin()
        #expect(!during.vertexExists(gid))
        // Writing the pending object is a conflict, not a lost update.
        let conflicting = Result { () throws(QuiverError) in try during.setProperty(gid, storage.names.property("p"), .int(1)) }
        #expect(conflicting.isFailure)
        log.state.withLock { $0.holdWaits = false }
        try await committing.value
        #expect(!during.vertexExists(gid))
        #expect(storage.begin().vertexExists(gid))
    }

    @Test func commitsThatNeedNotWaitArePublishedAtOnce() throws {
        let storage = makeStorage()
        let log = RecordingLog(names: storage.names)
        log.state.withLock { $0.mustWait = false; $0.holdWaits = true }
        storage.attachCommitLog(log)
        let writer = storage.begin()
        let gid = try writer.createVertex()
        try writer.commit()
        #expect(storage.begin().vertexExists(gid))
    }

    @Test func schemaChangesAreLoggedOnceWithTheNextTimestamp() throws {
        let storage = makeStorage()
        let log = RecordingLog(names: storage.names)
        storage.attachCommitLog(log)
        let label = storage.names.label("L"), key = storage.names.property("k")
        let next = storage.nextCommitTimestamp
        try storage.createLabelIndex(label)
        try storage.createLabelIndex(label)
        try storage.createLabelPropertyIndex(label, key)
        try storage.dropLabelIndex(label)
        let schema = log.state.withLock { $0.schema }
        #expect(schema.map(\.0) == [.createLabelIndex(label), .createLabelPropertyIndex(label, key), .dropLabelIndex(label)])
        #expect(schema.allSatisfy { $0.1 == next })
    }

    @Test func recoveryPlacesObjectsAtTheirGidsAndRestoresCounters() throws {
        let storage = makeStorage()
        let label = storage.names.label("L"), key = storage.names.property("k"), type = storage.names.edgeType("T")
        let recovery = storage.beginRecovery()
        try recovery.createVertex(gid: Gid(10), labels: [label], properties: [(key, .int(5))])
        try recovery.createVertex(gid: Gid(3), labels: [], properties: [])
        let edge = try recovery.createEdge(gid: Gid(40), from: Gid(10), to: Gid(3), type: type, properties: [(key, .bool(true))])
        let duplicate = Result { () throws(QuiverError) in try recovery.createVertex(gid: Gid(3), labels: [], properties: []) }
        #expect(duplicate.isFailure)
        try recovery.commit()
        storage.restoreGidLimits(vertex: 20, edge: 100)
        storage.restoreClock(after: 500)
        #expect(storage.nextCommitTimestamp == 501)
        #expect(storage.gidLimits.vertex == 20 && storage.gidLimits.edge == 100)
        #expect(storage.vertexCount == 2 && storage.edgeCount == 1)

        let reader = storage.begin()
        #expect(reader.property(of: Gid(10), key)?.intValue == 5)
        #expect(outEdges(reader, Gid(10)).map(\.edge) == [edge.gid])
        #expect(inEdges(reader, Gid(3)).map(\.neighbour) == [Gid(10)])
        #expect(reader.edgeProperty(edge.gid, key) == .bool(true))
        try reader.commit()
        let writer = storage.begin()
        let fresh = try writer.createVertex()
        let freshEdge = try writer.createEdge(from: fresh, to: Gid(3), type: type)
        try writer.commit()
        #expect(fresh.rawValue >= 20 && freshEdge.gid.rawValue >= 100)
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
