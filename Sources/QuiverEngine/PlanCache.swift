// PlanCache: the plans a Database keeps, by exact query text (texts without literals the cache
// strips, and plans that depend on their literals' values) and by normalised text (plans any
// text with that key may share, QueryText.normalize). Cleared whole when full.

import QuiverCypher

/// The plan cache: plans by exact text (queries without strippable literals, and plans that
/// depend on their literals' values) and shared plans by normalised text.
struct PlanCache {
    var exact: [String: PreparedQuery] = [:]
    var shapes: [String: PreparedQuery] = [:]

    mutating func insert(_ prepared: PreparedQuery, exact text: String, capacity: Int) {
        makeRoom(capacity)
        exact[text] = prepared
    }

    mutating func insert(_ prepared: PreparedQuery, shape key: String, capacity: Int) {
        makeRoom(capacity)
        shapes[key] = prepared
    }

    mutating func removeAll() {
        exact.removeAll()
        shapes.removeAll()
    }

    private mutating func makeRoom(_ capacity: Int) {
        if exact.count + shapes.count >= capacity {
            exact.removeAll(keepingCapacity: true)
            shapes.removeAll(keepingCapacity: true)
        }
    }
}
