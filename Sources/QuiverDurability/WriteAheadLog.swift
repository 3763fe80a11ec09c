// WriteAheadLog: the storage's CommitLog. `encode` turns a committing transaction's changes into
// a framed record on the committing thread; `enqueue` stamps the commit timestamp and hands the
// bytes to the group-commit writer (no I/O under the commit lock); `waitDurable` waits for (or
// leads) the group flush. Schema changes are logged and made durable synchronously. With
// `flushEveryNTx` > 1 a background thread flushes what is pending every `flushIntervalSeconds`.
import QuiverCore
import QuiverStorage

public final class WriteAheadLog: CommitLog, @unchecked Sendable {
    let writer: WALWriter
    private let flusherMonitor = Monitor()
    private var flusherStop = false
    private var flusherRunning = false

    init(writer: WALWriter, flushIntervalSeconds: Double) {
        self.writer = writer
        if writer.flushEvery > 1 { startFlusher(every: flushIntervalSeconds) }
    }

    public func encode(_ changes: borrowing CommitChanges) -> [UInt8] {
        WALRecordEncoding.transactionRecord(changes)
    }

    public func enqueue(_ record: [UInt8], commitTimestamp: UInt64) -> CommitTicket {
        var stamped = record
        WALRecordEncoding.stampTimestamp(&stamped, commitTimestamp)
        let ticket = writer.enqueue(stamped, timestamp: commitTimestamp, isCommit: true)
        return CommitTicket(position: ticket.position, mustWait: ticket.mustWait)
    }

    public func waitDurable(_ ticket: CommitTicket) throws(QuiverError) {
        guard ticket.mustWait else { return }
        try writer.waitDurable(ticket.position)
    }

    public func logSchemaChange(_ change: SchemaChange, timestamp: UInt64) throws(QuiverError) {
        let ticket = writer.enqueue(WALRecordEncoding.schemaRecord(change, timestamp: timestamp), timestamp: timestamp, isCommit: false)
        try writer.waitDurable(ticket.position)
    }

    /// Makes everything enqueued so far durable (the periodic flush; also before a snapshot).
    public func flush() {
        writer.flushPending()
    }

    /// Leader flushes so far: with group commit, fewer than the commits that waited.
    public var flushCount: Int { writer.flushes }

    /// Flushes and closes; commits enqueued afterwards fail.
    func close() {
        flusherMonitor.withLock {
            flusherStop = true
            flusherMonitor.broadcast()
            while flusherRunning { flusherMonitor.wait() }
        }
        writer.close()
    }

    private func startFlusher(every seconds: Double) {
        flusherRunning = true
        startThread { [self] in
            flusherMonitor.lock()
            while !flusherStop {
                flusherMonitor.wait(seconds: seconds)
                if flusherStop { break }
                flusherMonitor.unlock()
                writer.flushPending()
                flusherMonitor.lock()
            }
            flusherRunning = false
            flusherMonitor.broadcast()
            flusherMonitor.unlock()
        }
    }
}
