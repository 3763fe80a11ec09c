// Shared helpers for the function-library tests: calling a built-in by name as the executor
// will (lookup, arity check, context), strict value comparison (1 is not 1.0 here, unlike
// Value's equivalence), error expectations, and a fake GraphAccess.
import Testing
import QuiverCore
@testable import QuiverCypher

/// The statement clock every test context reports: 2023-11-14T22:13:20.123456789Z.
let testStatementSeconds: Int64 = 1_700_000_000
let testStatementNanoseconds: Int32 = 123_456_789

func testContext(_ graph: (any GraphAccess)? = nil) -> FunctionContext {
    FunctionContext(graph: graph, statementSeconds: testStatementSeconds, statementNanoseconds: testStatementNanoseconds)
}

/// Calls the built-in `name` with `arguments` after the arity check the executor performs.
func call(_ name: String, _ arguments: Value..., graph: (any GraphAccess)? = nil) throws(QuiverError) -> Value {
    guard let function = FunctionLibrary.lookup(name) else {
        throw QuiverError(.semanticError, "Function '\(name)' doesn't exist.")
    }
    guard (function.minArguments...function.maxArguments).contains(arguments.count) else {
        throw QuiverError(.semanticError, "wrong number of arguments for \(name)")
    }
    return try function.body(arguments, testContext(graph))
}

/// Equality that also requires the same kinds (int vs float) at every depth.
func strictlyEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case let (.list(x), .list(y)):
        return x.count == y.count && zip(x, y).allSatisfy { strictlyEqual($0, $1) }
    case let (.map(x), .map(y)):
        return x.count == y.count && x.allSatisfy { key, value in y[key].map { strictlyEqual(value, $0) } ?? false }
    case let (.float(x), .float(y)):
        return x.isNaN ? y.isNaN : x == y && x.sign == y.sign
    default:
        return a.typeName == b.typeName && a == b
    }
}

/// Expects `name(arguments…)` to return exactly `expected`.
func expectCall(_ name: String, _ arguments: Value..., graph: (any GraphAccess)? = nil, is expected: Value,
                sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        guard let function = FunctionLibrary.lookup(name) else {
            Issue.record("no function \(name)", sourceLocation: sourceLocation)
            return
        }
        let result = try function.body(arguments, testContext(graph))
        #expect(strictlyEqual(result, expected), "\(name)\(arguments) = \(result), expected \(expected)",
                sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(name)\(arguments) threw \(error)", sourceLocation: sourceLocation)
    }
}

/// Expects `body` to throw a QuiverError with `code` and `detail`; returns the message.
@discardableResult
func expectError(_ code: QuiverError.Code, _ detail: String?, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () throws -> Value) -> String? {
    do {
        let value = try body()
        Issue.record("expected \(code) \(detail ?? "-"), got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as QuiverError {
        #expect(error.code == code, "code \(error.code) (\(error.message))", sourceLocation: sourceLocation)
        #expect(error.detail == detail, "detail \(error.detail ?? "nil") (\(error.message))", sourceLocation: sourceLocation)
        return error.message
    } catch {
        Issue.record("not a QuiverError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// An in-memory graph for the graph functions: nodes with labels and properties, edges with
/// types and properties, and a deleted-node set that throws like the real accessor.
final class FakeGraph: GraphAccess {
    var labels: [Gid: [String]] = [:]
    var nodeProperties: [Gid: [String: Value]] = [:]
    var edgeProperties: [Gid: [String: Value]] = [:]
    var typeNames: [EdgeTypeID: String] = [:]
    var edges: [EdgeRef] = []
    var deleted: Set<Gid> = []

    private func checkAlive(_ node: Gid) throws(QuiverError) {
        if deleted.contains(node) {
            throw QuiverError(.deletedObject, "Trying to get labels from a deleted node.", detail: "DeletedEntityAccess")
        }
    }

    func labels(of node: Gid) throws(QuiverError) -> [String] {
        try checkAlive(node)
        return labels[node] ?? []
    }

    func properties(of node: Gid) throws(QuiverError) -> [String: Value] {
        try checkAlive(node)
        return nodeProperties[node] ?? [:]
    }

    func properties(of relationship: EdgeRef) throws(QuiverError) -> [String: Value] {
        edgeProperties[relationship.gid] ?? [:]
    }

    func typeName(of relationship: EdgeRef) -> String { typeNames[relationship.type] ?? "?" }

    func degree(of node: Gid, outgoing: Bool, incoming: Bool, types: [String]) throws(QuiverError) -> Int {
        try checkAlive(node)
        var count = 0
        for edge in edges where types.isEmpty || types.contains(typeName(of: edge)) {
            if outgoing && edge.from == node { count += 1 }
            if incoming && edge.to == node { count += 1 }
        }
        return count
    }
}
