// Storage composite-index DDL: creating and dropping label+property indexes over two or more
// properties (under unique access, logged first, built over existing data), their info rows and
// planner checks. The on-disk mode has no composite indexes yet and says so.
import QuiverCore

extension Storage {
    public static let compositeOnDiskMessage = "Composite label+property indexes (more than one property) are not supported yet in ON_DISK_TRANSACTIONAL storage mode."

    /// Creates an index on `label` over `properties` (two or more, in order); false when it exists.
    @discardableResult
    public func createCompositeIndex(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool {
        precondition(properties.count >= 2, "a composite index covers two or more properties")
        if externalStore != nil { throw QuiverError(.notSupported, Self.compositeOnDiskMessage) }
        let keys = properties.map(\.rawValue)
        return try withUniqueAccess { () throws(QuiverError) -> Bool in
            if indexes.compositeIndex(label: label.rawValue, properties: keys) != nil { return false }
            try logSchemaChange(.createCompositeIndex(label, properties))
            let index = CompositeIndex(label: label.rawValue, properties: keys, counters: counters)
            var entries: [IndexEntry] = []
            // No transaction runs and GC is held off: every record has one version, frozen.
            collector.withLock {
                collectGarbageLocked(compact: false)
                forEachLiveVertex { gid, body in
                    guard ObjectBody.hasLabel(body, label.rawValue), let tuple = CompositeIndex.tuple(keys, in: body),
                          let entry = IndexKey.make(.list(tuple), gid: gid) else { return }
                    entries.append(entry)
                }
            }
            entries.sort { IndexKey.compare($0, $1) < 0 }
            for entry in entries { index.tree.insert(entry) }
            replaceIndexes(indexes.replacingComposites(indexes.compositeIndexes + [index]))
            return true
        }
    }

    /// Drops the index on `label` over exactly `properties` (in order); false when there is none.
    @discardableResult
    public func dropCompositeIndex(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool {
        if externalStore != nil { throw QuiverError(.notSupported, Self.compositeOnDiskMessage) }
        let keys = properties.map(\.rawValue)
        return try withUniqueAccess { () throws(QuiverError) -> Bool in
            guard indexes.compositeIndex(label: label.rawValue, properties: keys) != nil else { return false }
            try logSchemaChange(.dropCompositeIndex(label, properties))
            let remaining = indexes.compositeIndexes.filter { !($0.label == label.rawValue && $0.properties == keys) }
            replaceIndexes(indexes.replacingComposites(remaining))
            return true
        }
    }

    /// One row per composite index: (label, properties in order, entry count), by label then properties.
    public var compositeIndexInfo: [(label: LabelID, properties: [PropertyID], count: Int)] {
        if externalStore != nil { return [] }
        return indexes.compositeIndexes
            .map { (label: LabelID($0.label), properties: $0.properties.map(PropertyID.init), count: $0.entryCount) }
            .sorted { lhs, rhs in
                lhs.label.rawValue != rhs.label.rawValue ? lhs.label.rawValue < rhs.label.rawValue
                    : lhs.properties.map(\.rawValue).lexicographicallyPrecedes(rhs.properties.map(\.rawValue))
            }
    }

    public func hasCompositeIndex(_ label: LabelID, _ properties: [PropertyID]) -> Bool {
        if externalStore != nil { return false }
        return indexes.compositeIndex(label: label.rawValue, properties: properties.map(\.rawValue)) != nil
    }

    /// Whether the composite index holds an entry for `gid` with exactly `tuple` (tests).
    public func compositeIndexContains(_ label: LabelID, _ properties: [PropertyID], gid: Gid, tuple: [Value]) -> Bool {
        indexes.compositeIndex(label: label.rawValue, properties: properties.map(\.rawValue))?
            .contains(gid.rawValue, tuple: tuple) ?? false
    }
}
