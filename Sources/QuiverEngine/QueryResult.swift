// QueryResult: the stream of one query's rows. `next()` pulls one row through the plan's
// cursors; when the stream ends, an autocommit transaction commits (so the last row's arrival
// means the write is durable in memory). EXPLAIN answers with the plan, PROFILE runs the query
// and answers with per-operator hits and times. While the result is open, `describe` reads the
// labels, type and properties of nodes and relationships in rows (what Bolt and the TCK print).

import Glibc
import QuiverCore
import QuiverCypher
import QuiverStorage

public final class QueryResult {
    public let columns: [String]
    unowned let session: Session
    let prepared: PreparedQuery?
    let transaction: Transaction?
    let autocommit: Bool
    let parameters: [String: Value]
    var context: ExecutionContext?
    var cursor: Cursor?
    /// Rows prepared ahead (EXPLAIN and PROFILE answers).
    var buffered: [[Value]] = []
    var finished = false
    /// Memgraph's notifications for the summary (index already exists, …).
    public internal(set) var notifications: [QueryNotification] = []
    /// An admin statement that changed the schema (index or constraint DDL).
    public internal(set) var isSchemaChange = false
    /// The running-transaction registration this autocommit result ends with.
    var registration: RunningTransaction?
    /// Result rows pulled so far (the interruption check runs every few rows).
    private var rowsSinceCheck = 0

    /// Rows made by the engine itself (admin answers such as DUMP DATABASE), pulled one by one.
    var source: (() -> [Value]?)?

    init(session: Session, prepared: PreparedQuery?, transaction: Transaction?, autocommit: Bool,
         parameters: [String: Value], columns: [String]? = nil) {
        self.session = session
        self.prepared = prepared
        self.transaction = transaction
        self.autocommit = autocommit
        self.parameters = parameters
        switch prepared?.mode {
        case .explain?: self.columns = ["QUERY PLAN"]
        case .profile?: self.columns = ["OPERATOR", "ACTUAL HITS", "RELATIVE TIME", "ABSOLUTE TIME"]
        default: self.columns = columns ?? prepared?.columns ?? []
        }
    }

    /// A result whose rows come from `source`, read in `transaction` (committed at the end when
    /// `autocommit`).
    static func generated(session: Session, columns: [String], transaction: Transaction, autocommit: Bool,
                          source: @escaping () -> [Value]?) -> QueryResult {
        let result = QueryResult(session: session, prepared: nil, transaction: transaction, autocommit: autocommit,
                                 parameters: [:], columns: columns)
        result.source = source
        return result
    }

    /// A result whose rows are known up front (admin statements, transaction commands).
    init(session: Session, columns: [String], rows: [[Value]], notifications: [QueryNotification] = []) {
        self.session = session
        self.prepared = nil
        self.transaction = nil
        self.autocommit = false
        self.parameters = [:]
        self.columns = columns
        self.buffered = rows
        self.notifications = notifications
        self.finished = true
    }

    static func empty(session: Session) -> QueryResult {
        QueryResult(session: session, columns: [], rows: [])
    }

    deinit {
        registration?.end()
    }

    /// What the query changed so far.
    public var stats: ExecutionStats { context?.stats ?? ExecutionStats() }
    /// Whether the plan can write.
    public var isWrite: Bool { prepared?.isWrite ?? false }

    func start() throws(QuiverError) {
        guard let prepared, let transaction else { return }
        if prepared.mode == .explain {
            buffered = prepared.planLines.map { [.string($0)] }
            try finish()
            return
        }
        let profiler = prepared.mode == .profile ? Profiler() : nil
        let context = ExecutionContext(transaction: transaction, names: session.database.names, parameters: parameters,
                                       slotCount: prepared.slotCount, profiler: profiler, clock: WallClock.now(),
                                       queryMemoryLimitBytes: prepared.queryMemoryLimitBytes)
        context.interruption = registration?.interruption ?? session.registration?.interruption
        if let hops = prepared.hopsLimit, case .int(let limit) = try context.evaluate(hops) { context.hopsLimit = Int(limit) }
        self.context = context
        cursor = prepared.root.cursor(profiler)
        if let profiler {
            let started = MonotonicNanos.now()
            while try pullRow() != nil {}
            buffered = profileRows(prepared.root, profiler, total: MonotonicNanos.now() - started)
            try finish()
        }
    }

    private func pullRow() throws(QuiverError) -> [Value]? {
        guard let cursor, let context, let prepared else { return nil }
        rowsSinceCheck &+= 1
        if rowsSinceCheck & 63 == 0, let interruption = context.interruption { try interruption.check() }
        guard try cursor.pull(context) else { return nil }
        return prepared.columnSlots.map { context.frame[$0] }
    }

    /// The next row, or nil when the result is exhausted (the autocommit transaction is then
    /// committed).
    public func next() throws(QuiverError) -> [Value]? {
        if !buffered.isEmpty { return buffered.removeFirst() }
        if finished { return nil }
        do {
            if let source {
                if let row = source() { return row }
            } else if prepared?.mode == .execute, let row = try pullRow() {
                return row
            }
            try finish()
            return nil
        } catch {
            fail()
            throw error
        }
    }

    /// Every remaining row.
    public func all() throws(QuiverError) -> [[Value]] {
        var rows: [[Value]] = []
        while let row = try next() { rows.append(row) }
        return rows
    }

    /// Runs the rest of the query without keeping rows (Bolt DISCARD), committing as `next` does.
    public func drain() throws(QuiverError) {
        while try next() != nil {}
    }

    private func finish() throws(QuiverError) {
        guard !finished else { return }
        finished = true
        cursor = nil
        source = nil
        defer { endRegistration() }
        if autocommit, let transaction { try transaction.commit() }
    }

    private func endRegistration() {
        registration?.end()
        registration = nil
    }

    func fail() {
        guard !finished else { return }
        finished = true
        cursor = nil
        source = nil
        buffered = []
        if autocommit { transaction?.abort() } else { session.transactionFailed() }
        endRegistration()
    }

    /// The session ended the transaction under this result.
    func abandon() {
        finished = true
        cursor = nil
        buffered = []
        endRegistration()
    }

    // MARK: Describing graph values

    public struct NodeDescription: Sendable {
        public var id: Int64
        public var labels: [String]
        public var properties: [String: Value]
    }

    public struct RelationshipDescription: Sendable {
        public var id: Int64
        public var start: Int64
        public var end: Int64
        public var type: String
        public var properties: [String: Value]
    }

    /// Labels and properties of a node in a row, as the transaction sees them now.
    public func describe(node gid: Gid) -> NodeDescription {
        let names = session.database.names
        let labels = transaction?.labels(of: gid)?.map { names.labels.name(for: $0.rawValue) } ?? []
        var properties: [String: Value] = [:]
        for (key, value) in transaction?.properties(of: gid) ?? [] { properties[names.properties.name(for: key.rawValue)] = value }
        return NodeDescription(id: Int64(gid.rawValue), labels: labels, properties: properties)
    }

    public func describe(relationship edge: EdgeRef) -> RelationshipDescription {
        let names = session.database.names
        var properties: [String: Value] = [:]
        for (key, value) in transaction?.edgeProperties(edge.gid) ?? [] {
            properties[names.properties.name(for: key.rawValue)] = value
        }
        return RelationshipDescription(id: Int64(edge.gid.rawValue), start: Int64(edge.from.rawValue),
                                       end: Int64(edge.to.rawValue), type: names.edgeTypes.name(for: edge.type.rawValue),
                                       properties: properties)
    }

    private func profileRows(_ root: PlanOperator, _ profiler: Profiler, total: UInt64) -> [[Value]] {
        var rows: [[Value]] = []
        func walk(_ node: PlanOperator) {
            let entry = profiler.entry(of: node)
            let nanos = entry?.nanoseconds ?? 0
            let relative = total == 0 ? 0 : Double(nanos) / Double(total) * 100
            rows.append([.string("* " + node.name), .int(Int64(entry?.hits ?? 0)),
                         .string(String(format2: relative) + " %"), .string(String(format2: Double(nanos) / 1e6) + " ms")])
            for child in node.children { walk(child) }
        }
        walk(root)
        return rows
    }
}

extension String {
    /// A number with two decimals, without Foundation.
    init(format2 value: Double) {
        let scaled = (value * 100).rounded()
        let whole = Int64(scaled / 100), cents = Int64(abs(scaled.truncatingRemainder(dividingBy: 100)))
        self = "\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }
}

/// Monotonic nanoseconds for PROFILE totals.
enum MonotonicNanos {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
