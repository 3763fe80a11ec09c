// SchemaPlan: the indexes and constraints recovery must rebuild, gathered from the snapshot and
// the WAL's schema records in order (a create then a drop cancels out), then applied once, after
// the data is loaded, so each index is built in one pass.
import QuiverCore
import QuiverStorage

struct SchemaPlan {
    private(set) var labelIndexes: [LabelID] = []
    private(set) var labelPropertyIndexes: [(LabelID, PropertyID)] = []
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
        try ConstraintHook.recreate(constraints, in: storage)
    }
}

/// HOOK(constraints): the one place durability reads and recreates constraints. Constraints are
/// being added to QuiverStorage separately; when `storage.constraintInfo` (and the create calls)
/// land, fill in both functions: `current` maps each constraint to its create* SchemaChange (the
/// snapshot's constraint section), `recreate` makes them. The formats already carry them.
enum ConstraintHook {
    static func current(_ storage: Storage) -> [SchemaChange] {
        []
    }

    static func recreate(_ constraints: [SchemaChange], in storage: Storage) throws(QuiverError) {
        guard constraints.isEmpty else {
            throw QuiverError(.notSupported, "Recovery found \(constraints.count) constraint(s) in the snapshot or WAL, but this build cannot recreate constraints yet.")
        }
    }
}
