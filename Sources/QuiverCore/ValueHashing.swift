// ValueHashing: Hashable for Value, consistent with equivalence (`==` in ValueEquality.swift):
// equivalent values hash alike (1 and 1.0, 0.0 and -0.0, every NaN), strings hash their UTF-8
// bytes (Swift's String hash normalises), and maps hash independently of their iteration order.

extension Value: Hashable {
    /// One tag per equivalence family. Integers and floats share a tag because 1 ≡ 1.0.
    private enum HashTag: UInt8 {
        case null = 0, bool, number, string, list, map, date, localTime, localDateTime, dateTime, duration
        case time, node, relationship, path
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(HashTag.null.rawValue)
        case .bool(let value):
            hasher.combine(HashTag.bool.rawValue)
            hasher.combine(value)
        case .int(let value):
            hasher.combine(HashTag.number.rawValue)
            hasher.combine(value)
        case .float(let value):
            hasher.combine(HashTag.number.rawValue)
            if let exact = NumericComparison.exactInt64(value) {
                // Integral doubles hash as the integer they equal; this also folds -0.0 into 0.
                hasher.combine(exact)
            } else if value.isNaN {
                hasher.combine(Double.nan.bitPattern)
            } else {
                hasher.combine(value.bitPattern)
            }
        case .string(let value):
            hasher.combine(HashTag.string.rawValue)
            CodePointComparison.hash(value, into: &hasher)
        case .list(let elements):
            hasher.combine(HashTag.list.rawValue)
            hasher.combine(elements.count)
            for element in elements { element.hash(into: &hasher) }
        case .map(let entries):
            hasher.combine(HashTag.map.rawValue)
            hasher.combine(entries.count)
            // Dictionary order is arbitrary, so entries are hashed apart and summed.
            var sum: UInt = 0
            for (key, value) in entries {
                var entryHasher = Hasher()
                CodePointComparison.hash(key, into: &entryHasher)
                value.hash(into: &entryHasher)
                sum &+= UInt(bitPattern: entryHasher.finalize())
            }
            hasher.combine(sum)
        case .date(let value):
            hasher.combine(HashTag.date.rawValue)
            value.hash(into: &hasher)
        case .localTime(let value):
            hasher.combine(HashTag.localTime.rawValue)
            value.hash(into: &hasher)
        case .localDateTime(let value):
            hasher.combine(HashTag.localDateTime.rawValue)
            value.hash(into: &hasher)
        case .dateTime(let value):
            hasher.combine(HashTag.dateTime.rawValue)
            value.hash(into: &hasher)
        case .duration(let value):
            hasher.combine(HashTag.duration.rawValue)
            value.hash(into: &hasher)
        case .time(let value):
            hasher.combine(HashTag.time.rawValue)
            value.hash(into: &hasher)
        case .node(let gid):
            hasher.combine(HashTag.node.rawValue)
            hasher.combine(gid)
        case .relationship(let edge):
            hasher.combine(HashTag.relationship.rawValue)
            hasher.combine(edge.gid)
        case .path(let path):
            hasher.combine(HashTag.path.rawValue)
            path.hash(into: &hasher)
        }
    }
}
