// Planner, composite indexes: a node pattern whose every property of a composite index on one
// of its labels is fixed by equality — inline `{p: v}` entries or WHERE conjuncts `n.p = v` /
// `v = n.p`, with values bound before this MATCH — starts from an equality lookup in that
// index. The lookup only narrows the candidates: every filter of the pattern and the WHERE
// still runs, so results never depend on the index.
import QuiverCore

struct CompositeIndexChoice {
    var label: LabelID
    var labelName: String
    var properties: [PropertyKey]
    var values: [Expr]
}

extension QueryPlanner {
    /// The composite index with the most properties that `node`'s equalities cover.
    func compositeIndexLookup(for node: NodePattern, _ conjuncts: [PendingConjunct]) -> CompositeIndexChoice? {
        guard let labels = node.labels.conjunctionOfNames, !labels.isEmpty else { return nil }
        let equalities = equalityValues(for: node, conjuncts)
        guard equalities.count >= 2 else { return nil }
        var best: CompositeIndexChoice?
        for label in labels {
            let labelID = names.label(label)
            for properties in catalog.compositeIndexes(labelID) where properties.count > (best?.properties.count ?? 1) {
                var keys: [PropertyKey] = [], values: [Expr] = []
                for property in properties {
                    guard let equality = equalities.first(where: { $0.key.id == property }),
                          let compiled = try? compile(equality.value) else { break }
                    keys.append(equality.key)
                    values.append(compiled)
                }
                if keys.count == properties.count {
                    best = CompositeIndexChoice(label: labelID, labelName: label, properties: keys, values: values)
                }
            }
        }
        return best
    }

    /// Property equalities on `node` whose value depends only on variables bound before this
    /// MATCH: inline entries first, then WHERE conjuncts; the first one per property wins.
    private func equalityValues(for node: NodePattern, _ conjuncts: [PendingConjunct]) -> [(key: PropertyKey, value: Expression)] {
        func independent(_ expression: Expression) -> Bool {
            let (referenced, subquery) = referencedVariables(expression)
            return !subquery && referenced.allSatisfy { scope[$0] != nil }
        }
        var result: [(key: PropertyKey, value: Expression)] = []
        func add(_ name: String, _ value: Expression) {
            let key = propertyKey(name)
            if !result.contains(where: { $0.key.id == key.id }) { result.append((key, value)) }
        }
        if let properties = node.properties, case .map(let entries) = properties.kind {
            for entry in entries where independent(entry.value) { add(entry.key.text, entry.value) }
        }
        guard let variable = node.variable?.text else { return result }
        for conjunct in conjuncts where !conjunct.deferred && conjunct.needs == [variable] {
            guard case .binary(.equal, let lhs, let rhs) = conjunct.expression.kind else { continue }
            if case .property(let base, let key) = lhs.kind, case .variable(variable) = base.kind, independent(rhs) {
                add(key.text, rhs)
            } else if case .property(let base, let key) = rhs.kind, case .variable(variable) = base.kind, independent(lhs) {
                add(key.text, lhs)
            }
        }
        return result
    }
}
