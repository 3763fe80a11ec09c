// WAL record encoding: a committing transaction's redo changes and a schema change as framed
// WAL records (codes in WALFormat.swift). Ids are the process's interned ids; the writer
// declares their names in each segment before the first record that uses them.
import QuiverCore
import QuiverStorage

enum WALRecordEncoding {
    /// The framed `transaction` record: the commit timestamp is patched in by `stampTimestamp`
    /// once known (it is assigned after encoding, under the commit lock).
    static func transactionRecord(_ changes: borrowing CommitChanges) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 + changes.deltaCount * 12)
        let start = bytes.beginRecord(.transaction)
        bytes.appendU64(0)  // commit timestamp, stamped in `enqueue`
        changes.forEach { change in append(change, to: &bytes) }
        bytes.finishRecord(at: start)
        return bytes
    }

    /// Offset of the commit timestamp in a transaction record.
    static let timestampOffset = WALFormat.recordHeaderSize

    /// Writes `timestamp` into a transaction record and refreshes its CRC.
    static func stampTimestamp(_ record: inout [UInt8], _ timestamp: UInt64) {
        record.withUnsafeMutableBytes { $0.storeBytes(of: timestamp.littleEndian, toByteOffset: timestampOffset, as: UInt64.self) }
        record.withUnsafeMutableBytes { raw in
            var crc = CRC32C()
            crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<4]))
            crc.update(UnsafeRawBufferPointer(rebasing: raw[8...]))
            raw.storeBytes(of: crc.value.littleEndian, toByteOffset: 4, as: UInt32.self)
        }
    }

    private static func append(_ change: Change, to bytes: inout [UInt8]) {
        switch change {
        case .createVertex(let gid):
            bytes.append(WALChangeCode.createVertex.rawValue)
            bytes.appendVarint(gid.rawValue)
        case .deleteVertex(let gid):
            bytes.append(WALChangeCode.deleteVertex.rawValue)
            bytes.appendVarint(gid.rawValue)
        case .addLabel(let gid, let label):
            bytes.append(WALChangeCode.addLabel.rawValue)
            bytes.appendVarint(gid.rawValue)
            bytes.appendVarint(label.rawValue)
        case .removeLabel(let gid, let label):
            bytes.append(WALChangeCode.removeLabel.rawValue)
            bytes.appendVarint(gid.rawValue)
            bytes.appendVarint(label.rawValue)
        case .setVertexProperty(let gid, let key, let value):
            bytes.append(WALChangeCode.setVertexProperty.rawValue)
            appendProperty(gid, key, value, to: &bytes)
        case .createEdge(let edge):
            bytes.append(WALChangeCode.createEdge.rawValue)
            appendEdge(edge, to: &bytes)
        case .deleteEdge(let edge):
            bytes.append(WALChangeCode.deleteEdge.rawValue)
            appendEdge(edge, to: &bytes)
        case .setEdgeProperty(let gid, let key, let value):
            bytes.append(WALChangeCode.setEdgeProperty.rawValue)
            appendProperty(gid, key, value, to: &bytes)
        }
    }

    private static func appendEdge(_ edge: EdgeRef, to bytes: inout [UInt8]) {
        bytes.appendVarint(edge.gid.rawValue)
        bytes.appendVarint(edge.from.rawValue)
        bytes.appendVarint(edge.to.rawValue)
        bytes.appendVarint(edge.type.rawValue)
    }

    /// gid, key, then a property run: empty for a removal, else the one entry `key = value`.
    private static func appendProperty(_ gid: Gid, _ key: PropertyID, _ value: Value, to bytes: inout [UInt8]) {
        bytes.appendVarint(gid.rawValue)
        bytes.appendVarint(key.rawValue)
        if value.isNull {
            bytes.append(0)
            return
        }
        do {
            try bytes.appendPropertyRun([(key, value)])
        } catch {
            // The value is already stored with this codec, so its checks cannot fail here.
            preconditionFailure("WAL: committed property value cannot be encoded: \(error)")
        }
    }

    /// The framed `schema` record.
    static func schemaRecord(_ change: SchemaChange, timestamp: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        let start = bytes.beginRecord(.schema)
        bytes.appendU64(timestamp)
        appendSchemaChange(change, to: &bytes)
        bytes.finishRecord(at: start)
        return bytes
    }

    /// Code and operands of a schema change (also the snapshot's constraint entries).
    static func appendSchemaChange(_ change: SchemaChange, to bytes: inout [UInt8]) {
        func code(_ c: WALSchemaCode) { bytes.append(c.rawValue) }
        switch change {
        case .createLabelIndex(let label): code(.createLabelIndex); bytes.appendVarint(label.rawValue)
        case .dropLabelIndex(let label): code(.dropLabelIndex); bytes.appendVarint(label.rawValue)
        case .createLabelPropertyIndex(let label, let key):
            code(.createLabelPropertyIndex); bytes.appendVarint(label.rawValue); bytes.appendVarint(key.rawValue)
        case .dropLabelPropertyIndex(let label, let key):
            code(.dropLabelPropertyIndex); bytes.appendVarint(label.rawValue); bytes.appendVarint(key.rawValue)
        case .createCompositeIndex(let label, let keys):
            code(.createCompositeIndex); bytes.appendVarint(label.rawValue); appendKeys(keys, &bytes)
        case .dropCompositeIndex(let label, let keys):
            code(.dropCompositeIndex); bytes.appendVarint(label.rawValue); appendKeys(keys, &bytes)
        case .createExistenceConstraint(let label, let key):
            code(.createExistenceConstraint); bytes.appendVarint(label.rawValue); bytes.appendVarint(key.rawValue)
        case .dropExistenceConstraint(let label, let key):
            code(.dropExistenceConstraint); bytes.appendVarint(label.rawValue); bytes.appendVarint(key.rawValue)
        case .createUniqueConstraint(let label, let keys):
            code(.createUniqueConstraint); bytes.appendVarint(label.rawValue); appendKeys(keys, &bytes)
        case .dropUniqueConstraint(let label, let keys):
            code(.dropUniqueConstraint); bytes.appendVarint(label.rawValue); appendKeys(keys, &bytes)
        case .createTypeConstraint(let label, let key, let typeName):
            code(.createTypeConstraint); bytes.appendVarint(label.rawValue); bytes.appendVarint(key.rawValue)
            bytes.appendString(typeName)
        case .dropTypeConstraint(let label, let key, let typeName):
            code(.dropTypeConstraint); bytes.appendVarint(label.rawValue); bytes.appendVarint(key.rawValue)
            bytes.appendString(typeName)
        }
    }

    private static func appendKeys(_ keys: [PropertyID], _ bytes: inout [UInt8]) {
        bytes.appendVarint(UInt64(keys.count))
        for key in keys { bytes.appendVarint(key.rawValue) }
    }
}
