// EngineTCKDatabase: the TCK's view of Quiver — a fresh in-process Database per test case,
// queries run through a Session, results and errors translated into the TCK's vocabulary, and
// side effects measured as the difference of two graph snapshots.

import QuiverCore
import QuiverCypher
import QuiverEngine
import QuiverStorage
import QuiverTCK

struct EngineTCKDatabase: TCKDatabase {
    /// Every test case on the ON_DISK_TRANSACTIONAL mode (a private RocksDB store per case).
    private let onDisk: Bool
    private var database: Database

    init(onDisk: Bool = false) {
        self.onDisk = onDisk
        database = Self.freshDatabase(onDisk: onDisk)
    }

    static func freshDatabase(onDisk: Bool) -> Database {
        var config = DatabaseConfig()
        config.storage.garbageCollectionIntervalSeconds = nil
        let database = Database(config: config)
        if onDisk {
            do {
                try database.enableDiskMode()
            } catch {
                fatalError("quiver-tck: cannot open the on-disk store: \(error)")
            }
        }
        return database
    }

    mutating func reset() {
        database = Self.freshDatabase(onDisk: onDisk)
    }

    mutating func execute(_ query: String, parameters: [String: TCKValue]) -> TCKOutcome {
        let before = snapshot()
        var values: [String: Value] = [:]
        for (name, value) in parameters { values[name] = Self.value(value) }
        do {
            let prepared = try database.prepare(query)
            if let missing = prepared.missingParameter(in: values) {
                return .error(Self.tckError(missing, phase: .compileTime))
            }
        } catch {
            return .error(Self.tckError(error, phase: .compileTime))
        }
        let session = database.session()
        do {
            let result = try session.run(query, parameters: values)
            var rows: [[TCKValue]] = []
            while let row = try result.next() {
                rows.append(row.map { Self.tckValue($0, result) })
            }
            return .rows(result.columns, rows, sideEffects: snapshot().sideEffects(since: before))
        } catch {
            return .error(Self.tckError(error, phase: .runtime))
        }
    }

    mutating func register(_ procedure: TCKProcedure) -> String? {
        let fixture = procedure
        let inputs = procedure.inputs.map { ProcedureField(name: $0.name, type: $0.type) }
        let outputs = procedure.outputs.map { ProcedureField(name: $0.name, type: $0.type) }
        database.register(Procedure(name: procedure.name, inputs: inputs, outputs: outputs) { arguments, _ in
            fixture.outputs(for: arguments.map(Self.plainValue)).map { $0.map(Self.value) }
        })
        return nil
    }

    // MARK: Values

    static func value(_ value: TCKValue) -> Value {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return .float(number)
        case .string(let text): return .string(text)
        case .list(let elements): return .list(elements.map(Self.value))
        case .map(let entries): return .map(entries.mapValues(Self.value))
        case .node, .relationship, .path: return .null
        }
    }

    static func tckValue(_ value: Value, _ result: QueryResult) -> TCKValue {
        TCKValue(value, temporalText: { TemporalValues.string($0) ?? "?" }, graph: { graphValue in
            switch graphValue {
            case .node(let gid): return .node(node(gid, result))
            case .relationship(let edge): return .relationship(relationship(edge, result))
            case .path(let path):
                var hops: [TCKPath.Hop] = []
                for (index, edge) in path.relationships.enumerated() {
                    hops.append(TCKPath.Hop(relationship: relationship(edge, result), forward: edge.from == path.nodes[index],
                                            node: node(path.nodes[index + 1], result)))
                }
                return .path(TCKPath(start: node(path.nodes[0], result), hops: hops))
            default: return .null
            }
        })
    }

    static func node(_ gid: Gid, _ result: QueryResult) -> TCKNode {
        let description = result.describe(node: gid)
        return TCKNode(labels: description.labels, properties: description.properties.mapValues { tckValue($0, result) })
    }

    static func relationship(_ edge: EdgeRef, _ result: QueryResult) -> TCKRelationship {
        let description = result.describe(relationship: edge)
        return TCKRelationship(type: description.type, properties: description.properties.mapValues { tckValue($0, result) })
    }

    // MARK: Errors

    static func tckError(_ error: QuiverError, phase: TCKErrorPhase) -> TCKError {
        let type: TCKErrorType?
        switch error.detail {
        case "MissingParameter"?: type = .parameterMissing
        case "ProcedureNotFound"?: type = .procedureError
        case "MergeReadOwnWrites"?: type = .semanticError
        case "DeletedEntityAccess"?: type = .entityNotFound
        case "DeleteConnectedNode"?: type = .constraintVerificationFailed
        default:
            switch error.code {
            case .syntaxError, .semanticError: type = .syntaxError
            case .typeError: type = .typeError
            case .invalidArgument: type = .argumentError
            case .deletedObject: type = .entityNotFound
            case .vertexHasEdges: type = .constraintVerificationFailed
            default: type = nil
            }
        }
        return TCKError(type: type, phase: phase, detail: error.detail, message: error.message)
    }

    // MARK: Side effects

    private func snapshot() -> TCKGraphSnapshot {
        var snapshot = TCKGraphSnapshot()
        let transaction = database.storage.begin()
        defer { transaction.abort() }
        let names = database.names
        var cursor = transaction.vertices()
        var buffer: [AdjacencyEntry] = []
        while let gid = cursor.next(transaction) {
            let id = Int64(gid.rawValue)
            snapshot.nodes.insert(id)
            for label in transaction.labels(of: gid) ?? [] {
                snapshot.labels.insert(names.labels.name(for: label.rawValue))
            }
            for (key, value) in transaction.properties(of: gid) ?? [] {
                snapshot.properties.insert(.init(entity: .node(id), key: names.properties.name(for: key.rawValue),
                                                 value: Self.plainValue(value)))
            }
            transaction.edges(of: gid, .outgoing, into: &buffer)
            for entry in buffer {
                let edgeID = Int64(entry.edgeGid)
                snapshot.relationships.insert(edgeID)
                for (key, value) in transaction.edgeProperties(Gid(entry.edgeGid)) ?? [] {
                    snapshot.properties.insert(.init(entity: .relationship(edgeID), key: names.properties.name(for: key.rawValue),
                                                     value: Self.plainValue(value)))
                }
            }
        }
        return snapshot
    }

    /// A stored value as the TCK sees it (temporal values as text).
    static func plainValue(_ value: Value) -> TCKValue {
        TCKValue(value, temporalText: { TemporalValues.string($0) ?? "?" }, graph: { _ in .null })
    }
}
