// Storage constraint DDL: creating and dropping existence, uniqueness and IS TYPED constraints
// under unique storage access (existing data is checked first, with Memgraph's texts), the
// public list for SHOW CONSTRAINT INFO and snapshots, and the refusals of analytical mode.
// Creating or dropping returns false when there was nothing to do (the caller turns that into
// Memgraph's notification); type constraints throw instead, as Memgraph does.
import QuiverCore

extension Storage {
    /// Every constraint in force (for SHOW CONSTRAINT INFO and snapshots).
    public var constraintInfo: [ConstraintInfo] {
        if let store = externalStore { return store.constraintInfo }
        return constraintRegistry.current?.infos ?? []
    }

    public var hasConstraints: Bool { constraintRegistry.current != nil }

    @discardableResult
    public func createExistenceConstraint(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.createExistenceConstraint(label, property) } }
        return try changeConstraints(refusing: "Existence") { (set: ConstraintSet) throws(QuiverError) -> ConstraintSet? in
            var existence = set.existence
            if existence[label.rawValue, default: []].contains(property.rawValue) { return nil }
            var broken = false
            forEachFrozenVertex { _, body in
                if !broken, ObjectBody.hasLabel(body, label.rawValue),
                   ObjectBody.properties(body).map({ PropertyCodec.contains(property, in: $0) }) != true {
                    broken = true
                }
            }
            if broken {
                throw QuiverError(.constraintViolation,
                                  "Unable to create existence constraint :\(labelName(label))(\(propertyName(property))), because an existing node violates it.")
            }
            existence[label.rawValue, default: []].append(property.rawValue)
            try logSchemaChange(.createExistenceConstraint(label, property))
            return ConstraintSet(existence: existence, unique: set.unique, types: set.types)
        }
    }

    @discardableResult
    public func dropExistenceConstraint(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.dropExistenceConstraint(label, property) } }
        return try changeConstraints(refusing: "Existence") { (set: ConstraintSet) throws(QuiverError) -> ConstraintSet? in
            var existence = set.existence
            guard let properties = existence[label.rawValue], properties.contains(property.rawValue) else { return nil }
            existence[label.rawValue] = properties.filter { $0 != property.rawValue }
            try logSchemaChange(.dropExistenceConstraint(label, property))
            return ConstraintSet(existence: existence, unique: set.unique, types: set.types)
        }
    }

    @discardableResult
    public func createUniqueConstraint(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.createUniqueConstraint(label, properties) } }
        let sorted = properties.map(\.rawValue).sorted()
        guard Set(sorted).count == sorted.count else {
            throw QuiverError(.syntaxError, "The given set of properties contains duplicates.")
        }
        guard (1...32).contains(sorted.count) else {
            throw QuiverError(.invalidArgument, "Unique constraints must have between 1 and 32 properties.")
        }
        let constraint = ConstraintSet.Unique(label: label.rawValue, properties: sorted)
        return try changeConstraints(refusing: "Unique") { (set: ConstraintSet) throws(QuiverError) -> ConstraintSet? in
            if set.unique.contains(constraint) { return nil }
            var table: [[Value]: Set<UInt64>] = [:]
            var broken = false
            forEachFrozenVertex { gid, body in
                guard !broken, ObjectBody.hasLabel(body, label.rawValue), let tuple = Self.tuple(body, sorted) else { return }
                table[tuple, default: []].insert(gid)
                if table[tuple]!.count > 1 { broken = true }
            }
            if broken {
                throw QuiverError(.constraintViolation,
                                  "Unable to create unique constraint :\(labelName(label))(\(propertyNames(properties))), because an existing node violates it.")
            }
            try logSchemaChange(.createUniqueConstraint(label, sorted.map(PropertyID.init)))
            constraintRegistry.state.withLock { $0.candidates[constraint] = table }
            return ConstraintSet(existence: set.existence, unique: set.unique + [constraint], types: set.types)
        }
    }

    @discardableResult
    public func dropUniqueConstraint(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.dropUniqueConstraint(label, properties) } }
        let constraint = ConstraintSet.Unique(label: label.rawValue, properties: properties.map(\.rawValue).sorted())
        return try changeConstraints(refusing: "Unique") { (set: ConstraintSet) throws(QuiverError) -> ConstraintSet? in
            guard set.unique.contains(constraint) else { return nil }
            try logSchemaChange(.dropUniqueConstraint(label, constraint.properties.map(PropertyID.init)))
            constraintRegistry.state.withLock { $0.candidates[constraint] = nil }
            return ConstraintSet(existence: set.existence, unique: set.unique.filter { $0 != constraint }, types: set.types)
        }
    }

    /// Creates an IS TYPED constraint; an existing one on the same label and property is an error.
    public func createTypeConstraint(_ label: LabelID, _ property: PropertyID, _ type: ConstraintDataType) throws(QuiverError) {
        if let store = externalStore {
            return try withExternalStore(store) { (store) throws(QuiverError) in try store.createTypeConstraint(label, property, type) }
        }
        _ = try changeConstraints(refusing: "Type") { (set: ConstraintSet) throws(QuiverError) -> ConstraintSet? in
            let key = ConstraintSet.TypeKey(label: label.rawValue, property: property.rawValue)
            if let existing = set.types[key] {
                throw existing.alreadyExists(label: labelName(label), property: propertyName(property))
            }
            var broken = false
            forEachFrozenVertex { _, body in
                guard !broken, ObjectBody.hasLabel(body, label.rawValue), let run = ObjectBody.properties(body),
                      let value = PropertyCodec.value(for: property, in: run) else { return }
                if !type.matches(value) { broken = true }
            }
            if broken {
                throw type.existingNodeViolates(label: labelName(label), property: propertyName(property))
            }
            var types = set.types
            types[key] = type
            try logSchemaChange(.createTypeConstraint(label, property, typeName: type.name))
            return ConstraintSet(existence: set.existence, unique: set.unique, types: types)
        }
    }

    /// Drops an IS TYPED constraint; a missing one is an error.
    public func dropTypeConstraint(_ label: LabelID, _ property: PropertyID, _ type: ConstraintDataType) throws(QuiverError) {
        if let store = externalStore {
            return try withExternalStore(store) { (store) throws(QuiverError) in try store.dropTypeConstraint(label, property, type) }
        }
        _ = try changeConstraints(refusing: "Type") { (set: ConstraintSet) throws(QuiverError) -> ConstraintSet? in
            let key = ConstraintSet.TypeKey(label: label.rawValue, property: property.rawValue)
            guard set.types[key] == type else {
                throw type.missing(label: labelName(label), property: propertyName(property))
            }
            var types = set.types
            types[key] = nil
            try logSchemaChange(.dropTypeConstraint(label, property, typeName: type.name))
            return ConstraintSet(existence: set.existence, unique: set.unique, types: types)
        }
    }

    /// Drops every constraint (each drop is logged); returns how many there were.
    @discardableResult
    public func dropAllConstraints() throws(QuiverError) -> Int {
        if let store = externalStore { return try withExternalStore(store) { (store) throws(QuiverError) in try store.dropAllConstraints() } }
        let all = constraintInfo
        for info in all {
            switch info.kind {
            case .existence: try dropExistenceConstraint(info.label, info.properties[0])
            case .unique: try dropUniqueConstraint(info.label, info.properties)
            case .dataType: try dropTypeConstraint(info.label, info.properties[0], info.dataType!)
            }
        }
        return all.count
    }

    /// Refuses switching to analytical mode while constraints exist (called under unique access).
    func refuseAnalyticalWithConstraints(_ mode: StorageMode) throws(QuiverError) {
        guard mode == .inMemoryAnalytical, constraintRegistry.current != nil else { return }
        throw QuiverError(.storageModeInvalidOperation,
                          "Constraints are not supported in analytical storage mode. Please drop them before changing storage mode to analytical or use transactional mode.")
    }

    // MARK: Helpers

    /// Runs one constraint change under unique access. `body` returns the new set, or nil when
    /// nothing changes (the result is then false). Refused in analytical mode.
    private func changeConstraints(refusing kind: String,
                                   _ body: (ConstraintSet) throws(QuiverError) -> ConstraintSet?) throws(QuiverError) -> Bool {
        try withUniqueAccess { () throws(QuiverError) -> Bool in
            guard mode != .inMemoryAnalytical else {
                throw QuiverError(.storageModeInvalidOperation, "\(kind) constraints are not supported in analytical storage mode.")
            }
            guard let next = try body(constraintRegistry.current ?? ConstraintSet()) else { return false }
            constraintRegistry.current = next.isEmpty ? nil : next
            return true
        }
    }

    /// Visits every live vertex's only version (unique access held; GC first, then held off).
    private func forEachFrozenVertex(_ body: (UInt64, UnsafeRawPointer?) -> Void) {
        collector.withLock {
            collectGarbageLocked(compact: false)
            forEachLiveVertex(body)
        }
    }

    /// The values of `properties` (sorted ids) in `body`, or nil when one of them is missing.
    static func tuple(_ body: UnsafeRawPointer?, _ properties: [UInt32]) -> [Value]? {
        guard let run = ObjectBody.properties(body) else { return nil }
        var values: [Value] = []
        values.reserveCapacity(properties.count)
        for property in properties {
            guard let value = PropertyCodec.value(for: PropertyID(property), in: run), !value.isNull else { return nil }
            values.append(value)
        }
        return values
    }

    func labelName(_ label: LabelID) -> String { names.labels.name(for: label.rawValue) }
    func propertyName(_ property: PropertyID) -> String { names.properties.name(for: property.rawValue) }
    func propertyNames(_ properties: [PropertyID]) -> String { properties.map(propertyName).joined(separator: ", ") }
}
