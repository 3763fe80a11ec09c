// A test-only evaluator, just big enough for the TCK's temporal scenarios before the real engine
// exists: CREATE of single labelled nodes with properties, MATCH of comma-separated single node
// patterns by label, WITH / RETURN projections, and expressions made of literals, lists, maps,
// variables, property access, function calls, + - * / and comparisons. Anything else throws
// `unsupported`, so a scenario it cannot run is reported, never silently passed.
import QuiverCore
@testable import QuiverCypher

struct TemporalTestEvaluator {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    struct Result {
        var columns: [String]
        var rows: [[Value]]
    }

    /// The nodes created so far: labels and properties.
    var nodes: [(labels: Set<String>, properties: [String: Value])] = []
    let context: FunctionContext

    init(statementSeconds: Int64 = 1_500_000_000, statementNanoseconds: Int32 = 123_456_789) {
        context = FunctionContext(graph: nil, statementSeconds: statementSeconds, statementNanoseconds: statementNanoseconds)
    }

    mutating func run(_ query: String) throws -> Result {
        let statement = try CypherParser.parse(query)
        guard case .query(let parsed) = statement.kind, parsed.unions.isEmpty else { throw Unsupported(description: "not a plain query") }
        var rows: [[String: Value]] = [[:]]
        var result = Result(columns: [], rows: [])
        for clause in parsed.first.clauses {
            switch clause.kind {
            case .create(let pattern):
                for row in rows { try create(pattern, row) }
            case .match(let match) where !match.optional && match.where == nil:
                rows = try self.match(match.pattern, rows)
            case .with(let with) where with.where == nil:
                rows = try project(with.projection, rows).rows
            case .return(let projection):
                let (projected, columns) = try project(projection, rows)
                result = Result(columns: columns, rows: projected.map { row in columns.map { row[$0]! } })
            default:
                throw Unsupported(description: "clause \(clause.kind)")
            }
        }
        return result
    }

    private mutating func create(_ pattern: Pattern, _ row: [String: Value]) throws {
        for part in pattern.parts {
            guard part.element.chain.isEmpty, part.variable == nil else { throw Unsupported(description: "CREATE of a path") }
            let node = part.element.start
            var properties: [String: Value] = [:]
            if let expression = node.properties {
                guard case .map(let map) = try evaluate(expression, row) else { throw Unsupported(description: "properties") }
                properties = map
            }
            nodes.append((labels: Set(node.labels.terms.compactMap { $0.first?.staticName }), properties: properties))
        }
    }

    private func match(_ pattern: Pattern, _ rows: [[String: Value]]) throws -> [[String: Value]] {
        var result = rows
        for part in pattern.parts {
            guard part.element.chain.isEmpty, part.element.start.properties == nil else { throw Unsupported(description: "MATCH of a path") }
            let node = part.element.start
            let labels = Set(node.labels.terms.compactMap { $0.first?.staticName })
            let matching = nodes.indices.filter { labels.isSubset(of: nodes[$0].labels) }
            result = result.flatMap { row in
                matching.map { index in
                    var extended = row
                    if let variable = node.variable { extended[variable.text] = .node(Gid(UInt64(index))) }
                    return extended
                }
            }
        }
        return result
    }

    private func project(_ projection: Projection, _ rows: [[String: Value]]) throws -> (rows: [[String: Value]], columns: [String]) {
        guard !projection.includesExisting, !projection.distinct, projection.orderBy.isEmpty,
              projection.skip == nil, projection.limit == nil else { throw Unsupported(description: "projection modifiers") }
        let columns = projection.items.map(\.columnName)
        let projected = try rows.map { row in
            var output: [String: Value] = [:]
            for item in projection.items { output[item.columnName] = try evaluate(item.expression, row) }
            return output
        }
        return (projected, columns)
    }

    func evaluate(_ expression: Expression, _ row: [String: Value]) throws -> Value {
        switch expression.kind {
        case .null: return .null
        case .boolean(let value): return .bool(value)
        case .integer(let value): return .int(value)
        case .float(let value): return .float(value)
        case .string(let value): return .string(value)
        case .list(let items): return .list(try items.map { try evaluate($0, row) })
        case .map(let entries):
            var map: [String: Value] = [:]
            for entry in entries { map[entry.key.text] = try evaluate(entry.value, row) }
            return .map(map)
        case .variable(let name):
            guard let value = row[name] else { throw Unsupported(description: "unbound variable \(name)") }
            return value
        case .property(let base, let name):
            return try property(try evaluate(base, row), name.text)
        case .functionCall(let call):
            return try self.call(call, row)
        case .unary(.minus, let operand):
            switch try evaluate(operand, row) {
            case .int(let value): return .int(-value)
            case .float(let value): return .float(-value)
            default: throw Unsupported(description: "unary minus")
            }
        case .binary(let op, let lhs, let rhs):
            return try binary(op, try evaluate(lhs, row), try evaluate(rhs, row))
        default:
            throw Unsupported(description: "expression \(expression.kind)")
        }
    }

    private func property(_ base: Value, _ name: String) throws -> Value {
        switch base {
        case .null: return .null
        case .node(let gid): return nodes[Int(gid.rawValue)].properties[name] ?? .null
        case .map(let map): return map[name] ?? .null
        default:
            guard let value = try TemporalValues.field(base, name) else { throw Unsupported(description: "property of \(base)") }
            return value
        }
    }

    private func call(_ call: FunctionCall, _ row: [String: Value]) throws -> Value {
        let arguments = try call.arguments.map { try evaluate($0, row) }
        if call.qualifiedName.lowercased() == "tostring", arguments.count == 1 {
            if case .string = arguments[0] { return arguments[0] }
            guard let text = TemporalValues.string(arguments[0]) else { throw Unsupported(description: "toString") }
            return .string(text)
        }
        guard let function = FunctionLibrary.lookup(call.qualifiedName) else {
            throw Unsupported(description: "function \(call.qualifiedName)")
        }
        guard (function.minArguments...function.maxArguments).contains(arguments.count) else {
            throw QuiverError(.syntaxError, "wrong number of arguments to \(call.qualifiedName)")
        }
        return try function.body(arguments, context)
    }

    private func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) throws -> Value {
        switch op {
        case .add: if let value = try TemporalArithmetic.add(lhs, rhs) { return value }
        case .subtract: if let value = try TemporalArithmetic.subtract(lhs, rhs) { return value }
        case .multiply: if let value = try TemporalArithmetic.multiply(lhs, rhs) { return value }
        case .divide: if let value = try TemporalArithmetic.divide(lhs, rhs) { return value }
        case .equal: return Value.cypherEquals(lhs, rhs).map(Value.bool) ?? .null
        case .less: return Value.cypherLessThan(lhs, rhs).map(Value.bool) ?? .null
        case .lessEqual: return Value.cypherLessThanOrEqual(lhs, rhs).map(Value.bool) ?? .null
        case .greater: return Value.cypherGreaterThan(lhs, rhs).map(Value.bool) ?? .null
        case .greaterEqual: return Value.cypherGreaterThanOrEqual(lhs, rhs).map(Value.bool) ?? .null
        default: break
        }
        if case .int(let a) = lhs, case .int(let b) = rhs, op == .add || op == .subtract {
            return .int(op == .add ? a + b : a - b)
        }
        throw Unsupported(description: "operator \(op.rawValue) on \(lhs.typeName), \(rhs.typeName)")
    }

    /// A value written as the TCK writes expected cells: temporal values as their quoted
    /// toString(), strings quoted, lists bracketed.
    static func tckText(_ value: Value) -> String {
        if let text = TemporalValues.string(value) { return "'" + text + "'" }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return String(number)
        case .string(let text): return "'" + text + "'"
        case .list(let items): return "[" + items.map(tckText).joined(separator: ", ") + "]"
        default: return "\(value)"
        }
    }
}
