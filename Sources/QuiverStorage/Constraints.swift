// Constraints: the node constraints in force (existence, uniqueness over 1…32 properties,
// IS TYPED data types), their public description for SHOW CONSTRAINT INFO and snapshots, the
// immutable ConstraintSet every transaction reads without locking, and the ConstraintRegistry
// that owns it plus the uniqueness candidate table used by commit-time validation.
//
// Rules (Memgraph's): existence and uniqueness are checked when a transaction commits, and only
// for the vertices it touched; type constraints are checked at write time. Constraint DDL runs
// under unique storage access, so a transaction sees one ConstraintSet for its whole life.
import QuiverCore
import Synchronization

/// The data types `IS TYPED` accepts, with Memgraph's spellings (the SHOW form is `name`).
public enum ConstraintDataType: String, Sendable, CaseIterable {
    case string = "STRING", bool = "BOOL", integer = "INTEGER", float = "FLOAT", list = "LIST", map = "MAP"
    case duration = "DURATION", date = "DATE", localTime = "LOCAL TIME", localDateTime = "LOCAL DATE TIME"
    case zonedDateTime = "ZONED DATE TIME", enumeration = "ENUM", point = "POINT"

    /// What SHOW CONSTRAINT INFO and the error texts print.
    public var name: String { rawValue }

    /// The type from its Cypher keyword (`BOOLEAN`, `LOCALTIME`, `ZONEDDATETIME`, …) or its SHOW name.
    public init?(keyword: String) {
        switch keyword.uppercased() {
        case "STRING": self = .string
        case "BOOL", "BOOLEAN": self = .bool
        case "INTEGER", "INT": self = .integer
        case "FLOAT": self = .float
        case "LIST": self = .list
        case "MAP": self = .map
        case "DURATION": self = .duration
        case "DATE": self = .date
        case "LOCALTIME", "LOCAL TIME": self = .localTime
        case "LOCALDATETIME", "LOCAL DATE TIME": self = .localDateTime
        case "ZONEDDATETIME", "ZONED DATE TIME": self = .zonedDateTime
        case "ENUM": self = .enumeration
        case "POINT": self = .point
        default: return nil
        }
    }

    /// Whether a (non-null) value is of this type.
    public func matches(_ value: Value) -> Bool {
        switch (self, value) {
        case (.string, .string), (.bool, .bool), (.integer, .int), (.float, .float), (.list, .list), (.map, .map),
             (.duration, .duration), (.date, .date), (.localTime, .localTime), (.localDateTime, .localDateTime),
             (.zonedDateTime, .dateTime):
            return true
        default:
            return false
        }
    }
}

/// Memgraph's IS TYPED error texts, shared by both storage modes (`label` and `property` are
/// names).
extension ConstraintDataType {
    public func violation(label: String, property: String) -> QuiverError {
        QuiverError(.constraintViolation, "IS TYPED \(name) violation on \(label)(\(property))")
    }

    public func alreadyExists(label: String, property: String) -> QuiverError {
        QuiverError(.constraintViolation, "Constraint IS TYPED \(name) on :\(label)(\(property)) already exists")
    }

    public func existingNodeViolates(label: String, property: String) -> QuiverError {
        QuiverError(.constraintViolation,
                    "Unable to create IS TYPED \(name) constraint on :\(label)(\(property)), because an existing node violates it.")
    }

    public func missing(label: String, property: String) -> QuiverError {
        QuiverError(.constraintViolation, "Constraint IS TYPED \(name) on :\(label)(\(property)) doesn't exist")
    }
}

/// One constraint as SHOW CONSTRAINT INFO and snapshots describe it.
public struct ConstraintInfo: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case existence = "exists", unique = "unique", dataType = "data_type"
    }

    public var kind: Kind
    public var label: LabelID
    public var properties: [PropertyID]
    /// The `IS TYPED` type (data_type constraints only).
    public var dataType: ConstraintDataType?

    public init(kind: Kind, label: LabelID, properties: [PropertyID], dataType: ConstraintDataType? = nil) {
        self.kind = kind
        self.label = label
        self.properties = properties
        self.dataType = dataType
    }

    /// The type name for snapshots and SHOW (`""` for existence and uniqueness).
    public var typeName: String { dataType?.name ?? "" }
}

/// The constraints in force: immutable, replaced as a whole by constraint DDL.
final class ConstraintSet: @unchecked Sendable {
    struct Unique: Hashable {
        var label: UInt32
        /// Sorted ascending, no duplicates.
        var properties: [UInt32]
    }

    struct TypeKey: Hashable {
        var label: UInt32
        var property: UInt32
    }

    /// Existence: label → required properties.
    let existence: [UInt32: [UInt32]]
    let unique: [Unique]
    let types: [TypeKey: ConstraintDataType]
    /// Labels with existence or uniqueness constraints (checked at commit).
    let commitLabels: Set<UInt32>
    /// Properties that existence or uniqueness constraints read.
    let commitProperties: Set<UInt32>
    /// Labels and properties with a type constraint.
    let typedLabels: Set<UInt32>
    let typedProperties: Set<UInt32>
    private let uniqueByLabel: [UInt32: [Unique]]

    init(existence: [UInt32: [UInt32]] = [:], unique: [Unique] = [], types: [TypeKey: ConstraintDataType] = [:]) {
        self.existence = existence.filter { !$0.value.isEmpty }
        self.unique = unique
        self.types = types
        commitLabels = Set(self.existence.keys).union(unique.map(\.label))
        commitProperties = Set(self.existence.values.joined()).union(unique.flatMap(\.properties))
        typedLabels = Set(types.keys.map(\.label))
        typedProperties = Set(types.keys.map(\.property))
        uniqueByLabel = Dictionary(grouping: unique, by: \.label)
    }

    var isEmpty: Bool { existence.isEmpty && unique.isEmpty && types.isEmpty }

    func uniqueConstraints(label: UInt32) -> [Unique] { uniqueByLabel[label] ?? [] }

    /// Every constraint, sorted by kind, then label id, then properties.
    var infos: [ConstraintInfo] {
        var result: [ConstraintInfo] = []
        for (label, properties) in existence {
            for property in properties {
                result.append(ConstraintInfo(kind: .existence, label: LabelID(label), properties: [PropertyID(property)]))
            }
        }
        for constraint in unique {
            result.append(ConstraintInfo(kind: .unique, label: LabelID(constraint.label), properties: constraint.properties.map(PropertyID.init)))
        }
        for (key, type) in types {
            result.append(ConstraintInfo(kind: .dataType, label: LabelID(key.label), properties: [PropertyID(key.property)], dataType: type))
        }
        let order: [ConstraintInfo.Kind: Int] = [.existence: 0, .unique: 1, .dataType: 2]
        return result.sorted { lhs, rhs in
            if lhs.kind != rhs.kind { return order[lhs.kind]! < order[rhs.kind]! }
            if lhs.label != rhs.label { return lhs.label.rawValue < rhs.label.rawValue }
            return lhs.properties.map(\.rawValue).lexicographicallyPrecedes(rhs.properties.map(\.rawValue))
        }
    }

    // MARK: Write-time checks

    /// The type constraint a vertex with `body`'s labels would break by holding `value` at `property`.
    func typeViolation(labels body: UnsafeRawPointer?, extraLabel: UInt32? = nil, property: UInt32, value: Value)
        -> (label: UInt32, type: ConstraintDataType)? {
        if value.isNull || !typedProperties.contains(property) { return nil }
        let count = ObjectBody.labelCount(body)
        var index = 0
        while index <= count {
            let label: UInt32
            if index < count { label = ObjectBody.label(body!, at: index) } else if let extraLabel { label = extraLabel } else { break }
            index += 1
            if let type = types[TypeKey(label: label, property: property)], !type.matches(value) { return (label, type) }
        }
        return nil
    }
}

/// Owns the current ConstraintSet and the uniqueness candidate table. The table maps a unique
/// constraint and a value tuple to the vertices that held that tuple at some commit (entries
/// may be stale; validation re-reads each candidate and prunes the ones that no longer match).
final class ConstraintRegistry: @unchecked Sendable {
    /// The set in force; nil when there are no constraints (the writers' fast path). Written
    /// only under unique storage access, read by transactions at begin.
    var current: ConstraintSet?

    struct State {
        var candidates: [ConstraintSet.Unique: [[Value]: Set<UInt64>]] = [:]
        /// Transactions that passed validation but have not published their commit yet: their
        /// versions count as committed for later validations (two concurrent commits of the
        /// same tuple cannot both pass).
        var validated: Set<UInt64> = []
    }

    let state = Mutex(State())

    init() {}

    func finishedCommitting(_ transactionID: UInt64) {
        _ = state.withLock { $0.validated.remove(transactionID) }
    }
}
