// WALWriter: the write side of the WAL with group commit. `enqueue` (called under the storage's
// commit lock, in commit order) only appends framed record bytes to an in-memory pending buffer,
// deciding segment rotation and per-segment name declarations as it goes, and returns the end
// position as the ticket. `waitDurable` is leader/follower group commit: a waiter whose bytes
// are not yet durable and finds no flush in progress becomes the leader, takes the whole
// pending buffer, writes and syncs it outside the lock (WALWriter+Flush.swift), then wakes
// everyone; the others wait. Concurrent commits therefore share one fdatasync.
import QuiverCore

/// Where the previous run's WAL ended, for the first segment this writer creates.
struct WALStart {
    var nextSequence: UInt64 = 1
    /// Valid length of the newest existing segment (`noPreviousSegment` when there is none).
    var previousSegmentLength: UInt64 = WALFormat.noPreviousSegment
    /// The largest timestamp recovered (commits from now on are larger).
    var lastTimestamp: UInt64 = 0
}

final class WALWriter: @unchecked Sendable {
    struct SegmentMarker {
        var offset: Int
        var sequence: UInt64
        var firstTimestamp: UInt64
    }

    struct Failure {
        var after: UInt64
        var upTo: UInt64
        var error: QuiverError
    }

    struct OpenSegment {
        var file: FileHandle
        var path: String
        var sequence: UInt64
        var length: UInt64
        var durableLength: UInt64
    }

    let io: any FileIO
    let directory: String
    let names: NameRegistry
    let segmentLimit: Int
    let flushEvery: Int
    let monitor = Monitor()

    // Guarded by `monitor`.
    var pending: [UInt8] = []
    var spare: [UInt8] = []
    var markers: [SegmentMarker] = []
    var enqueuedEnd: UInt64 = 0
    var resolvedEnd: UInt64 = 0
    var failures: [Failure] = []
    var flushing = false
    var broken: QuiverError?
    var closed = false
    var segmentOpenForEnqueue = false
    var segmentBytes = 0
    var segmentHasRecords = false
    var declaredLabels = 0, declaredEdgeTypes = 0, declaredProperties = 0
    var nextSequence: UInt64
    var sinceGroup = 0
    var lastTimestamp: UInt64
    var flushCount = 0
    /// Commit records in `pending`, and in the last batch flushed.
    var pendingCommits = 0
    var lastBatchCommits = 0
    /// A leader is waiting for its group to gather (wake it through the second condition).
    var leaderGathering = false
    /// Longest a leader waits for the group of the previous flush to re-form.
    let gatherSeconds = 0.0004

    /// The ticket of a record refused because the log is broken or closed.
    static let rejected = UInt64.max

    // Touched only by the flushing leader (or under `monitor` with no leader).
    /// Clean-up still owed after a failed flush (retried by later commits and at close).
    var repairs: [RepairItem] = []
    var current: OpenSegment?
    var previousSegmentLength: UInt64
    var lastSurvivingSequence: UInt64

    init(io: any FileIO, directory: String, names: NameRegistry, segmentLimit: Int, flushEvery: Int, start: WALStart) {
        self.io = io
        self.directory = directory
        self.names = names
        self.segmentLimit = max(segmentLimit, 4096)
        self.flushEvery = max(1, flushEvery)
        nextSequence = start.nextSequence
        lastSurvivingSequence = start.nextSequence - 1
        previousSegmentLength = start.previousSegmentLength
        lastTimestamp = start.lastTimestamp
    }

    // MARK: Enqueue

    /// Appends a framed record (no I/O). `isCommit`: a transaction record, which the flush
    /// policy may let go without waiting; schema records always wait.
    func enqueue(_ record: [UInt8], timestamp: UInt64, isCommit: Bool) -> CommitTicketPosition {
        monitor.lock()
        defer { monitor.unlock() }
        if broken != nil || closed { return CommitTicketPosition(position: Self.rejected, mustWait: true) }
        if !segmentOpenForEnqueue || (segmentHasRecords && segmentBytes + record.count > segmentLimit) {
            startSegmentLocked(firstTimestamp: timestamp)
        }
        declareNamesLocked()
        pending.append(contentsOf: record)
        enqueuedEnd += UInt64(record.count)
        segmentBytes += record.count
        segmentHasRecords = true
        if isCommit {
            pendingCommits += 1
            if leaderGathering && pendingCommits >= lastBatchCommits { monitor.signalSecond() }
        }
        lastTimestamp = max(lastTimestamp, isCommit ? timestamp : timestamp &- 1)
        var mustWait = true
        if isCommit && flushEvery > 1 {
            sinceGroup += 1
            if sinceGroup >= flushEvery { sinceGroup = 0 } else { mustWait = false }
        }
        return CommitTicketPosition(position: enqueuedEnd, mustWait: mustWait)
    }

    private func startSegmentLocked(firstTimestamp: UInt64) {
        markers.append(SegmentMarker(offset: pending.count, sequence: nextSequence, firstTimestamp: firstTimestamp))
        nextSequence += 1
        segmentOpenForEnqueue = true
        segmentBytes = WALFormat.headerSize
        segmentHasRecords = false
        declaredLabels = 0
        declaredEdgeTypes = 0
        declaredProperties = 0
    }

    /// Declares, in the open segment, every name interned since the last declaration, so each
    /// segment carries the names its records use before their first use.
    private func declareNamesLocked() {
        declare(names.labels, .label, &declaredLabels)
        declare(names.edgeTypes, .edgeType, &declaredEdgeTypes)
        declare(names.properties, .property, &declaredProperties)
    }

    private func declare(_ interner: NameInterner, _ space: WALNameSpace, _ declared: inout Int) {
        let count = interner.count
        guard declared < count else { return }
        let before = pending.count
        for id in declared..<count {
            let start = pending.beginRecord(.name)
            pending.append(space.rawValue)
            pending.appendVarint(UInt64(id))
            pending.appendString(interner.name(for: UInt32(id)))
            pending.finishRecord(at: start)
        }
        declared = count
        enqueuedEnd += UInt64(pending.count - before)
        segmentBytes += pending.count - before
    }

    // MARK: Waiting

    /// Returns once every byte up to `position` is durable; throws if the flush carrying them
    /// failed (or the log is broken).
    func waitDurable(_ position: UInt64) throws(QuiverError) {
        monitor.lock()
        defer { monitor.unlock() }
        if position == Self.rejected { throw rejection() }
        while true {
            if position <= resolvedEnd {
                if let failure = failures.last(where: { position > $0.after && position <= $0.upTo }) {
                    throw failure.error
                }
                return
            }
            if let broken { throw broken }
            if closed { throw QuiverError(.internalError, "The write-ahead log is closed.") }
            if !flushing {
                gatherGroupLocked()
                flushLocked()
            } else {
                monitor.wait()
            }
        }
    }

    /// The error for a refused record; first retries the repair a broken log still owes (under
    /// the monitor, as the leader), so the next commit can succeed once the disk does.
    private func rejection() -> QuiverError {
        if closed { return QuiverError(.internalError, "The write-ahead log is closed.") }
        guard let cause = broken else { return QuiverError(.internalError, "The write-ahead log refused the transaction; retry it.") }
        while flushing { monitor.wait() }
        guard broken != nil else { return QuiverError(.internalError, "The write-ahead log recovered from a failure; retry the transaction.") }
        guard !repairs.isEmpty else { return cause }
        flushing = true
        monitor.unlock()
        let remaining = runRepairs(cause: cause)
        monitor.lock()
        flushing = false
        monitor.broadcast()
        if let remaining {
            broken = remaining
            return remaining
        }
        broken = nil
        nextSequence = lastSurvivingSequence + 1
        segmentOpenForEnqueue = false
        return QuiverError(.internalError, "The write-ahead log recovered from a failure; retry the transaction.")
    }

    /// A new leader waits briefly for as many commits as the previous flush carried: with N
    /// writers that each wait for their commit, the group otherwise splits into two halves that
    /// alternate, each fsync carrying only half of them. A lone writer never waits.
    private func gatherGroupLocked() {
        guard lastBatchCommits > 1, pendingCommits < lastBatchCommits, flushEvery == 1 else { return }
        flushing = true  // no one else may lead meanwhile
        leaderGathering = true
        let deadline = monotonicSeconds() + gatherSeconds
        while pendingCommits < lastBatchCommits && monotonicSeconds() < deadline {
            monitor.waitSecond(until: deadline)
        }
        leaderGathering = false
        flushing = false
    }

    /// Flushes whatever is pending now (the periodic flush when `flushEvery` > 1).
    func flushPending() {
        monitor.lock()
        defer { monitor.unlock() }
        while flushing { monitor.wait() }
        if resolvedEnd < enqueuedEnd && broken == nil { flushLocked() }
    }

    /// Flushes, then closes the open segment; later enqueues fail.
    func close() {
        monitor.lock()
        while flushing { monitor.wait() }
        if resolvedEnd < enqueuedEnd && broken == nil { flushLocked() }
        closed = true
        if let cause = broken, !repairs.isEmpty { _ = runRepairs(cause: cause) }
        monitor.unlock()
        if let segment = current {
            try? io.sync(segment.file, dataOnly: false)
            io.close(segment.file)
            current = nil
        }
    }

    /// Number of leader flushes so far (each one write + sync of a batch).
    var flushes: Int { monitor.withLock { flushCount } }
}

/// What `enqueue` returns (CommitTicket without the storage dependency).
struct CommitTicketPosition {
    var position: UInt64
    var mustWait: Bool
}
