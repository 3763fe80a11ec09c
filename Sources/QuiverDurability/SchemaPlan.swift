// SchemaPlan: the indexes and constraints recovery must rebuild, gathered from the snapshot and
// the WAL's schema records in order (a create then a drop cancels out), then applied once, after
// the data is loaded, so each index is built in one pass.
import QuiverCore
import QuiverStorage

struct SchemaPlan {
    private(set) var labelIndexes: [LabelID] = []
    private(set) var labelPropertyIndexes: [(LabelID, PropertyID)] = []
    private(set) var compositeIndexes: [(LabelID, [PropertyID])] = []
    /// Create* constraint changes still in force, in order.
    private(set) var constraints: [SchemaChange] = []

    mutating func apply(_ change: SchemaChange) {
        switch change {
        case .createLabelIndex(let label):
            if !labelIndexes.contains(label) { labelIndexes.append(label) }
        case .dropLabelIndex(let label):
            labelIndexes.removeAll { $0 == label }
        case .createLabelPropertyIndex(let label, let key):
            if !labelPropertyIndexes.contains(where: { $0 == (label, key) }) { labelPropertyIndexes.append((label, key)) }
        case .dropLabelPropertyIndex(let label, let key):
            labelPropertyIndexes.removeAll { $0 == (label, key) }
        case .createCompositeIndex(let label, let keys):
            if !compositeIndexes.contains(where: { $0 == (label, keys) }) { compositeIndexes.append((label, keys)) }
        case .dropCompositeIndex(let label, let keys):
            compositeIndexes.removeAll { $0 == (label, keys) }
        case .createExistenceConstraint, .createUniqueConstraint, .createTypeConstraint:
            if !constraints.contains(change) { constraints.append(change) }
        case .dropExistenceConstraint(let label, let key):
            constraints.removeAll { $0 == .createExistenceConstraint(label, key) }
        case .dropUniqueConstraint(let label, let keys):
            constraints.removeAll { $0 == .createUniqueConstraint(label, keys) }
        case .dropTypeConstraint(let label, let key, let typeName):
            constraints.removeAll { $0 == .createTypeConstraint(label, key, typeName: typeName) }
        }
    }

    /// Builds the indexes and constraints (no log attached yet, so nothing is re-logged).
    func rebuild(in storage: Storage) throws(QuiverError) {
        for label in labelIndexes { _ = try storage.createLabelIndex(label) }
        for (label, key) in labelPropertyIndexes { _ = try storage.createLabelPropertyIndex(label, key) }
        for (label, keys) in compositeIndexes { _ = try storage.createCompositeIndex(label, keys) }
        try ConstraintHook.recreate(constraints, in: storage)
    }
}

/// The one place durability reads and recreates constraints: `current` maps each constraint in
/// force to its create* SchemaChange (the snapshot's constraint section), `recreate` makes them
/// after the data is loaded (each create validates the recovered data, as the original did).
enum ConstraintHook {
    static func current(_ storage: Storage) -> [SchemaChange] {
        storage.constraintInfo.compactMap { info -> SchemaChange? in
            switch info.kind {
            case .existence:
                guard let key = info.properties.first else { return nil }
                return .createExistenceConstraint(info.label, key)
            case .unique:
                return .createUniqueConstraint(info.label, info.properties)
            case .dataType:
                guard let key = info.properties.first else { return nil }
                return .createTypeConstraint(info.label, key, typeName: info.typeName)
            }
        }
    }

    static func recreate(_ constraints: [SchemaChange], in storage: Storage) throws(QuiverError) {
        for change in constraints {
            switch change {
            case .createExistenceConstraint(let label, let key):
                _ = try storage.createExistenceConstraint(label, key)
            case .createUniqueConstraint(let label, let keys):
                _ = try storage.createUniqueConstraint(label, keys)
            case .createTypeConstraint(let label, let key, let typeName):
                guard let type = ConstraintDataType(keyword: typeName) else {
                    throw QuiverError(.internalError, "Recovery found a type constraint of unknown type \(typeName).")
                }
                try storage.createTypeConstraint(label, key, type)
            default:
                continue
            }
        }
    }
}
