// Planner, MATCH steps: binding a part's start node (scan choice, index lookups from inline
// properties or WHERE conjuncts) and planning each hop (Expand or ExpandVariable) with the
// filters its relationship and far node bring.

import QuiverCore

struct IndexChoice {
    var label: LabelID
    var labelName: String
    var property: PropertyKey
    var lookup: IndexLookupExpr
    /// The position of the inline `{p: v}` entry an equality lookup came from: its test moves
    /// into the scan (see ScanByLabelPropertyOperator.residual).
    var inlineEntry: Int?
}

extension QueryPlanner {
    /// An index lookup usable for `node`: inline `{p: v}` or a WHERE conjunct on `node.p`,
    /// with a value that depends only on variables bound before this MATCH.
    func indexLookup(for node: NodePattern, _ conjuncts: [PendingConjunct]) -> IndexChoice? {
        guard let labels = node.labels.conjunctionOfNames, !labels.isEmpty else { return nil }
        func indexed(_ property: String) -> (LabelID, String)? {
            let key = names.property(property)
            for label in labels where catalog.hasLabelPropertyIndex(names.label(label), key) {
                return (names.label(label), label)
            }
            return nil
        }
        func independent(_ expression: Expression) -> Bool {
            let (referenced, subquery) = referencedVariables(expression)
            return !subquery && referenced.allSatisfy { scope[$0] != nil }
        }
        if let properties = node.properties, case .map(let entries) = properties.kind {
            for (position, entry) in entries.enumerated() where independent(entry.value) {
                if let (label, name) = indexed(entry.key.text), let value = try? compile(entry.value) {
                    return IndexChoice(label: label, labelName: name, property: propertyKey(entry.key.text),
                                       lookup: .equal(value), inlineEntry: position)
                }
            }
        }
        guard let variable = node.variable?.text else { return nil }
        var range: IndexChoice?
        for conjunct in conjuncts where !conjunct.deferred && conjunct.needs == [variable] {
            guard case .binary(let op, let lhs, let rhs) = conjunct.expression.kind else { continue }
            var propertyName: String?, value: Expression?, flipped = false
            if case .property(let base, let key) = lhs.kind, case .variable(variable) = base.kind, independent(rhs) {
                propertyName = key.text
                value = rhs
            } else if case .property(let base, let key) = rhs.kind, case .variable(variable) = base.kind, independent(lhs) {
                propertyName = key.text
                value = lhs
                flipped = true
            }
            guard let propertyName, let value, let (label, name) = indexed(propertyName),
                  let compiled = try? compile(value) else { continue }
            let key = propertyKey(propertyName)
            var effective = op
            if flipped {
                switch op {
                case .less: effective = .greater
                case .greater: effective = .less
                case .lessEqual: effective = .greaterEqual
                case .greaterEqual: effective = .lessEqual
                default: break
                }
            }
            switch effective {
            case .equal:
                return IndexChoice(label: label, labelName: name, property: key, lookup: .equal(compiled))
            case .less, .lessEqual:
                range = range ?? IndexChoice(label: label, labelName: name, property: key,
                                             lookup: .range(lower: nil, upper: (compiled, effective == .lessEqual)))
            case .greater, .greaterEqual:
                range = range ?? IndexChoice(label: label, labelName: name, property: key,
                                             lookup: .range(lower: (compiled, effective == .greaterEqual), upper: nil))
            case .startsWith where !flipped:
                range = range ?? IndexChoice(label: label, labelName: name, property: key, lookup: .prefix(compiled))
            default:
                continue
            }
        }
        return range
    }

    /// Filters a node pattern brings: its labels (unless the scan covers them) and its inline
    /// properties.
    func nodeFilters(_ node: NodePattern, slot: Int, coveredLabel: String?,
                     moving moved: Int? = nil, into residual: inout Expr?) throws(QuiverError) -> [Expr] {
        var filters: [Expr] = []
        var labels = node.labels
        if let coveredLabel, let names = labels.conjunctionOfNames {
            labels = LabelExpression(terms: labels.terms.enumerated().filter { names[$0.offset] != coveredLabel }.map(\.element))
        }
        if !labels.isEmpty { filters.append(.hasLabels(.slot(slot), try labelTerms(labels))) }
        var properties = try propertyFilters(node.properties, slot: slot)
        if let moved { residual = properties.remove(at: moved) }
        filters.append(contentsOf: properties)
        return filters
    }

    func nodeFilters(_ node: NodePattern, slot: Int, coveredLabel: String?) throws(QuiverError) -> [Expr] {
        var unused: Expr?
        return try nodeFilters(node, slot: slot, coveredLabel: coveredLabel, into: &unused)
    }

    func propertyFilters(_ properties: Expression?, slot: Int) throws(QuiverError) -> [Expr] {
        guard let properties else { return [] }
        guard case .map(let entries) = properties.kind else {
            throw QuiverError(.semanticError, "Parameter maps cannot be used in MATCH patterns.",
                              detail: "InvalidParameterUse")
        }
        var filters: [Expr] = []
        for entry in entries {
            filters.append(.binary(.equal, .property(.slot(slot), propertyKey(entry.key.text)), try compile(entry.value)))
        }
        return filters
    }

    func filtered(_ op: PlanOperator, _ predicates: [Expr]) -> PlanOperator {
        guard !predicates.isEmpty else { return op }
        return FilterOperator(input: op, predicate: predicates.count == 1 ? predicates[0] : .and(predicates))
    }

    /// Binds a variable of a pattern, or checks the kind of an already bound one.
    func bindPatternVariable(_ name: Name?, _ kind: VariableKind) throws(QuiverError) -> (slot: Int, bound: Bool) {
        guard let name else { return (newSlot(), false) }
        if let binding = scope[name.text] {
            let compatible = binding.kind == kind || binding.kind == .value
            guard compatible else {
                throw QuiverError(.semanticError, "Type mismatch: \(name.text) is already bound with a different type.",
                                  detail: "VariableTypeConflict")
            }
            return (binding.slot, true)
        }
        return (try declare(name, kind), false)
    }

    func bindStart(_ op: PlanOperator, _ node: NodePattern, _ slot: inout Int,
                   _ conjuncts: inout [PendingConjunct]) throws(QuiverError) -> PlanOperator {
        let unbound = node.variable.flatMap { scope[$0.text] } == nil
        let composite = unbound ? compositeIndexLookup(for: node, conjuncts) : nil
        let choice = unbound && composite == nil ? indexLookup(for: node, conjuncts) : nil
        let (boundSlot, wasBound) = try bindPatternVariable(node.variable, .node)
        slot = boundSlot
        let variable = node.variable?.text ?? "anon\(boundSlot)"
        if wasBound {
            // A bound variable holding null matches nothing.
            let result = FilterOperator(input: op, predicate: .isNull(.slot(boundSlot), negated: true))
            return try applyReadyConjuncts(filtered(result, try nodeFilters(node, slot: boundSlot, coveredLabel: nil)), &conjuncts)
        }
        var result: PlanOperator
        var filters: [Expr]
        if let composite {
            result = ScanByLabelPropertiesOperator(input: op, slot: boundSlot, variable: variable, label: composite.label,
                                                   labelName: composite.labelName, properties: composite.properties,
                                                   values: composite.values)
            filters = try nodeFilters(node, slot: boundSlot, coveredLabel: composite.labelName)
        } else if let choice {
            var residual: Expr?
            filters = try nodeFilters(node, slot: boundSlot, coveredLabel: choice.labelName, moving: choice.inlineEntry,
                                      into: &residual)
            result = ScanByLabelPropertyOperator(input: op, slot: boundSlot, variable: variable, label: choice.label,
                                                 labelName: choice.labelName, property: choice.property,
                                                 lookup: choice.lookup, residual: residual)
        } else if let labels = node.labels.conjunctionOfNames, !labels.isEmpty {
            let rarest = labels.min { (catalog.labelCount(names.label($0)) ?? 0) < (catalog.labelCount(names.label($1)) ?? 0) }!
            result = ScanByLabelOperator(input: op, slot: boundSlot, variable: variable, label: names.label(rarest),
                                         labelName: rarest)
            filters = try nodeFilters(node, slot: boundSlot, coveredLabel: rarest)
        } else {
            result = ScanAllOperator(input: op, slot: boundSlot, variable: variable)
            filters = try nodeFilters(node, slot: boundSlot, coveredLabel: nil)
        }
        result = filtered(result, filters)
        return try applyReadyConjuncts(result, &conjuncts)
    }
}
