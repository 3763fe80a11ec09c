// DatabaseDump: DUMP DATABASE, the graph as Cypher statements (one per row, column `QUERY`),
// streamed from one read transaction so a large graph never sits in memory as text. Running
// the statements in order into an empty database rebuilds the same graph, indexes and
// constraints. The shape is Memgraph's: vertices carry a helper label `__mg_vertex__` and key
// `__mg_id__` (indexed while edges are matched by it), removed again at the end.
//
//   CREATE INDEX ON :L(p);                      user indexes
//   CREATE INDEX ON :__mg_vertex__(__mg_id__);
//   CREATE (:__mg_vertex__:L {__mg_id__: 0, p: 1});
//   MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = 0 AND v.__mg_id__ = 1 CREATE (u)-[:T {…}]->(v);
//   DROP INDEX ON :__mg_vertex__(__mg_id__);
//   MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;
//   CREATE CONSTRAINT …;                        constraints last: the data already holds them
import QuiverCore
import QuiverCypher
import QuiverStorage

final class DatabaseDump {
    private enum Phase { case schema, vertices, edges, tail, done }

    private let transaction: Transaction
    private let names: NameRegistry
    private var phase = Phase.schema
    private var queued: [String]
    private var tail: [String]
    private var cursor: VertexCursor
    private var edgeCursor: VertexCursor
    private var entries: [AdjacencyEntry] = []

    init(transaction: Transaction, storage: Storage, constraintStatements: [String]) {
        self.transaction = transaction
        names = storage.names
        cursor = transaction.vertices()
        edgeCursor = transaction.vertices()
        let names = storage.names
        queued = storage.indexInfo.map { index in
            let label = CypherLiteral.name(names.labels.name(for: index.label.rawValue))
            guard let property = index.property else { return "CREATE INDEX ON :\(label);" }
            return "CREATE INDEX ON :\(label)(\(CypherLiteral.name(names.properties.name(for: property.rawValue))));"
        }
        queued += storage.compositeIndexInfo.map { index in
            let label = CypherLiteral.name(names.labels.name(for: index.label.rawValue))
            let properties = index.properties.map { CypherLiteral.name(names.properties.name(for: $0.rawValue)) }
            return "CREATE INDEX ON :\(label)(\(properties.joined(separator: ", ")));"
        }
        queued.append("CREATE INDEX ON :__mg_vertex__(__mg_id__);")
        queued.reverse()
        tail = (["DROP INDEX ON :__mg_vertex__(__mg_id__);", "MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;"]
            + constraintStatements).reversed()
    }

    /// Memgraph's constraint DDL for every constraint of `storage`.
    static func constraintStatements(_ storage: Storage) -> [String] {
        let names = storage.names
        return storage.constraintInfo.map { constraint in
            let label = CypherLiteral.name(names.labels.name(for: constraint.label.rawValue))
            let properties = constraint.properties.map { "n." + CypherLiteral.name(names.properties.name(for: $0.rawValue)) }
            switch constraint.kind {
            case .existence: return "CREATE CONSTRAINT ON (n:\(label)) ASSERT EXISTS (\(properties.joined(separator: ", ")));"
            case .unique: return "CREATE CONSTRAINT ON (n:\(label)) ASSERT \(properties.joined(separator: ", ")) IS UNIQUE;"
            case .dataType: return "CREATE CONSTRAINT ON (n:\(label)) ASSERT \(properties.joined(separator: ", ")) IS TYPED \(constraint.typeName);"
            }
        }
    }

    /// The next statement, or nil at the end.
    func next() -> String? {
        while true {
            if let statement = queued.popLast() { return statement }
            switch phase {
            case .schema:
                phase = .vertices
            case .vertices:
                if let gid = cursor.next(transaction) { return vertexStatement(gid) }
                phase = .edges
            case .edges:
                guard let gid = edgeCursor.next(transaction) else {
                    phase = .tail
                    continue
                }
                transaction.edges(of: gid, .outgoing, into: &entries)
                queued = entries.reversed().map { edgeStatement(transaction.edgeRef($0, of: gid, .outgoing)) }
            case .tail:
                queued = tail
                phase = .done
            case .done:
                return nil
            }
        }
    }

    private func vertexStatement(_ gid: Gid) -> String {
        var text = "CREATE (:__mg_vertex__"
        for label in transaction.labels(of: gid) ?? [] {
            text += ":" + CypherLiteral.name(names.labels.name(for: label.rawValue))
        }
        text += " {__mg_id__: \(gid.rawValue)"
        for (key, value) in named(transaction.properties(of: gid) ?? []) {
            text += ", " + CypherLiteral.name(key) + ": "
            CypherLiteral.append(value, to: &text)
        }
        return text + "});"
    }

    /// Properties by name, sorted, so a dump does not depend on the order ids were handed out.
    private func named(_ properties: [(PropertyID, Value)]) -> [(key: String, value: Value)] {
        properties.map { (key: names.properties.name(for: $0.0.rawValue), value: $0.1) }.sorted { $0.key < $1.key }
    }

    private func edgeStatement(_ edge: EdgeRef) -> String {
        var text = "MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = \(edge.from.rawValue) AND v.__mg_id__ = \(edge.to.rawValue) CREATE (u)-[:"
        text += CypherLiteral.name(names.edgeTypes.name(for: edge.type.rawValue))
        let properties = transaction.edgeProperties(edge.gid) ?? []
        if !properties.isEmpty {
            text += " "
            CypherLiteral.appendMap(named(properties), to: &text)
        }
        return text + "]->(v);"
    }
}
