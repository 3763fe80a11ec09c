// Session: one client's conversation with a Database: its explicit transaction (BEGIN …
// COMMIT / ROLLBACK, as Bolt messages or as query texts), its isolation-level overrides, and
// running queries. `run` tries, in order: transaction commands, admin statements (AdminStatement
// → AdminExecutor; refused inside an explicit transaction), then Cypher, either in the explicit
// transaction or in an autocommit transaction of its own that the result commits when it is
// exhausted. Every transaction is registered for SHOW/TERMINATE TRANSACTIONS while it runs.

import Glibc
import QuiverCore
import QuiverCypher
import QuiverStorage

public final class Session {
    public let database: Database
    /// The explicit transaction, when one is open.
    public private(set) var transaction: Transaction?
    /// The explicit transaction's entry in the running-transaction registry.
    var registration: RunningTransaction?
    /// The result still streaming, if any (one at a time per session).
    weak var openResult: QueryResult?
    /// Who runs this session (SHOW TRANSACTIONS); nil without authentication.
    public var username: String?
    /// The client's metadata for the next transaction (Bolt `tx_metadata`).
    public var transactionMetadata: [String: Value] = [:]
    /// A per-transaction timeout from the client (Bolt `tx_timeout`), overriding the flag.
    public var transactionTimeoutSeconds: Double?
    /// `SET SESSION TRANSACTION ISOLATION LEVEL …` and `SET NEXT …` (one transaction only).
    public internal(set) var sessionIsolation: IsolationLevel?
    public internal(set) var nextIsolation: IsolationLevel?

    init(database: Database) {
        self.database = database
    }

    public var inTransaction: Bool { transaction != nil }

    public func begin() throws(QuiverError) {
        guard transaction == nil else {
            throw QuiverError(.transactionNotActive, "Nested transactions are not supported.")
        }
        let transaction = startTransaction()
        self.transaction = transaction
        registration = register(transaction, query: nil)
    }

    public func commit() throws(QuiverError) {
        guard let transaction else {
            throw QuiverError(.transactionNotActive, "No current transaction to commit.")
        }
        defer { endRegistration() }
        try openResult?.drain()
        self.transaction = nil
        try transaction.commit()
    }

    public func rollback() throws(QuiverError) {
        guard let transaction else {
            throw QuiverError(.transactionNotActive, "No current transaction to rollback.")
        }
        openResult?.abandon()
        self.transaction = nil
        transaction.abort()
        endRegistration()
    }

    /// Runs a query. The result streams; an autocommit transaction commits when the result is
    /// exhausted (or drained by `close`), and aborts on an error.
    public func run(_ text: String, parameters: [String: Value] = [:]) throws(QuiverError) -> QueryResult {
        try openResult?.drain()
        switch QueryText.transactionCommand(text) {
        case .begin?:
            try begin()
            return QueryResult.empty(session: self)
        case .commit?:
            try commit()
            return QueryResult.empty(session: self)
        case .rollback?:
            try rollback()
            return QueryResult.empty(session: self)
        case nil:
            break
        }
        if StatementWords.matches(text, ["DUMP", "DATABASE"]) { return dumpDatabase() }
        if let statement = try AdminStatement.parse(text) {
            guard transaction == nil else { throw statement.multicommandError }
            return try AdminExecutor(session: self).run(statement, parameters: parameters)
        }
        let parameters = database.withServerParameters(parameters)
        let prepared = try database.prepare(text)
        if let missing = prepared.missingParameter(in: parameters) { throw missing }
        let autocommit = transaction == nil
        // Each statement of an explicit transaction sees what the earlier ones wrote.
        self.transaction?.advanceCommand()
        registration?.append(text)
        let transaction = self.transaction ?? startTransaction()
        let result = QueryResult(session: self, prepared: prepared, transaction: transaction, autocommit: autocommit,
                                 parameters: parameters)
        if autocommit { result.registration = register(transaction, query: text) }
        do {
            try result.start()
        } catch {
            result.fail()
            throw error
        }
        openResult = result
        return result
    }

    /// DUMP DATABASE: Cypher statements that rebuild the graph, streamed from one snapshot.
    private func dumpDatabase() -> QueryResult {
        let autocommit = transaction == nil
        transaction?.advanceCommand()
        let transaction = self.transaction ?? database.storage.begin()
        let dump = DatabaseDump(transaction: transaction, storage: database.storage,
                                constraintStatements: DatabaseDump.constraintStatements(database.storage))
        let result = QueryResult.generated(session: self, columns: ["QUERY"], transaction: transaction, autocommit: autocommit) {
            dump.next().map { [.string($0)] }
        }
        openResult = result
        return result
    }

    /// Called by a result whose error aborted the explicit transaction.
    func transactionFailed() {
        transaction?.abort()
        transaction = nil
        endRegistration()
    }

    /// Begins a storage transaction at the session's isolation level (NEXT, then SESSION, then
    /// the global default); a NEXT override is used once.
    private func startTransaction() -> Transaction {
        let isolation = nextIsolation ?? sessionIsolation
        nextIsolation = nil
        return database.storage.begin(isolation: isolation)
    }

    private func register(_ transaction: Transaction, query: String?) -> RunningTransaction {
        let timeout = transactionTimeoutSeconds ?? database.config.queryExecutionTimeoutSeconds
        return database.transactions.register(id: transaction.id, username: username, metadata: transactionMetadata,
                                              query: query, timeoutSeconds: timeout)
    }

    private func endRegistration() {
        registration?.end()
        registration = nil
    }
}

/// Wall-clock time for the statement clock.
enum WallClock {
    static func now() -> (seconds: Int64, nanoseconds: Int32) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec), Int32(spec.tv_nsec))
    }
}
