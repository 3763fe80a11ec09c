// Planner, projections: WITH and RETURN. Items become slots (a plain variable keeps its slot),
// aggregation splits items into grouping keys and aggregates around an Aggregate operator, then
// DISTINCT, ORDER BY (top-k when LIMIT follows), SKIP and LIMIT. The projected names replace the
// scope; ORDER BY may still read the old variables when nothing was aggregated or deduplicated.

import QuiverCore

struct PlannedProjection {
    var op: PlanOperator
    var columns: [String]
    var slots: [Int]
}

extension QueryPlanner {
    func planProjection(_ input: PlanOperator, _ projection: Projection, isReturn: Bool, outputSlots: [Int]?,
                        where condition: Expression? = nil) throws(QuiverError) -> PlannedProjection {
        let items = try expandedItems(projection, isReturn: isReturn)
        let columns = items.map(\.columnName)
        if isReturn { noteLiteralColumns(items) }
        if Set(columns).count != columns.count {
            throw QuiverError(.semanticError, "Multiple result columns with the same name are not supported.",
                              detail: "ColumnNameConflict")
        }
        let aggregating = items.contains { containsAggregate($0.expression) }
        var op = input
        var slots: [Int] = []
        var kinds: [VariableKind] = []
        if aggregating {
            op = try planAggregation(op, items, outputSlots: outputSlots, slots: &slots)
            kinds = items.map { _ in .value }
        } else {
            var produced: [(Expr, Int)] = []
            for (index, item) in items.enumerated() {
                if outputSlots == nil, case .variable(let name) = item.expression.kind, let binding = scope[name] {
                    slots.append(binding.slot)
                    kinds.append(binding.kind)
                    continue
                }
                let slot = outputSlots?[index] ?? newSlot()
                produced.append((try compile(item.expression), slot))
                slots.append(slot)
                if case .variable(let name) = item.expression.kind, let binding = scope[name] {
                    kinds.append(binding.kind)
                } else {
                    kinds.append(staticKind(item.expression))
                }
            }
            if !produced.isEmpty { op = ProduceOperator(input: op, items: produced, text: columns.joined(separator: ", ")) }
        }
        if projection.distinct { op = DistinctOperator(input: op, slots: slots) }
        let oldScope = scope
        var newScope: [String: Binding] = [:]
        for (index, column) in columns.enumerated() { newScope[column] = Binding(slot: slots[index], kind: kinds[index]) }
        // ORDER BY and WITH … WHERE see the projected names, and the old variables unless rows
        // were merged by aggregation or DISTINCT.
        let merged = aggregating || projection.distinct
        let combined = merged ? newScope : oldScope.merging(newScope) { $1 }
        if !projection.orderBy.isEmpty {
            scope = combined
            defer { scope = newScope }
            var keys: [SortKey] = []
            for sort in projection.orderBy {
                if let index = items.firstIndex(where: { $0.expression.sExpression == sort.expression.sExpression }) {
                    if containsStrippedLiteral(sort.expression) { shareable = false }
                    keys.append(SortKey(expression: .slot(slots[index]), descending: sort.descending))
                } else if aggregating && containsAggregate(sort.expression) {
                    keys.append(SortKey(expression: try compileAggregateOrder(sort.expression, items, slots),
                                        descending: sort.descending))
                } else {
                    if containsAggregate(sort.expression) {
                        throw QuiverError(.semanticError, "Aggregation in ORDER BY must also be projected.",
                                          detail: "InvalidAggregation")
                    }
                    keys.append(SortKey(expression: try compile(sort.expression), descending: sort.descending))
                }
            }
            let skip = try projection.skip.map { e throws(QuiverError) in try constantCount(e, "SKIP") }
            let limit = try projection.limit.map { e throws(QuiverError) in try constantCount(e, "LIMIT") }
            let topK: Expr? = limit.map { limit in skip.map { .binary(.add, $0, limit) } ?? limit }
            let carried = merged ? slots : slots + combined.values.map(\.slot)
            op = OrderByOperator(input: op, keys: keys, carried: Array(Set(carried)).sorted(), limit: topK)
        }
        scope = newScope
        if let skip = projection.skip {
            op = SkipLimitOperator(input: op, count: try constantCount(skip, "SKIP"), isLimit: false)
        }
        if let limit = projection.limit {
            // After writes, rows past the limit still run their writes (Cypher's side effects).
            op = SkipLimitOperator(input: op, count: try constantCount(limit, "LIMIT"), isLimit: true,
                                   drainsInput: containsWrites)
        }
        if let condition {
            scope = combined
            defer { scope = newScope }
            op = FilterOperator(input: op, predicate: try compilePredicate(condition, clause: "WHERE"))
        }
        return PlannedProjection(op: op, columns: columns, slots: slots)
    }

    /// The items with `*` expanded; WITH items need aliases unless they are variables.
    private func expandedItems(_ projection: Projection, isReturn: Bool) throws(QuiverError) -> [ProjectionItem] {
        var items: [ProjectionItem] = []
        if projection.includesExisting {
            let visible = scope.keys.filter { !$0.hasPrefix("  ") }.sorted()
            if visible.isEmpty && projection.items.isEmpty && isReturn {
                throw QuiverError(.semanticError, "\(isReturn ? "RETURN" : "WITH") * is not allowed when there are no variables in scope.",
                                  detail: "NoVariablesInScope")
            }
            for name in visible {
                let position = SourcePosition.start
                let range = SourceRange(start: 0, end: 0)
                items.append(ProjectionItem(expression: Expression(.variable(name), at: position), alias: nil,
                                            text: name, range: range))
            }
        }
        for item in projection.items {
            if !isReturn, item.alias == nil {
                guard case .variable = item.expression.kind else {
                    throw QuiverError(.semanticError, "Expression in WITH must be aliased (use AS).",
                                      detail: "NoExpressionAlias")
                }
            }
            items.append(item)
        }
        return items
    }

    private func planAggregation(_ input: PlanOperator, _ items: [ProjectionItem], outputSlots: [Int]?,
                                 slots: inout [Int]) throws(QuiverError) -> PlanOperator {
        let collector = AggregationCollector()
        var keys: [(Expr, Int)] = []
        var keySlotOfItem: [Int: Int] = [:]
        for (index, item) in items.enumerated() where !containsAggregate(item.expression) {
            let slot = outputSlots?[index] ?? newSlot()
            keys.append((try compile(item.expression), slot))
            collector.keys[item.expression.sExpression] = slot
            keySlotOfItem[index] = slot
        }
        var finals: [(Expr, Int)] = []
        var aggregateSlots: [Int: Int] = [:]
        for (index, item) in items.enumerated() where keySlotOfItem[index] == nil {
            let expression = try compile(item.expression, aggregation: collector)
            if case .slot(let slot) = expression, outputSlots == nil {
                aggregateSlots[index] = slot
            } else {
                let slot = outputSlots?[index] ?? newSlot()
                finals.append((expression, slot))
                aggregateSlots[index] = slot
            }
        }
        slots = items.indices.map { keySlotOfItem[$0] ?? aggregateSlots[$0]! }
        var op: PlanOperator = AggregateOperator(input: input, keys: keys, aggregates: collector.items)
        if !finals.isEmpty { op = ProduceOperator(input: op, items: finals) }
        return op
    }

    /// An ORDER BY item holding aggregates: each aggregate must be one the projection computes,
    /// and around them only projected variables and property accesses may appear.
    private func compileAggregateOrder(_ expression: Expression, _ items: [ProjectionItem],
                                       _ slots: [Int]) throws(QuiverError) -> Expr {
        let collector = AggregationCollector()
        for (index, item) in items.enumerated() {
            collector.keys[item.expression.sExpression] = slots[index]
            collector.keys[Expression(.variable(item.columnName), at: .start).sExpression] = slots[index]
        }
        let compiled = try compile(expression, aggregation: collector)
        if !collector.items.isEmpty {
            throw QuiverError(.semanticError, "ORDER BY may only use aggregates the projection computes.",
                              detail: "UndefinedVariable")
        }
        return compiled
    }

    /// What an expression is known to produce, for type conflicts with patterns.
    func staticKind(_ expression: Expression) -> VariableKind {
        switch expression.kind {
        case .boolean, .integer, .float, .string:
            return .primitive
        case .list(let elements) where elements.allSatisfy(\.isLiteral):
            return .primitive
        case .map, .binary, .unary, .comparisonChain, .and, .or, .xor, .isNull,
             .countStar:
            return .scalar
        default:
            return .value
        }
    }

    /// SKIP / LIMIT values: constant expressions (literals and parameters), checked when literal.
    private func constantCount(_ expression: Expression, _ keyword: String) throws(QuiverError) -> Expr {
        let (referenced, subquery) = referencedVariables(expression)
        if !referenced.isEmpty || subquery {
            throw QuiverError(.semanticError, "\(keyword) must be a constant expression.", detail: "NonConstantExpression")
        }
        switch expression.kind {
        case .integer(let value) where value < 0:
            throw QuiverError(.semanticError, "\(keyword) must be a non-negative integer.", detail: "NegativeIntegerArgument")
        case .unary(.minus, let operand):
            if case .integer(let value) = operand.kind, value > 0 {
                throw QuiverError(.semanticError, "\(keyword) must be a non-negative integer.", detail: "NegativeIntegerArgument")
            }
            return try compile(expression)
        case .float:
            throw QuiverError(.semanticError, "\(keyword) must be an integer.", detail: "InvalidArgumentType")
        default:
            return try compile(expression)
        }
    }
}
