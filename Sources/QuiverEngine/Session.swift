// Session: one client's conversation with a Database: its explicit transaction (BEGIN …
// COMMIT / ROLLBACK, as Bolt messages or as query texts), and running queries, each either in
// that transaction or in an autocommit transaction of its own that the result commits when it
// is exhausted. Index DDL is handled here until the admin layer takes it over.

import Glibc
import QuiverCore
import QuiverCypher
import QuiverStorage

public final class Session {
    public let database: Database
    /// The explicit transaction, when one is open.
    public private(set) var transaction: Transaction?
    /// The result still streaming, if any (one at a time per session).
    weak var openResult: QueryResult?

    init(database: Database) {
        self.database = database
    }

    public var inTransaction: Bool { transaction != nil }

    public func begin() throws(QuiverError) {
        guard transaction == nil else {
            throw QuiverError(.transactionNotActive, "Nested transactions are not supported.")
        }
        transaction = database.storage.begin()
    }

    public func commit() throws(QuiverError) {
        guard let transaction else {
            throw QuiverError(.transactionNotActive, "No current transaction to commit.")
        }
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
        if let ddl = try IndexStatement.parse(text) {
            guard transaction == nil else {
                throw QuiverError(.storageModeInvalidOperation, "Index manipulation not allowed in multicommand transactions.")
            }
            try ddl.apply(to: database)
            return QueryResult.empty(session: self)
        }
        let prepared = try database.prepare(text)
        if let missing = prepared.missingParameter(in: parameters) { throw missing }
        let autocommit = transaction == nil
        // Each statement of an explicit transaction sees what the earlier ones wrote.
        self.transaction?.advanceCommand()
        let transaction = self.transaction ?? database.storage.begin()
        let result = QueryResult(session: self, prepared: prepared, transaction: transaction, autocommit: autocommit,
                                 parameters: parameters)
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
        let dump = DatabaseDump(transaction: transaction, storage: database.storage, constraintStatements: [])
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
