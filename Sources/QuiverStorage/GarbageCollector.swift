// GarbageCollector: releases what no transaction can need any more. For every committed
// transaction older than the oldest active one it (1) cuts the transaction's deltas off their
// objects' chains, (2) removes index entries only its old versions needed, (3) frees objects it
// deleted, and (4) releases its delta slab. It then compacts the adjacency arena when more
// than a quarter of it is slack. Runs on a background timer and on demand; one at a time.
import Atomics
import QuiverCore

extension Storage {
    /// Collects now. `compact` forces adjacency compaction regardless of slack.
    public func collectGarbage(compact: Bool = false) {
        collector.withLock { collectGarbageLocked(compact: compact) }
    }

    /// Collects, compacts and returns freed heap pages to the OS (`FREE MEMORY`).
    public func freeMemory() {
        collectGarbage(compact: true)
        _ = quiver_malloc_trim()
    }

    /// Deltas of committed transactions not yet released (`unreleased_delta_objects`).
    public var unreleasedDeltaCount: Int { engine.unreleasedDeltas.load(ordering: .relaxed) }

    func collectGarbageLocked(compact: Bool) {
        let ready = engine.takeCollectable()
        // Newest first: cutting a newer transaction's deltas drops every older one below it,
        // so each later walk stops at the few deltas that are still needed (oldest first would
        // walk every newer delta again for each older transaction: quadratic on hub vertices).
        for transaction in ready.reversed() { unlinkDeltas(of: transaction) }
        let current = indexes
        for transaction in ready where !transaction.indexCandidates.isEmpty {
            removeObsoleteIndexEntries(transaction.indexCandidates, indexes: current)
            if current.hasComposites { removeObsoleteCompositeEntries(transaction.indexCandidates, indexes: current) }
            transaction.indexCandidates = []
        }
        for transaction in ready {
            for gid in transaction.deletedVertices { freeDeletedVertex(gid, indexes: current) }
            for gid in transaction.deletedEdges { freeDeletedEdge(gid) }
            transaction.deletedVertices = []
            transaction.deletedEdges = []
            engine.unreleasedDeltas.wrappingSubtract(transaction.slab.count, ordering: .relaxed)
            counters.deltaBytes.wrappingSubtract(transaction.slab.allocatedBytes, ordering: .relaxed)
            transaction.slab.release()
        }
        let live = arena.liveBytes, slack = arena.slackBytes
        if compact || (slack > live / 4 && slack > 16 << 20) {
            compactAdjacency()
        }
    }

    /// Cuts each object's chain above the transaction's newest delta on it. Everything below
    /// that point belongs to this or older committed transactions, which nobody needs either;
    /// when a newer transaction's cut already dropped them, the walk finds nothing to cut.
    private func unlinkDeltas(of transaction: TransactionWork) {
        let cell = transaction.commitCell
        transaction.slab.forEachOldestFirst { delta in
            guard delta.pointee.flags & Delta.firstOfTransaction != 0 else { return }
            let word: UnsafeMutablePointer<AtomicWord>
            if delta.pointee.objectKind == .vertex {
                word = vertices.pointer(delta.pointee.objectGid)!.wordPointer
            } else {
                word = edges.pointer(delta.pointee.objectGid)!.wordPointer
            }
            var payload = RecordWord.lockExclusive(word)
            var previous: UnsafeMutablePointer<Delta>? = nil
            var current = RecordWord.deltaPointer(payload)
            while let candidate = current, candidate.pointee.commitCell != cell {
                previous = candidate
                current = candidate.pointee.next
            }
            if current != nil {
                if let previous { previous.pointee.next = nil } else { payload = RecordWord.withDelta(payload, nil) }
            }
            RecordWord.unlockExclusive(word, payload: payload)
        }
    }

    private func freeDeletedVertex(_ gid: UInt64, indexes: IndexSet) {
        guard let vertex = vertices.pointer(gid) else { return }
        freeIfDeletedAndUnversioned(vertex.wordPointer) {
            if !indexes.isEmpty { indexes.removeVertex(gid, body: vertex.pointee.body) }
            releaseVertexMemory(vertex)
        }
    }

    private func freeDeletedEdge(_ gid: UInt64) {
        guard let edge = edges.pointer(gid) else { return }
        freeIfDeletedAndUnversioned(edge.wordPointer) { releaseEdgeMemory(edge) }
    }

    /// Under the exclusive lock: when the object is deleted and no delta still describes an
    /// older version, runs `release` and leaves the slot a tombstone (payload 0).
    private func freeIfDeletedAndUnversioned(_ word: UnsafeMutablePointer<AtomicWord>, _ release: () -> Void) {
        var payload = RecordWord.lockExclusive(word)
        if payload & RecordWord.deletedBit != 0 && RecordWord.deltaPointer(payload) == nil {
            release()
            payload = 0
        }
        RecordWord.unlockExclusive(word, payload: payload)
    }

    /// Moves every adjacency run into exactly-sized space of a new arena generation and unmaps
    /// the old blocks. Each vertex is locked exclusively only while its runs move.
    func compactAdjacency() {
        let token = arena.beginCompaction()
        let generation = token.generation
        let limit = vertices.gidLimit
        var gid: UInt64 = 0
        while gid < limit {
            if let vertex = vertices.pointer(gid), RecordWord.loadRelaxed(vertex.wordPointer) & RecordWord.existsBit != 0 {
                let word = vertex.wordPointer
                let payload = RecordWord.lockExclusive(word)
                for direction in [EdgeDirection.outgoing, .incoming] {
                    guard let run = vertex.run(direction), arena.needsMove(run, currentGeneration: generation) else { continue }
                    let count = AdjacencyRun.count(run)
                    if count == 0 {
                        arena.free(run)
                        vertex.setRun(direction, nil)
                        continue
                    }
                    let moved = arena.allocate(exactly: count)
                    AdjacencyRun.entries(moved).update(from: AdjacencyRun.entries(run), count: count)
                    AdjacencyRun.setCount(moved, count)
                    arena.free(run)
                    vertex.setRun(direction, moved)
                }
                RecordWord.unlockExclusive(word, payload: payload)
            }
            gid += 1
        }
        arena.finishCompaction(token)
    }
}

import CMalloc
