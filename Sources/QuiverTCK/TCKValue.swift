// TCKValue: a value as the TCK writes it in result tables and parameters (scalars, lists, maps,
// nodes, relationships, paths), its rendering back into that notation, and conversion from
// QuiverCore.Value. Parsing is TCKValueParser.swift; equality rules are TCKValueEquality.swift.
import QuiverCore

public indirect enum TCKValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([TCKValue])
    case map([String: TCKValue])
    case node(TCKNode)
    case relationship(TCKRelationship)
    case path(TCKPath)
}

/// A node as the TCK shows it: labels (order irrelevant) and properties; identity is not checked.
public struct TCKNode: Sendable {
    public var labels: [String]
    public var properties: [String: TCKValue]
    public init(labels: [String] = [], properties: [String: TCKValue] = [:]) {
        self.labels = labels
        self.properties = properties
    }
}

/// A relationship as the TCK shows it: type and properties (no endpoints, no identity).
public struct TCKRelationship: Sendable {
    public var type: String
    public var properties: [String: TCKValue]
    public init(type: String, properties: [String: TCKValue] = [:]) {
        self.type = type
        self.properties = properties
    }
}

/// A path: a start node, then hops. Each hop's relationship carries its stored direction
/// relative to the walk (`-[]->` forward, `<-[]-` backward).
public struct TCKPath: Sendable {
    public struct Hop: Sendable {
        public var relationship: TCKRelationship
        /// True for `-[...]->` (stored from the previous node to the next).
        public var forward: Bool
        public var node: TCKNode
        public init(relationship: TCKRelationship, forward: Bool, node: TCKNode) {
            self.relationship = relationship
            self.forward = forward
            self.node = node
        }
    }
    public var start: TCKNode
    public var hops: [Hop]
    public init(start: TCKNode, hops: [Hop] = []) {
        self.start = start
        self.hops = hops
    }
}

// MARK: Rendering in TCK notation

extension TCKValue: CustomStringConvertible {
    /// The value in the TCK's table notation (map keys and labels in their stored order).
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .float(let value): return TCKValue.render(float: value)
        case .string(let value): return TCKValue.quote(value)
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries): return TCKValue.render(map: entries)
        case .node(let node): return node.description
        case .relationship(let relationship): return relationship.description
        case .path(let path): return path.description
        }
    }

    static func render(float value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// Single-quoted with `\` and `'` escaped (the only escapes the TCK value syntax knows).
    static func quote(_ text: String) -> String {
        var result = "'"
        for character in text {
            if character == "\\" || character == "'" { result.append("\\") }
            result.append(character)
        }
        result.append("'")
        return result
    }

    /// `{a: 1, b: 'x'}` with keys sorted, so renderings are deterministic.
    static func render(map entries: [String: TCKValue]) -> String {
        if entries.isEmpty { return "{}" }
        let body = entries.keys.sorted().map { key in "\(renderKey(key)): \(entries[key]!.description)" }
        return "{" + body.joined(separator: ", ") + "}"
    }

    /// A bare identifier when possible, else backticked.
    static func renderKey(_ key: String) -> String {
        let scalars = key.unicodeScalars
        let isBare = scalars.first.map(TCKValueParser.isIdentifierStart) == true
            && scalars.allSatisfy(TCKValueParser.isIdentifierPart)
        return isBare ? key : "`" + key.replacingBackticks() + "`"
    }
}

extension String {
    fileprivate func replacingBackticks() -> String {
        var result = ""
        for character in self {
            if character == "`" { result.append("`") }
            result.append(character)
        }
        return result
    }
}

extension TCKNode: CustomStringConvertible {
    public var description: String {
        let labelText = labels.map { ":" + TCKValue.renderKey($0) }.joined()
        let propertyText = properties.isEmpty ? "" : (labelText.isEmpty ? "" : " ") + TCKValue.render(map: properties)
        return "(" + labelText + propertyText + ")"
    }
}

extension TCKRelationship: CustomStringConvertible {
    public var description: String {
        let propertyText = properties.isEmpty ? "" : " " + TCKValue.render(map: properties)
        return "[:" + TCKValue.renderKey(type) + propertyText + "]"
    }
}

extension TCKPath: CustomStringConvertible {
    public var description: String {
        var text = "<" + start.description
        for hop in hops {
            text += hop.forward ? "-\(hop.relationship)->" : "<-\(hop.relationship)-"
            text += hop.node.description
        }
        return text + ">"
    }
}

// MARK: Conversion from QuiverCore.Value

extension TCKValue {
    /// Converts an engine value. Temporal values become strings through `temporalText`, which
    /// must render them as Cypher's `toString()` does (the TCK compares temporal results as text);
    /// nodes, relationships and paths go through `graph`, which reads their labels and properties.
    public init(_ value: Value, temporalText: (Value) -> String, graph: (Value) -> TCKValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .float(let number): self = .float(number)
        case .string(let text): self = .string(text)
        case .list(let values):
            self = .list(values.map { TCKValue($0, temporalText: temporalText, graph: graph) })
        case .map(let entries):
            self = .map(entries.mapValues { TCKValue($0, temporalText: temporalText, graph: graph) })
        case .date, .localTime, .localDateTime, .dateTime, .duration, .time: self = .string(temporalText(value))
        case .node, .relationship, .path: self = graph(value)
        }
    }
}
