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
    let isEmpty: Bool

    init(labelIndexes: [UInt32: LabelIndex] = [:], propertyIndexes: [LabelPropertyIndex] = []) {
        self.labelIndexes = labelIndexes
        self.propertyIndexes = propertyIndexes
        byLabel = Dictionary(grouping: propertyIndexes, by: \.label)
        byProperty = Dictionary(grouping: propertyIndexes, by: \.property)
        isEmpty = labelIndexes.isEmpty && propertyIndexes.isEmpty
    }

    func propertyIndex(label: UInt32, property: UInt32) -> LabelPropertyIndex? {
        byLabel[label]?.first { $0.property == property }
    }

    func propertyIndexes(label: UInt32) -> [LabelPropertyIndex] { byLabel[label] ?? [] }
    func propertyIndexes(property: UInt32) -> [LabelPropertyIndex] { byProperty[property] ?? [] }

    func involves(label: UInt32) -> Bool { labelIndexes[label] != nil || byLabel[label] != nil }
    func involves(property: UInt32) -> Bool { byProperty[property] != nil }

    // MARK: Inserts (write time, vertex exclusively locked)

    func insertVertex(_ gid: UInt64, body: UnsafeRawPointer?) {
        for index in 0..<ObjectBody.labelCount(body) {
            insertLabel(gid, ObjectBody.label(body!, at: index), body: body)
        }
    }

    func insertLabel(_ gid: UInt64, _ label: UInt32, body: UnsafeRawPointer?) {
        labelIndexes[label]?.insert(gid)
        guard let indexes = byLabel[label], let run = ObjectBody.properties(body) else { return }
        for index in indexes {
            if let value = PropertyCodec.value(for: PropertyID(index.property), in: run), let entry = IndexKey.make(value, gid: gid) {
                index.insert(entry)
            }
        }
    }

    func insertProperty(_ gid: UInt64, _ property: UInt32, _ value: Value, body: UnsafeRawPointer?) {
        guard let indexes = byProperty[property] else { return }
        for index in indexes where ObjectBody.hasLabel(body, index.label) {
            if let entry = IndexKey.make(value, gid: gid) { index.insert(entry) }
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
        guard let indexes = byLabel[label], let run = ObjectBody.properties(body) else { return }
        for index in indexes {
            if let value = PropertyCodec.value(for: PropertyID(index.property), in: run) {
                Self.removeEntry(index, value, gid)
            }
        }
    }

    func removeProperty(_ gid: UInt64, _ property: UInt32, _ value: Value, body: UnsafeRawPointer?) {
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
}
