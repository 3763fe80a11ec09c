// The searches behind `*ALLSHORTEST` and `*KSHORTEST` (the cursor is in
// ShortestPathOperator.swift). All shortest: the Dijkstra search keeps every edge that reaches
// a node at its least weight, and each least-weight path is rebuilt from those parent edges.
// K shortest: simple paths (no node twice) to the bound target by iterative deepening, fewest
// hops first, until k paths or the depth bound.

import QuiverCore
import QuiverStorage

extension ShortestPathCursor {
    /// After `search`: every least-weight path to each reached node, within the hop bounds.
    func collectAllShortest(from start: Gid, _ context: ExecutionContext) throws(QuiverError) {
        let minHops = try context.hopBound(spec.expand.minHops, default: 1)
        var maxHops = try context.hopBound(spec.expand.maxHops, default: Int.max)
        if let limit = context.hopsLimit { maxHops = min(maxHops, limit) }
        for node in results {
            var found: [[EdgeRef]] = []
            var suffix: [EdgeRef] = []
            walkBack(node, to: start, &suffix, &found, maxHops: maxHops)
            let weight = reached[node]?.weight ?? 0
            for edges in found where edges.count >= minHops { paths.append((node, edges, weight)) }
        }
        results = []
    }

    /// Paths from `start` to `node` through the parent edges, collected end first.
    private func walkBack(_ node: Gid, to start: Gid, _ suffix: inout [EdgeRef], _ found: inout [[EdgeRef]],
                          maxHops: Int) {
        if node == start {
            found.append(suffix.reversed())
            return
        }
        guard suffix.count < maxHops else { return }
        for edge in parents[node] ?? [] {
            suffix.append(edge)
            walkBack(edge.from == node ? edge.to : edge.from, to: start, &suffix, &found, maxHops: maxHops)
            suffix.removeLast()
        }
    }

    /// The `limit` shortest simple paths from `start` to the bound target.
    func kShortest(from start: Gid, limit: Expr?, _ context: ExecutionContext) throws(QuiverError) {
        guard case .node(let target) = context.frame[spec.expand.toSlot] else { return }
        let minHops = try context.hopBound(spec.expand.minHops, default: 1)
        var maxHops = try context.hopBound(spec.expand.maxHops, default: Int.max)
        if let limit = context.hopsLimit { maxHops = min(maxHops, limit) }
        let wanted = try context.hopBound(limit, default: Int.max)
        if minHops == 0 && start == target && wanted > 0 { paths.append((target, [], 0)) }
        var depth = max(minHops, 1)
        while depth <= maxHops && paths.count < wanted {
            var search = SimplePathSearch(target: target, depth: depth, wanted: wanted)
            search.visited.insert(start)
            try extend(start, &search, context)
            for edges in search.found { paths.append((target, edges, Double(edges.count))) }
            if !search.reachedDepth { break }
            depth += 1
        }
    }

    private func extend(_ node: Gid, _ search: inout SimplePathSearch, _ context: ExecutionContext) throws(QuiverError) {
        if search.edges.count == search.depth {
            search.reachedDepth = true
            if node == search.target { search.found.append(search.edges) }
            return
        }
        if node == search.target { return }
        for (edge, next, _) in try hops(node, context) where !search.visited.contains(next) {
            if paths.count + search.found.count >= search.wanted { return }
            search.visited.insert(next)
            search.edges.append(edge)
            try extend(next, &search, context)
            search.edges.removeLast()
            search.visited.remove(next)
        }
    }
}

/// One depth of the K-shortest iterative deepening.
struct SimplePathSearch {
    let target: Gid
    let depth: Int
    let wanted: Int
    var visited: Set<Gid> = []
    var edges: [EdgeRef] = []
    var found: [[EdgeRef]] = []
    /// Some simple path reached `depth` (else deeper ones cannot exist).
    var reachedDepth = false

    init(target: Gid, depth: Int, wanted: Int) {
        self.target = target
        self.depth = depth
        self.wanted = wanted
    }
}
