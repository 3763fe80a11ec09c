// DiskStore schema DDL: label and label+property indexes (built from the vertices in batches,
// after clearing any leftover range of an interrupted build; dropped with one range delete),
// existence and uniqueness constraints (existing data checked first, with Memgraph's texts),
// the planner's counts, and the edge import mode switch. Storage calls all of this with no
// transaction active, so the data it scans is frozen.
import QuiverCore
import QuiverStorage

extension DiskStore {
    static let buildBatchEntries = 10_000

    public func createLabelIndex(_ label: LabelID) throws(QuiverError) -> Bool {
        if schema.labelIndexes.contains(label.rawValue) { return false }
        let prefix = Array(KeyCoding.labelKey(label.rawValue, 0).prefix(4))
        try database.deleteRange(.labelIndex, from: prefix, to: KeyCoding.successor(of: prefix)!)
        var count = 0
        try buildEntries(.labelIndex) { gid, bytes, emit in
            if RecordCoding.vertexHasLabel(bytes, label) {
                emit(KeyCoding.labelKey(label.rawValue, gid), [])
                count += 1
            }
        }
        try database.put(.meta, DiskSchema.labelIndexKey(label.rawValue), [])
        changeSchema { $0.labelIndexes.insert(label.rawValue) }
        indexCounts.withLock { $0.labels[label.rawValue] = count }
        return true
    }

    public func dropLabelIndex(_ label: LabelID) throws(QuiverError) -> Bool {
        guard schema.labelIndexes.contains(label.rawValue) else { return false }
        try deleteMeta(DiskSchema.labelIndexKey(label.rawValue))
        changeSchema { $0.labelIndexes.remove(label.rawValue) }
        indexCounts.withLock { _ = $0.labels.removeValue(forKey: label.rawValue) }
        let prefix = Array(KeyCoding.labelKey(label.rawValue, 0).prefix(4))
        try database.deleteRange(.labelIndex, from: prefix, to: KeyCoding.successor(of: prefix)!)
        return true
    }

    public func createLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        let index = LabelProperty(label: label.rawValue, property: property.rawValue)
        if schema.propertyIndexes.contains(index) { return false }
        changingPropertyIndex()
        defer { propertyIndexChanged() }
        let prefix = KeyCoding.propertyIndexPrefix(index.label, index.property)
        try database.deleteRange(.propertyIndex, from: prefix, to: KeyCoding.successor(of: prefix)!)
        var count = 0
        try buildEntries(.propertyIndex) { gid, bytes, emit in
            guard RecordCoding.vertexHasLabel(bytes, label),
                  let value = PropertyCodec.value(for: property, in: RecordCoding.vertexPropertyRun(bytes)),
                  let key = KeyCoding.propertyIndexKey(index.label, index.property, value, gid) else { return }
            emit(key, [])
            count += 1
        }
        try database.put(.meta, DiskSchema.propertyIndexKey(index), [])
        changeSchema { $0.propertyIndexes.insert(index) }
        indexCounts.withLock { $0.properties[index] = count }
        return true
    }

    public func dropLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        let index = LabelProperty(label: label.rawValue, property: property.rawValue)
        guard schema.propertyIndexes.contains(index) else { return false }
        changingPropertyIndex()
        defer { propertyIndexChanged() }
        try deleteMeta(DiskSchema.propertyIndexKey(index))
        changeSchema { $0.propertyIndexes.remove(index) }
        indexCounts.withLock { _ = $0.properties.removeValue(forKey: index) }
        let prefix = KeyCoding.propertyIndexPrefix(index.label, index.property)
        try database.deleteRange(.propertyIndex, from: prefix, to: KeyCoding.successor(of: prefix)!)
        return true
    }

    /// Index DDL writes entries outside a transaction: like a vertex commit it moves the
    /// generation before and after (pooled and cached views of the index are then stale).
    func changingPropertyIndex() {
        vertexCache.commitStarting()
    }

    func propertyIndexChanged() {
        vertexCache.commitEnded()
        indexIterators.drain()
    }

    public var indexInfo: [(label: LabelID, property: PropertyID?, count: Int)] {
        let counts = indexCounts.withLock { $0 }
        let labels = counts.labels.map { (label: LabelID($0.key), property: PropertyID?.none, count: $0.value) }
        let properties = counts.properties.map { (label: LabelID($0.key.label), property: Optional(PropertyID($0.key.property)), count: $0.value) }
        return (labels + properties).sorted { ($0.label.rawValue, $0.property?.rawValue ?? 0) < ($1.label.rawValue, $1.property?.rawValue ?? 0) }
    }

    public func hasLabelIndex(_ label: LabelID) -> Bool { schema.labelIndexes.contains(label.rawValue) }

    public func hasLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) -> Bool {
        schema.propertyIndexes.contains(LabelProperty(label: label.rawValue, property: property.rawValue))
    }

    public func approximateCount(label: LabelID) -> Int? {
        indexCounts.withLock { $0.labels[label.rawValue] }
    }

    public func approximateCount(label: LabelID, property: PropertyID) -> Int? {
        indexCounts.withLock { $0.properties[LabelProperty(label: label.rawValue, property: property.rawValue)] }
    }

    // MARK: Edge import mode

    public var edgeImportMode: Bool { importState.active }

    /// Switching off makes every import commit durable (WAL fsync) before returning.
    public func setEdgeImportMode(_ active: Bool) throws(QuiverError) {
        if !active && importState.active { database.flushWAL() }
        importState.setActive(active)
    }

    // MARK: Helpers

    func changeSchema(_ change: (inout DiskSchema) -> Void) {
        schemaState.withLock { schema in
            change(&schema)
            schema.rebuildDerived()
        }
    }

    func deleteMeta(_ key: [UInt8]) throws(QuiverError) {
        let batch = WriteBatch()
        batch.delete(database, .meta, key)
        try database.write(batch, sync: true)
    }

    /// Visits every committed vertex (gid, encoded bytes); `body` emits keys for `family`,
    /// written in batches (the last one synced).
    func buildEntries(_ family: Family,
                      _ body: (UInt64, UnsafeRawBufferPointer, (_ key: [UInt8], _ value: [UInt8]) -> Void) throws(QuiverError) -> Void)
        throws(QuiverError) {
        let batch = WriteBatch()
        let cf = database.handle(family)
        let emit = { (key: [UInt8], value: [UInt8]) in
            key.withUnsafeBytes { k in value.withUnsafeBytes { v in batch.putRaw(cf, k, v) } }
        }
        try forEachVertex { gid, bytes throws(QuiverError) in
            try body(gid, bytes, emit)
            if batch.count >= Self.buildBatchEntries {
                try database.write(batch, sync: false)
                batch.clear()
            }
        }
        try database.write(batch, sync: true)
    }

    /// Visits every committed vertex in gid order (newest state; DDL runs with no transaction).
    func forEachVertex(_ body: (UInt64, UnsafeRawBufferPointer) throws(QuiverError) -> Void) throws(QuiverError) {
        let iterator = RocksIterator(database, .vertices, readOptions: database.latestRead)
        iterator.seekToFirst()
        while iterator.isValid {
            try body(iterator.key.bigEndianUInt64(at: 0), iterator.value)
            iterator.next()
        }
        try iterator.checkError()
    }
}
