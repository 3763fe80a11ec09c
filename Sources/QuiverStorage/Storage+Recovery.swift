// Storage recovery surface: what durability needs to rebuild a graph from a snapshot and a
// log (a delta-free transaction that places objects at their old gids, the commit clock and
// the gid high-water marks) and to log schema changes. Nothing else may run during recovery.
import QuiverCore
import Synchronization

extension Storage {
    /// A transaction for recovery and bulk loads: no deltas and no rollback (as in analytical
    /// mode), reading everything. Only one may run, and nothing else with it.
    public func beginRecovery() -> Transaction {
        let start = engine.begin()
        return Transaction(storage: self, id: start.id, startTimestamp: start.startTimestamp,
                           isolation: .readUncommitted, analytical: true, indexes: indexes)
    }

    /// A read transaction for a consistent snapshot. Transactional mode: a snapshot-isolation
    /// reader (writers continue). Analytical mode, where writes are not versioned: unique access
    /// is taken first (waiting up to the access timeout) and held until the reader ends.
    public func beginSnapshotRead() throws(QuiverError) -> Transaction {
        guard mode == .inMemoryAnalytical else { return begin(isolation: .snapshotIsolation) }
        try engine.acquireUniqueAccess(timeoutSeconds: storageAccessTimeoutSeconds)
        let start = engine.beginWhileHoldingUniqueAccess()
        let transaction = Transaction(storage: self, id: start.id, startTimestamp: start.startTimestamp,
                                      isolation: .readUncommitted, analytical: true, indexes: indexes)
        transaction.releasesUniqueAccess = true
        return transaction
    }

    /// Moves the commit clock past `timestamp`: the next commit's timestamp is greater.
    public func restoreClock(after timestamp: UInt64) {
        engine.restoreClock(after: timestamp)
    }

    /// The timestamp the next commit will get. A snapshot read from a transaction started now
    /// holds exactly the commits below it.
    public var nextCommitTimestamp: UInt64 { engine.nextTimestamp }

    /// Every vertex and edge gid handed out so far is below these.
    public var gidLimits: (vertex: UInt64, edge: UInt64) {
        (vertices.gidLimit, propertiesOnEdges ? edges.gidLimit : edgeGidCounter.load(ordering: .acquiring))
    }

    /// Raises the gid high-water marks (gids are never reused, even those of deleted objects).
    public func restoreGidLimits(vertex: UInt64, edge: UInt64) {
        vertices.raiseNextGid(to: vertex)
        if propertiesOnEdges {
            edges.raiseNextGid(to: edge)
        } else {
            edgeGidCounter.raise(toAtLeast: edge)
        }
    }

    /// Makes an edge gid usable in recovery; refuses one that is in use.
    func claimEdgeGid(_ gid: UInt64) throws(QuiverError) {
        guard propertiesOnEdges else {
            edgeGidCounter.raise(toAtLeast: gid + 1)
            return
        }
        try edges.claim(gid)
        if let record = edges.pointer(gid), RecordWord.loadRelaxed(record.wordPointer) & RecordWord.existsBit != 0 {
            throw QuiverError(.invalidArgument, "Edge \(gid) already exists.")
        }
    }

    /// Logs a schema change through the attached log (under unique access, before it is made).
    func logSchemaChange(_ change: SchemaChange) throws(QuiverError) {
        guard let log = commitLog, mode == .inMemoryTransactional else { return }
        try log.logSchemaChange(change, timestamp: engine.nextTimestamp)
    }
}

extension Transaction {
    /// Recovery: creates a vertex at `gid`. Only in a transaction from `beginRecovery`.
    public func createVertex(gid: Gid, labels: [LabelID], properties: [(PropertyID, Value)]) throws(QuiverError) {
        try requireActive()
        precondition(isAnalytical, "createVertex(gid:) is for recovery transactions")
        try storage.vertices.claim(gid.rawValue)
        if let vertex = storage.vertices.pointer(gid.rawValue),
           RecordWord.loadRelaxed(vertex.wordPointer) & RecordWord.existsBit != 0 {
            throw QuiverError(.invalidArgument, "Vertex \(gid) already exists.")
        }
        try placeVertex(gid.rawValue, labels: Self.normalisedLabels(labels), properties: Self.normalisedProperties(properties))
    }

    /// Recovery: creates an edge at `gid`. Only in a transaction from `beginRecovery`.
    @discardableResult
    public func createEdge(gid: Gid, from: Gid, to: Gid, type: EdgeTypeID, properties: [(PropertyID, Value)]) throws(QuiverError) -> EdgeRef {
        precondition(isAnalytical, "createEdge(gid:) is for recovery transactions")
        return try createEdge(from: from, to: to, type: type, properties: properties, gid: gid)
    }
}
