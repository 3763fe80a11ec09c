// Writing clauses: CREATE, MERGE with ON CREATE / ON MATCH SET, SET (property, nested
// property, `+=`, `= map`, labels incl. dynamic ones), REMOVE, [DETACH] DELETE and FOREACH.

import QuiverCore

extension Parser {
    mutating func parseCreate() throws(QuiverError) -> Pattern {
        try expectKeyword(.create)
        return try parsePattern()
    }

    mutating func parseMerge() throws(QuiverError) -> Merge {
        try expectKeyword(.merge)
        let part = try parsePatternPart()
        var actions: [MergeAction] = []
        while checkKeyword(.on) {
            let position = advance().position
            let onCreate: Bool
            if acceptKeyword(.create) {
                onCreate = true
            } else if acceptKeyword(.match) {
                onCreate = false
            } else {
                throw unexpected("{CREATE, MATCH}")
            }
            try expectKeyword(.set)
            actions.append(MergeAction(onCreate: onCreate, items: try parseSetItems(), position: position))
        }
        return Merge(part: part, actions: actions)
    }

    mutating func parseSet() throws(QuiverError) -> [SetItem] {
        try expectKeyword(.set)
        return try parseSetItems()
    }

    mutating func parseSetItems() throws(QuiverError) -> [SetItem] {
        var items = [try parseSetItem()]
        while accept(.comma) { items.append(try parseSetItem()) }
        return items
    }

    private mutating func parseSetItem() throws(QuiverError) -> SetItem {
        let startToken = current
        let target = try parseExpressionTarget()
        let kind: SetItem.Kind
        switch (current.kind, target.kind) {
        case (.colon, .variable(let name)):
            kind = .addLabels(variable: Name(name, at: target.position), labels: try parseItemLabels())
        case (.equal, .variable(let name)):
            advance()
            kind = .replaceProperties(variable: Name(name, at: target.position), value: try parseExpression())
        case (.plusEqual, .variable(let name)):
            advance()
            kind = .mergeProperties(variable: Name(name, at: target.position), value: try parseExpression())
        case (.equal, .property):
            advance()
            kind = .property(target: target, value: try parseExpression())
        case (.plusEqual, .property):
            advance()
            kind = .appendToProperty(target: target, value: try parseExpression())
        case (.equal, _), (.plusEqual, _), (.colon, _):
            throw error(at: startToken, "mismatched input '\(display(startToken))' expecting a variable or a property")
        default:
            throw unexpected("{'=', '+=', ':'}")
        }
        return SetItem(kind: kind, position: startToken.position)
    }

    mutating func parseRemove() throws(QuiverError) -> [RemoveItem] {
        try expectKeyword(.remove)
        var items = [try parseRemoveItem()]
        while accept(.comma) { items.append(try parseRemoveItem()) }
        return items
    }

    private mutating func parseRemoveItem() throws(QuiverError) -> RemoveItem {
        let startToken = current
        let target = try parseExpressionTarget()
        switch (current.kind, target.kind) {
        case (.colon, .variable(let name)):
            let labels = try parseItemLabels()
            return RemoveItem(kind: .labels(variable: Name(name, at: target.position), labels: labels),
                              position: startToken.position)
        case (_, .property):
            return RemoveItem(kind: .property(target), position: startToken.position)
        default:
            throw error(at: startToken, "mismatched input '\(display(startToken))' expecting a property or a variable with labels")
        }
    }

    /// The left side of a SET or REMOVE item: an atom with property lookups (`n.a.b`,
    /// `(n).a`), stopping before `:` so labels stay with the item.
    private mutating func parseExpressionTarget() throws(QuiverError) -> Expression {
        try parsePostfix(allowLabels: false).expression
    }

    /// `:A:B`, `:$param`, or Memgraph's dynamic `:row.label` after a SET/REMOVE variable.
    private mutating func parseItemLabels() throws(QuiverError) -> [LabelRef] {
        var labels: [LabelRef] = []
        while accept(.colon) {
            if current.isName && peek().kind == .dot {
                labels.append(.expression(try parsePostfix(allowLabels: false).expression))
            } else {
                labels.append(try parseLabelRef())
            }
        }
        return labels
    }

    mutating func parseDelete() throws(QuiverError) -> Delete {
        let detach = acceptKeyword(.detach)
        try expectKeyword(.delete)
        var expressions = [try parseExpression()]
        while accept(.comma) { expressions.append(try parseExpression()) }
        return Delete(detach: detach, expressions: expressions)
    }

    /// `FOREACH (x IN list | updatingClause…)`.
    mutating func parseForeach() throws(QuiverError) -> Foreach {
        try expectKeyword(.foreach)
        try expect(.leftParen)
        try enterNesting(weight: Parser.clauseNestingWeight)
        let variable = try parseName()
        try expectKeyword(.in)
        let list = try parseExpression()
        try expect(.pipe)
        var clauses: [Clause] = []
        while !check(.rightParen) {
            let token = current
            guard let clause = try parseClauseIfPresent() else {
                throw unexpected(clauses.isEmpty ? "{CREATE, DELETE, DETACH, FOREACH, MERGE, REMOVE, SET}" : "')'")
            }
            guard clause.isUpdating else {
                throw error(at: token, "mismatched input '\(display(token))' expecting {CREATE, DELETE, DETACH, FOREACH, MERGE, REMOVE, SET}")
            }
            clauses.append(clause)
        }
        if clauses.isEmpty { throw unexpected("{CREATE, DELETE, DETACH, FOREACH, MERGE, REMOVE, SET}") }
        advance()
        leaveNesting(weight: Parser.clauseNestingWeight)
        return Foreach(variable: variable, list: list, clauses: clauses)
    }
}
