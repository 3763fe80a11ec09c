// EngineResultStream: one open QueryResult seen as a BoltResultStream. Rows are converted while
// the result (and so its transaction) is open; one row is read ahead so the batch that ends the
// result says `has_more: false` without an extra empty PULL. Also serves fixed rows (user
// statements) through the same interface.
import QuiverBolt
import QuiverCore
import QuiverEngine
import Synchronization

final class EngineResultStream: BoltResultStream {
    let fields: [String]
    private let result: QueryResult?
    private var fixedRows: [[BoltValue]]
    private var lookahead: [BoltValue]?
    private var exhausted = false
    private var bufferedSummary: BoltResultSummary?
    private let queryType: BoltQueryType
    private let interrupted: InterruptFlag?

    init(result: QueryResult, queryType: BoltQueryType, interrupted: InterruptFlag) {
        self.result = result
        self.fields = result.columns
        self.fixedRows = []
        self.queryType = queryType
        self.interrupted = interrupted
    }

    /// A result whose rows are known up front (user management, SHOW USERS).
    init(fields: [String], rows: [[BoltValue]], queryType: BoltQueryType) {
        self.result = nil
        self.fields = fields
        self.fixedRows = rows
        self.queryType = queryType
        self.interrupted = nil
    }

    /// Reads the rest of the result into memory (converted), so the session can run another
    /// query in the same transaction while this result's client has not pulled it yet (the
    /// engine streams one result per session at a time). The summary is kept for the last PULL.
    func bufferRemaining() throws(BoltFailure) {
        guard let result, !exhausted else { return }
        if let lookahead { fixedRows.append(lookahead) }
        lookahead = nil
        while let row = try nextRow(result) { fixedRows.append(row) }
        bufferedSummary = summary(of: result)
    }

    func pull(_ maxRows: Int) throws(BoltFailure) -> BoltBatch {
        let limit = maxRows < 0 ? Int.max : maxRows
        if let bufferedSummary {
            let taken = Array(fixedRows.prefix(limit))
            fixedRows.removeFirst(taken.count)
            return BoltBatch(rows: taken, hasMore: !fixedRows.isEmpty, summary: fixedRows.isEmpty ? bufferedSummary : BoltResultSummary())
        }
        guard let result else {
            let taken = Array(fixedRows.prefix(limit))
            fixedRows.removeFirst(taken.count)
            return BoltBatch(rows: taken, hasMore: !fixedRows.isEmpty, summary: BoltResultSummary(queryType: queryType))
        }
        var rows: [[BoltValue]] = []
        rows.reserveCapacity(min(limit, 1024))
        if let lookahead {
            rows.append(lookahead)
            self.lookahead = nil
        }
        while rows.count < limit, let row = try nextRow(result) { rows.append(row) }
        if rows.count == limit, !exhausted { lookahead = try nextRow(result) }
        let hasMore = lookahead != nil
        let summary = hasMore ? BoltResultSummary() : summary(of: result)
        return BoltBatch(rows: rows, hasMore: hasMore, summary: summary)
    }

    private func nextRow(_ result: QueryResult) throws(BoltFailure) -> [BoltValue]? {
        guard !exhausted else { return nil }
        if interrupted?.isSet == true {
            exhausted = true
            throw BoltFailure(code: BoltFailure.transientErrorCode, message: "Transaction was asked to abort by another user.")
        }
        do {
            guard let row = try result.next() else {
                exhausted = true
                return nil
            }
            return ValueConversion.row(row, describing: result)
        } catch {
            exhausted = true
            throw BoltFailure(error)
        }
    }

    private func summary(of result: QueryResult) -> BoltResultSummary {
        let statistics = ValueConversion.statistics(of: result)
        var type = queryType
        if type == .read, statistics != BoltStatistics() { type = .readWrite }
        let notifications: [BoltValue] = result.notifications.map { notification in
            var map = BoltMap()
            map["severity"] = .string(notification.severity.rawValue)
            map["code"] = .string(notification.code)
            map["title"] = .string(notification.title)
            map["description"] = .string(notification.description)
            return .map(map)
        }
        return BoltResultSummary(queryType: type, statistics: statistics, notifications: notifications)
    }
}

/// RESET's request to stop, shared by a backend (set from an event loop) and its results.
final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set(_ value: Bool) { flag.store(value, ordering: .relaxed) }
}
