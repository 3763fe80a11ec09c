// Transaction edge writes: create, delete and edge properties. An edge is its two adjacency
// entries (source's out-list, target's in-list) plus, when properties on edges are enabled, a
// 16-byte record holding its property body. Both endpoint vertices are locked exclusively in
// gid order, so concurrent writers can never deadlock.
import QuiverCore

extension Transaction {
    /// Creates an edge `from -[type]-> to`.
    @discardableResult
    public func createEdge(from: Gid, to: Gid, type: EdgeTypeID, properties: [(PropertyID, Value)] = []) throws(QuiverError) -> EdgeRef {
        if let external { return try external.createEdge(from: from, to: to, type: type, properties: properties) }
        return try createEdge(from: from, to: to, type: type, properties: properties, gid: nil)
    }

    /// Creates an edge with a fresh gid, or (recovery) with `gid`.
    func createEdge(from: Gid, to: Gid, type: EdgeTypeID, properties: [(PropertyID, Value)], gid: Gid?) throws(QuiverError) -> EdgeRef {
        try requireWritable()
        let properties = Self.normalisedProperties(properties)
        if !storage.propertiesOnEdges && !properties.isEmpty { throw Self.edgePropertiesDisabled }
        guard type.rawValue < AdjacencyEntry.edgeTypeLimit else {
            throw QuiverError(.limitExceeded, "Too many edge types.")
        }
        let source = try writableVertex(from)
        let target = try writableVertex(to)
        let sourceWord = source.wordPointer, targetWord = target.wordPointer
        let selfLoop = from == to
        var (sourcePayload, targetPayload) = lockPair(sourceWord, targetWord, first: from, second: to)
        func unlock() {
            RecordWord.unlockExclusive(sourceWord, payload: sourcePayload)
            if !selfLoop { RecordWord.unlockExclusive(targetWord, payload: targetPayload) }
        }
        let edgeGid: UInt64
        do {
            try checkWritable(sourcePayload, deletedMessage: Self.deletedVertexMessage)
            if !selfLoop { try checkWritable(targetPayload, deletedMessage: Self.deletedVertexMessage) }
            edgeGid = try createEdgeRecord(properties, gid: gid)
        } catch {
            unlock()
            throw error
        }
        let outEntry = AdjacencyEntry(neighbour: to.rawValue, type: type.rawValue, edgeGid: edgeGid)
        let inEntry = AdjacencyEntry(neighbour: from.rawValue, type: type.rawValue, edgeGid: edgeGid)
        appendEntry(source, .outgoing, outEntry)
        appendEntry(target, .incoming, inEntry)
        sourcePayload = pushDelta(sourcePayload, .removeOutEdge, .vertex, gid: from.rawValue, a: outEntry.word0, b: edgeGid)
        if selfLoop {
            sourcePayload = pushDelta(sourcePayload, .removeInEdge, .vertex, gid: to.rawValue, a: inEntry.word0, b: edgeGid)
        } else {
            targetPayload = pushDelta(targetPayload, .removeInEdge, .vertex, gid: to.rawValue, a: inEntry.word0, b: edgeGid)
        }
        unlock()
        countEdge(+1)
        return EdgeRef(gid: Gid(edgeGid), from: from, to: to, type: type)
    }

    /// Allocates the edge's gid and, with properties on edges, initialises its record.
    private func createEdgeRecord(_ properties: [(PropertyID, Value)], gid explicit: Gid?) throws(QuiverError) -> UInt64 {
        if let explicit {
            try storage.claimEdgeGid(explicit.rawValue)
        } else if edgeGidNext == edgeGidEnd {
            edgeGidNext = storage.propertiesOnEdges
                ? try storage.edges.allocateGids(Self.edgeGidBlock)
                : storage.edgeGidCounter.wrappingAdd(Self.edgeGidBlock, ordering: .relaxed).oldValue
            edgeGidEnd = edgeGidNext + Self.edgeGidBlock
        }
        let gid: UInt64
        if let explicit {
            gid = explicit.rawValue
        } else {
            gid = edgeGidNext
            edgeGidNext += 1
        }
        guard storage.propertiesOnEdges else { return gid }
        let body = try ObjectBody.make(labels: [], properties: properties)
        let record = storage.edges.pointer(gid)!
        _ = RecordWord.lockExclusive(record.wordPointer)
        record.pointee.body = body
        let payload = pushDelta(RecordWord.existsBit, .deleteObject, .edge, gid: gid)
        RecordWord.unlockExclusive(record.wordPointer, payload: payload)
        storage.counters.bodyBytes.wrappingAdd(ObjectBody.allocatedBytes(body), ordering: .relaxed)
        return gid
    }

    /// Deletes an edge; returns false when it is not there (already deleted by this transaction).
    @discardableResult
    public func deleteEdge(_ edge: EdgeRef) throws(QuiverError) -> Bool {
        if let external { return try external.deleteEdge(edge) }
        try requireWritable()
        let source = try writableVertex(edge.from)
        let target = try writableVertex(edge.to)
        let sourceWord = source.wordPointer, targetWord = target.wordPointer
        let selfLoop = edge.from == edge.to
        var (sourcePayload, targetPayload) = lockPair(sourceWord, targetWord, first: edge.from, second: edge.to)
        func unlock() {
            RecordWord.unlockExclusive(sourceWord, payload: sourcePayload)
            if !selfLoop { RecordWord.unlockExclusive(targetWord, payload: targetPayload) }
        }
        do {
            try checkWritable(sourcePayload, deletedMessage: Self.deletedVertexMessage)
            if !selfLoop { try checkWritable(targetPayload, deletedMessage: Self.deletedVertexMessage) }
        } catch {
            unlock()
            throw error
        }
        guard let outEntry = removeEntry(source, .outgoing, edge: edge.gid.rawValue) else {
            unlock()
            return false
        }
        let inEntry = removeEntry(target, .incoming, edge: edge.gid.rawValue)
        assert(inEntry != nil, "edge \(edge.gid) is in the out-list but not the in-list")
        if let record = edgeRecord(edge.gid) {
            let word = record.wordPointer
            var payload = RecordWord.lockExclusive(word)
            if isAnalytical {
                storage.releaseEdgeMemory(record)
                payload = 0
            } else {
                payload |= RecordWord.deletedBit
                payload = pushDelta(payload, .recreateObject, .edge, gid: edge.gid.rawValue)
                work.deletedEdges.append(edge.gid.rawValue)
            }
            RecordWord.unlockExclusive(word, payload: payload)
        }
        sourcePayload = pushDelta(sourcePayload, .addOutEdge, .vertex, gid: edge.from.rawValue, a: outEntry.word0, b: outEntry.edgeGid)
        if let inEntry {
            if selfLoop {
                sourcePayload = pushDelta(sourcePayload, .addInEdge, .vertex, gid: edge.to.rawValue, a: inEntry.word0, b: inEntry.edgeGid)
            } else {
                targetPayload = pushDelta(targetPayload, .addInEdge, .vertex, gid: edge.to.rawValue, a: inEntry.word0, b: inEntry.edgeGid)
            }
        }
        unlock()
        countEdge(-1)
        return true
    }

    /// Sets (or, with `.null`, removes) an edge property.
    public func setEdgeProperty(_ edge: Gid, _ key: PropertyID, _ value: Value) throws(QuiverError) {
        if let external { return try external.setEdgeProperty(edge, key, value) }
        try requireWritable()
        guard storage.propertiesOnEdges else { throw Self.edgePropertiesDisabled }
        guard let record = edgeRecord(edge) else {
            throw QuiverError(.nonexistentObject, "Edge \(edge) does not exist.")
        }
        try setProperty(word: record.wordPointer, body: &record.pointee.body, kind: .edge, gid: edge.rawValue, key, value)
    }

    /// Edge gids a transaction reserves at a time (unused ones are simply never handed out).
    static let edgeGidBlock: UInt64 = 64

    static let edgePropertiesDisabled = QuiverError(.propertiesOnEdgesDisabled, "Can't set property because properties on edges are disabled.")

    /// Locks two vertices exclusively in gid order (one lock for a self-loop).
    private func lockPair(_ first: UnsafeMutablePointer<AtomicWord>, _ second: UnsafeMutablePointer<AtomicWord>,
                          first firstGid: Gid, second secondGid: Gid) -> (UInt64, UInt64) {
        if firstGid == secondGid {
            let payload = RecordWord.lockExclusive(first)
            return (payload, payload)
        }
        if firstGid < secondGid {
            let a = RecordWord.lockExclusive(first)
            return (a, RecordWord.lockExclusive(second))
        }
        let b = RecordWord.lockExclusive(second)
        return (RecordWord.lockExclusive(first), b)
    }

    /// Appends an entry to a vertex's run, growing it through the arena. Exclusive lock held.
    func appendEntry(_ vertex: UnsafeMutablePointer<VertexRecord>, _ direction: EdgeDirection, _ entry: AdjacencyEntry) {
        storage.appendEntry(vertex, direction, entry)
    }

    /// Removes the entry for `edge`; returns it, or nil when absent. Exclusive lock held.
    func removeEntry(_ vertex: UnsafeMutablePointer<VertexRecord>, _ direction: EdgeDirection, edge: UInt64) -> AdjacencyEntry? {
        storage.removeEntry(vertex, direction, edge: edge)
    }
}

extension Storage {
    func appendEntry(_ vertex: UnsafeMutablePointer<VertexRecord>, _ direction: EdgeDirection, _ entry: AdjacencyEntry) {
        var run: UnsafeMutableRawPointer
        if let existing = vertex.run(direction) {
            run = existing
            let count = AdjacencyRun.count(run)
            if count == AdjacencyRun.capacity(run) {
                // Small runs double (a run of 17 grows 5 times, not 13); large ones grow by a
                // quarter. Compaction later trims the slack to an exact fit.
                let grown = arena.allocate(atLeast: count < 64 ? count * 2 : count + count / 4)
                AdjacencyRun.entries(grown).update(from: AdjacencyRun.entries(run), count: count)
                AdjacencyRun.setCount(grown, count)
                arena.free(run)
                run = grown
                vertex.setRun(direction, run)
            }
        } else {
            run = arena.allocate(atLeast: 1)
            vertex.setRun(direction, run)
        }
        let count = AdjacencyRun.count(run)
        AdjacencyRun.entries(run)[count] = entry
        AdjacencyRun.setCount(run, count + 1)
    }

    func removeEntry(_ vertex: UnsafeMutablePointer<VertexRecord>, _ direction: EdgeDirection, edge: UInt64) -> AdjacencyEntry? {
        guard let run = vertex.run(direction) else { return nil }
        let entries = AdjacencyRun.entries(run)
        let count = AdjacencyRun.count(run)
        for index in 0..<count where entries[index].edgeGid == edge {
            let removed = entries[index]
            entries[index] = entries[count - 1]
            if count == 1 {
                arena.free(run)
                vertex.setRun(direction, nil)
            } else {
                AdjacencyRun.setCount(run, count - 1)
            }
            return removed
        }
        return nil
    }
}
