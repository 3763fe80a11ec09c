// BoltBackend: the seam between the protocol and whatever runs queries (the server module plugs
// the engine in here). The Bolt layer calls a connection's backend from a worker pool, one call
// at a time and never on an event loop, so implementations may block. Results are pulled in
// bounded batches: a result is never materialised whole by this module.

/// Credentials from HELLO (≤ 5.0) or LOGON (5.1+). A missing scheme means "none".
public struct BoltAuthToken: Sendable, Equatable {
    public var scheme: String
    public var principal: String?
    public var credentials: String?
    /// Everything the client sent (for schemes with more fields, e.g. `realm`, `parameters`).
    public var raw: BoltMap

    public init(scheme: String, principal: String? = nil, credentials: String? = nil, raw: BoltMap = BoltMap()) {
        self.scheme = scheme
        self.principal = principal
        self.credentials = credentials
        self.raw = raw
    }

    /// Reads the token out of a HELLO or LOGON map.
    public init(map: BoltMap) {
        self.init(scheme: map["scheme"]?.stringValue ?? "none", principal: map["principal"]?.stringValue,
                  credentials: map["credentials"]?.stringValue, raw: map)
    }
}

/// Options of BEGIN and of an auto-commit RUN (inside an explicit transaction RUN sends none).
/// Unknown keys are kept in `raw` and otherwise ignored, as drivers expect.
public struct BoltTransactionMetadata: Sendable, Equatable {
    public enum AccessMode: String, Sendable { case read = "r", write = "w" }

    public var mode: AccessMode
    /// nil or "" = the default database.
    public var database: String?
    public var bookmarks: [String]
    public var timeoutMilliseconds: Int64?
    public var transactionMetadata: BoltMap
    public var impersonatedUser: String?
    public var raw: BoltMap

    public init(extra: BoltMap) {
        mode = extra["mode"]?.stringValue == "r" ? .read : .write
        database = extra["db"]?.stringValue
        bookmarks = extra["bookmarks"]?.listValue?.compactMap(\.stringValue) ?? []
        timeoutMilliseconds = extra["tx_timeout"]?.intValue
        transactionMetadata = extra["tx_metadata"]?.mapValue ?? BoltMap()
        impersonatedUser = extra["imp_user"]?.stringValue
        raw = extra
    }
}

/// The kind of work a query did, as the final PULL/DISCARD SUCCESS reports it in `type`.
public enum BoltQueryType: String, Sendable {
    case read = "r", write = "w", readWrite = "rw", schema = "s"
}

/// Counters for the `stats` map; only non-zero ones are sent, plus `contains-updates`.
public struct BoltStatistics: Sendable, Equatable {
    public var nodesCreated = 0, nodesDeleted = 0, relationshipsCreated = 0, relationshipsDeleted = 0
    public var propertiesSet = 0, labelsAdded = 0, labelsRemoved = 0
    public var indexesAdded = 0, indexesRemoved = 0, constraintsAdded = 0, constraintsRemoved = 0
    public var systemUpdates = 0

    public init() {}

    public var map: BoltMap {
        let counters: [(String, Int)] = [
            ("nodes-created", nodesCreated), ("nodes-deleted", nodesDeleted),
            ("relationships-created", relationshipsCreated), ("relationships-deleted", relationshipsDeleted),
            ("properties-set", propertiesSet), ("labels-added", labelsAdded), ("labels-removed", labelsRemoved),
            ("indexes-added", indexesAdded), ("indexes-removed", indexesRemoved),
            ("constraints-added", constraintsAdded), ("constraints-removed", constraintsRemoved),
            ("system-updates", systemUpdates),
        ]
        var map = BoltMap()
        for (key, count) in counters where count != 0 { map[key] = .int(Int64(count)) }
        if counters.dropLast().contains(where: { $0.1 != 0 }) { map["contains-updates"] = .bool(true) }
        if systemUpdates != 0 { map["contains-system-updates"] = .bool(true) }
        return map
    }
}

/// What the final batch of a result reports.
public struct BoltResultSummary: Sendable, Equatable {
    public var queryType: BoltQueryType
    public var statistics: BoltStatistics
    /// Notification maps `{severity, code, title, description}`; sent when non-empty.
    public var notifications: [BoltValue]
    /// The database the query ran in; nil = the server's default name.
    public var database: String?
    /// Bookmark of an auto-commit query's transaction; nil lets the Bolt layer make one.
    public var bookmark: String?
    /// Extra keys copied into the summary (e.g. Memgraph's `parsing_time`, `plan`).
    public var extra: BoltMap

    public init(queryType: BoltQueryType = .read, statistics: BoltStatistics = BoltStatistics(),
                notifications: [BoltValue] = [], database: String? = nil, bookmark: String? = nil, extra: BoltMap = BoltMap()) {
        self.queryType = queryType
        self.statistics = statistics
        self.notifications = notifications
        self.database = database
        self.bookmark = bookmark
        self.extra = extra
    }
}

/// One batch of a result: at most the rows asked for; `summary` is read when `hasMore` is false.
public struct BoltBatch: Sendable {
    public var rows: [[BoltValue]]
    public var hasMore: Bool
    public var summary: BoltResultSummary

    public init(rows: [[BoltValue]], hasMore: Bool, summary: BoltResultSummary = BoltResultSummary()) {
        self.rows = rows
        self.hasMore = hasMore
        self.summary = summary
    }
}

/// An open result. The Bolt layer calls `pull` with small counts until `hasMore` is false (or the
/// client is satisfied), writing each batch before asking for the next; `discard` skips rows.
public protocol BoltResultStream: AnyObject {
    var fields: [String] { get }
    func pull(_ maxRows: Int) throws(BoltFailure) -> BoltBatch
    /// Skips up to `maxRows` rows (-1 = all). The default pulls and drops them.
    func discard(_ maxRows: Int) throws(BoltFailure) -> BoltBatch
}

extension BoltResultStream {
    public func discard(_ maxRows: Int) throws(BoltFailure) -> BoltBatch {
        var remaining = maxRows < 0 ? Int.max : maxRows
        while true {
            var batch = try pull(min(remaining, 1000))
            remaining -= batch.rows.count
            if !batch.hasMore || remaining <= 0 {
                batch.rows = []
                return batch
            }
        }
    }
}

/// One connection's view of the database. Calls for a connection are serialised (never two at
/// once) and run on worker threads; only `interrupt` may arrive concurrently, from an event loop.
public protocol BoltBackend: AnyObject {
    /// HELLO (≤ 5.0) or LOGON (5.1+). A failure closes the connection.
    func authenticate(_ token: BoltAuthToken) throws(BoltFailure)
    /// LOGOFF: forget the authenticated user (the connection waits for LOGON again).
    func logoff()
    func begin(_ metadata: BoltTransactionMetadata) throws(BoltFailure)
    /// Returns the transaction's bookmark, or nil to let the Bolt layer make one.
    func commit() throws(BoltFailure) -> String?
    func rollback() throws(BoltFailure)
    /// Starts a query (auto-commit when no BEGIN is open; the backend also owns the query texts
    /// BEGIN/COMMIT/ROLLBACK that pymgclient sends instead of Bolt messages).
    func run(_ query: String, parameters: BoltMap, metadata: BoltTransactionMetadata) throws(BoltFailure) -> any BoltResultStream
    /// RESET: abort any transaction and open result, back to a clean session.
    func reset()
    /// The connection is gone: release everything (roll back an open transaction).
    func close()
    /// Asks a running call to stop soon (RESET arrived, or the client went away). Thread-safe.
    func interrupt()
}

extension BoltBackend {
    public func logoff() {}
    public func interrupt() {}
}

/// What a backend factory learns about a new connection.
public struct BoltConnectionInfo: Sendable {
    public var connectionID: String
    public var remoteAddress: String?
    public var version: BoltVersion

    public init(connectionID: String, remoteAddress: String?, version: BoltVersion) {
        self.connectionID = connectionID
        self.remoteAddress = remoteAddress
        self.version = version
    }
}
