// Transaction vertex writes: create, delete (plain and detach), labels and properties. Every
// write takes the vertex's exclusive lock, applies the first-writer-wins rule, swaps in a new
// body when labels or properties change, prepends its undo delta and keeps indexes current.
import QuiverCore

extension Transaction {
    /// Creates a vertex with `labels` and `properties` (nulls are skipped, a repeated key keeps
    /// its last value). One body allocation and, in transactional mode, one delta.
    public func createVertex(labels: [LabelID] = [], properties: [(PropertyID, Value)] = []) throws(QuiverError) -> Gid {
        if let external { return try external.createVertex(labels: labels, properties: properties) }
        try requireWritable()
        let labels = Self.normalisedLabels(labels)
        let properties = Self.normalisedProperties(properties)
        let validate = try constraints.map { (set: ConstraintSet) throws(QuiverError) -> Bool in
            try checkNewVertex(set, labels: labels, properties: properties)
        } ?? false
        let gid = try storage.vertices.allocateGid()
        try placeVertex(gid, labels: labels, properties: properties)
        if validate { constraintTouched.append(gid) }
        return Gid(gid)
    }

    /// Initialises the record of a fresh (or, in recovery, claimed) gid.
    func placeVertex(_ gid: UInt64, labels: [LabelID], properties: [(PropertyID, Value)]) throws(QuiverError) {
        guard gid < AdjacencyEntry.neighbourLimit else {
            throw QuiverError(.limitExceeded, "The vertex gid space of this database is exhausted.")
        }
        let body = try ObjectBody.make(labels: labels, properties: properties)
        let vertex = storage.vertices.pointer(gid)!
        let word = vertex.wordPointer
        _ = RecordWord.lockExclusive(word)
        vertex.pointee.body = body
        vertex.pointee.outRun = nil
        vertex.pointee.inRun = nil
        let payload = pushDelta(RecordWord.existsBit, .deleteObject, .vertex, gid: gid)
        if !indexes.isEmpty { indexes.insertVertex(gid, body: body) }
        RecordWord.unlockExclusive(word, payload: payload)
        storage.counters.bodyBytes.wrappingAdd(ObjectBody.allocatedBytes(body), ordering: .relaxed)
        countVertex(+1)
    }

    /// Deletes a vertex. Without `detach` a vertex that still has edges is refused with
    /// Memgraph's text; with it, its edges go first. Returns false when this transaction had
    /// already deleted it.
    @discardableResult
    public func deleteVertex(_ gid: Gid, detach: Bool = false) throws(QuiverError) -> Bool {
        if let external { return try external.deleteVertex(gid, detach: detach) }
        try requireWritable()
        guard let vertex = vertexRecord(gid) else {
            throw QuiverError(.nonexistentObject, "Vertex \(gid) does not exist.")
        }
        let word = vertex.wordPointer
        if detach {
            var pending: [EdgeRef] = []
            repeat {
                pending.removeAll(keepingCapacity: true)
                guard let payload = try lockForDelete(word) else { return false }
                for direction in [EdgeDirection.outgoing, .incoming] {
                    guard let run = vertex.run(direction) else { continue }
                    let entries = AdjacencyRun.entries(run)
                    for index in 0..<AdjacencyRun.count(run) { pending.append(edgeRef(entries[index], of: gid, direction)) }
                }
                RecordWord.unlockExclusive(word, payload: payload)
                for edge in pending { try deleteEdge(edge) }
            } while !pending.isEmpty
        }
        guard var payload = try lockForDelete(word) else { return false }
        if (vertex.pointee.outRun.map(AdjacencyRun.count) ?? 0) > 0 || (vertex.pointee.inRun.map(AdjacencyRun.count) ?? 0) > 0 {
            RecordWord.unlockExclusive(word, payload: payload)
            throw QuiverError(.vertexHasEdges, "Failed to remove node because of its existing connections. Consider using DETACH DELETE.")
        }
        if isAnalytical {
            // No one can need the old version: free everything now, leaving a tombstone slot.
            if !indexes.isEmpty { indexes.removeVertex(gid.rawValue, body: vertex.pointee.body) }
            releaseVertexMemory(vertex)
            RecordWord.unlockExclusive(word, payload: 0)
        } else {
            payload |= RecordWord.deletedBit
            payload = pushDelta(payload, .recreateObject, .vertex, gid: gid.rawValue)
            RecordWord.unlockExclusive(word, payload: payload)
            work.deletedVertices.append(gid.rawValue)
        }
        countVertex(-1)
        return true
    }

    /// Takes the exclusive lock for a delete and applies the write rule. Returns nil (lock
    /// released) when this transaction already deleted the vertex; throws with the lock released.
    private func lockForDelete(_ word: UnsafeMutablePointer<AtomicWord>) throws(QuiverError) -> UInt64? {
        let payload = RecordWord.lockExclusive(word)
        if deletedEarlierByUs(payload) {
            RecordWord.unlockExclusive(word, payload: payload)
            return nil
        }
        do { try checkWritable(payload, deletedMessage: Self.deletedVertexMessage) } catch {
            RecordWord.unlockExclusive(word, payload: payload)
            throw error
        }
        return payload
    }

    /// True when this transaction already deleted the vertex (deleting again is a no-op). In
    /// analytical mode a deleted vertex is gone at once, so any missing vertex counts.
    private func deletedEarlierByUs(_ payload: UInt64) -> Bool {
        if isAnalytical { return payload & RecordWord.existsBit == 0 }
        guard payload & RecordWord.deletedBit != 0, let head = RecordWord.deltaPointer(payload) else { return false }
        return head.pointee.commitCell == commitCell && head.pointee.action == .recreateObject
    }

    /// Adds a label; returns false when the vertex already had it.
    @discardableResult
    public func addLabel(_ gid: Gid, _ label: LabelID) throws(QuiverError) -> Bool {
        if let external { return try external.addLabel(gid, label) }
        try requireWritable()
        let vertex = try writableVertex(gid)
        return try withWritableRecord(vertex.wordPointer) { (payload: inout UInt64) throws(QuiverError) -> Bool in
            let body = vertex.pointee.body
            if ObjectBody.hasLabel(body, label.rawValue) { return false }
            if let constraints { try checkAddedLabel(constraints, gid: gid.rawValue, label: label.rawValue, body: body) }
            let newBody = try ObjectBody.replacingLabels(body, with: ObjectBody.labels(body) + [label])
            swapBody(&vertex.pointee.body, newBody)
            payload = pushDelta(payload, .removeLabel, .vertex, gid: gid.rawValue, a: UInt64(label.rawValue))
            if !indexes.isEmpty { indexes.insertLabel(gid.rawValue, label.rawValue, body: newBody) }
            return true
        }
    }

    /// Removes a label; returns false when the vertex did not have it.
    @discardableResult
    public func removeLabel(_ gid: Gid, _ label: LabelID) throws(QuiverError) -> Bool {
        if let external { return try external.removeLabel(gid, label) }
        try requireWritable()
        let vertex = try writableVertex(gid)
        return try withWritableRecord(vertex.wordPointer) { (payload: inout UInt64) throws(QuiverError) -> Bool in
            let body = vertex.pointee.body
            guard ObjectBody.hasLabel(body, label.rawValue) else { return false }
            let newBody = try ObjectBody.replacingLabels(body, with: ObjectBody.labels(body).filter { $0 != label })
            if !indexes.isEmpty {
                if isAnalytical {
                    indexes.removeLabel(gid.rawValue, label.rawValue, body: body)
                } else if indexes.involves(label: label.rawValue) {
                    work.indexCandidates.append(.label(gid: gid.rawValue, label: label.rawValue))
                    indexes.noteCompositeTuples(gid.rawValue, label: label.rawValue, body: body, into: &work.indexCandidates)
                }
            }
            swapBody(&vertex.pointee.body, newBody)
            payload = pushDelta(payload, .addLabel, .vertex, gid: gid.rawValue, a: UInt64(label.rawValue))
            return true
        }
    }

    /// Sets (or, with `.null`, removes) a vertex property.
    public func setProperty(_ gid: Gid, _ key: PropertyID, _ value: Value) throws(QuiverError) {
        if let external { return try external.setProperty(gid, key, value) }
        try requireWritable()
        let vertex = try writableVertex(gid)
        try setProperty(word: vertex.wordPointer, body: &vertex.pointee.body, kind: .vertex, gid: gid.rawValue, key, value)
    }

    /// Shared by vertices and edges: swap the body, record the old value, maintain indexes.
    func setProperty(word: UnsafeMutablePointer<AtomicWord>, body: inout UnsafeMutableRawPointer?, kind: ObjectKind,
                     gid: UInt64, _ key: PropertyID, _ value: Value) throws(QuiverError) {
        try withWritableRecord(word) { (payload: inout UInt64) throws(QuiverError) in
            let run = ObjectBody.properties(body)
            let old = run.flatMap { PropertyCodec.value(for: key, in: $0) } ?? .null
            if old.isNull && value.isNull { return }
            if kind == .vertex, let constraints {
                try checkSetProperty(constraints, gid: gid, body: body, property: key.rawValue, value: value)
            }
            let newProperties = PropertyCodec.applying([(key, value)], to: run)
            let newBody = try ObjectBody.replacingProperties(body, with: newProperties)
            let indexed = kind == .vertex && !indexes.isEmpty && indexes.involves(property: key.rawValue)
            if indexed && !old.isNull {
                if isAnalytical {
                    indexes.removeProperty(gid, key.rawValue, old, body: body)
                } else {
                    work.indexCandidates.append(.property(gid: gid, property: key.rawValue, value: old))
                    indexes.noteCompositeTuples(gid, property: key.rawValue, body: body, into: &work.indexCandidates)
                }
            }
            swapBody(&body, newBody)
            if !isAnalytical {
                payload = pushDelta(payload, .setProperty, kind, gid: gid, a: UInt64(key.rawValue), b: saveOldValue(old))
            }
            if indexed && !value.isNull { indexes.insertProperty(gid, key.rawValue, value, body: newBody) }
        }
    }

    /// Takes the record's exclusive lock, applies the write rule and runs `body`, which may
    /// replace the payload (delta pointer, flags); the lock is released on every path.
    @inline(__always)
    func withWritableRecord<T>(_ word: UnsafeMutablePointer<AtomicWord>,
                               _ body: (inout UInt64) throws(QuiverError) -> T) throws(QuiverError) -> T {
        var payload = RecordWord.lockExclusive(word)
        defer { RecordWord.unlockExclusive(word, payload: payload) }
        try checkWritable(payload, deletedMessage: Self.deletedVertexMessage)
        return try body(&payload)
    }

    func writableVertex(_ gid: Gid) throws(QuiverError) -> UnsafeMutablePointer<VertexRecord> {
        guard let vertex = vertexRecord(gid) else {
            throw QuiverError(.nonexistentObject, "Vertex \(gid) does not exist.")
        }
        return vertex
    }

    /// Replaces a body under the exclusive lock, freeing the old one and keeping the counters.
    func swapBody(_ slot: inout UnsafeMutableRawPointer?, _ newBody: UnsafeMutableRawPointer?) {
        let delta = ObjectBody.allocatedBytes(newBody) - ObjectBody.allocatedBytes(slot)
        ObjectBody.free(slot)
        slot = newBody
        storage.counters.bodyBytes.wrappingAdd(delta, ordering: .relaxed)
    }

    /// Frees a vertex's body and runs (analytical deletes, aborted creations, GC).
    func releaseVertexMemory(_ vertex: UnsafeMutablePointer<VertexRecord>) {
        storage.releaseVertexMemory(vertex)
    }

    /// Counts are kept per transaction and published when it ends (analytical writes persist
    /// even on abort), so parallel writers never contend on a shared counter per object.
    @inline(__always) func countVertex(_ change: Int) { vertexCountChange += change }
    @inline(__always) func countEdge(_ change: Int) { edgeCountChange += change }

    func publishCounts() {
        if vertexCountChange != 0 { storage.counters.vertexCount.wrappingAdd(vertexCountChange, ordering: .relaxed) }
        if edgeCountChange != 0 { storage.counters.edgeCount.wrappingAdd(edgeCountChange, ordering: .relaxed) }
        vertexCountChange = 0
        edgeCountChange = 0
    }

    static func normalisedLabels(_ labels: [LabelID]) -> [LabelID] {
        if labels.count < 2 { return labels }
        var seen: [LabelID] = []
        seen.reserveCapacity(labels.count)
        for label in labels where !seen.contains(label) { seen.append(label) }
        return seen
    }

    static func normalisedProperties(_ properties: [(PropertyID, Value)]) -> [(PropertyID, Value)] {
        if properties.isEmpty { return properties }
        // Fast path, no allocation: already strictly ascending and free of nulls.
        var ordered = !properties[0].1.isNull
        var index = 1
        while ordered && index < properties.count {
            ordered = properties[index - 1].0 < properties[index].0 && !properties[index].1.isNull
            index += 1
        }
        if ordered { return properties }
        var sorted = properties.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        var result: [(PropertyID, Value)] = []
        result.reserveCapacity(sorted.count)
        for (key, value) in sorted {
            if let last = result.last, last.0 == key { result.removeLast() }
            result.append((key, value))
        }
        sorted = result.filter { !$0.1.isNull }
        return sorted
    }
}

extension Storage {
    /// Frees an edge record's body (analytical deletes, aborted creations, GC).
    func releaseEdgeMemory(_ edge: UnsafeMutablePointer<EdgeRecord>) {
        counters.bodyBytes.wrappingSubtract(ObjectBody.allocatedBytes(edge.pointee.body), ordering: .relaxed)
        ObjectBody.free(edge.pointee.body)
        edge.pointee.body = nil
    }

    func releaseVertexMemory(_ vertex: UnsafeMutablePointer<VertexRecord>) {
        counters.bodyBytes.wrappingSubtract(ObjectBody.allocatedBytes(vertex.pointee.body), ordering: .relaxed)
        ObjectBody.free(vertex.pointee.body)
        vertex.pointee.body = nil
        if let run = vertex.pointee.outRun { arena.free(run) }
        if let run = vertex.pointee.inRun { arena.free(run) }
        vertex.pointee.outRun = nil
        vertex.pointee.inRun = nil
    }
}
