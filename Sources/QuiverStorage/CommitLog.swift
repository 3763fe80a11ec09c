// CommitLog: the protocol through which durability subscribes to commits and schema changes.
// Storage knows nothing of files; it hands each committing transaction's changes, in redo
// form, to the attached log and waits for the log to call them durable before publishing.
//
// Commit protocol with a log attached (Transaction+End.swift, TransactionEngine.swift):
//   1. `encode`   on the committing thread, no lock held: the change set becomes log bytes.
//   2. `enqueue`  under the engine's commit lock, in commit-timestamp order: copy only, no I/O.
//   3. `waitDurable` with no lock held. Success publishes the transaction (in commit order, so
//      a client that sees its acknowledgement and starts again sees its own writes); a throw
//      undoes the transaction in memory and reports the error, so memory never holds a
//      transaction the log lost.
// Transactions that start while a commit is pending do not see it (their start timestamp stays
// below it), so snapshot isolation holds across the wait.
import QuiverCore

/// One redo change of a committed transaction, in the order the transaction made them. Values
/// are those at commit (`.null` = removed): an object created by the transaction appears as its
/// create followed by its labels and properties at commit; one created and deleted by it as a
/// create and a delete. Replaying the changes in order with idempotent label and property
/// operations rebuilds the committed state.
public enum Change: Sendable {
    case createVertex(Gid)
    case deleteVertex(Gid)
    case addLabel(Gid, LabelID)
    case removeLabel(Gid, LabelID)
    case setVertexProperty(Gid, PropertyID, Value)
    case createEdge(EdgeRef)
    case deleteEdge(EdgeRef)
    case setEdgeProperty(Gid, PropertyID, Value)
}

/// A schema change, logged synchronously (under unique access) when it is made.
public enum SchemaChange: Sendable, Equatable {
    case createLabelIndex(LabelID)
    case dropLabelIndex(LabelID)
    case createLabelPropertyIndex(LabelID, PropertyID)
    case dropLabelPropertyIndex(LabelID, PropertyID)
    /// A label+property index over two or more properties, in the order given.
    case createCompositeIndex(LabelID, [PropertyID])
    case dropCompositeIndex(LabelID, [PropertyID])
    case createExistenceConstraint(LabelID, PropertyID)
    case dropExistenceConstraint(LabelID, PropertyID)
    case createUniqueConstraint(LabelID, [PropertyID])
    case dropUniqueConstraint(LabelID, [PropertyID])
    /// `typeName` is Memgraph's type keyword (INTEGER, STRING, …).
    case createTypeConstraint(LabelID, PropertyID, typeName: String)
    case dropTypeConstraint(LabelID, PropertyID, typeName: String)
}

/// A committing transaction's changes, visited oldest first. Valid only during `encode`.
public struct CommitChanges: ~Copyable {
    let transaction: Transaction

    /// The number of undo deltas behind the changes (an upper bound on the change count).
    public var deltaCount: Int { transaction.slab.count }

    /// Calls `body` for every change, oldest first.
    public func forEach(_ body: (Change) -> Void) {
        transaction.forEachRedoChange(body)
    }
}

/// What the log returns from `enqueue`: an opaque position it can wait on.
public struct CommitTicket: Sendable {
    public var position: UInt64
    /// False when the log's flush policy does not make this commit wait for the disk.
    public var mustWait: Bool

    public init(position: UInt64, mustWait: Bool) {
        self.position = position
        self.mustWait = mustWait
    }
}

public protocol CommitLog: AnyObject, Sendable {
    /// Step 1: the log record for a transaction's changes (no lock held). Names are resolved
    /// through `Storage.names`.
    func encode(_ changes: borrowing CommitChanges) -> [UInt8]
    /// Step 2: under the commit lock, in commit order; copies `record`, does no I/O.
    func enqueue(_ record: [UInt8], commitTimestamp: UInt64) -> CommitTicket
    /// Step 3: returns when the record is durable, throws when it cannot be made durable.
    func waitDurable(_ ticket: CommitTicket) throws(QuiverError)
    /// A schema change, made durable before this returns; a throw cancels the change. Called
    /// under unique access: `timestamp` is the next commit timestamp, so the change sits after
    /// every commit below it and before every commit from it on.
    func logSchemaChange(_ change: SchemaChange, timestamp: UInt64) throws(QuiverError)
}
