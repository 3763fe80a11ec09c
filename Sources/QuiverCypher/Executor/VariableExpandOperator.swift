// Variable-length expansion `-[*min..max]-` as a depth-first walk: every path whose
// relationships are pairwise distinct and whose length is within bounds, each emitted as the
// list of its relationships plus the node it ends at. Memgraph's filter lambda `(e, n | p)`
// prunes edges as they are walked. The walk keeps one adjacency buffer per depth, reused
// across rows.

import QuiverCore
import QuiverStorage

/// `(e, n | predicate)`: the slots the lambda binds and the predicate over them.
public struct ExpansionFilter: Sendable {
    public var edgeSlot: Int
    public var nodeSlot: Int
    public var predicate: Expr
}

public struct VariableExpandSpec: Sendable {
    public var fromSlot: Int
    /// Where the relationship list goes (always bound, the planner allocates one).
    public var edgesSlot: Int
    public var toSlot: Int
    public var toIsBound: Bool
    public var direction: ExpandDirection
    public var types: [EdgeTypeID]
    public var minHops: Expr?
    public var maxHops: Expr?
    public var filter: ExpansionFilter?
    public var distinctFrom: [Int]
    public var text: String
    /// The hop is walked against the pattern's direction: emit the list end-to-start.
    public var reversesList = false
}

public final class VariableExpandOperator: PlanOperator {
    let input: PlanOperator
    let spec: VariableExpandSpec

    public init(input: PlanOperator, spec: VariableExpandSpec) {
        self.input = input
        self.spec = spec
    }

    override public var name: String { "ExpandVariable" }
    override public var details: String { spec.text }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { VariableExpandCursor(input: input.cursor(profiler), spec: spec) }
}

final class VariableExpandCursor: Cursor {
    let input: Cursor
    let spec: VariableExpandSpec
    /// levels[d] holds the candidate hops out of the node at depth d.
    var levels: [[EdgeRef]] = []
    var positions: [Int] = []
    var path: [EdgeRef] = []
    var nodes: [Gid] = []
    var minHops = 1
    var maxHops = Int.max
    var active = false
    var emitStart = false
    var scratch: [AdjacencyEntry] = []

    init(input: Cursor, spec: VariableExpandSpec) {
        self.input = input
        self.spec = spec
    }

    override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        while true {
            try context.tick()
            if active, try advance(context) { return true }
            active = false
            guard try input.pull(context) else { return false }
            guard case .node(let start) = context.frame[spec.fromSlot] else { continue }
            try begin(start, context)
        }
    }

    private func begin(_ start: Gid, _ context: ExecutionContext) throws(QuiverError) {
        minHops = try context.hopBound(spec.minHops, default: 1)
        maxHops = try context.hopBound(spec.maxHops, default: Int.max)
        if let limit = context.hopsLimit { maxHops = min(maxHops, limit) }
        path.removeAll(keepingCapacity: true)
        nodes = [start]
        levels.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        emitStart = minHops == 0
        if maxHops > 0 { try pushLevel(start, context) }
        active = true
    }

    /// Candidate hops out of `node`, filtered by type, lambda and uniqueness later.
    private func pushLevel(_ node: Gid, _ context: ExecutionContext) throws(QuiverError) {
        var hops: [EdgeRef] = []
        let transaction = context.transaction
        if spec.direction != .incoming {
            transaction.edges(of: node, .outgoing, types: spec.types, view: context.readView, into: &scratch)
            for entry in scratch { hops.append(transaction.edgeRef(entry, of: node, .outgoing)) }
        }
        if spec.direction != .outgoing {
            transaction.edges(of: node, .incoming, types: spec.types, view: context.readView, into: &scratch)
            for entry in scratch where !(spec.direction == .both && entry.neighbour == node) {
                hops.append(transaction.edgeRef(entry, of: node, .incoming))
            }
        }
        levels.append(hops)
        positions.append(0)
    }

    /// Moves the walk to its next emitted path; false when the walk is over.
    private func advance(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        if emitStart {
            emitStart = false
            if try emit(context) { return true }
        }
        while let depth = levels.indices.last {
            if positions[depth] == levels[depth].count {
                levels.removeLast()
                positions.removeLast()
                if !path.isEmpty {
                    path.removeLast()
                    nodes.removeLast()
                }
                continue
            }
            let edge = levels[depth][positions[depth]]
            positions[depth] += 1
            if path.contains(where: { $0.gid == edge.gid }) || !context.edge(edge.gid.rawValue, isDistinctFrom: spec.distinctFrom) {
                continue
            }
            let current = nodes[nodes.count - 1]
            let next = edge.from == current ? edge.to : edge.from
            if let filter = spec.filter {
                context.frame[filter.edgeSlot] = .relationship(edge)
                context.frame[filter.nodeSlot] = .node(next)
                guard try context.holds(filter.predicate) else { continue }
            }
            path.append(edge)
            nodes.append(next)
            if path.count < maxHops {
                try pushLevel(next, context)
            }
            let emitted = path.count >= minHops ? try emit(context) : false
            if path.count >= maxHops {
                path.removeLast()
                nodes.removeLast()
            }
            if emitted { return true }
        }
        return false
    }

    private func emit(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        let end = nodes[nodes.count - 1]
        if spec.toIsBound {
            guard case .node(let target) = context.frame[spec.toSlot], target == end else { return false }
        } else {
            context.frame[spec.toSlot] = .node(end)
        }
        context.frame[spec.edgesSlot] = spec.reversesList ? .list(path.reversed().map { .relationship($0) })
            : .list(path.map { .relationship($0) })
        return true
    }

    override func reset() {
        input.reset()
        active = false
    }
}

extension ExecutionContext {
    /// A variable-length bound: a non-negative integer, `fallback` when absent.
    func hopBound(_ expression: Expr?, default fallback: Int) throws(QuiverError) -> Int {
        guard let expression else { return fallback }
        guard case .int(let value) = try evaluate(expression), value >= 0 else {
            throw QuiverError(.invalidArgument, "Variable-length bounds must be non-negative integers.")
        }
        return Int(value)
    }
}
