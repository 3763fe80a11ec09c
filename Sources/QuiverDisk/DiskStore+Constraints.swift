// DiskStore constraint DDL: existence, uniqueness and IS TYPED constraints. Creating one
// checks the existing vertices first (Memgraph's "because an existing node violates it"
// texts); a unique constraint also writes one `unique` key per vertex holding its value tuple,
// which commits then check and maintain. Existence and uniqueness return false when there is
// nothing to do; IS TYPED throws instead, as Memgraph (and the in-memory mode) does. Type
// constraints are checked at write time (DiskTransaction+VertexWrites.swift).
import QuiverCore
import QuiverStorage

extension DiskStore {
    public var constraintInfo: [ConstraintInfo] { schema.constraintInfo }

    public func createExistenceConstraint(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        if schema.existence[label.rawValue, default: []].contains(property.rawValue) { return false }
        var broken = false
        try forEachVertex { _, bytes in
            if !broken, RecordCoding.vertexHasLabel(bytes, label),
               !PropertyCodec.contains(property, in: RecordCoding.vertexPropertyRun(bytes)) {
                broken = true
            }
        }
        if broken {
            throw QuiverError(.constraintViolation,
                              "Unable to create existence constraint :\(labelName(label.rawValue))(\(propertyName(property.rawValue))), because an existing node violates it.")
        }
        try database.put(.meta, DiskSchema.existenceKey(label.rawValue, property.rawValue), [])
        changeSchema { $0.existence[label.rawValue, default: []].append(property.rawValue) }
        return true
    }

    public func dropExistenceConstraint(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        guard schema.existence[label.rawValue]?.contains(property.rawValue) == true else { return false }
        try deleteMeta(DiskSchema.existenceKey(label.rawValue, property.rawValue))
        changeSchema { schema in
            let remaining = schema.existence[label.rawValue, default: []].filter { $0 != property.rawValue }
            schema.existence[label.rawValue] = remaining.isEmpty ? nil : remaining
        }
        return true
    }

    public func createUniqueConstraint(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool {
        let sorted = properties.map(\.rawValue).sorted()
        guard Set(sorted).count == sorted.count else {
            throw QuiverError(.syntaxError, "The given set of properties contains duplicates.")
        }
        guard (1...32).contains(sorted.count) else {
            throw QuiverError(.invalidArgument, "Unique constraints must have between 1 and 32 properties.")
        }
        let constraint = UniqueConstraint(label: label.rawValue, properties: sorted)
        if schema.unique.contains(constraint) { return false }
        let prefix = uniquePrefix(constraint)
        try database.deleteRange(.unique, from: prefix, to: KeyCoding.successor(of: prefix)!)
        var seen: Set<[UInt8]> = []
        var broken = false
        do {
            try buildEntries(.unique) { gid, bytes, emit in
                guard !broken, RecordCoding.vertexHasLabel(bytes, label) else { return }
                var values: [Value] = []
                for property in sorted {
                    guard let value = PropertyCodec.value(for: PropertyID(property), in: RecordCoding.vertexPropertyRun(bytes)) else { return }
                    values.append(value)
                }
                let key = KeyCoding.uniqueKey(constraint.label, sorted, values)
                if !seen.insert(key).inserted { broken = true }
                emit(key, KeyCoding.objectKey(gid))
            }
        }
        if broken {
            try database.deleteRange(.unique, from: prefix, to: KeyCoding.successor(of: prefix)!)
            let names = properties.map { propertyName($0.rawValue) }.joined(separator: ", ")
            throw QuiverError(.constraintViolation,
                              "Unable to create unique constraint :\(labelName(label.rawValue))(\(names)), because an existing node violates it.")
        }
        try database.put(.meta, DiskSchema.uniqueKey(constraint), [])
        changeSchema { $0.unique.append(constraint) }
        return true
    }

    public func dropUniqueConstraint(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool {
        let constraint = UniqueConstraint(label: label.rawValue, properties: properties.map(\.rawValue).sorted())
        guard schema.unique.contains(constraint) else { return false }
        try deleteMeta(DiskSchema.uniqueKey(constraint))
        changeSchema { $0.unique.removeAll { $0 == constraint } }
        let prefix = uniquePrefix(constraint)
        try database.deleteRange(.unique, from: prefix, to: KeyCoding.successor(of: prefix)!)
        return true
    }

    public func createTypeConstraint(_ label: LabelID, _ property: PropertyID, _ type: ConstraintDataType) throws(QuiverError) {
        let key = LabelProperty(label: label.rawValue, property: property.rawValue)
        let (labelText, propertyText) = (labelName(label.rawValue), propertyName(property.rawValue))
        if let existing = schema.types[key] { throw existing.alreadyExists(label: labelText, property: propertyText) }
        var broken = false
        try forEachVertex { _, bytes in
            guard !broken, RecordCoding.vertexHasLabel(bytes, label),
                  let value = PropertyCodec.value(for: property, in: RecordCoding.vertexPropertyRun(bytes)) else { return }
            if !type.matches(value) { broken = true }
        }
        if broken { throw type.existingNodeViolates(label: labelText, property: propertyText) }
        try database.put(.meta, DiskSchema.typeKey(key, type), [])
        changeSchema { $0.types[key] = type }
    }

    public func dropTypeConstraint(_ label: LabelID, _ property: PropertyID, _ type: ConstraintDataType) throws(QuiverError) {
        let key = LabelProperty(label: label.rawValue, property: property.rawValue)
        guard schema.types[key] == type else {
            throw type.missing(label: labelName(label.rawValue), property: propertyName(property.rawValue))
        }
        try deleteMeta(DiskSchema.typeKey(key, type))
        changeSchema { $0.types[key] = nil }
    }

    public func dropAllConstraints() throws(QuiverError) -> Int {
        let all = constraintInfo
        for info in all {
            switch info.kind {
            case .existence: _ = try dropExistenceConstraint(info.label, info.properties[0])
            case .unique: _ = try dropUniqueConstraint(info.label, info.properties)
            case .dataType: try dropTypeConstraint(info.label, info.properties[0], info.dataType!)
            }
        }
        return all.count
    }

    /// `label | count | properties`: the key prefix of one unique constraint's entries.
    func uniquePrefix(_ constraint: UniqueConstraint) -> [UInt8] {
        var key: [UInt8] = []
        key.appendBigEndian(constraint.label)
        key.append(UInt8(constraint.properties.count))
        for property in constraint.properties { key.appendBigEndian(property) }
        return key
    }
}
