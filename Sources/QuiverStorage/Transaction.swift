// Transaction: the accessor through which the query engine reads and writes one storage. This
// file holds its state and the MVCC rules every read and write applies; the operations live in
// Transaction+Reads.swift, Transaction+VertexWrites.swift, Transaction+EdgeWrites.swift and
// Transaction+End.swift. A transaction is used by one thread at a time.
//
// MVCC rules (Memgraph's mvcc.hpp, restated):
//   visible(delta)  = own delta:      view == .new or delta.command < current command
//                     other's delta:  SNAPSHOT_ISOLATION  committed before our start
//                                     READ_COMMITTED      committed
//                                     READ_UNCOMMITTED    always
//   A reader starts from an object's newest version and applies deltas while they are not
//   visible; the first visible delta ends the walk (everything older is visible too).
//   write allowed   = no delta, or the newest delta is ours, or it committed before our start;
//                     otherwise the writer fails at once with a conflict (first writer wins).
import Atomics
import QuiverCore

public final class Transaction: @unchecked Sendable {
    let storage: Storage
    public let id: UInt64
    public let startTimestamp: UInt64
    public let isolation: IsolationLevel
    /// In analytical mode no deltas are written: writes are visible at once and never undone.
    public let isAnalytical: Bool
    let indexes: IndexSet
    /// Constraints in force (nil when there are none: writes then skip every check).
    let constraints: ConstraintSet?
    /// Vertices whose existence and uniqueness constraints the commit validates.
    var constraintTouched: [UInt64] = []
    /// Passed uniqueness validation; the registry forgets it when this transaction ends.
    var constraintValidated = false

    /// The current command (Cypher clause); `.old` reads hide this command's own writes.
    public private(set) var commandID: UInt32 = 0
    /// What outlives the transaction until GC: deltas, commit cell, index and delete upkeep.
    let work: TransactionWork
    let commitCell: UnsafeMutablePointer<AtomicWord>
    let slab: DeltaSlab
    var vertexCountChange = 0
    /// Edge gids reserved in blocks, so parallel writers do not contend on one counter.
    var edgeGidNext: UInt64 = 0
    var edgeGidEnd: UInt64 = 0
    var edgeCountChange = 0
    /// Writes made so far (the memory limit spares small transactions).
    var writeCount = 0
    /// Set on an analytical snapshot reader: its end releases the storage's unique access.
    var releasesUniqueAccess = false
    /// The on-disk engine's transaction (ExternalStore.swift): every public read, write and
    /// the end forward to it; nil in the in-memory modes.
    let external: (any ExternalTransaction)?

    public enum State: Sendable { case active, committed, aborted }
    public private(set) var state: State = .active

    init(storage: Storage, id: UInt64, startTimestamp: UInt64, isolation: IsolationLevel, analytical: Bool, indexes: IndexSet,
         external: (any ExternalTransaction)? = nil) {
        self.storage = storage
        self.external = external
        self.id = id
        self.startTimestamp = startTimestamp
        self.isolation = isolation
        self.isAnalytical = analytical
        self.indexes = indexes
        constraints = analytical ? nil : storage.constraintRegistry.current
        work = TransactionWork(id: id, pool: storage.deltaPool)
        slab = work.slab
        commitCell = work.commitCell
    }

    deinit {
        if state == .active { abort() }
    }

    /// Starts the next command: writes made so far become visible to `.old` reads.
    public func advanceCommand() {
        commandID += 1
        external?.advanceCommand()
    }

    func markCommitted() {
        state = .committed
        if constraintValidated { storage.constraintRegistry.finishedCommitting(id) }
        endUniqueAccess()
    }

    func markAborted() {
        state = .aborted
        if constraintValidated { storage.constraintRegistry.finishedCommitting(id) }
        endUniqueAccess()
    }

    private func endUniqueAccess() {
        guard releasesUniqueAccess else { return }
        releasesUniqueAccess = false
        storage.engine.releaseUniqueAccess()
    }

    @inline(__always)
    func requireActive() throws(QuiverError) {
        guard state == .active else {
            throw QuiverError(.transactionNotActive, "The transaction is no longer active.")
        }
    }

    /// The storage's global memory limit (query operators check it too).
    public var storageMemoryGuard: MemoryGuard? { storage.memoryGuard }

    /// Every write's entry check: active, and not growing while memory is over the limit.
    @inline(__always)
    func requireWritable() throws(QuiverError) {
        try requireActive()
        writeCount &+= 1
        if storage.memoryGuard.isExceeded && writeCount > MemoryGuard.writesSparedWhileOver {
            throw storage.memoryGuard.exceededError()
        }
    }

    // MARK: - Visibility

    @inline(__always)
    func isVisible(_ delta: UnsafeMutablePointer<Delta>, _ view: View) -> Bool {
        let timestamp = UnsafeAtomic<UInt64>(at: delta.pointee.commitCell).load(ordering: .acquiring)
        if timestamp == id { return view == .new || delta.pointee.commandID < commandID }
        switch isolation {
        case .snapshotIsolation: return timestamp < startTimestamp
        case .readCommitted: return timestamp < Timestamps.transactionIDBase
        case .readUncommitted: return true
        }
    }

    /// The first delta a reader must undo, or nil when the newest version is the visible one.
    @inline(__always)
    func firstInvisible(_ payload: UInt64, _ view: View) -> UnsafeMutablePointer<Delta>? {
        guard let head = RecordWord.deltaPointer(payload) else { return nil }
        return isVisible(head, view) ? nil : head
    }

    /// Walks the deltas a reader must undo, newest first.
    @inline(__always)
    func forEachInvisible(from head: UnsafeMutablePointer<Delta>, _ view: View, _ body: (UnsafeMutablePointer<Delta>) -> Void) {
        var current: UnsafeMutablePointer<Delta>? = head
        while let delta = current, !isVisible(delta, view) {
            body(delta)
            current = delta.pointee.next
        }
    }

    // MARK: - Write rule

    /// Under the object's exclusive lock: throws a conflict when another transaction owns the
    /// newest version, and "deleted" when the object is gone.
    @inline(__always)
    func checkWritable(_ payload: UInt64, deletedMessage: String) throws(QuiverError) {
        if !isAnalytical, let head = RecordWord.deltaPointer(payload) {
            let timestamp = UnsafeAtomic<UInt64>(at: head.pointee.commitCell).load(ordering: .acquiring)
            if timestamp != id && timestamp >= startTimestamp { throw QuiverError.conflict() }
        }
        if payload & RecordWord.existsBit == 0 || payload & RecordWord.deletedBit != 0 {
            throw QuiverError(.deletedObject, deletedMessage)
        }
    }

    /// Under the object's exclusive lock: prepends an undo delta and returns the new payload.
    /// A no-op in analytical mode.
    @inline(__always)
    func pushDelta(_ payload: UInt64, _ action: DeltaAction, _ kind: ObjectKind, gid: UInt64, a: UInt64 = 0, b: UInt64 = 0) -> UInt64 {
        if isAnalytical { return payload }
        let head = RecordWord.deltaPointer(payload)
        var flags: UInt8 = 0
        if let head {
            if UnsafeAtomic<UInt64>(at: head.pointee.commitCell).load(ordering: .relaxed) != id {
                flags = Delta.firstOfTransaction
            }
        } else {
            flags = Delta.firstOfTransaction
        }
        let (delta, grown) = slab.appendDelta()
        if grown > 0 { storage.counters.deltaBytes.wrappingAdd(grown, ordering: .relaxed) }
        delta.initialize(to: Delta(commitCell: commitCell, next: head, objectGid: gid, commandID: commandID,
                                   action: action, objectKind: kind, flags: flags, a: a, b: b))
        return RecordWord.withDelta(payload, delta)
    }

    /// Keeps `value` alive for a setProperty delta; returns its address as the delta payload.
    func saveOldValue(_ value: Value) -> UInt64 {
        let (pointer, grown) = slab.saveValue(value)
        if grown > 0 { storage.counters.deltaBytes.wrappingAdd(grown, ordering: .relaxed) }
        return UInt64(UInt(bitPattern: pointer))
    }

    static let deletedVertexMessage = "Trying to set properties on a deleted object."
}

/// The part of a transaction that GC needs after it commits. It holds no reference back to
/// the transaction or the storage, so queued work never keeps either alive.
final class TransactionWork {
    let slab: DeltaSlab
    let commitCell: UnsafeMutablePointer<AtomicWord>
    var commitTimestamp: UInt64 = .max
    /// Index entries that may have become obsolete through this transaction's writes.
    var indexCandidates: [IndexCandidate] = []
    /// Objects this transaction deleted, freed by GC once no one can see them.
    var deletedVertices: [UInt64] = []
    var deletedEdges: [UInt64] = []

    init(id: UInt64, pool: DeltaChunkPool) {
        slab = DeltaSlab(pool: pool)
        commitCell = .allocate(capacity: 1)
        UnsafeAtomic<UInt64>(at: commitCell).store(id, ordering: .relaxed)
    }

    deinit {
        slab.release()
        commitCell.deallocate()
    }
}
