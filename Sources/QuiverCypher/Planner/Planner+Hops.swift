// Planner, hops: one relationship of a pattern chain becomes an Expand (single hop) or an
// ExpandVariable (`*a..b`, with Memgraph's filter lambda), followed by the filters of the
// relationship's properties, the far node's labels and properties, and ready WHERE conjuncts.

import QuiverCore

extension QueryPlanner {
    func planHop(_ op: PlanOperator, _ relationship: RelationshipPattern, from fromSlot: Int, to node: NodePattern,
                 toSlot: inout Int, reversed: Bool, edgeSlots: inout [Int], edgeSlot: inout Int,
                 variableLength: inout Bool, _ conjuncts: inout [PendingConjunct]) throws(QuiverError) -> PlanOperator {
        var direction: ExpandDirection
        switch relationship.direction {
        case .outgoing: direction = reversed ? .incoming : .outgoing
        case .incoming: direction = reversed ? .outgoing : .incoming
        case .both: direction = .both
        }
        var types: [EdgeTypeID] = []
        for reference in relationship.types {
            guard let name = reference.staticName else {
                throw QuiverError(.notSupported, "Relationship types from parameters are not supported yet in MATCH.")
            }
            types.append(names.edgeType(name))
        }
        let (targetSlot, targetBound) = try bindPatternVariable(node.variable, .node)
        toSlot = targetSlot
        let expansion = relationship.expansion
        variableLength = expansion != nil
        if let name = relationship.variable, let binding = scope[name.text], edgeSlots.contains(binding.slot) {
            throw QuiverError(.semanticError, "Cannot use the same relationship variable '\(name.text)' for multiple relationships.",
                              detail: "RelationshipUniquenessViolation")
        }
        var (slot, edgeBound) = try bindPatternVariable(relationship.variable, variableLength ? .relationshipList : .relationship)
        var joinSlot: Int?
        if edgeBound {
            // A relationship bound earlier: expand into a fresh slot and keep only that edge.
            joinSlot = slot
            slot = newSlot()
        }
        edgeSlot = slot
        let text = describeHop(fromSlot, relationship, node)
        var result: PlanOperator
        if let expansion {
            result = try planVariableExpand(op, expansion, VariableExpandSpec(
                fromSlot: fromSlot, edgesSlot: slot, toSlot: targetSlot, toIsBound: targetBound, direction: direction,
                types: types, minHops: nil, maxHops: nil, filter: nil, distinctFrom: edgeSlots, text: text,
                reversesList: reversed))
        } else {
            result = ExpandOperator(input: op, spec: ExpandSpec(
                fromSlot: fromSlot, edgeSlot: slot, toSlot: targetSlot, direction: direction, types: types,
                toIsBound: targetBound, distinctFrom: edgeSlots, text: text))
        }
        edgeSlots.append(slot)
        var filters: [Expr] = []
        if let joinSlot { filters.append(.binary(.equal, .slot(slot), .slot(joinSlot))) }
        if variableLength {
            if let properties = relationship.properties {
                let element = newSlot()
                let predicates = try propertyFilters(properties, slot: element)
                filters.append(.quantifier(.all, slot: element, list: .slot(slot),
                                           predicate: predicates.count == 1 ? predicates[0] : .and(predicates)))
            }
        } else {
            filters.append(contentsOf: try propertyFilters(relationship.properties, slot: slot))
        }
        filters.append(contentsOf: try nodeFilters(node, slot: targetSlot, coveredLabel: nil))
        result = filtered(result, filters)
        return try applyReadyConjuncts(result, &conjuncts)
    }

    private func describeHop(_ fromSlot: Int, _ relationship: RelationshipPattern, _ node: NodePattern) -> String {
        let from = scope.first { $0.value.slot == fromSlot }?.key ?? "anon"
        let edge = relationship.variable?.text ?? ""
        let types = relationship.types.compactMap(\.staticName).map { ":" + $0 }.joined(separator: "|")
        let to = node.variable?.text ?? "anon"
        switch relationship.direction {
        case .outgoing: return "(\(from))-[\(edge)\(types)]->(\(to))"
        case .incoming: return "(\(from))<-[\(edge)\(types)]-(\(to))"
        case .both: return "(\(from))-[\(edge)\(types)]-(\(to))"
        }
    }

    private func planVariableExpand(_ op: PlanOperator, _ expansion: VariableExpansion,
                                    _ base: VariableExpandSpec) throws(QuiverError) -> PlanOperator {
        if expansion.kind == .kShortest && !base.toIsBound {
            throw QuiverError(.semanticError, "KSHORTEST expansion needs both its source and its destination node bound.")
        }
        var spec = base
        spec.minHops = try expansion.lowerBound.map { e throws(QuiverError) in try compile(e) }
        spec.maxHops = try expansion.upperBound.map { e throws(QuiverError) in try compile(e) }
        if let lambda = expansion.filter {
            let saved = scope
            defer { scope = saved }
            let edgeSlot = newSlot(), nodeSlot = newSlot()
            scope[lambda.edge.text] = Binding(slot: edgeSlot, kind: .relationship)
            scope[lambda.node.text] = Binding(slot: nodeSlot, kind: .node)
            spec.filter = ExpansionFilter(edgeSlot: edgeSlot, nodeSlot: nodeSlot,
                                          predicate: try compilePredicate(lambda.expression, clause: "a filter lambda"))
        }
        if expansion.kind == .depthFirst { return VariableExpandOperator(input: op, spec: spec) }
        var shortest = ShortestPathSpec(expand: spec, weight: nil, totalWeightSlot: nil)
        if expansion.kind == .allShortest { shortest.mode = .all }
        if expansion.kind == .kShortest {
            shortest.mode = .kShortest(limit: try expansion.limit.map { e throws(QuiverError) in try compile(e) })
        }
        if expansion.kind == .weightedShortest || expansion.kind == .allShortest {
            guard let lambda = expansion.weight else {
                throw QuiverError(.semanticError, "A weighted shortest path needs a weight lambda.")
            }
            let saved = scope
            defer { scope = saved }
            let edgeSlot = newSlot(), nodeSlot = newSlot()
            scope[lambda.edge.text] = Binding(slot: edgeSlot, kind: .relationship)
            scope[lambda.node.text] = Binding(slot: nodeSlot, kind: .node)
            shortest.weight = ExpansionFilter(edgeSlot: edgeSlot, nodeSlot: nodeSlot, predicate: try compile(lambda.expression))
        }
        if let total = expansion.totalWeight { shortest.totalWeightSlot = try declare(total, .value) }
        return ShortestPathOperator(input: op, spec: shortest)
    }
}
