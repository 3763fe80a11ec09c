// Storage index DDL and index upkeep: creating and dropping label and label+property indexes
// (under unique access, logged first, built over existing data), the planner's counts, and the removal of
// entries no version of a vertex needs any more.
import QuiverCore

extension Storage {
    /// Creates a label index; false when it already exists.
    @discardableResult
    public func createLabelIndex(_ label: LabelID) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.createLabelIndex(label) } }
        return try withUniqueAccess { () throws(QuiverError) -> Bool in
            if indexes.labelIndexes[label.rawValue] != nil { return false }
            try logSchemaChange(.createLabelIndex(label))
            let index = LabelIndex(label: label.rawValue, counters: counters)
            // No transaction runs and GC is held off: every record has one version, frozen.
            collector.withLock {
                collectGarbageLocked(compact: false)
                forEachLiveVertex { gid, body in
                    if ObjectBody.hasLabel(body, label.rawValue) { index.insert(gid) }
                }
            }
            var labelIndexes = indexes.labelIndexes
            labelIndexes[label.rawValue] = index
            replaceIndexes(IndexSet(labelIndexes: labelIndexes, propertyIndexes: indexes.propertyIndexes,
                                    compositeIndexes: indexes.compositeIndexes))
            return true
        }
    }

    @discardableResult
    public func dropLabelIndex(_ label: LabelID) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.dropLabelIndex(label) } }
        return try withUniqueAccess { () throws(QuiverError) -> Bool in
            guard indexes.labelIndexes[label.rawValue] != nil else { return false }
            try logSchemaChange(.dropLabelIndex(label))
            var labelIndexes = indexes.labelIndexes
            labelIndexes[label.rawValue] = nil
            replaceIndexes(IndexSet(labelIndexes: labelIndexes, propertyIndexes: indexes.propertyIndexes,
                                    compositeIndexes: indexes.compositeIndexes))
            return true
        }
    }

    /// Creates a label+property index; false when it already exists.
    @discardableResult
    public func createLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.createLabelPropertyIndex(label, property) } }
        return try withUniqueAccess { () throws(QuiverError) -> Bool in
            if indexes.propertyIndex(label: label.rawValue, property: property.rawValue) != nil { return false }
            try logSchemaChange(.createLabelPropertyIndex(label, property))
            let index = LabelPropertyIndex(label: label.rawValue, property: property.rawValue, counters: counters)
            var entries: [IndexEntry] = []
            // No transaction runs and GC is held off: every record has one version, frozen.
            collector.withLock {
                collectGarbageLocked(compact: false)
                forEachLiveVertex { gid, body in
                    guard ObjectBody.hasLabel(body, label.rawValue), let run = ObjectBody.properties(body),
                          let value = PropertyCodec.value(for: property, in: run),
                          let entry = IndexKey.make(value, gid: gid) else { return }
                    entries.append(entry)
                }
            }
            entries.sort { IndexKey.compare($0, $1) < 0 }
            for entry in entries { index.insert(entry) }
            replaceIndexes(IndexSet(labelIndexes: indexes.labelIndexes, propertyIndexes: indexes.propertyIndexes + [index],
                                    compositeIndexes: indexes.compositeIndexes))
            return true
        }
    }

    @discardableResult
    public func dropLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.dropLabelPropertyIndex(label, property) } }
        return try withUniqueAccess { () throws(QuiverError) -> Bool in
            guard indexes.propertyIndex(label: label.rawValue, property: property.rawValue) != nil else { return false }
            try logSchemaChange(.dropLabelPropertyIndex(label, property))
            let remaining = indexes.propertyIndexes.filter { !($0.label == label.rawValue && $0.property == property.rawValue) }
            replaceIndexes(IndexSet(labelIndexes: indexes.labelIndexes, propertyIndexes: remaining,
                                    compositeIndexes: indexes.compositeIndexes))
            return true
        }
    }

    /// One row per index: (label, property or nil, entry count).
    public var indexInfo: [(label: LabelID, property: PropertyID?, count: Int)] {
        if let store = externalStore { return store.indexInfo }
        let current = indexes
        let labels = current.labelIndexes.values.map { (label: LabelID($0.label), property: PropertyID?.none, count: $0.entryCount.load(ordering: .relaxed)) }
        let properties = current.propertyIndexes.map { (label: LabelID($0.label), property: Optional(PropertyID($0.property)), count: $0.entryCount.load(ordering: .relaxed)) }
        return (labels + properties).sorted { ($0.label.rawValue, $0.property?.rawValue ?? 0) < ($1.label.rawValue, $1.property?.rawValue ?? 0) }
    }

    public func hasLabelIndex(_ label: LabelID) -> Bool {
        if let store = externalStore { return store.hasLabelIndex(label) }
        return indexes.labelIndexes[label.rawValue] != nil
    }

    public func hasLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) -> Bool {
        if let store = externalStore { return store.hasLabelPropertyIndex(label, property) }
        return indexes.propertyIndex(label: label.rawValue, property: property.rawValue) != nil
    }

    /// Committed vertices (approximate while writers run).
    public var vertexCount: Int { externalStore?.vertexCount ?? counters.vertexCount.load(ordering: .relaxed) }
    public var edgeCount: Int { externalStore?.edgeCount ?? counters.edgeCount.load(ordering: .relaxed) }

    /// Planner estimate of vertices with `label` (nil without a label index).
    public func approximateCount(label: LabelID) -> Int? {
        if let store = externalStore { return store.approximateCount(label: label) }
        return indexes.labelIndexes[label.rawValue]?.entryCount.load(ordering: .relaxed)
    }

    /// Planner estimate of vertices with `label` and `property` set (nil without that index).
    public func approximateCount(label: LabelID, property: PropertyID) -> Int? {
        if let store = externalStore { return store.approximateCount(label: label, property: property) }
        return indexes.propertyIndex(label: label.rawValue, property: property.rawValue)?.entryCount.load(ordering: .relaxed)
    }

    /// Visits the newest version of every existing, undeleted vertex. Callers hold unique access
    /// and the collector lock, so no record changes underneath.
    func forEachLiveVertex(_ body: (UInt64, UnsafeRawPointer?) -> Void) {
        let limit = vertices.gidLimit
        var gid: UInt64 = 0
        while gid < limit {
            if let vertex = vertices.pointer(gid) {
                let payload = RecordWord.loadRelaxed(vertex.wordPointer)
                if payload & RecordWord.existsBit != 0 && payload & RecordWord.deletedBit == 0 {
                    body(gid, vertex.pointee.body)
                }
            }
            gid += 1
        }
    }

    /// Removes the entries of `candidates` that no remaining version of their vertex needs.
    /// Composite indexes are left to `removeObsoleteCompositeEntries` (their `.tuple` candidates).
    func removeObsoleteIndexEntries(_ candidates: [IndexCandidate], indexes: IndexSet) {
        for candidate in candidates {
            switch candidate {
            case .label(let gid, let label):
                guard let vertex = vertices.pointer(gid) else { continue }
                let word = vertex.wordPointer
                let payload = RecordWord.lockExclusive(word)
                if let labelIndex = indexes.labelIndexes[label],
                   !VersionWalk.anyVersion(vertex, payload, label: label, property: nil, probe: nil) {
                    labelIndex.remove(gid)
                }
                for index in indexes.propertyIndexes(label: label) {
                    for value in VersionWalk.values(vertex, payload, property: index.property) {
                        removeIfUnneeded(index, vertex, payload, gid: gid, value: value)
                    }
                }
                RecordWord.unlockExclusive(word, payload: payload)
            case .tuple:
                continue  // removeObsoleteCompositeEntries
            case .property(let gid, let property, let value):
                guard let vertex = vertices.pointer(gid) else { continue }
                let word = vertex.wordPointer
                let payload = RecordWord.lockExclusive(word)
                for index in indexes.propertyIndexes(property: property) {
                    removeIfUnneeded(index, vertex, payload, gid: gid, value: value)
                }
                RecordWord.unlockExclusive(word, payload: payload)
            }
        }
    }

    private func removeIfUnneeded(_ index: LabelPropertyIndex, _ vertex: UnsafeMutablePointer<VertexRecord>, _ payload: UInt64,
                                  gid: UInt64, value: Value) {
        guard let probe = IndexKey.make(value, gid: gid) else { return }
        if !VersionWalk.anyVersion(vertex, payload, label: index.label, property: index.property, probe: probe) {
            index.remove(probe)
        }
        IndexKey.release(probe)
    }
}

/// Walks every version of a vertex still reachable through its delta chain (visible to
/// someone or not), for index upkeep. Callers hold the vertex's exclusive lock.
enum VersionWalk {
    /// Whether some version exists with `label` and, when given, `property` equal to the key of `probe`.
    static func anyVersion(_ vertex: UnsafeMutablePointer<VertexRecord>, _ payload: UInt64,
                           label: UInt32, property: UInt32?, probe: IndexEntry?) -> Bool {
        var exists = payload & RecordWord.existsBit != 0 && payload & RecordWord.deletedBit == 0
        var hasLabel = ObjectBody.hasLabel(vertex.pointee.body, label)
        var value: Value = .null
        if let property, let run = ObjectBody.properties(vertex.pointee.body) {
            value = PropertyCodec.value(for: PropertyID(property), in: run) ?? .null
        }
        func matches() -> Bool {
            guard exists && hasLabel else { return false }
            guard let probe else { return true }
            return IndexKey.matches(value, probe)
        }
        if payload & RecordWord.existsBit == 0 { return false }
        if matches() { return true }
        var current = RecordWord.deltaPointer(payload)
        while let delta = current {
            switch delta.pointee.action {
            case .deleteObject: return false
            case .recreateObject: exists = true
            case .addLabel where delta.pointee.labelID == label: hasLabel = true
            case .removeLabel where delta.pointee.labelID == label: hasLabel = false
            case .setProperty where property != nil && delta.pointee.propertyID.rawValue == property!: value = delta.pointee.oldValue
            default: break
            }
            if matches() { return true }
            current = delta.pointee.next
        }
        return false
    }

    /// Every distinct non-null value `property` takes across the vertex's versions.
    static func values(_ vertex: UnsafeMutablePointer<VertexRecord>, _ payload: UInt64, property: UInt32) -> [Value] {
        var values: [Value] = []
        if let run = ObjectBody.properties(vertex.pointee.body), let value = PropertyCodec.value(for: PropertyID(property), in: run) {
            values.append(value)
        }
        var current = RecordWord.deltaPointer(payload)
        while let delta = current {
            if delta.pointee.action == .setProperty && delta.pointee.propertyID.rawValue == property && !delta.pointee.oldValue.isNull {
                values.append(delta.pointee.oldValue)
            }
            current = delta.pointee.next
        }
        return values
    }
}
