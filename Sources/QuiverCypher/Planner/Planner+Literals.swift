// Planner, stripped literals: the literals the plan cache took out of the query text compile
// to `Expr.literal` reads, and the planner notes every decision that depends on their values
// (an expression matched to another by its printed form, a column named by text quoting a
// literal outside the final RETURN) so such a plan is not shared. Builds the PlanShape.

import QuiverCore

extension QueryPlanner {
    /// The read of a stripped literal, for a literal expression the cache stripped.
    func strippedLiteral(_ expression: Expression) -> Expr? {
        if strippedOffsets.isEmpty { return nil }
        return strippedOffsets[expression.position.offset].map(Expr.literal)
    }

    /// Whether `expression` quotes a stripped literal (subqueries are assumed to).
    func containsStrippedLiteral(_ expression: Expression) -> Bool {
        if strippedOffsets.isEmpty { return false }
        var found = false
        visit(expression) { node in
            switch node.kind {
            case .integer, .float, .string:
                if strippedOffsets[node.position.offset] != nil { found = true }
            case .exists, .countSubquery, .patternPredicate, .patternComprehension:
                found = true
            default:
                break
            }
        }
        return found
    }

    /// The value of a literal expression (what static checks may look at), nil otherwise.
    func literalValue(_ expression: Expression) -> Value? {
        switch expression.kind {
        case .null: return .null
        case .boolean(let flag): return .bool(flag)
        case .integer(let number): return .int(number)
        case .float(let number): return .float(number)
        case .string(let text): return .string(text)
        default: return nil
        }
    }

    /// Records RETURN columns whose names quote stripped literals.
    func noteLiteralColumns(_ items: [ProjectionItem]) {
        if strippedOffsets.isEmpty { return }
        for item in items where item.alias == nil && !literalsInside(item.range).isEmpty {
            literalColumnNames.insert(item.columnName)
            literalColumnCount += 1
        }
    }

    /// Indexes of the stripped literals within `range`.
    private func literalsInside(_ range: SourceRange) -> [Int] {
        stripped.indices.filter { range.contains(stripped[$0].position.offset) }
    }

    /// The plan's shape, when it may serve other literals: nothing depended on their values
    /// and columns quoting them are the final RETURN's (rebuilt per text).
    func shape(of query: Query, columns: [String]) -> PlanShape? {
        guard !stripped.isEmpty, shareable else { return nil }
        var templates: [PlanShape.ColumnTemplate] = []
        if literalColumnCount > 0 {
            guard query.unions.isEmpty, let last = query.first.clauses.last,
                  case .return(let projection) = last.kind else { return nil }
            let first = columns.count - projection.items.count
            for (offset, item) in projection.items.enumerated() where item.alias == nil {
                let inside = literalsInside(item.range)
                if inside.isEmpty { continue }
                templates.append(PlanShape.ColumnTemplate(column: first + offset, parts: parts(of: item, inside)))
            }
            guard templates.count == literalColumnCount else { return nil }
        }
        return PlanShape(columnTemplates: templates)
    }

    /// An item's text split around the literals it quotes.
    private func parts(of item: ProjectionItem, _ inside: [Int]) -> [PlanShape.Part] {
        let text = Array(item.text.utf8)
        var parts: [PlanShape.Part] = []
        var copied = 0
        for index in inside {
            let start = Int(stripped[index].position.offset - item.range.start)
            let end = Int(stripped[index].end - item.range.start)
            if start > copied { parts.append(.text(String(decoding: text[copied..<start], as: UTF8.self))) }
            parts.append(.literal(index))
            copied = end
        }
        if copied < text.count { parts.append(.text(String(decoding: text[copied...], as: UTF8.self))) }
        return parts
    }
}
