// WALReplay: applies WAL segments to a recovery transaction. Name records fill the segment's
// NameMap; transaction records with a commit timestamp at or after the snapshot's are replayed
// change by change (a created vertex or edge and the labels and properties that follow it are
// coalesced into one create call); schema records go into the SchemaPlan. A record that cannot
// be decoded or applied is an error naming the file and offset.
import QuiverCore
import QuiverStorage

final class WALReplay {
    let transaction: Transaction
    let registry: NameRegistry
    /// Records below this timestamp are already in the snapshot.
    let fromTimestamp: UInt64
    var schema: SchemaPlan
    private(set) var maxTimestamp: UInt64 = 0
    private(set) var transactionsReplayed = 0
    private(set) var edgesCreated = 0

    private var names = NameMap()
    private var path = ""
    private var recordOffset = 0
    // A vertex or edge being created, with the labels and properties that follow its create.
    private var newVertex: Gid?
    private var newLabels: [LabelID] = []
    private var newProperties: [(PropertyID, Value)] = []
    private var newEdge: EdgeRef?

    init(transaction: Transaction, registry: NameRegistry, fromTimestamp: UInt64, schema: SchemaPlan) {
        self.transaction = transaction
        self.registry = registry
        self.fromTimestamp = fromTimestamp
        self.schema = schema
    }

    /// Replays `bytes[..<limit]` of one segment; returns where valid data ends.
    func replaySegment(_ bytes: UnsafeRawBufferPointer, path: String, limit: Int) throws(QuiverError) -> WALSegmentScan {
        names = NameMap()
        self.path = path
        return try WALSegmentReader.scan(bytes, path: path, limit: limit) { (kind, payload, offset) throws(QuiverError) in
            recordOffset = offset
            var cursor = ByteCursor(payload)
            switch kind {
            case .name:
                let rawSpace = cursor.u8()
                let id = cursor.varint32()
                let name = cursor.string()
                guard let space = WALNameSpace(rawValue: rawSpace), !cursor.overrun, cursor.atEnd else {
                    throw corrupt("malformed name record")
                }
                names.declare(space, fileID: id, name: name, registry: registry)
            case .transaction:
                try replayTransaction(&cursor)
            case .schema:
                let timestamp = cursor.u64()
                guard let change = SchemaDecoding.change(&cursor, names), !cursor.overrun, cursor.atEnd else {
                    throw corrupt("malformed schema record")
                }
                maxTimestamp = max(maxTimestamp, timestamp)
                if timestamp >= fromTimestamp { schema.apply(change) }
            }
        }
    }

    private func corrupt(_ problem: String) -> QuiverError {
        WALSegmentReader.corrupt(path, recordOffset, problem)
    }

    private func replayTransaction(_ cursor: inout ByteCursor) throws(QuiverError) {
        let timestamp = cursor.u64()
        maxTimestamp = max(maxTimestamp, timestamp)
        guard timestamp >= fromTimestamp else { return }
        do throws(QuiverError) {
            while !cursor.atEnd {
                let rawCode = cursor.u8()
                guard let code = WALChangeCode(rawValue: rawCode) else { throw corrupt("unknown change code \(rawCode)") }
                try replayChange(code, &cursor)
                if cursor.overrun { throw corrupt("truncated \(code) change") }
            }
            try finishPendingCreate()
        } catch {
            newVertex = nil
            newEdge = nil
            if error.message.hasPrefix("WAL file") { throw error }
            throw corrupt("cannot replay: \(error.message)")
        }
        transactionsReplayed += 1
    }

    private func replayChange(_ code: WALChangeCode, _ cursor: inout ByteCursor) throws(QuiverError) {
        let gid = Gid(cursor.varint())
        switch code {
        case .createVertex:
            try finishPendingCreate()
            newVertex = gid
        case .deleteVertex:
            try finishPendingCreate()
            guard try transaction.deleteVertex(gid, detach: true) else { throw missing("vertex", gid) }
        case .addLabel, .removeLabel:
            guard let label = names.label(cursor.varint32()) else { throw corrupt("undeclared label id") }
            if code == .addLabel && newVertex == gid {
                newLabels.append(label)
                return
            }
            try finishPendingCreate()
            _ = code == .addLabel ? try transaction.addLabel(gid, label) : try transaction.removeLabel(gid, label)
        case .setVertexProperty, .setEdgeProperty:
            guard let key = names.property(cursor.varint32()) else { throw corrupt("undeclared property id") }
            let value = try propertyValue(&cursor)
            if code == .setVertexProperty && newVertex == gid {
                if !value.isNull { newProperties.append((key, value)) }
                return
            }
            if code == .setEdgeProperty && newEdge?.gid == gid {
                if !value.isNull { newProperties.append((key, value)) }
                return
            }
            try finishPendingCreate()
            if code == .setVertexProperty {
                try transaction.setProperty(gid, key, value)
            } else {
                try transaction.setEdgeProperty(gid, key, value)
            }
        case .createEdge, .deleteEdge:
            let from = Gid(cursor.varint()), to = Gid(cursor.varint())
            guard let type = names.edgeType(cursor.varint32()) else { throw corrupt("undeclared edge type id") }
            try finishPendingCreate()
            let edge = EdgeRef(gid: gid, from: from, to: to, type: type)
            if code == .createEdge {
                newEdge = edge
            } else if try !transaction.deleteEdge(edge) {
                throw missing("edge", gid)
            }
        }
    }

    private func propertyValue(_ cursor: inout ByteCursor) throws(QuiverError) -> Value {
        guard let run = cursor.propertyRun() else { throw corrupt("malformed property value") }
        var value = Value.null
        PropertyCodec.forEach(in: run) { _, decoded in
            value = decoded
            return false
        }
        return value
    }

    private func missing(_ kind: String, _ gid: Gid) -> QuiverError {
        corrupt("the \(kind) \(gid) it deletes does not exist")
    }

    private func finishPendingCreate() throws(QuiverError) {
        if let gid = newVertex {
            newVertex = nil
            try transaction.createVertex(gid: gid, labels: newLabels, properties: newProperties)
            newLabels.removeAll(keepingCapacity: true)
            newProperties.removeAll(keepingCapacity: true)
        } else if let edge = newEdge {
            newEdge = nil
            try transaction.createEdge(gid: edge.gid, from: edge.from, to: edge.to, type: edge.type, properties: newProperties)
            newProperties.removeAll(keepingCapacity: true)
            edgesCreated += 1
        }
    }
}

/// Decoding of schema changes (WAL schema records and the snapshot's constraint entries).
enum SchemaDecoding {
    static func change(_ cursor: inout ByteCursor, _ names: NameMap) -> SchemaChange? {
        guard let code = WALSchemaCode(rawValue: cursor.u8()), let label = names.label(cursor.varint32()) else { return nil }
        switch code {
        case .createLabelIndex: return .createLabelIndex(label)
        case .dropLabelIndex: return .dropLabelIndex(label)
        case .createUniqueConstraint, .dropUniqueConstraint, .createCompositeIndex, .dropCompositeIndex:
            let count = cursor.varint()
            guard count <= UInt64(cursor.remaining) else { return nil }
            var keys: [PropertyID] = []
            for _ in 0..<count {
                guard let key = names.property(cursor.varint32()) else { return nil }
                keys.append(key)
            }
            switch code {
            case .createUniqueConstraint: return .createUniqueConstraint(label, keys)
            case .dropUniqueConstraint: return .dropUniqueConstraint(label, keys)
            case .createCompositeIndex: return keys.count >= 2 ? .createCompositeIndex(label, keys) : nil
            default: return keys.count >= 2 ? .dropCompositeIndex(label, keys) : nil
            }
        default:
            break
        }
        guard let key = names.property(cursor.varint32()) else { return nil }
        switch code {
        case .createLabelPropertyIndex: return .createLabelPropertyIndex(label, key)
        case .dropLabelPropertyIndex: return .dropLabelPropertyIndex(label, key)
        case .createExistenceConstraint: return .createExistenceConstraint(label, key)
        case .dropExistenceConstraint: return .dropExistenceConstraint(label, key)
        case .createTypeConstraint: return .createTypeConstraint(label, key, typeName: cursor.string())
        case .dropTypeConstraint: return .dropTypeConstraint(label, key, typeName: cursor.string())
        default: return nil
        }
    }
}
