// Planner, MATCH: turns a pattern and its WHERE into scans, expands and filters. Each pattern
// part starts from its cheapest node — one already bound, then an index lookup (equality before
// range), then the rarest label, then all vertices — and expands outwards along the chain in
// both directions. WHERE is split into conjuncts, each applied as soon as the variables it
// needs are bound (filter pushdown). Relationships of one MATCH are pairwise distinct. A part
// unconnected to what is bound is a Cartesian branch, or a HashJoin (Planner+HashJoin.swift)
// when WHERE equates the two sides.

import QuiverCore

/// One WHERE conjunct waiting for its variables.
struct PendingConjunct {
    var expression: Expression
    /// Variables of this MATCH it reads; it is applied once all are bound.
    var needs: Set<String>
    /// Holds a subquery or pattern predicate: applied after the whole pattern.
    var deferred: Bool
    var used = false
}

extension QueryPlanner {
    func planOptionalMatch(_ op: PlanOperator, _ match: Match) throws(QuiverError) -> PlanOperator {
        let before = scope
        let branch = try planMatch(OnceOperator(), match.pattern, match.where)
        let introduced = scope.filter { before[$0.key] == nil }.map(\.value.slot).sorted()
        return OptionalOperator(input: op, branch: branch, slots: introduced)
    }

    func planMatch(_ input: PlanOperator, _ pattern: Pattern, _ condition: Expression?) throws(QuiverError) -> PlanOperator {
        let declared = patternVariables(pattern)
        var conjuncts: [PendingConjunct] = []
        if let condition {
            if containsAggregate(condition) {
                throw QuiverError(.semanticError, "Aggregation functions are not allowed in WHERE.",
                                  detail: "InvalidAggregation")
            }
            let parts: [Expression]
            if case .and(let operands) = condition.kind { parts = operands } else { parts = [condition] }
            for part in parts {
                let (names, hasSubquery) = referencedVariables(part)
                conjuncts.append(PendingConjunct(expression: part, needs: names.intersection(declared).subtracting(scope.keys),
                                                 deferred: hasSubquery))
            }
        }
        var op = input
        var edgeSlots: [Int] = []
        for part in pattern.parts {
            op = try planPart(op, part, &conjuncts, &edgeSlots)
        }
        for index in conjuncts.indices where !conjuncts[index].used {
            op = FilterOperator(input: op, predicate: try compilePredicate(conjuncts[index].expression, clause: "WHERE"))
        }
        return op
    }

    /// Variables a pattern names (nodes, relationships, paths).
    func patternVariables(_ pattern: Pattern) -> Set<String> {
        var names: Set<String> = []
        for part in pattern.parts {
            if let path = part.variable { names.insert(path.text) }
            if let name = part.element.start.variable { names.insert(name.text) }
            for link in part.element.chain {
                if let name = link.relationship.variable { names.insert(name.text) }
                if let name = link.node.variable { names.insert(name.text) }
            }
        }
        return names
    }

    /// Variable names an expression reads, and whether it holds a subquery or pattern.
    func referencedVariables(_ expression: Expression) -> (Set<String>, Bool) {
        var names: Set<String> = []
        var subquery = false
        visit(expression) { node in
            switch node.kind {
            case .variable(let name): names.insert(name)
            case .mapProjection(let body): names.insert(body.variable.text)
            case .exists, .countSubquery, .patternPredicate, .patternComprehension: subquery = true
            default: break
            }
        }
        return (names, subquery)
    }

    /// Applies every conjunct whose variables are now all bound.
    func applyReadyConjuncts(_ op: PlanOperator, _ conjuncts: inout [PendingConjunct]) throws(QuiverError) -> PlanOperator {
        var op = op
        for index in conjuncts.indices where !conjuncts[index].used && !conjuncts[index].deferred {
            if conjuncts[index].needs.allSatisfy({ scope[$0] != nil }) {
                conjuncts[index].used = true
                op = FilterOperator(input: op, predicate: try compilePredicate(conjuncts[index].expression, clause: "WHERE"))
            }
        }
        return op
    }

    func planPart(_ input: PlanOperator, _ part: PatternPart, _ conjuncts: inout [PendingConjunct],
                          _ edgeSlots: inout [Int]) throws(QuiverError) -> PlanOperator {
        let element = part.element
        let nodes = [element.start] + element.chain.map(\.node)
        let relationships = element.chain.map(\.relationship)
        var op = input
        // A part unconnected to what is bound starts a cartesian product (a fresh branch).
        let connected = nodes.contains { node in node.variable.map { scope[$0.text] != nil } ?? false }
        let startsBranch = !connected && !(input is OnceOperator)
        if startsBranch, let join = hashJoinChoice(part, conjuncts, edgeSlots: edgeSlots) {
            return try planHashJoin(input, part, join, &conjuncts, &edgeSlots)
        }
        if startsBranch { op = OnceOperator() }
        let start = chooseStart(nodes, conjuncts)
        var nodeSlots = [Int](repeating: -1, count: nodes.count)
        var edgeSlotsOfPart = [Int](repeating: -1, count: relationships.count)
        var variableLength = [Bool](repeating: false, count: relationships.count)
        op = try bindStart(op, nodes[start], &nodeSlots[start], &conjuncts)
        for index in start..<relationships.count {
            op = try planHop(op, relationships[index], from: nodeSlots[index], to: nodes[index + 1],
                             toSlot: &nodeSlots[index + 1], reversed: false, edgeSlots: &edgeSlots,
                             edgeSlot: &edgeSlotsOfPart[index], variableLength: &variableLength[index], &conjuncts)
        }
        for index in stride(from: start - 1, through: 0, by: -1) {
            op = try planHop(op, relationships[index], from: nodeSlots[index + 1], to: nodes[index],
                             toSlot: &nodeSlots[index], reversed: true, edgeSlots: &edgeSlots,
                             edgeSlot: &edgeSlotsOfPart[index], variableLength: &variableLength[index], &conjuncts)
        }
        if let pathName = part.variable {
            var pieces: [PathPiece] = [.node(nodeSlots[0])]
            for index in relationships.indices {
                pieces.append(variableLength[index] ? .relationships(edgeSlotsOfPart[index]) : .relationship(edgeSlotsOfPart[index]))
                pieces.append(.node(nodeSlots[index + 1]))
            }
            let slot = try declare(pathName, .path)
            op = ProduceOperator(input: op, items: [(.path(pieces), slot)], text: pathName.text)
            op = try applyReadyConjuncts(op, &conjuncts)
        }
        if startsBranch { op = ApplyOperator(input: input, branch: op, label: "Cartesian") }
        return op
    }

    /// The node a part starts from: a bound one, else the one with the best index or label.
    private func chooseStart(_ nodes: [NodePattern], _ conjuncts: [PendingConjunct]) -> Int {
        if let bound = nodes.firstIndex(where: { node in node.variable.map { scope[$0.text] != nil } ?? false }) {
            return bound
        }
        var best = 0, bestCost = Int.max
        for (index, node) in nodes.enumerated() {
            let cost = startCost(node, conjuncts)
            if cost < bestCost {
                best = index
                bestCost = cost
            }
        }
        return best
    }

    private func startCost(_ node: NodePattern, _ conjuncts: [PendingConjunct]) -> Int {
        if compositeIndexLookup(for: node, conjuncts) != nil { return 1 }
        if let lookup = indexLookup(for: node, conjuncts) {
            switch lookup.lookup {
            case .equal: return 1
            default: return 1_000
            }
        }
        guard let labels = node.labels.conjunctionOfNames, !labels.isEmpty else { return Int.max - 1 }
        let counts = labels.map { catalog.labelCount(names.label($0)) ?? 1_000_000 }
        return 10_000 + (counts.min() ?? 1_000_000)
    }
}
