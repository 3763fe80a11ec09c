// Transaction reads: existence, labels, properties and adjacency of vertices and edges as this
// transaction sees them. Each read takes the object's shared lock, reads the newest version and,
// only when the newest delta is invisible, undoes deltas on a private copy (the slow path).
// No heap allocation on the fast path of hasLabel, property (scalars) and edges (warm buffer).
import QuiverCore

extension Transaction {
    @inline(__always)
    func vertexRecord(_ gid: Gid) -> UnsafeMutablePointer<VertexRecord>? {
        storage.vertices.pointer(gid.rawValue)
    }

    @inline(__always)
    func edgeRecord(_ gid: Gid) -> UnsafeMutablePointer<EdgeRecord>? {
        storage.propertiesOnEdges ? storage.edges.pointer(gid.rawValue) : nil
    }

    /// Existence of the newest version, then adjusted by the deltas a reader must undo.
    @inline(__always)
    func visibleExistence(_ payload: UInt64, _ view: View) -> Bool {
        var exists = payload & RecordWord.existsBit != 0 && payload & RecordWord.deletedBit == 0
        if let head = firstInvisible(payload, view) {
            forEachInvisible(from: head, view) { delta in
                switch delta.pointee.action {
                case .deleteObject: exists = false
                case .recreateObject: exists = true
                default: break
                }
            }
        }
        return exists
    }

    /// Whether the vertex exists for this transaction.
    public func vertexExists(_ gid: Gid, view: View = .new) -> Bool {
        if let external { return external.vertexExists(gid, view: view) }
        guard let vertex = vertexRecord(gid) else { return false }
        let word = vertex.wordPointer
        if RecordWord.loadRelaxed(word) & RecordWord.existsBit == 0 { return false }
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        return visibleExistence(payload, view)
    }

    /// Whether the vertex exists and carries `label`.
    public func hasLabel(_ gid: Gid, _ label: LabelID, view: View = .new) -> Bool {
        if let external { return external.hasLabel(gid, label, view: view) }
        guard let vertex = vertexRecord(gid) else { return false }
        let word = vertex.wordPointer
        if RecordWord.loadRelaxed(word) & RecordWord.existsBit == 0 { return false }
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        var has = ObjectBody.hasLabel(vertex.pointee.body, label.rawValue)
        guard let head = firstInvisible(payload, view) else {
            return has && payload & RecordWord.deletedBit == 0
        }
        var exists = payload & RecordWord.deletedBit == 0
        forEachInvisible(from: head, view) { delta in
            switch delta.pointee.action {
            case .deleteObject: exists = false
            case .recreateObject: exists = true
            case .addLabel where delta.pointee.labelID == label.rawValue: has = true
            case .removeLabel where delta.pointee.labelID == label.rawValue: has = false
            default: break
            }
        }
        return exists && has
    }

    /// The vertex's labels, or nil when it does not exist for this transaction.
    public func labels(of gid: Gid, view: View = .new) -> [LabelID]? {
        if let external { return external.labels(of: gid, view: view) }
        guard let vertex = vertexRecord(gid) else { return nil }
        let word = vertex.wordPointer
        if RecordWord.loadRelaxed(word) & RecordWord.existsBit == 0 { return nil }
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        var labels = ObjectBody.labels(vertex.pointee.body)
        var exists = payload & RecordWord.deletedBit == 0
        if let head = firstInvisible(payload, view) {
            forEachInvisible(from: head, view) { delta in
                switch delta.pointee.action {
                case .deleteObject: exists = false
                case .recreateObject: exists = true
                case .addLabel: labels.append(LabelID(delta.pointee.labelID))
                case .removeLabel: labels.removeAll { $0.rawValue == delta.pointee.labelID }
                default: break
                }
            }
        }
        return exists ? labels : nil
    }

    /// One property of a vertex that carries `label` (`.null` when absent), or nil when the
    /// vertex does not exist or lacks the label: an index hit's confirmation under one lock.
    public func property(of gid: Gid, _ key: PropertyID, ifLabel label: LabelID, view: View = .new) -> Value? {
        if let external { return external.hasLabel(gid, label, view: view) ? external.property(of: gid, key, view: view) : nil }
        guard let vertex = vertexRecord(gid) else { return nil }
        let word = vertex.wordPointer
        if RecordWord.loadRelaxed(word) & RecordWord.existsBit == 0 { return nil }
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        let body = vertex.pointee.body
        var has = ObjectBody.hasLabel(body, label.rawValue)
        var value: Value = .null
        if let run = ObjectBody.properties(body) { value = PropertyCodec.value(for: key, in: run) ?? .null }
        guard let head = firstInvisible(payload, view) else {
            return has && payload & RecordWord.deletedBit == 0 ? value : nil
        }
        var exists = payload & RecordWord.deletedBit == 0
        forEachInvisible(from: head, view) { delta in
            switch delta.pointee.action {
            case .deleteObject: exists = false
            case .recreateObject: exists = true
            case .addLabel where delta.pointee.labelID == label.rawValue: has = true
            case .removeLabel where delta.pointee.labelID == label.rawValue: has = false
            case .setProperty where delta.pointee.propertyID == key: value = delta.pointee.oldValue
            default: break
            }
        }
        return exists && has ? value : nil
    }

    /// One property of a vertex (`.null` when absent), or nil when the vertex does not exist.
    public func property(of gid: Gid, _ key: PropertyID, view: View = .new) -> Value? {
        if let external { return external.property(of: gid, key, view: view) }
        guard let vertex = vertexRecord(gid) else { return nil }
        return readProperty(vertex.wordPointer, body: { vertex.pointee.body }, key, view)
    }

    /// All properties of a vertex in id order, or nil when it does not exist.
    public func properties(of gid: Gid, view: View = .new) -> [(PropertyID, Value)]? {
        if let external { return external.properties(of: gid, view: view) }
        guard let vertex = vertexRecord(gid) else { return nil }
        return readProperties(vertex.wordPointer, body: { vertex.pointee.body }, view)
    }

    /// One property of an edge (`.null` when absent or when edges have no properties), or nil
    /// when the edge record does not exist for this transaction.
    public func edgeProperty(_ edge: Gid, _ key: PropertyID, view: View = .new) -> Value? {
        if let external { return external.edgeProperty(edge, key, view: view) }
        guard storage.propertiesOnEdges else { return .null }
        guard let record = edgeRecord(edge) else { return nil }
        return readProperty(record.wordPointer, body: { record.pointee.body }, key, view)
    }

    /// All properties of an edge in id order.
    public func edgeProperties(_ edge: Gid, view: View = .new) -> [(PropertyID, Value)]? {
        if let external { return external.edgeProperties(edge, view: view) }
        guard storage.propertiesOnEdges else { return [] }
        guard let record = edgeRecord(edge) else { return nil }
        return readProperties(record.wordPointer, body: { record.pointee.body }, view)
    }

    @inline(__always)
    private func readProperty(_ word: UnsafeMutablePointer<AtomicWord>, body: () -> UnsafeMutableRawPointer?,
                              _ key: PropertyID, _ view: View) -> Value? {
        if RecordWord.loadRelaxed(word) & RecordWord.existsBit == 0 { return nil }
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        var value: Value = .null
        if let run = ObjectBody.properties(body()) { value = PropertyCodec.value(for: key, in: run) ?? .null }
        guard let head = firstInvisible(payload, view) else {
            return payload & RecordWord.deletedBit == 0 ? value : nil
        }
        var exists = payload & RecordWord.deletedBit == 0
        forEachInvisible(from: head, view) { delta in
            switch delta.pointee.action {
            case .deleteObject: exists = false
            case .recreateObject: exists = true
            case .setProperty where delta.pointee.propertyID == key: value = delta.pointee.oldValue
            default: break
            }
        }
        return exists ? value : nil
    }

    private func readProperties(_ word: UnsafeMutablePointer<AtomicWord>, body: () -> UnsafeMutableRawPointer?,
                                _ view: View) -> [(PropertyID, Value)]? {
        if RecordWord.loadRelaxed(word) & RecordWord.existsBit == 0 { return nil }
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        var properties = ObjectBody.decodeProperties(body())
        var exists = payload & RecordWord.deletedBit == 0
        if let head = firstInvisible(payload, view) {
            forEachInvisible(from: head, view) { delta in
                switch delta.pointee.action {
                case .deleteObject: exists = false
                case .recreateObject: exists = true
                case .setProperty:
                    let key = delta.pointee.propertyID
                    let old = delta.pointee.oldValue
                    if let index = properties.firstIndex(where: { $0.0 == key }) {
                        if old.isNull { properties.remove(at: index) } else { properties[index].1 = old }
                    } else if !old.isNull {
                        let position = properties.firstIndex(where: { $0.0 > key }) ?? properties.count
                        properties.insert((key, old), at: position)
                    }
                default: break
                }
            }
        }
        return exists ? properties : nil
    }

    /// Copies the vertex's visible edges in `direction` (all types when `types` is empty) into
    /// `buffer`, replacing its contents. Returns false when the vertex does not exist.
    /// The buffer keeps its capacity, so a warm buffer makes this allocation-free.
    @discardableResult
    public func edges(of gid: Gid, _ direction: EdgeDirection, types: [EdgeTypeID] = [], view: View = .new,
                      into buffer: inout [AdjacencyEntry]) -> Bool {
        if let external { return external.edges(of: gid, direction, types: types, view: view, into: &buffer) }
        buffer.removeAll(keepingCapacity: true)
        guard let vertex = vertexRecord(gid) else { return false }
        let word = vertex.wordPointer
        if RecordWord.loadRelaxed(word) & RecordWord.existsBit == 0 { return false }
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        if let run = vertex.run(direction) {
            let entries = UnsafeBufferPointer(start: AdjacencyRun.entries(run), count: AdjacencyRun.count(run))
            if types.isEmpty {
                buffer.append(contentsOf: entries)
            } else if types.count == 1 {
                let wanted = types[0]
                for entry in entries where entry.type == wanted { buffer.append(entry) }
            } else {
                for entry in entries where types.contains(entry.type) { buffer.append(entry) }
            }
        }
        guard let head = firstInvisible(payload, view) else {
            return payload & RecordWord.deletedBit == 0
        }
        var exists = payload & RecordWord.deletedBit == 0
        let (addAction, removeAction): (DeltaAction, DeltaAction) =
            direction == .outgoing ? (.addOutEdge, .removeOutEdge) : (.addInEdge, .removeInEdge)
        forEachInvisible(from: head, view) { delta in
            let action = delta.pointee.action
            if action == .deleteObject { exists = false } else if action == .recreateObject { exists = true }
            else if action == addAction {
                let entry = delta.pointee.entry
                if types.isEmpty || types.contains(entry.type) { buffer.append(entry) }
            } else if action == removeAction {
                let edge = delta.pointee.b
                if let index = buffer.firstIndex(where: { $0.edgeGid == edge }) { buffer.remove(at: index) }
            }
        }
        if !exists { buffer.removeAll(keepingCapacity: true) }
        return exists
    }

    /// Number of visible edges of a vertex in one direction.
    public func degree(of gid: Gid, _ direction: EdgeDirection, view: View = .new) -> Int {
        if external != nil { return countedEdges(of: gid, direction, view) }
        guard let vertex = vertexRecord(gid) else { return 0 }
        let word = vertex.wordPointer
        let payload = RecordWord.lockShared(word)
        if firstInvisible(payload, view) == nil {
            defer { RecordWord.unlockShared(word) }
            guard payload & RecordWord.existsBit != 0, payload & RecordWord.deletedBit == 0 else { return 0 }
            return vertex.run(direction).map(AdjacencyRun.count) ?? 0
        }
        RecordWord.unlockShared(word)
        return countedEdges(of: gid, direction, view)
    }

    /// The slow path of `degree`: the visible edges, counted.
    private func countedEdges(of gid: Gid, _ direction: EdgeDirection, _ view: View) -> Int {
        var buffer: [AdjacencyEntry] = []
        edges(of: gid, direction, view: view, into: &buffer)
        return buffer.count
    }

    /// The edge as seen from `vertex` for an adjacency entry.
    @inlinable
    public func edgeRef(_ entry: AdjacencyEntry, of vertex: Gid, _ direction: EdgeDirection) -> EdgeRef {
        direction == .outgoing
            ? EdgeRef(gid: entry.edge, from: vertex, to: entry.neighbour, type: entry.type)
            : EdgeRef(gid: entry.edge, from: entry.neighbour, to: vertex, type: entry.type)
    }
}
