// Expand: one relationship hop from a bound node. For each input row it copies the node's
// adjacency (filtered by type inside storage) into a reused buffer and walks it, writing the
// relationship and the neighbour into their slots. When the neighbour's slot is already bound
// (a cycle or a second pattern part) only edges reaching that node pass. Relationship
// uniqueness within one MATCH is checked against the slots listed in `distinctFrom`.

import QuiverCore
import QuiverStorage

public enum ExpandDirection: String, Sendable {
    case outgoing, incoming, both
}

public struct ExpandSpec: Sendable {
    public var fromSlot: Int
    public var edgeSlot: Int
    public var toSlot: Int
    public var direction: ExpandDirection
    public var types: [EdgeTypeID]
    /// The neighbour's slot already holds a node that the edge must reach.
    public var toIsBound: Bool
    /// Relationship slots (single edges or lists of them) this edge must differ from.
    public var distinctFrom: [Int]
    public var text: String
}

public final class ExpandOperator: PlanOperator {
    let input: PlanOperator
    let spec: ExpandSpec

    public init(input: PlanOperator, spec: ExpandSpec) {
        self.input = input
        self.spec = spec
    }

    override public var name: String { "Expand" }
    override public var details: String { spec.text }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { ExpandCursor(input: input.cursor(profiler), spec: spec) }
}

final class ExpandCursor: Cursor {
    let input: Cursor
    let spec: ExpandSpec
    var buffer: [AdjacencyEntry] = []
    var position = 0
    var from = Gid(0)
    var bound = Gid(0)
    /// Outgoing pass first for `.both`; true while walking the incoming entries.
    var direction: EdgeDirection = .outgoing
    var pendingIncoming = false

    init(input: Cursor, spec: ExpandSpec) {
        self.input = input
        self.spec = spec
        buffer.reserveCapacity(16)
    }

    override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        let transaction = context.transaction
        while true {
            while position < buffer.count {
                try context.tick()
                let entry = buffer[position]
                position += 1
                let neighbour = entry.neighbour
                if spec.toIsBound && neighbour != bound { continue }
                // A self-loop appears in both runs; an undirected hop takes it once.
                if spec.direction == .both && direction == .incoming && neighbour == from {
                    continue
                }
                if !spec.distinctFrom.isEmpty && !context.edge(entry.edgeGid, isDistinctFrom: spec.distinctFrom) { continue }
                context.frame[spec.edgeSlot] = .relationship(transaction.edgeRef(entry, of: from, direction))
                if !spec.toIsBound { context.frame[spec.toSlot] = .node(neighbour) }
                return true
            }
            if pendingIncoming {
                pendingIncoming = false
                direction = .incoming
                transaction.edges(of: from, .incoming, types: spec.types, view: context.readView, into: &buffer)
                position = 0
                continue
            }
            guard try input.pull(context) else { return false }
            guard case .node(let gid) = context.frame[spec.fromSlot] else { buffer.removeAll(keepingCapacity: true); continue }
            if spec.toIsBound {
                guard case .node(let target) = context.frame[spec.toSlot] else { buffer.removeAll(keepingCapacity: true); continue }
                bound = target
            }
            from = gid
            direction = spec.direction == .incoming ? .incoming : .outgoing
            pendingIncoming = spec.direction == .both
            transaction.edges(of: gid, direction, types: spec.types, view: context.readView, into: &buffer)
            position = 0
        }
    }

    override func reset() {
        input.reset()
        buffer.removeAll(keepingCapacity: true)
        position = 0
        pendingIncoming = false
    }
}

extension ExecutionContext {
    /// Relationship uniqueness within one MATCH: the edge is in none of `slots` (single
    /// relationships or lists of them).
    func edge(_ edge: UInt64, isDistinctFrom slots: [Int]) -> Bool {
        for slot in slots {
            switch frame[slot] {
            case .relationship(let other) where other.gid.rawValue == edge: return false
            case .list(let others):
                for case .relationship(let other) in others where other.gid.rawValue == edge { return false }
            default: break
            }
        }
        return true
    }
}
