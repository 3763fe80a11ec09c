// Evaluator, access and operators: property and subscript access on nodes, relationships, maps
// and temporal values, list slicing, label tests, binary operators and comparison chains, map
// projections, subqueries and path construction.

import QuiverCore
import QuiverStorage

extension ExecutionContext {
    func property(of base: Value, _ key: PropertyKey) throws(QuiverError) -> Value {
        switch base {
        case .node(let gid):
            guard let value = transaction.property(of: gid, key.id) else { throw ExecutionErrors.deletedEntity() }
            return value
        case .relationship(let edge):
            guard let value = transaction.edgeProperty(edge.gid, key.id) else { throw ExecutionErrors.deletedEntity() }
            return value
        case .map(let entries):
            return entries[key.name] ?? .null
        case .null:
            return .null
        default:
            if let field = try TemporalValues.field(base, key.name) { return field }
            throw ExecutionErrors.type("Invalid property access on a value of type \(base.typeName).")
        }
    }

    /// `base[index]`: list element (negative from the end, out of range → null), map entry or
    /// property by name.
    func subscriptValue(_ base: Value, _ index: Value) throws(QuiverError) -> Value {
        switch (base, index) {
        case (.null, _), (_, .null):
            return .null
        case (.list(let elements), .int(let position)):
            let resolved = position < 0 ? Int64(elements.count) + position : position
            return resolved >= 0 && resolved < Int64(elements.count) ? elements[Int(resolved)] : .null
        case (.list, _):
            throw ExecutionErrors.type("List index must be an integer, got \(index.typeName).")
        case (.map(let entries), .string(let key)):
            return entries[key] ?? .null
        case (.node, .string(let key)), (.relationship, .string(let key)):
            return try property(of: base, PropertyKey(name: key, id: names.property(key)))
        case (.map, _), (.node, _), (.relationship, _):
            throw ExecutionErrors.type("Map key must be a string, got \(index.typeName).",
                                       detail: "MapElementAccessByNonString")
        default:
            throw ExecutionErrors.type("Invalid subscript on a value of type \(base.typeName).")
        }
    }

    func slice(_ base: Value, _ from: Value?, _ to: Value?) throws(QuiverError) -> Value {
        if base.isNull || from?.isNull == true || to?.isNull == true { return .null }
        guard case .list(let elements) = base else {
            throw ExecutionErrors.type("Slicing expects a list, got \(base.typeName).")
        }
        let count = Int64(elements.count)
        func bound(_ value: Value?, _ fallback: Int64) throws(QuiverError) -> Int64 {
            guard let value else { return fallback }
            guard case .int(let raw) = value else {
                throw ExecutionErrors.type("List slice bounds must be integers, got \(value.typeName).")
            }
            let resolved = raw < 0 ? count + raw : raw
            return min(max(resolved, 0), count)
        }
        let lower = try bound(from, 0), upper = try bound(to, count)
        return lower < upper ? .list(Array(elements[Int(lower)..<Int(upper)])) : .list([])
    }

    func hasLabels(_ base: Value, _ terms: [[LabelTerm]]) throws(QuiverError) -> Value {
        guard case .node(let gid) = base else {
            if base.isNull { return .null }
            throw ExecutionErrors.type("Label test expects a node, got \(base.typeName).")
        }
        guard transaction.vertexExists(gid) else { throw ExecutionErrors.deletedEntity() }
        for term in terms {
            var any = false
            for alternative in term {
                for label in try resolveLabels(alternative) where transaction.hasLabel(gid, label) {
                    any = true
                    break
                }
                if any { break }
            }
            if !any { return .bool(false) }
        }
        return .bool(true)
    }

    /// The labels a term names (dynamic terms evaluate to a string or a list of strings).
    func resolveLabels(_ term: LabelTerm) throws(QuiverError) -> [LabelID] {
        switch term {
        case .label(let label):
            return [label]
        case .dynamic(let expression):
            switch try evaluate(expression) {
            case .string(let name):
                return [names.label(name)]
            case .list(let elements):
                var labels: [LabelID] = []
                for element in elements {
                    guard case .string(let name) = element else {
                        throw ExecutionErrors.type("Labels must be strings, got \(element.typeName).")
                    }
                    labels.append(names.label(name))
                }
                return labels
            case let other:
                throw ExecutionErrors.type("Labels must be strings, got \(other.typeName).")
            }
        }
    }

    func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        switch op {
        case .add: return try ValueOperators.add(lhs, rhs)
        case .subtract: return try ValueOperators.subtract(lhs, rhs)
        case .multiply: return try ValueOperators.multiply(lhs, rhs)
        case .divide: return try ValueOperators.divide(lhs, rhs)
        case .modulo: return try ValueOperators.modulo(lhs, rhs)
        case .power: return try ValueOperators.power(lhs, rhs)
        case .equal: return Value.cypherEquals(lhs, rhs).map(Value.bool) ?? .null
        case .notEqual: return Value.cypherEquals(lhs, rhs).map { .bool(!$0) } ?? .null
        case .less: return compare(lhs, rhs) { $0.isLessThan }
        case .lessEqual: return compare(lhs, rhs) { $0.isLessThanOrEqual }
        case .greater: return compare(lhs, rhs) { $0.isGreaterThan }
        case .greaterEqual: return compare(lhs, rhs) { $0.isGreaterThanOrEqual }
        case .in: return try membership(lhs, rhs)
        case .startsWith, .endsWith, .contains: return stringPredicate(op, lhs, rhs)
        case .regexMatch: return try regexMatch(lhs, rhs)
        }
    }

    @inline(__always)
    private func compare(_ lhs: Value, _ rhs: Value, _ test: (ValueComparison) -> Bool) -> Value {
        guard let comparison = Value.cypherCompare(lhs, rhs) else { return .null }
        return .bool(test(comparison))
    }

    private func membership(_ element: Value, _ list: Value) throws(QuiverError) -> Value {
        guard case .list(let elements) = list else {
            if list.isNull { return .null }
            throw ExecutionErrors.type("IN expects a list, got \(list.typeName).")
        }
        var unknown = false
        for candidate in elements {
            switch Value.cypherEquals(element, candidate) {
            case true?: return .bool(true)
            case nil: unknown = true
            case false?: break
            }
        }
        return unknown ? .null : .bool(false)
    }

    /// STARTS WITH / ENDS WITH / CONTAINS. UTF-8 encodes whole code points without any one
    /// being a prefix of another, so matching bytes is matching code points — no copy per row.
    private func stringPredicate(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) -> Value {
        guard case .string(let text) = lhs, case .string(let part) = rhs else { return .null }
        let haystack = text.utf8, needle = part.utf8
        switch op {
        case .startsWith: return .bool(haystack.starts(with: needle))
        case .endsWith: return .bool(haystack.reversed().starts(with: needle.reversed()))
        default:
            if needle.isEmpty { return .bool(true) }
            var start = haystack.startIndex
            while haystack.distance(from: start, to: haystack.endIndex) >= needle.count {
                if haystack[start...].starts(with: needle) { return .bool(true) }
                start = haystack.index(after: start)
            }
            return .bool(false)
        }
    }

    private func regexMatch(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        guard case .string(let text) = lhs, case .string(let pattern) = rhs else { return .null }
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            throw QuiverError(.invalidArgument, "Regex error: invalid pattern '\(pattern)'.", detail: "InvalidArgumentValue")
        }
        return .bool(text.wholeMatch(of: regex) != nil)
    }

    func comparisonChain(_ operands: [Expr], _ operators: [BinaryOperator]) throws(QuiverError) -> Value {
        var unknown = false
        var left = try evaluate(operands[0])
        for index in operators.indices {
            let right = try evaluate(operands[index + 1])
            switch try binary(operators[index], left, right) {
            case .bool(false): return .bool(false)
            case .null: unknown = true
            default: break
            }
            left = right
        }
        return unknown ? .null : .bool(true)
    }

    func mapProjection(_ base: Value, _ items: [MapProjectionEntry]) throws(QuiverError) -> Value {
        if base.isNull { return .null }
        var result: [String: Value] = [:]
        for item in items {
            switch item {
            case .property(let key):
                result[key.name] = try property(of: base, key)
            case .allProperties:
                switch base {
                case .node(let gid): result.merge(try functions.graph!.properties(of: gid)) { $1 }
                case .relationship(let edge): result.merge(try functions.graph!.properties(of: edge)) { $1 }
                case .map(let entries): result.merge(entries) { $1 }
                default: throw ExecutionErrors.type("Map projection expects a map, node or relationship.")
                }
            case .entry(let key, let expression):
                result[key] = try evaluate(expression)
            }
        }
        return .map(result)
    }

    /// Runs a sub-plan against a copy-free view of the current frame: the sub-plan's own slots
    /// are distinct from the outer ones, so the outer row survives.
    func runSubquery(_ subquery: SubqueryExpr) throws(QuiverError) -> Value {
        let cursor = subquery.plan.cursor(profiler)
        switch subquery.kind {
        case .exists:
            return .bool(try cursor.pull(self))
        case .count:
            var count: Int64 = 0
            while try cursor.pull(self) { count += 1 }
            return .int(count)
        case .collect(let projection):
            var values: [Value] = []
            while try cursor.pull(self) { values.append(try evaluate(projection)) }
            return .list(values)
        }
    }

    func buildPath(_ pieces: [PathPiece]) throws(QuiverError) -> Value {
        var nodes: [Gid] = [], relationships: [EdgeRef] = []
        for piece in pieces {
            switch piece {
            case .node(let slot):
                guard case .node(let gid) = frame[slot] else { return .null }
                if nodes.count == relationships.count { nodes.append(gid) }
            case .relationship(let slot):
                guard case .relationship(let edge) = frame[slot] else { return .null }
                relationships.append(edge)
            case .relationships(let slot):
                guard case .list(let edges) = frame[slot] else { return .null }
                for value in edges {
                    guard case .relationship(let edge) = value, let last = nodes.last else { return .null }
                    relationships.append(edge)
                    nodes.append(edge.from == last ? edge.to : edge.from)
                }
            case .path(let slot):
                guard case .path(let path) = frame[slot] else { return .null }
                relationships.append(contentsOf: path.relationships)
                nodes.append(contentsOf: path.nodes.dropFirst(nodes.last == path.nodes.first ? 1 : 0))
            }
        }
        return .path(PathValue(nodes: nodes, relationships: relationships))
    }
}
