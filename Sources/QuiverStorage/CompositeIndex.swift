// CompositeIndex: a label+property index over two or more properties (`CREATE INDEX ON
// :L(p, q)`). Its entries are (value tuple, gid) pairs for vertices that have the label and
// every one of the properties — a vertex missing one of them is not indexed — kept in a
// LabelPropertyIndex tree whose key is the tuple as a boxed list, ordered element by element
// (Value.orderCompare). Like the single-property index its entries are a superset of what any
// transaction sees: writes insert, analytical writes remove at once; transactional writes and
// undo note the tuple they leave (`IndexCandidate.tuple`), which abort and GC remove once no
// remaining version of the vertex holds it (`removeObsoleteCompositeEntries`).
import QuiverCore

final class CompositeIndex: @unchecked Sendable {
    let label: UInt32
    let properties: [UInt32]
    let tree: LabelPropertyIndex

    init(label: UInt32, properties: [UInt32], counters: StorageCounters) {
        self.label = label
        self.properties = properties
        // The tree's own property id is unused: every key is a boxed tuple.
        tree = LabelPropertyIndex(label: label, property: UInt32.max, counters: counters)
    }

    var entryCount: Int { tree.entryCount.load(ordering: .relaxed) }

    /// The tuple `body` holds for `properties`, nil when one of them is missing.
    static func tuple(_ properties: [UInt32], in body: UnsafeRawPointer?) -> [Value]? {
        guard let run = ObjectBody.properties(body) else { return nil }
        var values: [Value] = []
        values.reserveCapacity(properties.count)
        for property in properties {
            guard let value = PropertyCodec.value(for: PropertyID(property), in: run) else { return nil }
            values.append(value)
        }
        return values
    }

    /// Indexes the vertex's current body (no-op when it lacks a property).
    func insert(_ gid: UInt64, body: UnsafeRawPointer?) {
        guard let values = Self.tuple(properties, in: body), let entry = IndexKey.make(.list(values), gid: gid) else { return }
        tree.insert(entry)
    }

    /// Removes the entry for the tuple `body` holds (no-op when it lacks a property).
    func remove(_ gid: UInt64, body: UnsafeRawPointer?) {
        guard let values = Self.tuple(properties, in: body) else { return }
        remove(gid, tuple: values)
    }

    func remove(_ gid: UInt64, tuple values: [Value]) {
        IndexSet.removeEntry(tree, .list(values), gid)
    }

    /// Whether the index holds an entry for exactly this tuple and gid (tests, upkeep).
    func contains(_ gid: UInt64, tuple values: [Value]) -> Bool {
        guard let key = IndexKey.make(.list(values), gid: 0) else { return false }
        defer { IndexKey.release(key) }
        var resume: IndexEntry?
        while let (hit, more) = tree.nextEqual(to: key, after: resume) {
            if hit.gid == gid { return true }
            guard more else { return false }
            resume = IndexKey.resumePoint(hit, key: key)
        }
        return false
    }
}

extension Storage {
    /// Removes the composite-index tuples that `.tuple` candidates name unless some remaining
    /// version of their vertex still holds them (the vertex is locked exclusively meanwhile).
    func removeObsoleteCompositeEntries(_ candidates: [IndexCandidate], indexes: IndexSet) {
        for candidate in candidates {
            guard case .tuple(let gid, let index, let values) = candidate else { continue }
            guard let vertex = vertices.pointer(gid) else { continue }
            let word = vertex.wordPointer
            let payload = RecordWord.lockExclusive(word)
            let kept = VersionWalk.tuples(vertex, payload, label: index.label, properties: index.properties)
            if !kept.contains(where: { Self.sameTuple($0, values) }) { index.remove(gid, tuple: values) }
            RecordWord.unlockExclusive(word, payload: payload)
        }
    }

    private static func sameTuple(_ a: [Value], _ b: [Value]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { IndexKey.orderCompare($0, $1) == 0 }
    }
}

extension VersionWalk {
    /// Every complete tuple of `properties` some version of the vertex holds while it exists
    /// with `label`.
    static func tuples(_ vertex: UnsafeMutablePointer<VertexRecord>, _ payload: UInt64,
                       label: UInt32, properties: [UInt32]) -> [[Value]] {
        guard payload & RecordWord.existsBit != 0 else { return [] }
        var exists = payload & RecordWord.deletedBit == 0
        var hasLabel = ObjectBody.hasLabel(vertex.pointee.body, label)
        let run = ObjectBody.properties(vertex.pointee.body)
        var values = properties.map { property in run.flatMap { PropertyCodec.value(for: PropertyID(property), in: $0) } ?? .null }
        var result: [[Value]] = []
        func record() {
            if exists && hasLabel && !values.contains(where: \.isNull) { result.append(values) }
        }
        record()
        var current = RecordWord.deltaPointer(payload)
        while let delta = current {
            switch delta.pointee.action {
            case .deleteObject: return result
            case .recreateObject: exists = true
            case .addLabel where delta.pointee.labelID == label: hasLabel = true
            case .removeLabel where delta.pointee.labelID == label: hasLabel = false
            case .setProperty:
                let property = delta.pointee.propertyID.rawValue
                for position in properties.indices where properties[position] == property { values[position] = delta.pointee.oldValue }
            default: break
            }
            record()
            current = delta.pointee.next
        }
        return result
    }
}
