// DiskCursors: scans over all vertices and over a label, each merging the committed keys at
// the transaction's snapshot with the overlay. A committed key of a vertex this transaction
// changed is answered from the overlay in the pull's view; vertices the overlay may have
// added to the scan (created ones, gained labels) come after the committed keys, each checked
// in view and never returned twice.
import QuiverCore
import QuiverStorage

/// Every visible vertex: committed ones in gid order, then the ones this transaction created.
final class DiskVertexCursor: ExternalCursor {
    private let transaction: DiskTransaction
    private var iterator: RocksIterator?
    private var started = false
    private var createdPosition = 0

    init(_ transaction: DiskTransaction) {
        self.transaction = transaction
    }

    func next(view: View) -> Gid? {
        let transaction = self.transaction
        guard transaction.state == .active else { return nil }
        if !started {
            started = true
            let iterator = RocksIterator(transaction.database, .vertices, readOptions: transaction.scanReadOptions)
            iterator.seekToFirst()
            self.iterator = iterator
        }
        if let iterator {
            while iterator.isValid {
                let gid = iterator.key.bigEndianUInt64(at: 0)
                if let changed = transaction.changedVertex(gid) {
                    iterator.next()
                    if changed.image(view, command: transaction.commandID).exists { return Gid(gid) }
                    continue
                }
                transaction.primeCache(gid, iterator.value)
                iterator.next()
                return Gid(gid)
            }
            self.iterator = nil
        }
        while createdPosition < transaction.createdVertices.count {
            let gid = transaction.createdVertices[createdPosition]
            createdPosition += 1
            if transaction.vertexExists(Gid(gid), view: view) { return Gid(gid) }
        }
        return nil
    }
}

/// Vertices with a label: through the label index when there is one (committed entries, then
/// the overlay's gains), otherwise a vertex scan filtered by the label.
final class DiskLabelCursor: ExternalCursor {
    private let transaction: DiskTransaction
    private let label: LabelID
    private var scan: DiskVertexCursor?
    private var iterator: RocksIterator?
    private var prefix: [UInt8]
    private var started = false
    private var gainPosition = 0
    private var emittedChanged: Set<UInt64> = []

    init(_ transaction: DiskTransaction, _ label: LabelID) {
        self.transaction = transaction
        self.label = label
        prefix = []
        prefix.appendBigEndian(label.rawValue)
        if !transaction.schema.labelIndexes.contains(label.rawValue) { scan = DiskVertexCursor(transaction) }
    }

    func next(view: View) -> Gid? {
        let transaction = self.transaction
        if let scan {
            while let gid = scan.next(view: view) {
                if transaction.hasLabel(gid, label, view: view) { return gid }
            }
            return nil
        }
        guard transaction.state == .active else { return nil }
        if !started {
            started = true
            let iterator = RocksIterator(transaction.database, .labelIndex, readOptions: transaction.scanReadOptions)
            iterator.seek(prefix)
            self.iterator = iterator
        }
        if let iterator {
            while iterator.keyHasPrefix(prefix) {
                let gid = iterator.key.bigEndianUInt64(at: 4)
                iterator.next()
                if let changed = transaction.changedVertex(gid) {
                    emittedChanged.insert(gid)
                    if changed.image(view, command: transaction.commandID).hasLabel(label) { return Gid(gid) }
                    continue
                }
                return Gid(gid)
            }
            self.iterator = nil
        }
        while let gains = transaction.labelGains[label.rawValue], gainPosition < gains.count {
            let gid = gains[gainPosition]
            gainPosition += 1
            if emittedChanged.contains(gid) { continue }
            emittedChanged.insert(gid)
            if transaction.hasLabel(Gid(gid), label, view: view) { return Gid(gid) }
        }
        return nil
    }
}

extension DiskTransaction {
    func scanVertices() -> any ExternalCursor { DiskVertexCursor(self) }

    func scanLabel(_ label: LabelID) -> any ExternalCursor { DiskLabelCursor(self, label) }

    func scanIndex(_ label: LabelID, _ property: PropertyID) -> (any ExternalIndexCursor)? {
        guard schema.propertyIndexes.contains(LabelProperty(label: label.rawValue, property: property.rawValue)) else { return nil }
        return DiskIndexCursor(self, label, property)
    }
}
