// Planner, hash joins: a pattern part unconnected to what is bound would start a Cartesian
// branch rerun per input row; when a WHERE conjunct equates an expression of the bound side
// with one of the part (`MATCH (a:A), (b:B) WHERE a.x = b.x`), the part is planned on its own,
// from Once with nothing else in scope, and joined by a HashJoin on the two expressions.
// Conjuncts that mix the part with other variables wait until after the join.

import QuiverCore

/// The equality a hash join uses: `probe` reads the bound side, `build` the new part.
struct HashJoinChoice {
    var conjunct: Int
    var probe: Expression
    var build: Expression
}

extension QueryPlanner {
    /// The join for `part`, when it can run independently of the input and a conjunct joins it.
    func hashJoinChoice(_ part: PatternPart, _ conjuncts: [PendingConjunct], edgeSlots: [Int]) -> HashJoinChoice? {
        let element = part.element
        let nodes = [element.start] + element.chain.map(\.node)
        let variables = patternVariables(Pattern(parts: [part]))
        guard !variables.isEmpty, variables.allSatisfy({ scope[$0] == nil }),
              element.chain.isEmpty || edgeSlots.isEmpty else { return nil }
        // Everything the part's planning compiles must read the part alone.
        func readsPartOnly(_ expression: Expression?) -> Bool {
            guard let expression else { return true }
            let (referenced, subquery) = referencedVariables(expression)
            return !subquery && referenced.isSubset(of: variables)
        }
        for node in nodes {
            guard node.labels.isEmpty || node.labels.conjunctionOfNames != nil, readsPartOnly(node.properties),
                  indexLookup(for: node, conjuncts) == nil, compositeIndexLookup(for: node, conjuncts) == nil else { return nil }
        }
        for link in element.chain {
            guard link.relationship.expansion == nil, readsPartOnly(link.relationship.properties) else { return nil }
        }
        for (index, conjunct) in conjuncts.enumerated() where !conjunct.used && !conjunct.deferred {
            guard case .binary(.equal, let lhs, let rhs) = conjunct.expression.kind else { continue }
            let (left, leftSubquery) = referencedVariables(lhs)
            let (right, rightSubquery) = referencedVariables(rhs)
            if leftSubquery || rightSubquery || left.isEmpty || right.isEmpty { continue }
            let bound = { (names: Set<String>) in names.allSatisfy { self.scope[$0] != nil } }
            if bound(left) && right.isSubset(of: variables) {
                return HashJoinChoice(conjunct: index, probe: lhs, build: rhs)
            }
            if bound(right) && left.isSubset(of: variables) {
                return HashJoinChoice(conjunct: index, probe: rhs, build: lhs)
            }
        }
        return nil
    }

    /// Plans `part` as the build side of a HashJoin with `input`.
    func planHashJoin(_ input: PlanOperator, _ part: PatternPart, _ choice: HashJoinChoice,
                      _ conjuncts: inout [PendingConjunct], _ edgeSlots: inout [Int]) throws(QuiverError) -> PlanOperator {
        let variables = patternVariables(Pattern(parts: [part]))
        conjuncts[choice.conjunct].used = true
        // Conjuncts reading anything besides the part wait for the join.
        var postponed: [Int] = []
        for index in conjuncts.indices where !conjuncts[index].used && !conjuncts[index].deferred {
            let (referenced, _) = referencedVariables(conjuncts[index].expression)
            if !referenced.isSubset(of: variables) {
                conjuncts[index].deferred = true
                postponed.append(index)
            }
        }
        let outer = scope
        scope = [:]
        let firstSlot = slotCount
        let branch: PlanOperator
        let buildKey: Expr
        do {
            branch = try planPart(OnceOperator(), part, &conjuncts, &edgeSlots)
            buildKey = try compile(choice.build)
        } catch {
            scope = outer
            throw error
        }
        let buildSlots = firstSlot..<slotCount
        scope = outer.merging(scope) { $1 }
        for index in postponed { conjuncts[index].deferred = false }
        let probeKey = try compile(choice.probe)
        let join = HashJoinOperator(input: input, branch: branch, probeKey: probeKey, buildKey: buildKey,
                                    buildSlots: buildSlots, text: "")
        return try applyReadyConjuncts(join, &conjuncts)
    }
}
