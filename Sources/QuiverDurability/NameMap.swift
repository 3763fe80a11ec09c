// NameMap: translates the name ids of one file (a WAL segment's declarations or a snapshot's
// name tables) into this process's interned ids, by name. Lookups are array reads.
import QuiverCore

struct NameMap {
    private var labels: [UInt32] = []
    private var edgeTypes: [UInt32] = []
    private var properties: [UInt32] = []
    /// True while every declared property id maps to itself (property runs need no rewrite).
    private(set) var propertiesAreIdentity = true

    static let undeclared = UInt32.max

    mutating func declare(_ space: WALNameSpace, fileID: UInt32, name: String, registry: NameRegistry) {
        switch space {
        case .label: Self.put(&labels, fileID, registry.labels.id(for: name))
        case .edgeType: Self.put(&edgeTypes, fileID, registry.edgeTypes.id(for: name))
        case .property:
            let id = registry.properties.id(for: name)
            Self.put(&properties, fileID, id)
            if id != fileID { propertiesAreIdentity = false }
        }
    }

    private static func put(_ table: inout [UInt32], _ fileID: UInt32, _ id: UInt32) {
        let index = Int(fileID)
        if index >= table.count { table.append(contentsOf: repeatElement(undeclared, count: index + 1 - table.count)) }
        table[index] = id
    }

    @inline(__always)
    func label(_ fileID: UInt32) -> LabelID? {
        let index = Int(fileID)
        guard index < labels.count, labels[index] != Self.undeclared else { return nil }
        return LabelID(labels[index])
    }

    @inline(__always)
    func edgeType(_ fileID: UInt32) -> EdgeTypeID? {
        let index = Int(fileID)
        guard index < edgeTypes.count, edgeTypes[index] != Self.undeclared else { return nil }
        return EdgeTypeID(edgeTypes[index])
    }

    @inline(__always)
    func property(_ fileID: UInt32) -> PropertyID? {
        let index = Int(fileID)
        guard index < properties.count, properties[index] != Self.undeclared else { return nil }
        return PropertyID(properties[index])
    }

    /// `properties` with file ids replaced by process ids; nil when one is undeclared.
    func mapProperties(_ properties: [(PropertyID, Value)]) -> [(PropertyID, Value)]? {
        if propertiesAreIdentity {
            for (key, _) in properties where property(key.rawValue) == nil { return nil }
            return properties
        }
        var mapped = properties
        for index in mapped.indices {
            guard let key = property(mapped[index].0.rawValue) else { return nil }
            mapped[index].0 = key
        }
        return mapped
    }
}
