// TransactionEngine: the commit clock, the set of active transactions, the queue of finished
// transactions awaiting GC, and storage access (shared for transactions, unique for mode
// switches and index DDL). All of it is guarded by one mutex taken at begin, commit and by GC;
// never on a read or write of an object.
//
// Invariants: (1) a start timestamp is the lowest timestamp not yet published (the clock, or
// the oldest commit still waiting for the log): the transaction sees exactly the commits with a
// smaller timestamp, all of them published; (2) a commit timestamp is published into the
// transaction's commit cell under the mutex, and commits waiting for the log are published in
// timestamp order, so no transaction can start between the two and miss it; (3)
// `oldestActiveStart` is a lower bound on every active start timestamp. A commit waiting for
// the log stays active (GC keeps what it may still need) until it is published or abandoned.
import Atomics
import Glibc
import QuiverCore
import Synchronization

final class TransactionEngine: @unchecked Sendable {
    private let mutex = PThreadMutex()
    private var clock: UInt64 = 1
    private var nextTransactionID: UInt64 = Timestamps.transactionIDBase
    /// Start timestamps of active transactions, by transaction id.
    private var active: [UInt64: UInt64] = [:]
    /// Committed transactions whose deltas GC has not released yet, in commit order.
    private var committed: [TransactionWork] = []
    /// Commits waiting for the log to call them durable, in timestamp order.
    private var pending: [(timestamp: UInt64, transactionID: UInt64, work: TransactionWork)] = []
    private var uniqueAccessRequested = false
    private var uniqueAccessHeld = false

    /// Number of deltas held by committed transactions not yet collected.
    let unreleasedDeltas = Atomic<Int>(0)

    struct Start {
        var id: UInt64
        var startTimestamp: UInt64
    }

    /// Registers a new transaction; waits while a unique-access operation runs or is pending.
    func begin() -> Start {
        while true {
            let started: Start? = mutex.withLock {
                guard !uniqueAccessRequested && !uniqueAccessHeld else { return nil }
                let id = nextTransactionID
                nextTransactionID += 1
                let start = pending.first?.timestamp ?? clock
                active[id] = start
                return Start(id: id, startTimestamp: start)
            }
            if let started { return started }
            usleep(200)
        }
    }

    /// Publishes a commit: takes the next timestamp, stores it into the commit cell and queues
    /// the transaction's work for GC.
    func commit(_ transaction: Transaction) {
        let work = transaction.work
        mutex.withLock {
            let timestamp = clock
            clock += 1
            work.commitTimestamp = timestamp
            UnsafeAtomic<UInt64>(at: work.commitCell).store(timestamp, ordering: .releasing)
            active.removeValue(forKey: transaction.id)
            committed.append(work)
        }
    }

    /// Registers a transaction while unique access is held (by its caller): the reader of a
    /// consistent analytical snapshot, which must keep every writer out while it reads.
    func beginWhileHoldingUniqueAccess() -> Start {
        mutex.withLock {
            let id = nextTransactionID
            nextTransactionID += 1
            let start = pending.first?.timestamp ?? clock
            active[id] = start
            return Start(id: id, startTimestamp: start)
        }
    }

    /// A commit through the log: takes the next timestamp and enqueues the record in timestamp
    /// order. When the log says the commit need not wait, it is published at once; otherwise
    /// it stays pending until `publish(through:)` or `abandon`.
    func commit(_ transaction: Transaction, log: any CommitLog, record: [UInt8]) -> (timestamp: UInt64, ticket: CommitTicket) {
        let work = transaction.work
        return mutex.withLock {
            let timestamp = clock
            clock += 1
            let ticket = log.enqueue(record, commitTimestamp: timestamp)
            work.commitTimestamp = timestamp
            if ticket.mustWait {
                pending.append((timestamp, transaction.id, work))
            } else {
                UnsafeAtomic<UInt64>(at: work.commitCell).store(timestamp, ordering: .releasing)
                active.removeValue(forKey: transaction.id)
                committed.append(work)
            }
            return (timestamp, ticket)
        }
    }

    /// Publishes every pending commit up to `timestamp` (the log made them durable in order).
    func publish(through timestamp: UInt64) {
        mutex.withLock {
            var published = 0
            for entry in pending {
                guard entry.timestamp <= timestamp else { break }
                UnsafeAtomic<UInt64>(at: entry.work.commitCell).store(entry.timestamp, ordering: .releasing)
                active.removeValue(forKey: entry.transactionID)
                committed.append(entry.work)
                published += 1
            }
            pending.removeFirst(published)
        }
    }

    /// Forgets a pending commit the log could not make durable; the caller undoes it and calls
    /// `finish`. Its timestamp is never published.
    func abandon(_ transaction: Transaction) {
        mutex.withLock {
            pending.removeAll { $0.transactionID == transaction.id }
            transaction.work.commitTimestamp = .max
        }
    }

    /// The timestamp the next commit will get.
    var nextTimestamp: UInt64 { mutex.withLock { clock } }

    /// Moves the clock past `timestamp` (recovery: new commits must follow the recovered ones).
    func restoreClock(after timestamp: UInt64) {
        mutex.withLock { clock = max(clock, timestamp + 1) }
    }

    func finish(_ transaction: Transaction) {
        mutex.withLock { _ = active.removeValue(forKey: transaction.id) }
    }

    /// Start timestamp of the oldest active transaction, or the clock when none is active.
    var oldestActiveStart: UInt64 {
        mutex.withLock { active.values.min() ?? pending.first?.timestamp ?? clock }
    }

    var activeCount: Int { mutex.withLock { active.count } }

    /// Removes and returns the committed transactions no active transaction can still need.
    func takeCollectable() -> [TransactionWork] {
        mutex.withLock {
            let horizon = active.values.min() ?? clock
            var ready: [TransactionWork] = []
            var keep: [TransactionWork] = []
            for work in committed {
                if work.commitTimestamp < horizon { ready.append(work) } else { keep.append(work) }
            }
            committed = keep
            return ready
        }
    }

    /// Waits until no transaction other than `except` is active and takes unique access.
    /// Throws Memgraph's storage-access error after `timeoutSeconds`.
    func acquireUniqueAccess(timeoutSeconds: Double, except: UInt64? = nil) throws(QuiverError) {
        let deadline = monotonicSeconds() + timeoutSeconds
        var requested = false
        while true {
            let acquired: Bool = mutex.withLock {
                if uniqueAccessHeld { return false }
                if !requested && !uniqueAccessRequested { uniqueAccessRequested = true; requested = true }
                guard requested else { return false }
                let others = active.keys.filter { $0 != except }.count
                if others == 0 {
                    uniqueAccessRequested = false
                    uniqueAccessHeld = true
                    return true
                }
                return false
            }
            if acquired { return }
            if monotonicSeconds() >= deadline {
                if requested { mutex.withLock { uniqueAccessRequested = false } }
                throw QuiverError(.storageAccessTimeout, Self.uniqueAccessTimeoutMessage)
            }
            usleep(500)
        }
    }

    func releaseUniqueAccess() {
        mutex.withLock { uniqueAccessHeld = false }
    }

    static let uniqueAccessTimeoutMessage =
        "Cannot get unique access to the storage. Try stopping other parallel queries. Note: Periodic snapshots also hold storage access. You can increase the timeout via SET DATABASE SETTINGS 'storage.access_timeout_sec' TO 'value'; or via the --storage-access-timeout-sec flag. Run SHOW CONFIG to return the current value. See: https://memgraph.com/docs/help-center/errors/transactions#storage-access-timeout"
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
