// Evaluator: computes an Expr against the frame of an ExecutionContext with openCypher's
// three-valued logic. Property reads use the transaction's newest view (a query sees its own
// writes); a deleted entity's properties are an error. Scalar paths (slots, constants,
// properties of ints, comparisons) allocate nothing.

import QuiverCore
import QuiverStorage

extension ExecutionContext {
    public func evaluate(_ expression: Expr) throws(QuiverError) -> Value {
        switch expression {
        case .constant(let value):
            return value
        case .slot(let slot):
            return frame[slot]
        case .literal(let index):
            return literals[index]
        case .parameter(let name):
            guard let value = parameters[name] else {
                throw QuiverError(.semanticError, "Parameter $\(name) not provided.", detail: "MissingParameter")
            }
            return value
        case .property(let base, let key):
            return try property(of: try evaluate(base), key)
        case .csvField(let access):
            return try csvField(access)
        case .index(let base, let index):
            return try subscriptValue(try evaluate(base), try evaluate(index))
        case .slice(let base, let from, let to):
            return try slice(try evaluate(base), from.map { e throws(QuiverError) in try evaluate(e) },
                             to.map { e throws(QuiverError) in try evaluate(e) })
        case .hasLabels(let base, let terms):
            return try hasLabels(try evaluate(base), terms)
        case .and(let operands):
            return try and(operands)
        case .or(let operands):
            return try or(operands)
        case .xor(let operands):
            var result: Bool? = false
            for operand in operands {
                let value = try truth(try evaluate(operand), "XOR")
                if let a = result, let b = value { result = a != b } else { result = nil }
            }
            return result.map(Value.bool) ?? .null
        case .not(let operand):
            return try truth(try evaluate(operand), "NOT").map { .bool(!$0) } ?? .null
        case .negate(let operand):
            return try ValueOperators.negate(try evaluate(operand))
        case .binary(let op, let lhs, let rhs):
            return try binary(op, try evaluate(lhs), try evaluate(rhs))
        case .comparisonChain(let operands, let operators):
            return try comparisonChain(operands, operators)
        case .isNull(let operand, let negated):
            return .bool(try evaluate(operand).isNull != negated)
        case .list(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element)) }
            return .list(values)
        case .map(let entries):
            var map: [String: Value] = [:]
            map.reserveCapacity(entries.count)
            for (key, value) in entries { map[key] = try evaluate(value) }
            return .map(map)
        case .caseWhen(let test, let alternatives, let otherwise):
            return try caseWhen(test, alternatives, otherwise)
        case .function(let function, let arguments):
            if let unary = function.unary, arguments.count == 1 {
                let argument = try evaluate(arguments[0])
                if case .null = argument { return .null }
                return try unary(argument)
            }
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try evaluate(argument)) }
            return try function.body(values, functions)
        default:
            return try evaluateScoped(expression)
        }
    }

    /// Comprehensions, quantifiers, reduce, map projections, subqueries and paths.
    private func evaluateScoped(_ expression: Expr) throws(QuiverError) -> Value {
        switch expression {
        case .listComprehension(let slot, let list, let predicate, let projection):
            var result: [Value] = []
            for element in try listOperand(try evaluate(list), "list comprehension") ?? [] {
                frame[slot] = element
                if let predicate, try truth(try evaluate(predicate), "WHERE") != true { continue }
                result.append(try projection.map { e throws(QuiverError) in try evaluate(e) } ?? element)
            }
            return .list(result)
        case .quantifier(let kind, let slot, let list, let predicate):
            guard let elements = try listOperand(try evaluate(list), kind.rawValue) else { return .null }
            return try quantify(kind, slot, elements, predicate)
        case .reduce(let accumulator, let initial, let slot, let list, let body):
            var value = try evaluate(initial)
            guard let elements = try listOperand(try evaluate(list), "reduce") else { return .null }
            for element in elements {
                frame[accumulator] = value
                frame[slot] = element
                value = try evaluate(body)
            }
            return value
        case .mapProjection(let base, let items):
            return try mapProjection(try evaluate(base), items)
        case .subquery(let subquery):
            return try runSubquery(subquery)
        case .path(let pieces):
            return try buildPath(pieces)
        default:
            preconditionFailure("evaluate handles every other expression")
        }
    }

    /// A boolean operand: nil for null; anything else is a type error.
    func truth(_ value: Value, _ operatorName: String) throws(QuiverError) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .null: return nil
        default:
            throw ExecutionErrors.type("Invalid types: \(value.typeName) for '\(operatorName)'.")
        }
    }

    /// Whether a predicate holds (null and false do not).
    @inline(__always)
    public func holds(_ expression: Expr) throws(QuiverError) -> Bool {
        try truth(try evaluate(expression), "WHERE") == true
    }

    private func and(_ operands: [Expr]) throws(QuiverError) -> Value {
        var unknown = false
        for operand in operands {
            switch try truth(try evaluate(operand), "AND") {
            case false?: return .bool(false)
            case nil: unknown = true
            case true?: break
            }
        }
        return unknown ? .null : .bool(true)
    }

    private func or(_ operands: [Expr]) throws(QuiverError) -> Value {
        var unknown = false
        for operand in operands {
            switch try truth(try evaluate(operand), "OR") {
            case true?: return .bool(true)
            case nil: unknown = true
            case false?: break
            }
        }
        return unknown ? .null : .bool(false)
    }

    private func caseWhen(_ test: Expr?, _ alternatives: [(Expr, Expr)], _ otherwise: Expr?) throws(QuiverError) -> Value {
        if let test {
            let subject = try evaluate(test)
            for (when, then) in alternatives where Value.cypherEquals(subject, try evaluate(when)) == true {
                return try evaluate(then)
            }
        } else {
            for (when, then) in alternatives where try evaluate(when) == .bool(true) {
                return try evaluate(then)
            }
        }
        return try otherwise.map { e throws(QuiverError) in try evaluate(e) } ?? .null
    }

    private func quantify(_ kind: Quantifier.Kind, _ slot: Int, _ elements: [Value],
                          _ predicate: Expr) throws(QuiverError) -> Value {
        var trueCount = 0, unknown = false
        for element in elements {
            frame[slot] = element
            switch try truth(try evaluate(predicate), kind.rawValue) {
            case true?:
                trueCount += 1
                if kind == .any { return .bool(true) }
                if kind == .none { return .bool(false) }
                if kind == .single, trueCount > 1 { return .bool(false) }
            case false?:
                if kind == .all { return .bool(false) }
            case nil:
                unknown = true
            }
        }
        switch kind {
        case .all, .none: return unknown ? .null : .bool(true)
        case .any: return unknown ? .null : .bool(false)
        case .single: return unknown ? .null : .bool(trueCount == 1)
        }
    }

    func listOperand(_ value: Value, _ what: String) throws(QuiverError) -> [Value]? {
        switch value {
        case .list(let elements): return elements
        case .null: return nil
        default: throw ExecutionErrors.type("\(what) expects a list, got \(value.typeName).")
        }
    }
}
