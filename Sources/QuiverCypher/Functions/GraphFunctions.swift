// GraphFunctions: the built-in graph functions (table entries for FunctionLibrary): id,
// elementId, type, startNode, endNode, labels, properties, keys, values, nodes, relationships,
// degree, inDegree, outDegree. Everything stored is read through FunctionContext.graph
// (GraphAccess); paths through PathValue. keys() lists keys in code-point order so results do
// not depend on dictionary iteration order.

import QuiverCore

enum GraphFunctions {
    static let table: [BuiltinFunction] = [
        id, elementId, type, startNode, endNode, labels, properties, keys, values, nodes, relationships,
        degreeFunction("degree", outgoing: true, incoming: true),
        degreeFunction("inDegree", outgoing: false, incoming: true),
        degreeFunction("outDegree", outgoing: true, incoming: false),
    ]

    static func graph(_ context: FunctionContext, _ function: String) throws(QuiverError) -> any GraphAccess {
        guard let graph = context.graph else { throw FunctionError.noGraph(function) }
        return graph
    }

    /// id(n) / id(r): the gid as an integer (Memgraph).
    static let id = FunctionBuilder.nullPropagating("id") { argument throws(QuiverError) -> Value in
        switch argument {
        case .node(let gid): return .int(Int64(bitPattern: gid.rawValue))
        case .relationship(let edge): return .int(Int64(bitPattern: edge.gid.rawValue))
        default: throw FunctionError.wrongType("id", position: 1, expected: [.null, .node, .relationship])
        }
    }

    /// elementId(n) / elementId(r): the gid as a string (Memgraph).
    static let elementId = FunctionBuilder.nullPropagating("elementId") { argument throws(QuiverError) -> Value in
        switch argument {
        case .node(let gid): return .string(String(gid.rawValue))
        case .relationship(let edge): return .string(String(edge.gid.rawValue))
        default: throw FunctionError.wrongType("elementId", position: 1, expected: [.null, .node, .relationship])
        }
    }

    static let type = FunctionBuilder.nullPropagating("type") { argument, context throws(QuiverError) -> Value in
        guard case .relationship(let edge) = argument else {
            throw FunctionError.wrongType("type", position: 1, expected: [.null, .relationship])
        }
        return .string(try graph(context, "type").typeName(of: edge))
    }

    static let startNode = FunctionBuilder.nullPropagating("startNode") { argument throws(QuiverError) -> Value in
        guard case .relationship(let edge) = argument else {
            throw FunctionError.wrongType("startNode", position: 1, expected: [.null, .relationship])
        }
        return .node(edge.from)
    }

    static let endNode = FunctionBuilder.nullPropagating("endNode") { argument throws(QuiverError) -> Value in
        guard case .relationship(let edge) = argument else {
            throw FunctionError.wrongType("endNode", position: 1, expected: [.null, .relationship])
        }
        return .node(edge.to)
    }

    static let labels = FunctionBuilder.nullPropagating("labels") { argument, context throws(QuiverError) -> Value in
        guard case .node(let gid) = argument else {
            throw FunctionError.wrongType("labels", position: 1, expected: [.null, .node])
        }
        return .list(try graph(context, "labels").labels(of: gid).map(Value.string))
    }

    /// The property map of a node or relationship; a map is returned as it is (openCypher).
    static func propertyMap(_ value: Value, _ context: FunctionContext,
                            _ function: String) throws(QuiverError) -> [String: Value] {
        switch value {
        case .map(let map): return map
        case .node(let gid): return try graph(context, function).properties(of: gid)
        case .relationship(let edge): return try graph(context, function).properties(of: edge)
        default: throw FunctionError.wrongType(function, position: 1, expected: [.null, .map, .node, .relationship])
        }
    }

    static let properties = FunctionBuilder.nullPropagating("properties") { argument, context throws(QuiverError) -> Value in
        .map(try propertyMap(argument, context, "properties"))
    }

    static func sortedKeys(_ map: [String: Value]) -> [String] {
        map.keys.sorted { Value.orderCompare(.string($0), .string($1)) == .less }
    }

    /// keys(x): the keys of a map (null-valued entries included, TCK Map3 [4]) or the property
    /// keys of a node or relationship.
    static let keys = FunctionBuilder.nullPropagating("keys") { argument, context throws(QuiverError) -> Value in
        .list(sortedKeys(try propertyMap(argument, context, "keys")).map(Value.string))
    }

    /// values(x): the values of a map, node or relationship in the order keys() lists the keys.
    static let values = FunctionBuilder.nullPropagating("values") { argument, context throws(QuiverError) -> Value in
        let map = try propertyMap(argument, context, "values")
        return .list(sortedKeys(map).map { map[$0] ?? .null })
    }

    static let nodes = FunctionBuilder.nullPropagating("nodes") { argument throws(QuiverError) -> Value in
        guard case .path(let path) = argument else {
            throw FunctionError.wrongType("nodes", position: 1, expected: [.null, .path])
        }
        return .list(path.nodes.map(Value.node))
    }

    static let relationships = FunctionBuilder.nullPropagating("relationships") { argument throws(QuiverError) -> Value in
        guard case .path(let path) = argument else {
            throw FunctionError.wrongType("relationships", position: 1, expected: [.null, .path])
        }
        return .list(path.relationships.map(Value.relationship))
    }

    /// degree(n [, types]): relationships at `n` (a self-loop counts twice for `degree`),
    /// optionally only of the given type name or list of type names.
    private static func degreeFunction(_ name: String, outgoing: Bool, incoming: Bool) -> BuiltinFunction {
        BuiltinFunction(name, arguments: 1...2) { arguments, context throws(QuiverError) -> Value in
            if arguments.contains(where: \.isNull) { return .null }
            guard case .node(let gid) = arguments[0] else {
                throw FunctionError.wrongType(name, position: 1, expected: [.null, .node])
            }
            var types: [String] = []
            if arguments.count == 2 {
                switch arguments[1] {
                case .string(let type): types = [type]
                case .list(let list):
                    for element in list {
                        guard case .string(let type) = element else {
                            throw FunctionError.wrongType(name, position: 2, expected: [.string, .list])
                        }
                        types.append(type)
                    }
                default:
                    throw FunctionError.wrongType(name, position: 2, expected: [.string, .list])
                }
            }
            let degree = try graph(context, name).degree(of: gid, outgoing: outgoing, incoming: incoming, types: types)
            return .int(Int64(degree))
        }
    }
}
