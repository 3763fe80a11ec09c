// TCKSideEffects: the eight side-effect counters of FORMAT.md (+/- nodes, relationships, labels,
// properties), read from a `the side effects should be:` table, and TCKGraphSnapshot, the set
// view of a graph whose difference before/after a query yields those counters.

public struct TCKSideEffects: Sendable, Equatable, CustomStringConvertible {
    public var addedNodes = 0
    public var deletedNodes = 0
    public var addedRelationships = 0
    public var deletedRelationships = 0
    public var addedLabels = 0
    public var deletedLabels = 0
    public var addedProperties = 0
    public var deletedProperties = 0

    public init() {}

    public static let none = TCKSideEffects()

    /// The table keys in FORMAT.md order, with their counters.
    public static var keys: [(String, WritableKeyPath<TCKSideEffects, Int>)] {
        [
            ("+nodes", \.addedNodes), ("-nodes", \.deletedNodes),
            ("+relationships", \.addedRelationships), ("-relationships", \.deletedRelationships),
            ("+labels", \.addedLabels), ("-labels", \.deletedLabels),
            ("+properties", \.addedProperties), ("-properties", \.deletedProperties),
        ]
    }

    /// Reads `| +nodes | 1 |` rows; unlisted keys stay 0. Unknown keys, bad counts and repeated
    /// keys are errors.
    public init(table rows: [[String]]) throws(TCKStepError) {
        var seen: Set<String> = []
        for row in rows {
            guard row.count == 2 else { throw TCKStepError("side-effect row needs 2 cells: \(row)") }
            guard let entry = TCKSideEffects.keys.first(where: { $0.0 == row[0] }) else {
                throw TCKStepError("unknown side-effect key \(row[0])")
            }
            guard let count = Int(row[1]), count >= 0 else { throw TCKStepError("bad side-effect count \(row[1])") }
            guard seen.insert(row[0]).inserted else { throw TCKStepError("repeated side-effect key \(row[0])") }
            self[keyPath: entry.1] = count
        }
    }

    /// `+nodes 1, +properties 2`, or `none`.
    public var description: String {
        let parts = TCKSideEffects.keys.compactMap { key, path in self[keyPath: path] == 0 ? nil : "\(key) \(self[keyPath: path])" }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

/// What a side-effect measurement sees of a graph: node ids, relationship ids, distinct label
/// names present anywhere, and (entity, key, value) property triples. An engine-backed
/// TCKDatabase takes one before and one after the main query and reports `after.sideEffects(since: before)`.
public struct TCKGraphSnapshot: Sendable, Equatable {
    public enum Entity: Hashable, Sendable {
        case node(Int64)
        case relationship(Int64)
    }

    public struct Property: Hashable, Sendable {
        public var entity: Entity
        public var key: String
        public var value: TCKCanonicalKey
        public init(entity: Entity, key: String, value: TCKValue) {
            self.entity = entity
            self.key = key
            self.value = value.canonicalKey()
        }
    }

    public var nodes: Set<Int64> = []
    public var relationships: Set<Int64> = []
    public var labels: Set<String> = []
    public var properties: Set<Property> = []

    public init() {}

    /// Counters of `self` (after) against `before`: `+` = after minus before, `-` = before
    /// minus after. A changed property value is one removal and one addition.
    public func sideEffects(since before: TCKGraphSnapshot) -> TCKSideEffects {
        var effects = TCKSideEffects()
        effects.addedNodes = nodes.subtracting(before.nodes).count
        effects.deletedNodes = before.nodes.subtracting(nodes).count
        effects.addedRelationships = relationships.subtracting(before.relationships).count
        effects.deletedRelationships = before.relationships.subtracting(relationships).count
        effects.addedLabels = labels.subtracting(before.labels).count
        effects.deletedLabels = before.labels.subtracting(labels).count
        effects.addedProperties = properties.subtracting(before.properties).count
        effects.deletedProperties = before.properties.subtracting(properties).count
        return effects
    }
}
