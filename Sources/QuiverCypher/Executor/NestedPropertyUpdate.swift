// Updates inside map-valued properties (Memgraph's SetNestedProperty / RemoveNestedProperty and
// `SET n.p += map`): the property is read, the map at the path inside it is rewritten (maps
// created where the path meets null, entries of a merged map overriding), and the whole value
// is written back through the ordinary property write.

import QuiverCore

public enum NestedPropertyMode: Sendable {
    /// `SET n.a.b = e`.
    case set
    /// `SET n.p += map` / `SET n.a.b += map`: merge the map into the map found there.
    case merge
    /// `REMOVE n.a.b`.
    case remove
}

extension ExecutionContext {
    func updateProperty(_ target: Value, _ key: PropertyKey, path: [String], value: Value?,
                        mode: NestedPropertyMode) throws(QuiverError) {
        if target.isNull { return }
        let current = try evaluate(.property(.constant(target), key))
        let updated = try rewrite(current, path[...], value ?? .null, mode)
        try setProperty(target, key.id, updated)
    }

    private func rewrite(_ current: Value, _ path: ArraySlice<String>, _ value: Value,
                         _ mode: NestedPropertyMode) throws(QuiverError) -> Value {
        guard let step = path.first else {
            switch mode {
            case .set: return value
            case .remove: return .null
            case .merge: return try merged(current, value)
            }
        }
        var map: [String: Value]
        switch current {
        case .map(let entries): map = entries
        case .null:
            if mode == .remove { return .null }
            map = [:]
        default:
            throw ExecutionErrors.type("A nested property path needs a map, not \(current.typeName).")
        }
        let inner = try rewrite(map[step] ?? .null, path.dropFirst(), value, mode)
        if mode == .remove && path.count == 1 {
            map.removeValue(forKey: step)
        } else {
            map[step] = inner
        }
        return .map(map)
    }

    private func merged(_ current: Value, _ value: Value) throws(QuiverError) -> Value {
        guard case .map(let additions) = value else {
            if value.isNull { return current }
            throw ExecutionErrors.type("+= on a property expects a map, not \(value.typeName).")
        }
        switch current {
        case .null: return value
        case .map(let entries): return .map(entries.merging(additions) { $1 })
        default: throw ExecutionErrors.type("+= on a property needs a map-valued property, not \(current.typeName).")
        }
    }
}
