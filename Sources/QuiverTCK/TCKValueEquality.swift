// TCKValueEquality: the TCK's equality for expected against actual values. Every value maps to
// a canonical byte key (map keys and labels sorted, lists sorted too when list order is ignored,
// floats as IEEE doubles with NaN = NaN, integers apart from floats); equal keys = equal values.

/// A canonical, self-delimiting encoding of a value; equal keys mean TCK-equal values. Strings
/// compare by code points (bytes of UTF-8), not by Swift's canonical equivalence.
public struct TCKCanonicalKey: Hashable, Comparable, Sendable {
    public var bytes: [UInt8]

    public static func < (lhs: TCKCanonicalKey, rhs: TCKCanonicalKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

extension TCKValue {
    /// TCK equality: integer 1 and float 1.0 differ, NaN equals NaN, 0.0 equals -0.0, map key
    /// and label order are irrelevant, node and relationship identity is not compared, and list
    /// order matters unless `ignoringListOrder` (then every list at any depth is a bag).
    public static func tckEqual(_ lhs: TCKValue, _ rhs: TCKValue, ignoringListOrder: Bool = false) -> Bool {
        lhs.canonicalKey(ignoringListOrder: ignoringListOrder) == rhs.canonicalKey(ignoringListOrder: ignoringListOrder)
    }

    public func canonicalKey(ignoringListOrder: Bool = false) -> TCKCanonicalKey {
        var bytes: [UInt8] = []
        appendKey(to: &bytes, ignoringListOrder: ignoringListOrder)
        return TCKCanonicalKey(bytes: bytes)
    }

    func appendKey(to bytes: inout [UInt8], ignoringListOrder: Bool) {
        switch self {
        case .null: bytes.append(UInt8(ascii: "n"))
        case .bool(let flag): bytes.append(UInt8(ascii: flag ? "t" : "f"))
        case .int(let number):
            bytes.append(UInt8(ascii: "i"))
            bytes.append(contentsOf: String(number).utf8)
            bytes.append(UInt8(ascii: ";"))
        case .float(let number):
            bytes.append(UInt8(ascii: "d"))
            let text = number.isNaN ? "NaN" : (number == 0 ? "0.0" : number.description)
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: ";"))
        case .string(let text):
            bytes.append(UInt8(ascii: "s"))
            TCKValue.appendSized(text, to: &bytes)
        case .list(let values):
            TCKValue.appendList(values, to: &bytes, ignoringListOrder: ignoringListOrder)
        case .map(let entries):
            TCKValue.appendMap(entries, to: &bytes, ignoringListOrder: ignoringListOrder)
        case .node(let node):
            node.appendKey(to: &bytes, ignoringListOrder: ignoringListOrder)
        case .relationship(let relationship):
            relationship.appendKey(to: &bytes, ignoringListOrder: ignoringListOrder)
        case .path(let path):
            bytes.append(UInt8(ascii: "<"))
            path.start.appendKey(to: &bytes, ignoringListOrder: ignoringListOrder)
            for hop in path.hops {
                bytes.append(UInt8(ascii: hop.forward ? ">" : "-"))
                hop.relationship.appendKey(to: &bytes, ignoringListOrder: ignoringListOrder)
                hop.node.appendKey(to: &bytes, ignoringListOrder: ignoringListOrder)
            }
            bytes.append(UInt8(ascii: ">"))
        }
    }

    /// Byte length, `:`, then the UTF-8 bytes (so no content can be mistaken for structure).
    static func appendSized(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        bytes.append(contentsOf: String(utf8.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
    }

    static func appendList(_ values: [TCKValue], to bytes: inout [UInt8], ignoringListOrder: Bool) {
        bytes.append(UInt8(ascii: "["))
        if ignoringListOrder {
            let keys = values.map { $0.canonicalKey(ignoringListOrder: true) }.sorted()
            for key in keys { bytes.append(contentsOf: key.bytes) }
        } else {
            for value in values { value.appendKey(to: &bytes, ignoringListOrder: false) }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    static func appendMap(_ entries: [String: TCKValue], to bytes: inout [UInt8], ignoringListOrder: Bool) {
        bytes.append(UInt8(ascii: "{"))
        let keys = entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            appendSized(key, to: &bytes)
            entries[key]!.appendKey(to: &bytes, ignoringListOrder: ignoringListOrder)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}

extension TCKNode {
    func appendKey(to bytes: inout [UInt8], ignoringListOrder: Bool) {
        bytes.append(UInt8(ascii: "("))
        let sortedLabels = labels.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for label in sortedLabels { TCKValue.appendSized(label, to: &bytes) }
        TCKValue.appendMap(properties, to: &bytes, ignoringListOrder: ignoringListOrder)
        bytes.append(UInt8(ascii: ")"))
    }
}

extension TCKRelationship {
    func appendKey(to bytes: inout [UInt8], ignoringListOrder: Bool) {
        bytes.append(UInt8(ascii: "r"))
        TCKValue.appendSized(type, to: &bytes)
        TCKValue.appendMap(properties, to: &bytes, ignoringListOrder: ignoringListOrder)
    }
}

extension TCKValue: Equatable {
    /// Equality with list order respected (`tckEqual` without ignoring list order).
    public static func == (lhs: TCKValue, rhs: TCKValue) -> Bool { tckEqual(lhs, rhs) }
}

extension TCKValue: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(canonicalKey()) }
}
