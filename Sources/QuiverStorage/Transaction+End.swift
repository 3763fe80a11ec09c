// Transaction end: commit publishes the transaction's versions by giving them a commit
// timestamp (after the commit log, when one is attached, made them durable: CommitLog.swift)
// and hands its deltas to GC; abort undoes every delta newest first, restoring
// exactly the previous state, and frees them at once. Analytical transactions have nothing to
// publish or undo.
import Atomics
import QuiverCore

extension Transaction {
    /// Commits. After this returns, transactions that start later see every write.
    public func commit() throws(QuiverError) {
        try requireActive()
        if let external {
            do {
                try external.commit()
            } catch {
                storage.engine.finish(self)
                markAborted()
                throw error
            }
            storage.engine.finish(self)
            markCommitted()
            slab.release()
            return
        }
        try validateConstraintsAtCommit()
        try validateConstraintsAtCommit()
        if isAnalytical || slab.count == 0 {
            publishCounts()
            storage.engine.finish(self)
            markCommitted()
            slab.release()
            return
        }
        if let log = storage.commitLog {
            let record = log.encode(CommitChanges(transaction: self))
            let (timestamp, ticket) = storage.engine.commit(self, log: log, record: record)
            if ticket.mustWait {
                do {
                    try log.waitDurable(ticket)
                } catch {
                    // Never published: undo it so memory holds only what the log holds.
                    storage.engine.abandon(self)
                    abort()
                    throw error
                }
                storage.engine.publish(through: timestamp)
            }
        } else {
            storage.engine.commit(self)
        }
        markCommitted()
        storage.engine.unreleasedDeltas.wrappingAdd(slab.count, ordering: .relaxed)
        publishCounts()
    }

    /// Rolls back every write (a no-op in analytical mode, which has no rollback).
    public func abort() {
        guard state == .active else { return }
        if let external {
            external.abort()
            storage.engine.finish(self)
            markAborted()
            return
        }
        if isAnalytical {
            publishCounts()  // analytical writes are not undone
        } else {
            slab.forEachNewestFirst { delta in undo(delta) }
            storage.removeObsoleteIndexEntries(work.indexCandidates, indexes: indexes)
            if indexes.hasComposites { storage.removeObsoleteCompositeEntries(work.indexCandidates, indexes: indexes) }
            work.indexCandidates = []
            storage.counters.deltaBytes.wrappingSubtract(slab.allocatedBytes, ordering: .relaxed)
            slab.release()
        }
        storage.engine.finish(self)
        markAborted()
    }

    /// Reverts one delta. It is the newest on its object: nobody else may write an object that
    /// carries an uncommitted delta of ours, and we undo in reverse order.
    private func undo(_ delta: UnsafeMutablePointer<Delta>) {
        let gid = delta.pointee.objectGid
        if delta.pointee.objectKind == .edge {
            let record = storage.edges.pointer(gid)!
            let word = record.wordPointer
            var payload = RecordWord.lockExclusive(word)
            assert(RecordWord.deltaPointer(payload) == delta)
            switch delta.pointee.action {
            case .deleteObject:
                storage.releaseEdgeMemory(record)
                payload = 0
            case .recreateObject:
                payload &= ~RecordWord.deletedBit
            case .setProperty:
                restoreProperty(&record.pointee.body, delta, gid: gid, kind: .edge)
            default:
                assertionFailure("unexpected edge delta \(delta.pointee.action)")
            }
            RecordWord.unlockExclusive(word, payload: RecordWord.withDelta(payload, delta.pointee.next))
            return
        }
        let vertex = storage.vertices.pointer(gid)!
        let word = vertex.wordPointer
        var payload = RecordWord.lockExclusive(word)
        assert(RecordWord.deltaPointer(payload) == delta)
        switch delta.pointee.action {
        case .deleteObject:
            if !indexes.isEmpty { indexes.removeVertex(gid, body: vertex.pointee.body) }
            storage.releaseVertexMemory(vertex)
            payload = 0
        case .recreateObject:
            payload &= ~RecordWord.deletedBit
        case .setProperty:
            restoreProperty(&vertex.pointee.body, delta, gid: gid, kind: .vertex)
        case .addLabel:
            let body = vertex.pointee.body
            let restored = try! ObjectBody.replacingLabels(body, with: ObjectBody.labels(body) + [LabelID(delta.pointee.labelID)])
            swapBody(&vertex.pointee.body, restored)
        case .removeLabel:
            let body = vertex.pointee.body
            if indexes.involves(label: delta.pointee.labelID) {
                work.indexCandidates.append(.label(gid: gid, label: delta.pointee.labelID))
                indexes.noteCompositeTuples(gid, label: delta.pointee.labelID, body: body, into: &work.indexCandidates)
            }
            let restored = try! ObjectBody.replacingLabels(body, with: ObjectBody.labels(body).filter { $0.rawValue != delta.pointee.labelID })
            swapBody(&vertex.pointee.body, restored)
        case .addOutEdge:
            storage.appendEntry(vertex, .outgoing, delta.pointee.entry)
        case .addInEdge:
            storage.appendEntry(vertex, .incoming, delta.pointee.entry)
        case .removeOutEdge:
            _ = storage.removeEntry(vertex, .outgoing, edge: delta.pointee.b)
        case .removeInEdge:
            _ = storage.removeEntry(vertex, .incoming, edge: delta.pointee.b)
        case .invalid:
            assertionFailure("invalid delta")
        }
        RecordWord.unlockExclusive(word, payload: RecordWord.withDelta(payload, delta.pointee.next))
    }

    private func restoreProperty(_ body: inout UnsafeMutableRawPointer?, _ delta: UnsafeMutablePointer<Delta>, gid: UInt64, kind: ObjectKind) {
        let key = delta.pointee.propertyID
        let run = ObjectBody.properties(body)
        if kind == .vertex && indexes.involves(property: key.rawValue),
           let current = run.flatMap({ PropertyCodec.value(for: key, in: $0) }) {
            work.indexCandidates.append(.property(gid: gid, property: key.rawValue, value: current))
        }
        if kind == .vertex && indexes.hasComposites {
            indexes.noteCompositeTuples(gid, property: key.rawValue, body: body, into: &work.indexCandidates)
        }
        let restored = PropertyCodec.applying([(key, delta.pointee.oldValue)], to: run)
        // The old version was stored before, so it fits the limits: this cannot throw.
        let newBody = try! ObjectBody.replacingProperties(body, with: restored)
        swapBody(&body, newBody)
    }
}
