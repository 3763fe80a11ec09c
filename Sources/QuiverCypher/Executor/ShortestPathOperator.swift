// Memgraph's shortest-path expansions: `*BFS` (fewest hops, one path per reached node),
// `*WSHORTEST` (least total weight by Dijkstra, with the weight lambda `(e, n | w)` and the
// total bound to a variable), `*ALLSHORTEST` (every path of least total weight) and
// `*KSHORTEST` (the k shortest simple paths to a bound target, ShortestPathSearch.swift). Per
// input row the search runs to completion within the depth bound, then each reached node (only
// the bound target, when there is one) is emitted with the relationships of its path, rebuilt
// from parent links.

import QuiverCore
import QuiverStorage

public struct ShortestPathSpec: Sendable {
    public enum Mode: Sendable {
        /// One least-weight path per reached node (BFS when there is no weight lambda).
        case single
        /// Every least-weight path per reached node.
        case all
        /// The k (`limit`, all when nil) shortest simple paths to the bound target.
        case kShortest(limit: Expr?)
    }

    public var expand: VariableExpandSpec
    /// nil for BFS and KSHORTEST; the weight lambda for weighted shortest paths.
    public var weight: ExpansionFilter?
    public var totalWeightSlot: Int?
    public var mode: Mode = .single
}

public final class ShortestPathOperator: PlanOperator {
    let input: PlanOperator
    let spec: ShortestPathSpec

    public init(input: PlanOperator, spec: ShortestPathSpec) {
        self.input = input
        self.spec = spec
    }

    override public var name: String {
        switch spec.mode {
        case .single: spec.weight == nil ? "BFSExpand" : "WeightedShortestPath"
        case .all: "AllShortestPath"
        case .kShortest: "KShortestPath"
        }
    }
    override public var details: String { spec.expand.text }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { ShortestPathCursor(input: input.cursor(profiler), spec: spec) }
}

final class ShortestPathCursor: Cursor {
    let input: Cursor
    let spec: ShortestPathSpec
    /// Reached node → (edge it was reached by, hops, total weight).
    var reached: [Gid: (edge: EdgeRef?, hops: Int, weight: Double)] = [:]
    var results: [Gid] = []
    var position = 0
    var scratch: [AdjacencyEntry] = []
    /// ALLSHORTEST: every edge a node is reached by on a least-weight path.
    var parents: [Gid: [EdgeRef]] = [:]
    /// ALLSHORTEST and KSHORTEST: the paths to emit (target, edges from the start, weight).
    var paths: [(node: Gid, edges: [EdgeRef], weight: Double)] = []

    init(input: Cursor, spec: ShortestPathSpec) {
        self.input = input
        self.spec = spec
    }

    override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        if case .single = spec.mode {} else { return try pullPath(context) }
        while position >= results.count {
            guard try input.pull(context) else { return false }
            guard case .node(let start) = context.frame[spec.expand.fromSlot] else { continue }
            try search(from: start, context)
        }
        let node = results[position]
        position += 1
        var edges: [Value] = []
        var cursor = node
        while let edge = reached[cursor]?.edge {
            edges.append(.relationship(edge))
            cursor = edge.from == cursor ? edge.to : edge.from
        }
        context.frame[spec.expand.edgesSlot] = .list(spec.expand.reversesList ? edges : edges.reversed())
        if !spec.expand.toIsBound { context.frame[spec.expand.toSlot] = .node(node) }
        if let slot = spec.totalWeightSlot { context.frame[slot] = .float(reached[node]?.weight ?? 0) }
        return true
    }

    /// ALLSHORTEST and KSHORTEST: the next of the input row's paths.
    private func pullPath(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        while position >= paths.count {
            guard try input.pull(context) else { return false }
            guard case .node(let start) = context.frame[spec.expand.fromSlot] else { continue }
            position = 0
            paths = []
            if case .kShortest(let limit) = spec.mode {
                try kShortest(from: start, limit: limit, context)
            } else {
                try search(from: start, context)
                try collectAllShortest(from: start, context)
            }
        }
        let path = paths[position]
        position += 1
        let edges = path.edges.map(Value.relationship)
        context.frame[spec.expand.edgesSlot] = .list(spec.expand.reversesList ? edges.reversed() : edges)
        if !spec.expand.toIsBound { context.frame[spec.expand.toSlot] = .node(path.node) }
        if let slot = spec.totalWeightSlot { context.frame[slot] = .float(path.weight) }
        return true
    }

    /// Neighbouring hops of `node` that pass the filter lambda, with their weights.
    func hops(_ node: Gid, _ context: ExecutionContext) throws(QuiverError) -> [(EdgeRef, Gid, Double)] {
        var result: [(EdgeRef, Gid, Double)] = []
        let transaction = context.transaction
        for direction in [EdgeDirection.outgoing, .incoming] {
            if direction == .outgoing && spec.expand.direction == .incoming { continue }
            if direction == .incoming && spec.expand.direction == .outgoing { continue }
            transaction.edges(of: node, direction, types: spec.expand.types, view: context.readView, into: &scratch)
            for entry in scratch {
                let edge = transaction.edgeRef(entry, of: node, direction), next = entry.neighbour
                if let filter = spec.expand.filter {
                    context.frame[filter.edgeSlot] = .relationship(edge)
                    context.frame[filter.nodeSlot] = .node(next)
                    guard try context.holds(filter.predicate) else { continue }
                }
                var weight = 1.0
                if let lambda = spec.weight {
                    context.frame[lambda.edgeSlot] = .relationship(edge)
                    context.frame[lambda.nodeSlot] = .node(next)
                    switch try context.evaluate(lambda.predicate) {
                    case .int(let value) where value >= 0: weight = Double(value)
                    case .float(let value) where value >= 0: weight = value
                    default: throw QuiverError(.invalidArgument, "Weights must be non-negative numbers.")
                    }
                }
                result.append((edge, next, weight))
            }
        }
        return result
    }

    private func search(from start: Gid, _ context: ExecutionContext) throws(QuiverError) {
        let minHops = try context.hopBound(spec.expand.minHops, default: 1)
        var maxHops = try context.hopBound(spec.expand.maxHops, default: Int.max)
        if let limit = context.hopsLimit { maxHops = min(maxHops, limit) }
        reached = [start: (nil, 0, 0)]
        parents = [:]
        results = []
        position = 0
        // A frontier ordered by weight (BFS: every weight is 1, so it is plain breadth-first).
        var frontier: [(weight: Double, node: Gid)] = [(0, start)]
        var settled: Set<Gid> = []
        while let index = frontier.indices.min(by: { frontier[$0].weight < frontier[$1].weight }) {
            let (weight, node) = frontier.remove(at: index)
            guard settled.insert(node).inserted, let state = reached[node] else { continue }
            if state.hops >= minHops { results.append(node) }
            if state.hops >= maxHops { continue }
            for (edge, next, cost) in try hops(node, context) where !settled.contains(next) {
                let candidate = weight + cost
                if let known = reached[next], known.weight <= candidate {
                    if case .all = spec.mode, known.weight == candidate { parents[next, default: []].append(edge) }
                    continue
                }
                reached[next] = (edge, state.hops + 1, candidate)
                if case .all = spec.mode { parents[next] = [edge] }
                frontier.append((candidate, next))
            }
        }
        if spec.expand.toIsBound {
            guard case .node(let target) = context.frame[spec.expand.toSlot] else { results = []; return }
            results = results.filter { $0 == target }
        }
    }

    override func reset() {
        input.reset()
        results = []
        paths = []
        position = 0
    }
}
