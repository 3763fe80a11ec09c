// AdminExecutor: runs one AdminStatement for a session and answers with a fixed-row
// QueryResult (columns, rows, notifications). This file dispatches and holds the control
// statements (storage mode, DROP GRAPH, isolation levels, FREE MEMORY, transactions,
// server-side parameters); schema DDL lives in AdminExecutor+Schema.swift and the info
// queries in AdminExecutor+Info.swift.
import QuiverCore
import QuiverDurability
import QuiverCypher
import QuiverStorage

struct AdminExecutor {
    let session: Session
    var database: Database { session.database }
    var storage: Storage { session.database.storage }

    func run(_ statement: AdminStatement, parameters: [String: Value]) throws(QuiverError) -> QueryResult {
        switch statement {
        case .createIndex(let label, let properties, let name): return try createIndex(label, properties, name: name)
        case .dropIndex(let label, let properties): return try dropIndex(label, properties)
        case .dropAllIndexes: return try dropAllIndexes()
        case .showIndexes: return showIndexes()
        case .createConstraint(let spec, let name): return try createConstraint(spec, name: name)
        case .dropConstraint(let spec): return try dropConstraint(spec)
        case .dropAllConstraints: return try dropAllConstraints()
        case .showConstraints: return showConstraints()
        case .storageMode(let name): return try setStorageMode(name)
        case .edgeImportMode(let active): return try setEdgeImportMode(active)
        case .dropGraph: return try dropGraph()
        case .setIsolation(let scope, let level): return try setIsolation(scope, level)
        case .showStorageInfo(let current): return current ? showDatabaseStorageInfo() : showStorageInfo()
        case .freeMemory:
            storage.freeMemory()
            return result([], [])
        case .showConfig: return showConfig()
        case .showTransactions: return showTransactions()
        case .terminateTransactions(let ids):
            let rows = database.transactions.terminate(ids).map { [Value.string($0.id), .bool($0.killed)] }
            return result(["transaction_id", "killed"], rows)
        case .setParameter(let name, let text, let global): return try setParameter(name, text, global: global, parameters)
        case .unsetParameter(let name, let global):
            database.serverParameters.withLock { state in
                if global { state.global[name] = nil } else { state.database[name] = nil }
            }
            return result([], [])
        case .showParameters: return showParameters()
        case .deleteAllParameters:
            database.serverParameters.withLock { $0 = ServerParameters() }
            return result([], [])
        case .showVersion: return result(["version"], [[.string(QuiverVersion.string)]])
        case .showBuildInfo: return showBuildInfo()
        case .createSnapshot:
            let info = try requireDurability().createSnapshot()
            return result(["path"], [[.string(info.path)]])
        case .showSnapshots:
            let rows = try requireDurability().snapshots().map { info -> [Value] in
                [.string(info.path), .int(Int64(info.timestamp)), .string(info.creationTime), .string(ByteSize.text(Int(info.size)))]
            }
            return result(["path", "timestamp", "creation_time", "size"], rows)
        }
    }

    private func requireDurability() throws(QuiverError) -> Durability {
        guard let durability = database.durability else {
            throw QuiverError(.notSupported, "This database has no data directory: snapshots are not available.")
        }
        return durability
    }

    func result(_ columns: [String], _ rows: [[Value]], _ notifications: [QueryNotification] = []) -> QueryResult {
        QueryResult(session: session, columns: columns, rows: rows, notifications: notifications)
    }

    // MARK: Storage mode, DROP GRAPH, isolation

    private func setStorageMode(_ name: String) throws(QuiverError) -> QueryResult {
        if name == "ON_DISK_TRANSACTIONAL" {
            try database.switchToDisk()
            return result([], [])
        }
        guard let mode = StorageMode(rawValue: name) else {
            throw QuiverError(.syntaxError,
                              "Unknown storage mode \(name): expected IN_MEMORY_TRANSACTIONAL, IN_MEMORY_ANALYTICAL or ON_DISK_TRANSACTIONAL.")
        }
        if storage.mode != mode {
            let leavingDisk = storage.mode == .onDiskTransactional
            try storage.setMode(mode)
            if leavingDisk { database.removeScratchDisk() }
            try database.durability?.modeChanged(to: mode)
            database.invalidatePlans()
        }
        return result([], [])
    }

    /// EDGE IMPORT MODE ACTIVE | INACTIVE (on-disk mode only).
    private func setEdgeImportMode(_ active: Bool) throws(QuiverError) -> QueryResult {
        guard let store = storage.externalStore else {
            throw QuiverError(.storageModeInvalidOperation, "Edge import mode is only allowed for on-disk storage mode.")
        }
        try store.setEdgeImportMode(active)
        return result([], [])
    }

    /// Deletes every vertex, edge and index (analytical mode only), then returns memory.
    private func dropGraph() throws(QuiverError) -> QueryResult {
        guard storage.mode == .inMemoryAnalytical else {
            throw QuiverError(.storageModeInvalidOperation,
                              "Drop graph can only be used in the analytical mode. Switch to analytical mode by executing 'STORAGE MODE IN_MEMORY_ANALYTICAL'")
        }
        for index in storage.indexInfo {
            if let property = index.property { try storage.dropLabelPropertyIndex(index.label, property) } else { try storage.dropLabelIndex(index.label) }
        }
        for index in storage.compositeIndexInfo { try storage.dropCompositeIndex(index.label, index.properties) }
        database.invalidatePlans()
        let transaction = storage.begin()
        var gids: [Gid] = []
        var cursor = transaction.vertices()
        while let gid = cursor.next(transaction, view: .new) { gids.append(gid) }
        do {
            for gid in gids { try transaction.deleteVertex(gid, detach: true) }
            try transaction.commit()
        } catch {
            transaction.abort()
            throw error
        }
        storage.freeMemory()
        return result([], [])
    }

    private func setIsolation(_ scope: AdminStatement.IsolationScope, _ level: IsolationLevel) throws(QuiverError) -> QueryResult {
        guard storage.mode != .inMemoryAnalytical else {
            throw QuiverError(.storageModeInvalidOperation,
                              "Isolation level cannot be modified when storage mode is set to IN_MEMORY_ANALYTICAL.IN_MEMORY_ANALYTICAL mode doesn't provide any isolation guarantees, you can think about it as an equivalent to READ_UNCOMMITED.")
        }
        switch scope {
        case .global: storage.isolationLevel = level
        case .session: session.sessionIsolation = level
        case .next: session.nextIsolation = level
        }
        return result([], [])
    }

    // MARK: Transactions and parameters

    private func showTransactions() -> QueryResult {
        let rows: [[Value]] = database.transactions.running.map { entry in
            var metadata: [String: Value] = [:]
            for (key, value) in entry.metadata { metadata[key] = value }
            return [entry.username.map { .string($0) } ?? .string(""), .string(String(entry.id)),
                    .list(entry.queries.map { .string($0) }), .string("running"), .map(metadata),
                    .string(Self.timestamp(entry.startSeconds)), .int(entry.elapsedMilliseconds)]
        }
        return result(["username", "transaction_id", "query", "status", "metadata", "start_time", "elapsed_ms"], rows)
    }

    /// `YYYY-MM-DDTHH:MM:SS` (UTC) for seconds since the epoch.
    static func timestamp(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let date = GregorianCalendar.yearMonthDay(daysSinceEpoch: days)
        let rest = seconds - days * 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.year)-\(two(Int64(date.month)))-\(two(Int64(date.day)))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
    }

    private func setParameter(_ name: String, _ text: String, global: Bool, _ parameters: [String: Value]) throws(QuiverError) -> QueryResult {
        let rows = try session.run("RETURN " + text + " AS value", parameters: parameters).all()
        let value = rows.first?.first ?? .null
        database.serverParameters.withLock { state in
            if global { state.global[name] = value } else { state.database[name] = value }
        }
        return result([], [])
    }

    private func showParameters() -> QueryResult {
        let state = database.serverParameters.withLock { $0 }
        var rows: [[Value]] = state.global.sorted { $0.key < $1.key }.map { [.string($0.key), $0.value, .string("global")] }
        rows += state.database.sorted { $0.key < $1.key }.map { [.string($0.key), $0.value, .string("database")] }
        return result(["name", "value", "scope"], rows)
    }
}

/// A notification for the summary of a query (Memgraph sends them in the final SUCCESS).
public struct QueryNotification: Sendable, Equatable {
    public enum Severity: String, Sendable { case info = "INFO", warning = "WARNING" }

    public var severity: Severity
    public var code: String
    public var title: String
    public var description: String

    public init(severity: Severity = .info, code: String, title: String, description: String = "") {
        self.severity = severity
        self.code = code
        self.title = title
        self.description = description
    }
}

/// Quiver's version (SHOW VERSION, SHOW BUILD INFO).
public enum QuiverVersion {
    public static let string = "0.6.0"
}
