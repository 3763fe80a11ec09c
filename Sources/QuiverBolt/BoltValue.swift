// BoltValue: the values PackStream carries between a Bolt client and the server (parameters
// in, records out). Graph structures and the temporal types the wire knows live here; the
// engine converts to and from its own Value at the server seam. No encoding rules here.
import QuiverCore

/// One PackStream value. Temporal payloads reuse QuiverCore's types so the server seam copies
/// them without conversion; the wire-only types (Time with offset, points, graph values) are
/// small structs below.
public indirect enum BoltValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case bytes([UInt8])
    case string(String)
    case list([BoltValue])
    case map(BoltMap)
    case node(BoltNode)
    case relationship(BoltRelationship)
    case unboundRelationship(BoltUnboundRelationship)
    case path(BoltPath)
    case date(DateValue)
    case time(BoltTime)
    case localTime(LocalTimeValue)
    case dateTime(DateTimeValue)
    case localDateTime(LocalDateTimeValue)
    case duration(DurationValue)
    case point2D(BoltPoint2D)
    case point3D(BoltPoint3D)
}

extension BoltValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: BoltValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, BoltValue)...) { self = .map(BoltMap(elements)) }
}

extension BoltValue {
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
    public var intValue: Int64? {
        if case .int(let number) = self { return number }
        return nil
    }
    public var mapValue: BoltMap? {
        if case .map(let map) = self { return map }
        return nil
    }
    public var listValue: [BoltValue]? {
        if case .list(let list) = self { return list }
        return nil
    }
}

/// A PackStream map kept in wire order (node properties go out in storage order without
/// hashing). Keys are unique: `set` replaces, and the decoder applies "last one wins".
public struct BoltMap: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    public private(set) var entries: [(key: String, value: BoltValue)]

    public init() { entries = [] }
    public init(_ pairs: [(String, BoltValue)]) {
        entries = []
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }
    public init(dictionaryLiteral elements: (String, BoltValue)...) { self.init(elements) }
    /// Entries known to have unique keys (the decoder's fast path).
    init(uniqueEntries: [(key: String, value: BoltValue)]) { entries = uniqueEntries }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// Linear lookup: metadata maps are small and parameter maps are converted once.
    public subscript(key: String) -> BoltValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: BoltValue)]> { entries.makeIterator() }

    /// Order-insensitive: two maps are equal when they hold the same keys with equal values.
    public static func == (lhs: BoltMap, rhs: BoltMap) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.entries where rhs[key] != value { return false }
        return true
    }
}

/// A node: 4.x sends id, labels and properties; 5.x adds the element id (Memgraph: the
/// decimal id), which the encoder derives from `id` when nil.
public struct BoltNode: Sendable, Equatable {
    public var id: Int64
    public var labels: [String]
    public var properties: BoltMap
    public var elementID: String?
    public init(id: Int64, labels: [String], properties: BoltMap, elementID: String? = nil) {
        self.id = id
        self.labels = labels
        self.properties = properties
        self.elementID = elementID
    }
}

public struct BoltRelationship: Sendable, Equatable {
    public var id: Int64
    public var startNodeID: Int64
    public var endNodeID: Int64
    public var type: String
    public var properties: BoltMap
    public var elementID: String?
    public var startNodeElementID: String?
    public var endNodeElementID: String?
    public init(id: Int64, startNodeID: Int64, endNodeID: Int64, type: String, properties: BoltMap,
                elementID: String? = nil, startNodeElementID: String? = nil, endNodeElementID: String? = nil) {
        self.id = id
        self.startNodeID = startNodeID
        self.endNodeID = endNodeID
        self.type = type
        self.properties = properties
        self.elementID = elementID
        self.startNodeElementID = startNodeElementID
        self.endNodeElementID = endNodeElementID
    }
}

/// A relationship inside a path: endpoints are implied by the path's node sequence.
public struct BoltUnboundRelationship: Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var properties: BoltMap
    public var elementID: String?
    public init(id: Int64, type: String, properties: BoltMap, elementID: String? = nil) {
        self.id = id
        self.type = type
        self.properties = properties
        self.elementID = elementID
    }
}

/// A path as PackStream sends it: distinct nodes, distinct relationships, and the index
/// sequence (pairs of 1-based signed relationship index, 0-based node index; the first node
/// is implicit).
public struct BoltPath: Sendable, Equatable {
    public var nodes: [BoltNode]
    public var relationships: [BoltUnboundRelationship]
    public var indices: [Int64]
    public init(nodes: [BoltNode], relationships: [BoltUnboundRelationship], indices: [Int64]) {
        self.nodes = nodes
        self.relationships = relationships
        self.indices = indices
    }
}

/// A time of day with a UTC offset (Bolt `T`; Memgraph has no such type, drivers send it).
public struct BoltTime: Sendable, Equatable {
    public var nanosecondsSinceMidnight: Int64
    public var offsetSeconds: Int32
    public init(nanosecondsSinceMidnight: Int64, offsetSeconds: Int32) {
        self.nanosecondsSinceMidnight = nanosecondsSinceMidnight
        self.offsetSeconds = offsetSeconds
    }
}

public struct BoltPoint2D: Sendable, Equatable {
    public var srid: Int64
    public var x: Double
    public var y: Double
    public init(srid: Int64, x: Double, y: Double) {
        self.srid = srid
        self.x = x
        self.y = y
    }
}

public struct BoltPoint3D: Sendable, Equatable {
    public var srid: Int64
    public var x: Double
    public var y: Double
    public var z: Double
    public init(srid: Int64, x: Double, y: Double, z: Double) {
        self.srid = srid
        self.x = x
        self.y = y
        self.z = z
    }
}
