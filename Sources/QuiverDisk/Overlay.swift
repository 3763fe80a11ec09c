// Overlay: what a disk transaction has written but not committed — changed vertices (their
// committed image, the newest image and the image before the current command), adjacency
// events, and changed edges. `.old` reads take the before-command image when the object's last
// write happened in the current command; adjacency events carry their command number.
import QuiverCore
import QuiverStorage

/// A vertex's attribute history inside one transaction.
struct ChangedVertex {
    /// As of the snapshot (absent when this transaction created the vertex).
    var committed: VertexImage
    var current: VertexImage
    var beforeCommand: VertexImage
    var lastWriteCommand: UInt32

    @inline(__always)
    func image(_ view: View, command: UInt32) -> VertexImage {
        view == .old && lastWriteCommand == command ? beforeCommand : current
    }
}

struct AdjacencyEvent {
    var outgoing: Bool
    var added: Bool
    var command: UInt32
    var entry: AdjacencyEntry
}

final class VertexOverlay {
    /// nil while labels, properties and existence are as committed.
    var changed: ChangedVertex?
    var events: [AdjacencyEvent] = []
    /// Created or deleted an edge at this (committed) vertex: commit marks it for update so a
    /// concurrent delete of the vertex conflicts.
    var endpointOfEdgeWrite = false

    init() {}
}

final class EdgeOverlay {
    /// As of the snapshot (nil when this transaction created the edge).
    let committed: EdgeImage?
    var current: EdgeImage
    var beforeCommand: EdgeImage
    var lastWriteCommand: UInt32

    init(committed: EdgeImage?, current: EdgeImage, beforeCommand: EdgeImage, lastWriteCommand: UInt32) {
        self.committed = committed
        self.current = current
        self.beforeCommand = beforeCommand
        self.lastWriteCommand = lastWriteCommand
    }

    @inline(__always)
    func image(_ view: View, command: UInt32) -> EdgeImage {
        view == .old && lastWriteCommand == command ? beforeCommand : current
    }
}

extension Array where Element == (PropertyID, Value) {
    /// Sets (or with null removes) one property of a sorted property list.
    mutating func setProperty(_ key: PropertyID, _ value: Value) {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].0 < key { low = middle + 1 } else { high = middle }
        }
        if low < count && self[low].0 == key {
            if value.isNull { remove(at: low) } else { self[low].1 = value }
        } else if !value.isNull {
            insert((key, value), at: low)
        }
    }

    func value(of key: PropertyID) -> Value {
        for (id, value) in self where id == key { return value }
        return .null
    }
}
