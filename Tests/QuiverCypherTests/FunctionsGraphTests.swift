// Graph functions over a fake GraphAccess: id, elementId, type, startNode, endNode, labels,
// properties, keys, values, nodes, relationships, degree (TCK Graph3/4/8/9, Map3).
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct FunctionsGraphTests {
    let graph: FakeGraph
    let knows = EdgeRef(gid: Gid(100), from: Gid(1), to: Gid(2), type: EdgeTypeID(7))
    let loop = EdgeRef(gid: Gid(101), from: Gid(2), to: Gid(2), type: EdgeTypeID(8))

    init() {
        graph = FakeGraph()
        graph.labels = [Gid(1): ["Person", "Admin"], Gid(2): []]
        graph.nodeProperties = [Gid(1): ["name": .string("Popeye"), "level": .int(9001)]]
        graph.edgeProperties = [Gid(100): ["since": .int(1999), "active": .bool(true)]]
        graph.typeNames = [EdgeTypeID(7): "KNOWS", EdgeTypeID(8): "SELF"]
        graph.edges = [knows, loop]
        graph.deleted = [Gid(3)]
    }

    @Test func identifiers() {
        expectCall("id", .node(Gid(42)), is: .int(42))
        expectCall("id", .relationship(knows), is: .int(100))
        expectCall("elementId", .node(Gid(42)), is: .string("42"))
        expectCall("elementId", .relationship(knows), is: .string("100"))
        expectCall("id", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("id", .int(1)) }
        expectError(.typeError, "InvalidArgumentValue") { try call("elementId", .string("1")) }
    }

    @Test func typeAndEndpoints() {
        expectCall("type", .relationship(knows), graph: graph, is: .string("KNOWS"))  // TCK Graph4 [1]
        expectCall("type", .null, graph: graph, is: .null)  // TCK Graph4 [3]
        for invalid in [Value.int(0), .float(1), .bool(true), .string(""), .list([]), .node(Gid(1))] {  // TCK Graph4 [6]
            expectError(.typeError, "InvalidArgumentValue") { try call("type", invalid, graph: graph) }
        }
        expectCall("startNode", .relationship(knows), is: .node(Gid(1)))
        expectCall("endNode", .relationship(knows), is: .node(Gid(2)))
        expectCall("startNode", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("endNode", .node(Gid(1))) }
        expectError(.internalError, nil) { try call("type", .relationship(knows)) }
    }

    @Test func labels() {
        expectCall("labels", .node(Gid(1)), graph: graph, is: .list([.string("Person"), .string("Admin")]))
        expectCall("labels", .node(Gid(2)), graph: graph, is: .list([]))  // TCK Graph3 [1]
        expectCall("labels", .null, graph: graph, is: .null)  // TCK Graph3 [7]
        expectError(.typeError, "InvalidArgumentValue") { try call("labels", .int(1), graph: graph) }  // TCK Graph3 [9]
        expectError(.typeError, "InvalidArgumentValue") {
            try call("labels", .path(PathValue(nodes: [Gid(1)], relationships: [])), graph: graph)
        }
        expectError(.deletedObject, "DeletedEntityAccess") { try call("labels", .node(Gid(3)), graph: graph) }
    }

    @Test func propertiesKeysAndValues() {
        let popeye: Value = .map(["name": .string("Popeye"), "level": .int(9001)])
        expectCall("properties", .node(Gid(1)), graph: graph, is: popeye)  // TCK Graph9 [1]
        expectCall("properties", .relationship(knows), graph: graph,
                   is: .map(["since": .int(1999), "active": .bool(true)]))
        expectCall("properties", popeye, is: popeye)  // TCK Graph9 [4]
        expectCall("properties", .node(Gid(2)), graph: graph, is: .map([:]))
        expectCall("properties", .null, is: .null)  // TCK Graph9 [3]
        expectError(.typeError, "InvalidArgumentValue") { try call("properties", .int(1)) }
        expectCall("keys", .node(Gid(1)), graph: graph, is: .list([.string("level"), .string("name")]))
        expectCall("keys", .relationship(knows), graph: graph, is: .list([.string("active"), .string("since")]))
        expectCall("keys", .map(["k": .null, "l": .int(1)]), is: .list([.string("k"), .string("l")]))  // TCK Map3 [4]
        expectCall("keys", .map([:]), is: .list([]))
        expectCall("keys", .null, is: .null)  // TCK Map3 [3]
        expectCall("values", .node(Gid(1)), graph: graph, is: .list([.int(9001), .string("Popeye")]))
        expectCall("values", .map(["b": .null, "a": .int(1)]), is: .list([.int(1), .null]))
        expectError(.typeError, "InvalidArgumentValue") { try call("keys", .list([])) }
        expectError(.deletedObject, "DeletedEntityAccess") { try call("keys", .node(Gid(3)), graph: graph) }
    }

    @Test func pathParts() {
        let path = PathValue(nodes: [Gid(1), Gid(2), Gid(2)], relationships: [knows, loop])
        expectCall("nodes", .path(path), is: .list([.node(Gid(1)), .node(Gid(2)), .node(Gid(2))]))
        expectCall("relationships", .path(path), is: .list([.relationship(knows), .relationship(loop)]))
        expectCall("nodes", .path(PathValue(nodes: [Gid(5)], relationships: [])), is: .list([.node(Gid(5))]))
        expectCall("relationships", .path(PathValue(nodes: [Gid(5)], relationships: [])), is: .list([]))
        expectCall("nodes", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("nodes", .list([.node(Gid(1))])) }
        expectError(.typeError, "InvalidArgumentValue") { try call("relationships", .relationship(knows)) }
    }

    @Test func degrees() {
        expectCall("degree", .node(Gid(1)), graph: graph, is: .int(1))
        expectCall("degree", .node(Gid(2)), graph: graph, is: .int(3))  // a self-loop counts twice
        expectCall("inDegree", .node(Gid(2)), graph: graph, is: .int(2))
        expectCall("outDegree", .node(Gid(2)), graph: graph, is: .int(1))
        expectCall("outDegree", .node(Gid(1)), graph: graph, is: .int(1))
        expectCall("inDegree", .node(Gid(1)), graph: graph, is: .int(0))
        expectCall("degree", .node(Gid(2)), .string("KNOWS"), graph: graph, is: .int(1))
        expectCall("degree", .node(Gid(2)), .list([.string("KNOWS"), .string("SELF")]), graph: graph, is: .int(3))
        expectCall("degree", .null, graph: graph, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("degree", .relationship(knows), graph: graph) }
        expectError(.typeError, "InvalidArgumentValue") { try call("degree", .node(Gid(1)), .int(1), graph: graph) }
        expectError(.deletedObject, "DeletedEntityAccess") { try call("degree", .node(Gid(3)), graph: graph) }
    }
}
