// DiskSchema: the indexes and constraints of the on-disk store as one immutable value (a
// transaction keeps the one in force at its begin; DDL, run with no transaction active,
// swaps in a new one) and their meta-key encoding.
import QuiverCore
import QuiverStorage

struct LabelProperty: Hashable, Sendable {
    var label: UInt32
    var property: UInt32
}

struct UniqueConstraint: Hashable, Sendable {
    var label: UInt32
    /// Sorted property ids.
    var properties: [UInt32]
}

struct DiskSchema: Sendable {
    var labelIndexes: Set<UInt32> = []
    var propertyIndexes: Set<LabelProperty> = []
    /// Properties indexed per label (for write-time index upkeep).
    var indexedPropertiesByLabel: [UInt32: [UInt32]] = [:]
    var existence: [UInt32: [UInt32]] = [:]
    var unique: [UniqueConstraint] = []
    /// IS TYPED constraints, and the labels that have any (write-time checks).
    var types: [LabelProperty: ConstraintDataType] = [:]
    var typedLabels: Set<UInt32> = []

    var hasConstraints: Bool { !existence.isEmpty || !unique.isEmpty || !types.isEmpty }

    mutating func rebuildDerived() {
        indexedPropertiesByLabel = [:]
        for index in propertyIndexes { indexedPropertiesByLabel[index.label, default: []].append(index.property) }
        typedLabels = Set(types.keys.map(\.label))
    }

    /// The IS TYPED constraint a vertex with `labels` breaks by holding `value` in `property`.
    func typeViolation(labels: [LabelID], property: PropertyID, value: Value) -> (LabelID, ConstraintDataType)? {
        if value.isNull { return nil }
        for label in labels where typedLabels.contains(label.rawValue) {
            if let type = types[LabelProperty(label: label.rawValue, property: property.rawValue)], !type.matches(value) {
                return (label, type)
            }
        }
        return nil
    }

    func uniqueConstraints(label: UInt32) -> [UniqueConstraint] { unique.filter { $0.label == label } }

    var constraintInfo: [ConstraintInfo] {
        var result: [ConstraintInfo] = []
        for (label, properties) in existence.sorted(by: { $0.key < $1.key }) {
            for property in properties.sorted() {
                result.append(ConstraintInfo(kind: .existence, label: LabelID(label), properties: [PropertyID(property)]))
            }
        }
        let ordered = unique.sorted { $0.label != $1.label ? $0.label < $1.label : $0.properties.lexicographicallyPrecedes($1.properties) }
        for constraint in ordered {
            result.append(ConstraintInfo(kind: .unique, label: LabelID(constraint.label), properties: constraint.properties.map(PropertyID.init)))
        }
        for (key, type) in types.sorted(by: { ($0.key.label, $0.key.property) < ($1.key.label, $1.key.property) }) {
            result.append(ConstraintInfo(kind: .dataType, label: LabelID(key.label), properties: [PropertyID(key.property)], dataType: type))
        }
        return result
    }

    // MARK: Meta keys

    static let labelIndexTag: UInt8 = 1, propertyIndexTag: UInt8 = 2, existenceTag: UInt8 = 3, uniqueTag: UInt8 = 4
    static let typeTag: UInt8 = 5
    static let prefix: [UInt8] = Array("schema/".utf8)

    static func labelIndexKey(_ label: UInt32) -> [UInt8] {
        var key = prefix + [labelIndexTag]
        key.appendBigEndian(label)
        return key
    }

    static func propertyIndexKey(_ index: LabelProperty) -> [UInt8] {
        var key = prefix + [propertyIndexTag]
        key.appendBigEndian(index.label)
        key.appendBigEndian(index.property)
        return key
    }

    static func existenceKey(_ label: UInt32, _ property: UInt32) -> [UInt8] {
        var key = prefix + [existenceTag]
        key.appendBigEndian(label)
        key.appendBigEndian(property)
        return key
    }

    static func uniqueKey(_ constraint: UniqueConstraint) -> [UInt8] {
        var key = prefix + [uniqueTag]
        key.appendBigEndian(constraint.label)
        for property in constraint.properties { key.appendBigEndian(property) }
        return key
    }

    /// `label | property | type name (UTF-8)`.
    static func typeKey(_ key: LabelProperty, _ type: ConstraintDataType) -> [UInt8] {
        var bytes = prefix + [typeTag]
        bytes.appendBigEndian(key.label)
        bytes.appendBigEndian(key.property)
        bytes.append(contentsOf: type.name.utf8)
        return bytes
    }

    /// Adds the definition a schema meta key names (keys written by the functions above).
    mutating func load(key: UnsafeRawBufferPointer) {
        let body = UnsafeRawBufferPointer(rebasing: key[(Self.prefix.count + 1)...])
        guard body.count >= 4 else { return }
        let label = body.bigEndianUInt32(at: 0)
        switch key[Self.prefix.count] {
        case Self.labelIndexTag: labelIndexes.insert(label)
        case Self.propertyIndexTag: propertyIndexes.insert(LabelProperty(label: label, property: body.bigEndianUInt32(at: 4)))
        case Self.existenceTag: existence[label, default: []].append(body.bigEndianUInt32(at: 4))
        case Self.uniqueTag:
            let properties = stride(from: 4, to: body.count, by: 4).map { body.bigEndianUInt32(at: $0) }
            unique.append(UniqueConstraint(label: label, properties: properties))
        case Self.typeTag:
            guard body.count > 8, let type = ConstraintDataType(keyword: String(decoding: body[8...], as: UTF8.self)) else { return }
            types[LabelProperty(label: label, property: body.bigEndianUInt32(at: 4))] = type
        default: break
        }
    }
}
