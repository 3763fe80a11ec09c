// ExternalStore: the seam through which a graph kept outside this module's record tables (the
// ON_DISK_TRANSACTIONAL mode: QuiverDisk over RocksDB) serves the same accessor API as the
// in-memory storage. Storage defines these protocols and QuiverDisk implements them, so the
// dependency points from the disk module to this one, never back.
//
// How it plugs in: a Storage created with (or switched to) an external store hands out
// Transactions whose public methods forward to an `ExternalTransaction` (one `if let` per call;
// the in-memory path pays a nil check, no dispatch). Schema DDL, counts and info on Storage
// forward to the `ExternalStore`. The Cypher executor, the engine and Bolt see no difference.
//
// Contract for implementations (the in-memory Transaction is the reference behaviour):
// - Snapshot isolation: reads see the store as of `begin` plus the transaction's own writes.
// - Views: `.new` sees every own write; `.old` hides writes made in the current command
//   (since the last `advanceCommand()`), so a Cypher clause never reads back its own writes.
// - Errors are the same QuiverError kinds and texts as the in-memory Transaction throws
//   (deleted objects, DETACH DELETE needed, constraint violations); a write-write conflict is
//   `QuiverError.conflict()` (transient), raised at the latest by `commit`.
// - `commit` is atomic and durable when it returns; `abort` leaves nothing behind.
import QuiverCore

/// A storage engine that holds the graph outside the in-memory record tables.
public protocol ExternalStore: AnyObject, Sendable {
    /// Starts a transaction; `memoryGuard` is the process's memory limit, which the
    /// transaction's working set (its cache of touched objects) is charged against.
    func begin(id: UInt64, memoryGuard: MemoryGuard) -> any ExternalTransaction

    var vertexCount: Int { get }
    var edgeCount: Int { get }
    /// Bytes the store occupies on disk (`SHOW STORAGE INFO`'s `disk_usage`).
    var diskUsageBytes: Int { get }
    /// Bytes the store holds in memory outside transactions (caches, write buffers); the
    /// memory guard counts them against the limit.
    var memoryBytes: Int { get }
    /// `EDGE IMPORT MODE ACTIVE`: only relationships may be written, vertex writes fail.
    var edgeImportMode: Bool { get }
    func setEdgeImportMode(_ active: Bool) throws(QuiverError)

    // Indexes. Storage calls DDL under unique access (no transaction is active).
    func createLabelIndex(_ label: LabelID) throws(QuiverError) -> Bool
    func dropLabelIndex(_ label: LabelID) throws(QuiverError) -> Bool
    func createLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool
    func dropLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool
    var indexInfo: [(label: LabelID, property: PropertyID?, count: Int)] { get }
    func hasLabelIndex(_ label: LabelID) -> Bool
    func hasLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) -> Bool
    func approximateCount(label: LabelID) -> Int?
    func approximateCount(label: LabelID, property: PropertyID) -> Int?

    // Constraints (existence, uniqueness, IS TYPED; type DDL throws on nothing to do).
    func createExistenceConstraint(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool
    func dropExistenceConstraint(_ label: LabelID, _ property: PropertyID) throws(QuiverError) -> Bool
    func createUniqueConstraint(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool
    func dropUniqueConstraint(_ label: LabelID, _ properties: [PropertyID]) throws(QuiverError) -> Bool
    func createTypeConstraint(_ label: LabelID, _ property: PropertyID, _ type: ConstraintDataType) throws(QuiverError)
    func dropTypeConstraint(_ label: LabelID, _ property: PropertyID, _ type: ConstraintDataType) throws(QuiverError)
    func dropAllConstraints() throws(QuiverError) -> Int
    var constraintInfo: [ConstraintInfo] { get }

    /// Flushes and closes the store; no transaction may be active.
    func close()
}

/// One transaction of an external store. Used by one thread at a time.
public protocol ExternalTransaction: AnyObject {
    func advanceCommand()

    func vertexExists(_ gid: Gid, view: View) -> Bool
    func hasLabel(_ gid: Gid, _ label: LabelID, view: View) -> Bool
    func labels(of gid: Gid, view: View) -> [LabelID]?
    func property(of gid: Gid, _ key: PropertyID, view: View) -> Value?
    /// Sorted by property id, as the in-memory storage returns them.
    func properties(of gid: Gid, view: View) -> [(PropertyID, Value)]?
    func edgeProperty(_ edge: Gid, _ key: PropertyID, view: View) -> Value?
    func edgeProperties(_ edge: Gid, view: View) -> [(PropertyID, Value)]?
    /// Replaces `buffer` with the vertex's visible edges in `direction` (all types when `types`
    /// is empty); false when the vertex does not exist.
    func edges(of gid: Gid, _ direction: EdgeDirection, types: [EdgeTypeID], view: View,
               into buffer: inout [AdjacencyEntry]) -> Bool

    func createVertex(labels: [LabelID], properties: [(PropertyID, Value)]) throws(QuiverError) -> Gid
    func deleteVertex(_ gid: Gid, detach: Bool) throws(QuiverError) -> Bool
    func addLabel(_ gid: Gid, _ label: LabelID) throws(QuiverError) -> Bool
    func removeLabel(_ gid: Gid, _ label: LabelID) throws(QuiverError) -> Bool
    func setProperty(_ gid: Gid, _ key: PropertyID, _ value: Value) throws(QuiverError)
    func createEdge(from: Gid, to: Gid, type: EdgeTypeID, properties: [(PropertyID, Value)]) throws(QuiverError) -> EdgeRef
    func deleteEdge(_ edge: EdgeRef) throws(QuiverError) -> Bool
    func setEdgeProperty(_ edge: Gid, _ key: PropertyID, _ value: Value) throws(QuiverError)

    func commit() throws(QuiverError)
    func abort()

    /// Every visible vertex.
    func scanVertices() -> any ExternalCursor
    /// Visible vertices with `label`.
    func scanLabel(_ label: LabelID) -> any ExternalCursor
    /// A label+property index cursor; nil when there is no such index.
    func scanIndex(_ label: LabelID, _ property: PropertyID) -> (any ExternalIndexCursor)?
}

/// A scan: pulled one vertex at a time; every vertex it returns exists for the transaction in
/// the `view` of that pull and matches the scan's label (and lookup).
public protocol ExternalCursor: AnyObject {
    func next(view: View) -> Gid?
}

/// An index scan that can be restarted with a new lookup (index nested-loop joins reuse one).
public protocol ExternalIndexCursor: ExternalCursor {
    /// Starts over with `lookup`; false when it can match nothing (null or mixed-type bounds).
    func reset(_ lookup: IndexLookup) -> Bool
}
