// ValueConversion: the seam between the engine's Value and the wire's BoltValue. Parameters come
// in (every PackStream kind the engine can hold; bytes and points are refused with a client
// error); rows go out, with nodes, relationships and paths materialised through the open
// result's `describe` so labels, types and properties are read in the query's transaction.
import QuiverBolt
import QuiverCore
import QuiverEngine

enum ValueConversion {
    // MARK: Parameters in

    static func parameters(_ map: BoltMap) throws(BoltFailure) -> [String: Value] {
        var result: [String: Value] = [:]
        result.reserveCapacity(map.count)
        for (key, value) in map { result[key] = try engineValue(value) }
        return result
    }

    static func engineValue(_ value: BoltValue) throws(BoltFailure) -> Value {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return .float(number)
        case .string(let text): return .string(text)
        case .list(let items):
            var converted: [Value] = []
            converted.reserveCapacity(items.count)
            for item in items { converted.append(try engineValue(item)) }
            return .list(converted)
        case .map(let map): return .map(try parameters(map))
        case .date(let date): return .date(date)
        case .localTime(let time): return .localTime(time)
        case .localDateTime(let dateTime): return .localDateTime(dateTime)
        case .dateTime(let dateTime): return .dateTime(dateTime)
        case .duration(let duration): return .duration(duration)
        case .time(let time):
            return .time(TimeValue(nanosecondsSinceMidnight: time.nanosecondsSinceMidnight, offsetSeconds: time.offsetSeconds))
        case .node(let node): return .node(Gid(UInt64(bitPattern: node.id)))
        case .bytes: throw unsupportedParameter("byte arrays")
        case .point2D, .point3D: throw unsupportedParameter("points")
        case .relationship, .unboundRelationship, .path: throw unsupportedParameter("relationships and paths")
        }
    }

    private static func unsupportedParameter(_ kind: String) -> BoltFailure {
        BoltFailure(code: BoltFailure.clientErrorCode, message: "Quiver does not support \(kind) as query parameters.")
    }

    // MARK: Rows out

    /// Converts one row; graph values are described through `result` while it is open.
    static func row(_ values: [Value], describing result: QueryResult) -> [BoltValue] {
        values.map { boltValue($0, describing: result) }
    }

    static func boltValue(_ value: Value, describing result: QueryResult) -> BoltValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return .float(number)
        case .string(let text): return .string(text)
        case .list(let items): return .list(items.map { boltValue($0, describing: result) })
        case .map(let map):
            return .map(BoltMap(map.sorted { $0.key < $1.key }.map { ($0.key, boltValue($0.value, describing: result)) }))
        case .date(let date): return .date(date)
        case .localTime(let time): return .localTime(time)
        case .localDateTime(let dateTime): return .localDateTime(dateTime)
        case .dateTime(let dateTime): return .dateTime(dateTime)
        case .duration(let duration): return .duration(duration)
        case .time(let time):
            return .time(BoltTime(nanosecondsSinceMidnight: time.nanosecondsSinceMidnight, offsetSeconds: time.offsetSeconds))
        case .node(let gid): return .node(node(gid, describing: result))
        case .relationship(let edge): return .relationship(relationship(edge, describing: result))
        case .path(let path): return .path(self.path(path, describing: result))
        }
    }

    static func properties(_ properties: [String: Value], describing result: QueryResult) -> BoltMap {
        BoltMap(properties.sorted { $0.key < $1.key }.map { ($0.key, boltValue($0.value, describing: result)) })
    }

    static func node(_ gid: Gid, describing result: QueryResult) -> BoltNode {
        let description = result.describe(node: gid)
        return BoltNode(id: description.id, labels: description.labels,
                        properties: properties(description.properties, describing: result))
    }

    static func relationship(_ edge: EdgeRef, describing result: QueryResult) -> BoltRelationship {
        let description = result.describe(relationship: edge)
        return BoltRelationship(id: description.id, startNodeID: description.start, endNodeID: description.end,
                                type: description.type, properties: properties(description.properties, describing: result))
    }

    /// PackStream's path form: distinct nodes and relationships plus the index sequence (signed
    /// 1-based relationship index, negative when walked against its direction; 0-based node index).
    static func path(_ path: PathValue, describing result: QueryResult) -> BoltPath {
        var nodes: [BoltNode] = []
        var nodeIndex: [Gid: Int] = [:]
        var relationships: [BoltUnboundRelationship] = []
        var relationshipIndex: [Gid: Int] = [:]
        var indices: [Int64] = []
        func index(of gid: Gid) -> Int {
            if let known = nodeIndex[gid] { return known }
            nodes.append(node(gid, describing: result))
            nodeIndex[gid] = nodes.count - 1
            return nodes.count - 1
        }
        guard let first = path.nodes.first else { return BoltPath(nodes: [], relationships: [], indices: []) }
        _ = index(of: first)
        for (position, edge) in path.relationships.enumerated() {
            let relationshipPosition: Int
            if let known = relationshipIndex[edge.gid] {
                relationshipPosition = known
            } else {
                let bound = relationship(edge, describing: result)
                relationships.append(BoltUnboundRelationship(id: bound.id, type: bound.type, properties: bound.properties))
                relationshipPosition = relationships.count - 1
                relationshipIndex[edge.gid] = relationshipPosition
            }
            let previous = path.nodes[position], next = path.nodes[position + 1]
            let forward = edge.from == previous && edge.to == next
            indices.append(Int64(relationshipPosition + 1) * (forward ? 1 : -1))
            indices.append(Int64(index(of: next)))
        }
        return BoltPath(nodes: nodes, relationships: relationships, indices: indices)
    }

    // MARK: Summaries

    /// The result's counters (QuiverCypher's ExecutionStats, read through the result).
    static func statistics(of query: QueryResult) -> BoltStatistics {
        let stats = query.stats
        var result = BoltStatistics()
        result.nodesCreated = stats.nodesCreated
        result.nodesDeleted = stats.nodesDeleted
        result.relationshipsCreated = stats.relationshipsCreated
        result.relationshipsDeleted = stats.relationshipsDeleted
        result.propertiesSet = stats.propertiesSet
        result.labelsAdded = stats.labelsAdded
        result.labelsRemoved = stats.labelsRemoved
        return result
    }
}
