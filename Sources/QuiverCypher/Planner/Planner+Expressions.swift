// Planner, expressions: compiles syntax-tree expressions into Exprs against the current scope.
// Variables become slots, names become interned ids, functions are looked up and their arity
// checked, comprehension variables get private slots, and pattern predicates and EXISTS/COUNT
// subqueries become sub-plans. Inside a projection with aggregation an AggregationCollector
// turns aggregate calls into slots the Aggregate operator fills.

import QuiverCore

/// Collects the aggregate calls of a projection and knows its grouping keys.
final class AggregationCollector {
    var items: [AggregateItem] = []
    /// Grouping-key expressions (by their printed form) and the slots that hold them.
    var keys: [String: Int] = [:]
    /// Slots of aggregate calls already seen (by printed form), so `count(*)` twice is one.
    var seen: [String: Int] = [:]
}

extension QueryPlanner {
    static let aggregateNames: Set<String> = ["count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp",
                                              "percentilecont", "percentiledisc"]

    func compilePredicate(_ expression: Expression, clause: String) throws(QuiverError) -> Expr {
        if containsAggregate(expression) {
            throw QuiverError(.semanticError, "Aggregation functions are not allowed in \(clause).",
                              detail: "InvalidAggregation")
        }
        return try compile(expression)
    }

    func compile(_ expression: Expression, aggregation: AggregationCollector? = nil,
                 locals: Set<String> = []) throws(QuiverError) -> Expr {
        // Around aggregates only grouping keys that are variables or property accesses may appear.
        if let aggregation, expression.isSimpleKey, let slot = aggregation.keys[expression.sExpression] { return .slot(slot) }
        let recurse = { (e: Expression) throws(QuiverError) -> Expr in
            try self.compile(e, aggregation: aggregation, locals: locals)
        }
        switch expression.kind {
        case .null: return .constant(.null)
        case .boolean(let flag): return .constant(.bool(flag))
        case .integer(let number): return strippedLiteral(expression) ?? .constant(.int(number))
        case .float(let number): return strippedLiteral(expression) ?? .constant(.float(number))
        case .string(let text): return strippedLiteral(expression) ?? .constant(.string(text))
        case .parameter(let name):
            parameterNames.insert(name)
            return .parameter(name)
        case .variable(let name):
            let binding = try lookup(Name(name, at: expression.position))
            if aggregation != nil && !locals.contains(name) {
                throw QuiverError(.semanticError,
                                  "Expression mixes an aggregation with the variable \(name), which is not a grouping key.",
                                  detail: "AmbiguousAggregationExpression")
            }
            return .slot(binding.slot)
        case .list(let elements):
            var compiled: [Expr] = []
            for element in elements { compiled.append(try recurse(element)) }
            return .list(compiled)
        case .map(let entries):
            var compiled: [(String, Expr)] = []
            for entry in entries { compiled.append((entry.key.text, try recurse(entry.value))) }
            return .map(compiled)
        case .enumValue(let type, let value):
            throw QuiverError(.notSupported, "Enum value \(type)::\(value) is not supported yet.")
        case .property(let base, let key):
            if case .variable(let name) = base.kind, scope[name]?.kind == .primitive, !locals.contains(name) {
                throw QuiverError(.typeError, "Invalid property access: \(name) holds a value without properties.",
                                  detail: "InvalidArgumentType")
            }
            let compiledBase = try recurse(base), compiledKey = propertyKey(key.text)
            if case .variable(let name) = base.kind, !locals.contains(name), let csv = scope[name]?.csv,
               case .slot(let slot) = compiledBase {
                return .csvField(csvFieldAccess(csv, rowSlot: slot, key: compiledKey))
            }
            return .property(compiledBase, compiledKey)
        case .index(let base, let index):
            return .index(try recurse(base), try recurse(index))
        case .slice(let base, let from, let to):
            return .slice(try recurse(base), from: try from.map(recurse), to: try to.map(recurse))
        case .hasLabels(let base, let labels):
            return .hasLabels(try recurse(base), try labelTerms(labels))
        case .and(let operands):
            try checkBooleanOperands(operands, "AND")
            return .and(try operands.map(recurse))
        case .or(let operands):
            try checkBooleanOperands(operands, "OR")
            return .or(try operands.map(recurse))
        case .xor(let operands):
            try checkBooleanOperands(operands, "XOR")
            return .xor(try operands.map(recurse))
        case .unary(let op, let operand):
            switch op {
            case .not:
                try checkBooleanOperands([operand], "NOT")
                return .not(try recurse(operand))
            case .minus: return .negate(try recurse(operand))
            case .plus: return .binary(.add, .constant(.int(0)), try recurse(operand))
            }
        case .binary(let op, let lhs, let rhs):
            return .binary(op, try recurse(lhs), try recurse(rhs))
        case .comparisonChain(let operands, let operators):
            return .comparisonChain(try operands.map(recurse), operators)
        case .isNull(let operand, let negated):
            return .isNull(try recurse(operand), negated: negated)
        case .caseExpression(let body):
            var alternatives: [(Expr, Expr)] = []
            for alternative in body.alternatives {
                alternatives.append((try recurse(alternative.when), try recurse(alternative.then)))
            }
            return .caseWhen(test: try body.test.map(recurse), alternatives: alternatives,
                             otherwise: try body.elseExpression.map(recurse))
        case .functionCall(let call):
            return try compileCall(call, expression, aggregation: aggregation, locals: locals)
        case .countStar:
            return try aggregateSlot(expression, kind: .countStar, distinct: false, argument: nil, parameter: nil,
                                     aggregation: aggregation)
        default:
            return try compileScoped(expression, aggregation: aggregation, locals: locals)
        }
    }

    func propertyKey(_ name: String) -> PropertyKey { PropertyKey(name: name, id: names.property(name)) }

    func labelTerms(_ labels: LabelExpression) throws(QuiverError) -> [[LabelTerm]] {
        var terms: [[LabelTerm]] = []
        for term in labels.terms {
            var alternatives: [LabelTerm] = []
            for reference in term { alternatives.append(try labelTerm(reference)) }
            terms.append(alternatives)
        }
        return terms
    }

    func labelTerm(_ reference: LabelRef) throws(QuiverError) -> LabelTerm {
        switch reference {
        case .name(let name): return .label(names.label(name.text))
        case .parameter(let name):
            parameterNames.insert(name.text)
            return .dynamic(.parameter(name.text))
        case .expression(let expression): return .dynamic(try compile(expression))
        }
    }

    /// Comprehensions, quantifiers, reduce, map projections, subqueries and pattern predicates:
    /// the expressions that bind variables of their own.
    private func compileScoped(_ expression: Expression, aggregation: AggregationCollector?,
                               locals: Set<String>) throws(QuiverError) -> Expr {
        switch expression.kind {
        case .listComprehension(let body):
            let list = try compile(body.list, aggregation: aggregation, locals: locals)
            return try withLocal(body.variable, locals) { slot, inner throws(QuiverError) in
                .listComprehension(slot: slot, list: list,
                                   predicate: try body.predicate.map { e throws(QuiverError) in try compile(e, aggregation: aggregation, locals: inner) },
                                   projection: try body.projection.map { e throws(QuiverError) in try compile(e, aggregation: aggregation, locals: inner) })
            }
        case .quantifier(let body):
            try checkQuantifierTypes(body)
            let list = try compile(body.list, aggregation: aggregation, locals: locals)
            return try withLocal(body.variable, locals) { slot, inner throws(QuiverError) in
                .quantifier(body.kind, slot: slot, list: list,
                            predicate: try body.predicate.map { e throws(QuiverError) in try compile(e, aggregation: aggregation, locals: inner) } ?? .constant(.bool(true)))
            }
        case .reduce(let body):
            let initial = try compile(body.initial, aggregation: aggregation, locals: locals)
            let list = try compile(body.list, aggregation: aggregation, locals: locals)
            return try withLocal(body.accumulator, locals) { accumulator, withAccumulator throws(QuiverError) in
                try withLocal(body.variable, withAccumulator) { slot, inner throws(QuiverError) in
                    .reduce(accumulator: accumulator, initial: initial, slot: slot, list: list,
                            expression: try compile(body.expression, aggregation: aggregation, locals: inner))
                }
            }
        case .mapProjection(let body):
            let base = try compile(Expression(.variable(body.variable.text), at: body.variable.position),
                                   aggregation: aggregation, locals: locals)
            var items: [MapProjectionEntry] = []
            for item in body.items {
                switch item {
                case .property(let name): items.append(.property(propertyKey(name.text)))
                case .allProperties: items.append(.allProperties)
                case .variable(let name):
                    items.append(.entry(name.text, try compile(Expression(.variable(name.text), at: name.position),
                                                               aggregation: aggregation, locals: locals)))
                case .entry(let entry):
                    items.append(.entry(entry.key.text, try compile(entry.value, aggregation: aggregation, locals: locals)))
                }
            }
            return .mapProjection(base: base, items: items)
        case .exists(let body):
            return .subquery(SubqueryExpr(kind: .exists, plan: try planSubqueryBody(body)))
        case .countSubquery(let body):
            return .subquery(SubqueryExpr(kind: .count, plan: try planSubqueryBody(body)))
        case .patternPredicate(let element):
            let pattern = Pattern(parts: [PatternPart(variable: nil, element: element, position: element.position)])
            return .subquery(SubqueryExpr(kind: .exists, plan: try planSubqueryBody(.pattern(pattern, where: nil))))
        case .patternComprehension(let body):
            return try planPatternComprehension(body, locals: locals)
        default:
            preconditionFailure("compile handles every other expression")
        }
    }

    /// Runs `body` with `name` bound to a fresh slot (shadowing any outer variable).
    private func withLocal(_ name: Name, _ locals: Set<String>,
                           _ body: (Int, Set<String>) throws(QuiverError) -> Expr) throws(QuiverError) -> Expr {
        let saved = scope[name.text]
        let slot = newSlot()
        scope[name.text] = Binding(slot: slot, kind: .value)
        defer { scope[name.text] = saved }
        return try body(slot, locals.union([name.text]))
    }

    /// A sub-plan for EXISTS / COUNT / pattern predicates; its variables stay private.
    func planSubqueryBody(_ body: SubqueryBody) throws(QuiverError) -> PlanOperator {
        let saved = scope, savedPending = pendingWrites
        defer {
            scope = saved
            pendingWrites = savedPending
        }
        pendingWrites = false
        switch body {
        case .pattern(let pattern, let condition):
            return try planMatch(OnceOperator(), pattern, condition)
        case .query(let query):
            guard query.unions.isEmpty else {
                throw QuiverError(.notSupported, "UNION inside a subquery expression is not supported yet.")
            }
            return try planSingle(query.first, outputSlots: nil).0
        }
    }

    private func planPatternComprehension(_ body: PatternComprehension, locals: Set<String>) throws(QuiverError) -> Expr {
        let saved = scope
        defer { scope = saved }
        let part = PatternPart(variable: body.pathVariable, element: body.pattern, position: body.pattern.position)
        let plan = try planMatch(OnceOperator(), Pattern(parts: [part]), body.predicate)
        var inner = locals
        for name in scope.keys where saved[name] == nil { inner.insert(name) }
        let projection = try compile(body.projection, locals: inner)
        return .subquery(SubqueryExpr(kind: .collect(projection), plan: plan))
    }

    private func compileCall(_ call: FunctionCall, _ expression: Expression, aggregation: AggregationCollector?,
                             locals: Set<String>) throws(QuiverError) -> Expr {
        let lowered = call.qualifiedName.lowercased()
        if Self.aggregateNames.contains(lowered) {
            guard let kind = Aggregator.kind(named: lowered) else { preconditionFailure("aggregate names match kinds") }
            let expected = lowered.hasPrefix("percentile") ? 2 : 1
            guard call.arguments.count == expected else {
                throw QuiverError(.semanticError, "Function '\(call.name)' expects \(expected) argument(s).",
                                  detail: "InvalidNumberOfArguments")
            }
            for argument in call.arguments where containsAggregate(argument) {
                throw QuiverError(.semanticError, "Can't use aggregation functions inside of aggregation functions.",
                                  detail: "NestedAggregation")
            }
            let argument = try compile(call.arguments[0], locals: locals)
            let parameter = call.arguments.count > 1 ? try compile(call.arguments[1], locals: locals) : nil
            return try aggregateSlot(expression, kind: kind, distinct: call.distinct, argument: argument,
                                     parameter: parameter, aggregation: aggregation)
        }
        var arguments: [Expr] = []
        for argument in call.arguments { arguments.append(try compile(argument, aggregation: aggregation, locals: locals)) }
        if lowered == "exists", arguments.count == 1 {
            guard case .property = call.arguments[0].kind else {
                throw QuiverError(.semanticError, "Argument to exists() must be a property or a pattern.",
                                  detail: "InvalidArgumentType")
            }
            return .isNull(arguments[0], negated: true)
        }
        guard let function = FunctionLibrary.lookup(call.qualifiedName) else {
            throw QuiverError(.semanticError, "Function '\(call.qualifiedName)' doesn't exist.", detail: "UnknownFunction")
        }
        guard (function.minArguments...function.maxArguments).contains(arguments.count) else {
            throw QuiverError(.semanticError, "Function '\(function.name)' called with a wrong number of arguments.",
                              detail: "InvalidNumberOfArguments")
        }
        if call.distinct {
            throw QuiverError(.semanticError, "DISTINCT can only be used with aggregation functions.",
                              detail: "InvalidAggregation")
        }
        if function.name == "toInteger", arguments.count == 1, case .csvField(var access) = arguments[0], !access.integer {
            access.integer = true
            return .csvField(access)
        }
        return .function(function, arguments)
    }

    /// `row.name` on a LOAD CSV row: the name gets its ordinal among that LOAD CSV's fields.
    func csvFieldAccess(_ csv: CSVBinding, rowSlot: Int, key: PropertyKey) -> CSVFieldAccess {
        let load = csvLoads[csv.load]
        let ordinal = load.fieldNames.firstIndex(of: key.name) ?? load.fieldNames.count
        if ordinal == load.fieldNames.count { load.fieldNames.append(key.name) }
        return CSVFieldAccess(load: csv.load, ordinal: ordinal, rowSlot: rowSlot, sequenceSlot: csv.sequenceSlot,
                              key: key, integer: false)
    }

    private func aggregateSlot(_ expression: Expression, kind: Aggregator.Kind, distinct: Bool, argument: Expr?,
                               parameter: Expr?, aggregation: AggregationCollector?) throws(QuiverError) -> Expr {
        guard let aggregation else {
            throw QuiverError(.semanticError, "Aggregation functions are only allowed in WITH and RETURN.",
                              detail: "InvalidAggregation")
        }
        let key = expression.sExpression
        if let slot = aggregation.seen[key] {
            if containsStrippedLiteral(expression) { shareable = false }
            return .slot(slot)
        }
        let slot = newSlot()
        aggregation.seen[key] = slot
        aggregation.items.append(AggregateItem(kind: kind, distinct: distinct, argument: argument, parameter: parameter,
                                               slot: slot))
        return .slot(slot)
    }

    /// Whether an aggregate call occurs in `expression` (outside nested subqueries).
    func containsAggregate(_ expression: Expression) -> Bool {
        var found = false
        visit(expression) { node in
            switch node.kind {
            case .countStar: found = true
            case .functionCall(let call) where Self.aggregateNames.contains(call.qualifiedName.lowercased()): found = true
            default: break
            }
        }
        return found
    }

    /// Calls `body` on `expression` and every expression nested in it (not into subqueries).
    func visit(_ expression: Expression, _ body: (Expression) -> Void) {
        body(expression)
        for child in expression.children { visit(child, body) }
    }
}

extension Expression {
    /// A variable or a property of one: what may stand beside an aggregate in one expression.
    var isSimpleKey: Bool {
        switch kind {
        case .variable: return true
        case .property(let base, _): if case .variable = base.kind { return true } else { return false }
        default: return false
        }
    }

    /// Direct sub-expressions (subquery bodies and patterns excluded).
    var children: [Expression] {
        switch kind {
        case .null, .boolean, .integer, .float, .string, .parameter, .variable, .countStar, .enumValue,
             .exists, .countSubquery, .patternPredicate, .patternComprehension:
            return []
        case .list(let elements): return elements
        case .map(let entries): return entries.map(\.value)
        case .property(let base, _): return [base]
        case .index(let base, let index): return [base, index]
        case .slice(let base, let from, let to): return [base] + [from, to].compactMap { $0 }
        case .hasLabels(let base, _): return [base]
        case .and(let operands), .or(let operands), .xor(let operands): return operands
        case .unary(_, let operand): return [operand]
        case .binary(_, let lhs, let rhs): return [lhs, rhs]
        case .comparisonChain(let operands, _): return operands
        case .isNull(let operand, _): return [operand]
        case .caseExpression(let body):
            return [body.test].compactMap { $0 } + body.alternatives.flatMap { [$0.when, $0.then] }
                + [body.elseExpression].compactMap { $0 }
        case .functionCall(let call): return call.arguments
        case .listComprehension(let body): return [body.list] + [body.predicate, body.projection].compactMap { $0 }
        case .mapProjection(let body):
            return body.items.compactMap { if case .entry(let entry) = $0 { return entry.value } else { return nil } }
        case .reduce(let body): return [body.initial, body.list, body.expression]
        case .quantifier(let body): return [body.list] + [body.predicate].compactMap { $0 }
        }
    }
}
