// IndexSet: the immutable set of indexes in force, swapped as a whole by index DDL (which runs
// under unique storage access), plus the maintenance every write applies to it. Inserts happen
// at write time under the vertex's exclusive lock; removals happen at once in analytical mode
// and otherwise through IndexCandidate checks by abort and GC.
import QuiverCore

final class IndexSet: @unchecked Sendable {
    let labelIndexes: [UInt32: LabelIndex]
    let propertyIndexes: [LabelPropertyIndex]
    private let byLabel: [UInt32: [LabelPropertyIndex]]
    private let byProperty: [UInt32: [LabelPropertyIndex]]
    /// Label+property indexes over two or more properties.
    let compositeIndexes: [CompositeIndex]
    private let compositesByLabel: [UInt32: [CompositeIndex]]
    /// Each composite index under every property it covers (once per property).
    private let compositesByProperty: [UInt32: [CompositeIndex]]
    /// Lets writes skip the composite lookups (a hash each) when there are none.
    let hasComposites: Bool
    let isEmpty: Bool

    init(labelIndexes: [UInt32: LabelIndex] = [:], propertyIndexes: [LabelPropertyIndex] = [],
         compositeIndexes: [CompositeIndex] = []) {
        self.labelIndexes = labelIndexes
        self.propertyIndexes = propertyIndexes
        self.compositeIndexes = compositeIndexes
        byLabel = Dictionary(grouping: propertyIndexes, by: \.label)
        byProperty = Dictionary(grouping: propertyIndexes, by: \.property)
        compositesByLabel = Dictionary(grouping: compositeIndexes, by: \.label)
        var compositesByProperty: [UInt32: [CompositeIndex]] = [:]
        for index in compositeIndexes {
            for property in Set(index.properties) { compositesByProperty[property, default: []].append(index) }
        }
        self.compositesByProperty = compositesByProperty
        hasComposites = !compositeIndexes.isEmpty
        isEmpty = labelIndexes.isEmpty && propertyIndexes.isEmpty && compositeIndexes.isEmpty
    }

    /// A copy with `compositeIndexes` in place of this set's composite indexes.
    func replacingComposites(_ composites: [CompositeIndex]) -> IndexSet {
        IndexSet(labelIndexes: labelIndexes, propertyIndexes: propertyIndexes, compositeIndexes: composites)
    }

    func compositeIndex(label: UInt32, properties: [UInt32]) -> CompositeIndex? {
        compositesByLabel[label]?.first { $0.properties == properties }
    }

    func compositeIndexes(label: UInt32) -> [CompositeIndex] { compositesByLabel[label] ?? [] }
    func compositeIndexes(property: UInt32) -> [CompositeIndex] { compositesByProperty[property] ?? [] }

    func propertyIndex(label: UInt32, property: UInt32) -> LabelPropertyIndex? {
        byLabel[label]?.first { $0.property == property }
    }

    func propertyIndexes(label: UInt32) -> [LabelPropertyIndex] { byLabel[label] ?? [] }
    func propertyIndexes(property: UInt32) -> [LabelPropertyIndex] { byProperty[property] ?? [] }

    func involves(label: UInt32) -> Bool {
        labelIndexes[label] != nil || byLabel[label] != nil || (hasComposites && compositesByLabel[label] != nil)
    }
    func involves(property: UInt32) -> Bool { byProperty[property] != nil || (hasComposites && compositesByProperty[property] != nil) }

    // MARK: Inserts (write time, vertex exclusively locked)

    func insertVertex(_ gid: UInt64, body: UnsafeRawPointer?) {
        for index in 0..<ObjectBody.labelCount(body) {
            insertLabel(gid, ObjectBody.label(body!, at: index), body: body)
        }
    }

    func insertLabel(_ gid: UInt64, _ label: UInt32, body: UnsafeRawPointer?) {
        labelIndexes[label]?.insert(gid)
        if hasComposites, let composites = compositesByLabel[label] {
            for index in composites { index.insert(gid, body: body) }
        }
        guard let indexes = byLabel[label], let run = ObjectBody.properties(body) else { return }
        for index in indexes {
            if let value = PropertyCodec.value(for: PropertyID(index.property), in: run), let entry = IndexKey.make(value, gid: gid) {
                index.insert(entry)
            }
        }
    }

    func insertProperty(_ gid: UInt64, _ property: UInt32, _ value: Value, body: UnsafeRawPointer?) {
        if hasComposites, let composites = compositesByProperty[property] {
            for index in composites where ObjectBody.hasLabel(body, index.label) { index.insert(gid, body: body) }
        }
        guard let indexes = byProperty[property] else { return }
        for index in indexes where ObjectBody.hasLabel(body, index.label) {
            if let entry = IndexKey.make(value, gid: gid) { index.insert(entry) }
        }
    }

    // MARK: Candidates (transactional writes and undo)

    /// Notes the tuples `body` holds in the composite indexes on `label`, which a change of the
    /// label is about to leave (abort and GC remove them unless some version still holds them).
    func noteCompositeTuples(_ gid: UInt64, label: UInt32, body: UnsafeRawPointer?, into candidates: inout [IndexCandidate]) {
        guard hasComposites, let composites = compositesByLabel[label] else { return }
        for index in composites {
            if let values = CompositeIndex.tuple(index.properties, in: body) { candidates.append(.tuple(gid: gid, index: index, values: values)) }
        }
    }

    /// The same for a change of `property`.
    func noteCompositeTuples(_ gid: UInt64, property: UInt32, body: UnsafeRawPointer?, into candidates: inout [IndexCandidate]) {
        guard hasComposites, let composites = compositesByProperty[property] else { return }
        for index in composites where ObjectBody.hasLabel(body, index.label) {
            if let values = CompositeIndex.tuple(index.properties, in: body) { candidates.append(.tuple(gid: gid, index: index, values: values)) }
        }
    }

    // MARK: Removals (analytical writes, aborted creations, GC)

    /// Removes every entry the body of `gid` accounts for.
    func removeVertex(_ gid: UInt64, body: UnsafeRawPointer?) {
        for index in 0..<ObjectBody.labelCount(body) {
            removeLabel(gid, ObjectBody.label(body!, at: index), body: body)
        }
    }

    func removeLabel(_ gid: UInt64, _ label: UInt32, body: UnsafeRawPointer?) {
        labelIndexes[label]?.remove(gid)
        if hasComposites, let composites = compositesByLabel[label] {
            for index in composites { index.remove(gid, body: body) }
        }
        guard let indexes = byLabel[label], let run = ObjectBody.properties(body) else { return }
        for index in indexes {
            if let value = PropertyCodec.value(for: PropertyID(index.property), in: run) {
                Self.removeEntry(index, value, gid)
            }
        }
    }

    /// `body` is the version before the change (it still holds `value`).
    func removeProperty(_ gid: UInt64, _ property: UInt32, _ value: Value, body: UnsafeRawPointer?) {
        if hasComposites, let composites = compositesByProperty[property] {
            for index in composites where ObjectBody.hasLabel(body, index.label) { index.remove(gid, body: body) }
        }
        guard let indexes = byProperty[property] else { return }
        for index in indexes where ObjectBody.hasLabel(body, index.label) {
            Self.removeEntry(index, value, gid)
        }
    }

    static func removeEntry(_ index: LabelPropertyIndex, _ value: Value, _ gid: UInt64) {
        guard let probe = IndexKey.make(value, gid: gid) else { return }
        index.remove(probe)
        IndexKey.release(probe)
    }

    func releaseAll() {}
}

/// An index entry that a finished transaction may have made obsolete.
enum IndexCandidate {
    /// The vertex lost `label` (committed) or gained it (aborted).
    case label(gid: UInt64, label: UInt32)
    /// The vertex's `property` no longer holds `value` (committed) or held it only in an aborted write.
    case property(gid: UInt64, property: UInt32, value: Value)
    /// The vertex no longer holds this tuple of a composite index (committed), or held it only
    /// in an aborted write.
    case tuple(gid: UInt64, index: CompositeIndex, values: [Value])
}
