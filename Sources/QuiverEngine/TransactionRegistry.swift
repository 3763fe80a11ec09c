// TransactionRegistry: the running transactions of one Database, for SHOW TRANSACTIONS and
// TERMINATE TRANSACTIONS. Each entry keeps who runs it, the queries it ran, the client's
// transaction metadata and the QueryInterruption its executor checks between rows; it leaves
// the registry when its transaction commits, rolls back or fails.
import Glibc
import QuiverCore
import QuiverCypher
import Synchronization

public final class RunningTransaction: @unchecked Sendable {
    public let id: UInt64
    public let username: String?
    public let metadata: [String: Value]
    /// Wall-clock seconds and monotonic nanoseconds at start.
    public let startSeconds: Int64
    let startNanos: UInt64
    public let interruption: QueryInterruption
    private let queryTexts: Mutex<[String]>
    private weak var registry: TransactionRegistry?

    init(id: UInt64, username: String?, metadata: [String: Value], query: String?, timeoutSeconds: Double,
         registry: TransactionRegistry) {
        self.id = id
        self.username = username
        self.metadata = metadata
        self.startSeconds = WallClock.now().seconds
        self.startNanos = MonotonicNanos.now()
        self.interruption = QueryInterruption(timeoutSeconds: timeoutSeconds)
        self.queryTexts = Mutex(query.map { [$0] } ?? [])
        self.registry = registry
    }

    public var queries: [String] { queryTexts.withLock { $0 } }

    public var elapsedMilliseconds: Int64 { Int64((MonotonicNanos.now() &- startNanos) / 1_000_000) }

    func append(_ query: String) {
        queryTexts.withLock { $0.append(query) }
    }

    /// Leaves the registry (idempotent).
    func end() {
        registry?.remove(id)
        registry = nil
    }
}

public final class TransactionRegistry: Sendable {
    private let entries = Mutex<[UInt64: RunningTransaction]>([:])

    public init() {}

    func register(id: UInt64, username: String?, metadata: [String: Value], query: String?,
                  timeoutSeconds: Double) -> RunningTransaction {
        let entry = RunningTransaction(id: id, username: username, metadata: metadata, query: query,
                                       timeoutSeconds: timeoutSeconds, registry: self)
        entries.withLock { $0[id] = entry }
        return entry
    }

    func remove(_ id: UInt64) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// Running transactions, oldest first.
    public var running: [RunningTransaction] {
        entries.withLock { Array($0.values) }.sorted { $0.id < $1.id }
    }

    /// Asks the transactions with these ids (decimal strings) to stop; whether each was found.
    public func terminate(_ ids: [String]) -> [(id: String, killed: Bool)] {
        ids.map { text in
            guard let id = UInt64(text), let entry = entries.withLock({ $0[id] }) else { return (text, false) }
            entry.interruption.request(.terminated)
            return (text, true)
        }
    }

    /// Asks every running transaction to stop (server shutdown).
    public func interruptAll(_ reason: QueryInterruption.Reason) {
        for entry in running { entry.interruption.request(reason) }
    }
}
