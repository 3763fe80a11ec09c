// BoltStateMachine: the server side of a Bolt session as a pure struct. A request goes in and
// one step comes out (answer, answer and close, close, or a backend operation to perform); the
// operation's outcome goes back in and yields the answer. No I/O, no clocks, no backend calls.
//
//   CONNECTED ──HELLO──▶ READY (≤ 5.0, auth in HELLO) │ AUTHENTICATION (5.1+) ──LOGON──▶ READY
//   READY ──RUN──▶ STREAMING ──PULL/DISCARD (has_more false)──▶ READY
//   READY ──BEGIN──▶ TX_READY ──RUN──▶ TX_STREAMING ──PULL/DISCARD (all drained)──▶ TX_READY
//   TX_READY / TX_STREAMING ──COMMIT/ROLLBACK──▶ READY      READY ──LOGOFF──▶ AUTHENTICATION
//   any FAILURE ──▶ FAILED (everything IGNORED until RESET)   RESET ──▶ READY
//   RESET seen behind queued work ──▶ INTERRUPTED (queued requests IGNORED) ──RESET──▶ READY
//   GOODBYE, failed HELLO/LOGON/RESET, a request the state does not allow ──▶ DEFUNCT (closed)
//
// Invariants: (1) at most one operation is in flight (`receive` requires none pending); (2) every
// request yields exactly one summary (SUCCESS, IGNORED or FAILURE) except GOODBYE; (3) open
// results exist only in STREAMING / TX_STREAMING (or INTERRUPTED/FAILED until RESET clears them).

public struct BoltStateMachine: Sendable {
    public enum State: String, Sendable {
        case connected = "CONNECTED", authentication = "AUTHENTICATION", ready = "READY", streaming = "STREAMING"
        case txReady = "TX_READY", txStreaming = "TX_STREAMING", failed = "FAILED", interrupted = "INTERRUPTED"
        case defunct = "DEFUNCT"
    }

    public struct Configuration: Sendable, Equatable {
        /// `server` in HELLO's SUCCESS; Java drivers require the `Neo4j/` prefix.
        public var serverAgent: String
        /// Advertise `telemetry.enabled` (5.4+); drivers then send TELEMETRY before queries.
        public var telemetryEnabled: Bool
        /// Advertise `connection.recv_timeout_seconds` (only with keep-alive NOOPs during long work).
        public var receiveTimeoutSeconds: Int64?
        /// `db` in summaries when the backend names none.
        public var defaultDatabase: String

        public init(serverAgent: String = "Neo4j/5.2.0 compatible graph database server - Quiver",
                    telemetryEnabled: Bool = false, receiveTimeoutSeconds: Int64? = nil, defaultDatabase: String = "memgraph") {
            self.serverAgent = serverAgent
            self.telemetryEnabled = telemetryEnabled
            self.receiveTimeoutSeconds = receiveTimeoutSeconds
            self.defaultDatabase = defaultDatabase
        }
    }

    /// Work for the backend. `qid` names the result: 0 for an auto-commit result, 0, 1, 2, … for
    /// the results of an explicit transaction.
    public enum Operation: Sendable, Equatable {
        case authenticate(BoltAuthToken)
        case logoff
        case run(query: String, parameters: BoltMap, metadata: BoltTransactionMetadata, qid: Int64)
        case pull(qid: Int64, n: Int64)
        case discard(qid: Int64, n: Int64)
        case begin(BoltTransactionMetadata)
        case commit
        case rollback
        case reset
    }

    /// How an operation ended. Times are milliseconds measured by the caller.
    public enum Outcome: Sendable {
        /// authenticate, logoff, begin, rollback, reset.
        case done
        case ran(fields: [String], firstRecordMilliseconds: Int64)
        case streamed(hasMore: Bool, summary: BoltResultSummary, lastRecordMilliseconds: Int64)
        case committed(bookmark: String?)
        case failed(BoltFailure)
    }

    public enum Step: Sendable, Equatable {
        case respond(BoltResponse)
        case respondAndClose(BoltResponse)
        case perform(Operation)
        /// Close without answering (GOODBYE, or a request after the connection went defunct).
        case close
    }

    private enum Pending: Sendable {
        case hello(utcPatch: Bool), logon, logoff, begin, commit, rollback, reset
        case run(qid: Int64, inTransaction: Bool)
        case stream(qid: Int64, inTransaction: Bool)
    }

    public private(set) var state: State = .connected
    public let version: BoltVersion
    public let connectionID: String
    public let configuration: Configuration
    /// Structure shapes for this connection (4.4 with `patch_bolt: ["utc"]` switches DateTime).
    public private(set) var format: PackStreamFormat
    /// Results that can still be pulled, oldest first.
    public private(set) var openQueryIDs: [Int64] = []
    private var pending: Pending?
    private var nextQueryID: Int64 = 0
    private var bookmarkCounter: Int64 = 0

    public init(version: BoltVersion, connectionID: String, configuration: Configuration = Configuration()) {
        self.version = version
        self.connectionID = connectionID
        self.configuration = configuration
        self.format = PackStreamFormat(version: version)
    }

    public var isOperationPending: Bool { pending != nil }

    // MARK: Requests

    public mutating func receive(_ request: BoltRequest) -> Step {
        precondition(pending == nil, "one request at a time: complete the pending operation first")
        switch (state, request) {
        case (.defunct, _):
            return .close
        case (_, .goodbye):
            state = .defunct
            return .close
        case (.ready, .reset), (.streaming, .reset), (.txReady, .reset), (.txStreaming, .reset),
             (.failed, .reset), (.interrupted, .reset):
            return perform(.reset, pending: .reset)
        case (.failed, _), (.interrupted, _):
            return .respond(.ignored)
        case (.connected, .hello(let extra)):
            return hello(extra)
        case (.authentication, .logon(let auth)):
            return perform(.authenticate(BoltAuthToken(map: auth)), pending: .logon)
        case (.ready, .logoff):
            return perform(.logoff, pending: .logoff)
        case (.ready, .run(let query, let parameters, let extra)):
            return perform(.run(query: query, parameters: parameters, metadata: BoltTransactionMetadata(extra: extra), qid: 0),
                           pending: .run(qid: 0, inTransaction: false))
        case (.txReady, .run(let query, let parameters, let extra)), (.txStreaming, .run(let query, let parameters, let extra)):
            let qid = nextQueryID
            nextQueryID += 1
            return perform(.run(query: query, parameters: parameters, metadata: BoltTransactionMetadata(extra: extra), qid: qid),
                           pending: .run(qid: qid, inTransaction: true))
        case (.ready, .begin(let extra)):
            return perform(.begin(BoltTransactionMetadata(extra: extra)), pending: .begin)
        case (.txReady, .commit), (.txStreaming, .commit):
            return perform(.commit, pending: .commit)
        case (.txReady, .rollback), (.txStreaming, .rollback):
            return perform(.rollback, pending: .rollback)
        case (.streaming, .pull(let n, let qid)), (.txStreaming, .pull(let n, let qid)):
            return stream(n: n, qid: qid, discard: false)
        case (.streaming, .discard(let n, let qid)), (.txStreaming, .discard(let n, let qid)):
            return stream(n: n, qid: qid, discard: true)
        case (.ready, .route):
            return fail(.routeNotSupported)
        case (.ready, .telemetry), (.txReady, .telemetry):
            return .respond(.success(BoltMap()))
        default:
            state = .defunct
            return .respondAndClose(.failure(.protocolViolation(
                "Message \(request.name) is not allowed in state \(state == .defunct ? "this" : state.rawValue).")))
        }
    }

    /// A RESET is queued behind other work: ignore everything up to it (the handler also asks
    /// the backend to stop the running call).
    public mutating func interrupt() {
        switch state {
        case .ready, .streaming, .txReady, .txStreaming, .failed: state = .interrupted
        case .connected, .authentication, .interrupted, .defunct: break
        }
    }

    /// The socket closed or errored: nothing more will be answered.
    public mutating func connectionClosed() {
        state = .defunct
    }

    private mutating func perform(_ operation: Operation, pending: Pending) -> Step {
        self.pending = pending
        return .perform(operation)
    }

    private mutating func fail(_ failure: BoltFailure) -> Step {
        state = .failed
        return .respond(.failure(failure))
    }

    private mutating func hello(_ extra: BoltMap) -> Step {
        let utcPatch = version.acceptsUTCPatch && extra["patch_bolt"]?.listValue?.contains(.string("utc")) == true
        if version.authInLogon {
            state = .authentication
            return .respond(.success(helloMetadata(utcPatch: false)))
        }
        return perform(.authenticate(BoltAuthToken(map: extra)), pending: .hello(utcPatch: utcPatch))
    }

    private mutating func stream(n: Int64, qid: Int64, discard: Bool) -> Step {
        guard n > 0 || n == -1 else { return fail(.protocolViolation("Invalid value \(n) for n: expected a positive number or -1.")) }
        let target: Int64
        if qid == -1, let latest = openQueryIDs.last {
            target = latest
        } else if openQueryIDs.contains(qid) {
            target = qid
        } else {
            return fail(.protocolViolation("There is no open result with qid \(qid)."))
        }
        let inTransaction = state == .txStreaming
        return perform(discard ? .discard(qid: target, n: n) : .pull(qid: target, n: n),
                       pending: .stream(qid: target, inTransaction: inTransaction))
    }
}

// MARK: Outcomes

extension BoltStateMachine {
    /// Feeds back how the operation from the last `.perform` step ended.
    public mutating func complete(_ outcome: Outcome) -> Step {
        guard let finished = pending else { preconditionFailure("complete(_:) without a pending operation") }
        pending = nil
        let wasInterrupted = state == .interrupted
        let step = transition(finished, outcome)
        // Work that finished after a RESET was queued keeps the session INTERRUPTED until that
        // RESET is served; the RESET itself (or a fatal failure) decides the state.
        var isReset = false
        if case .reset = finished { isReset = true }
        if wasInterrupted, !isReset, state != .defunct { state = .interrupted }
        return step
    }

    private mutating func transition(_ finished: Pending, _ outcome: Outcome) -> Step {
        if case .failed(let failure) = outcome {
            switch finished {
            case .hello, .logon, .reset:
                state = .defunct
                return .respondAndClose(.failure(failure))
            default:
                openQueryIDs = []
                return fail(failure)
            }
        }
        switch (finished, outcome) {
        case (.hello(let utcPatch), _):
            if utcPatch { format.utcDateTime = true }
            state = .ready
            return .respond(.success(helloMetadata(utcPatch: utcPatch)))
        case (.logon, _):
            state = .ready
            return .respond(.success(BoltMap()))
        case (.logoff, _):
            state = .authentication
            return .respond(.success(BoltMap()))
        case (.reset, _), (.rollback, _):
            state = .ready
            openQueryIDs = []
            return .respond(.success(BoltMap()))
        case (.begin, _):
            state = .txReady
            nextQueryID = 0
            return .respond(.success(BoltMap()))
        case (.commit, .committed(let bookmark)):
            state = .ready
            openQueryIDs = []
            return .respond(.success(["bookmark": .string(bookmark ?? makeBookmark())]))
        case (.run(let qid, let inTransaction), .ran(let fields, let milliseconds)):
            openQueryIDs.append(qid)
            state = inTransaction ? .txStreaming : .streaming
            var metadata: BoltMap = ["fields": .list(fields.map(BoltValue.string)), "t_first": .int(milliseconds)]
            if inTransaction { metadata["qid"] = .int(qid) }
            return .respond(.success(metadata))
        case (.stream(let qid, let inTransaction), .streamed(let hasMore, let summary, let milliseconds)):
            if hasMore { return .respond(.success(["has_more": true])) }
            openQueryIDs.removeAll { $0 == qid }
            state = inTransaction ? (openQueryIDs.isEmpty ? .txReady : .txStreaming) : .ready
            return .respond(.success(finalMetadata(summary, milliseconds: milliseconds, autoCommit: !inTransaction)))
        default:
            preconditionFailure("outcome \(outcome) does not answer \(finished)")
        }
    }

    private func helloMetadata(utcPatch: Bool) -> BoltMap {
        var metadata: BoltMap = ["server": .string(configuration.serverAgent), "connection_id": .string(connectionID)]
        if version.hasHints {
            var hints = BoltMap()
            if let seconds = configuration.receiveTimeoutSeconds { hints["connection.recv_timeout_seconds"] = .int(seconds) }
            if version.hasTelemetry { hints["telemetry.enabled"] = .bool(configuration.telemetryEnabled) }
            metadata["hints"] = .map(hints)
        }
        if utcPatch { metadata["patch_bolt"] = ["utc"] }
        return metadata
    }

    /// The last SUCCESS of a result. `has_more: false` is always explicit: pymgclient 1.6
    /// dereferences it unconditionally.
    private mutating func finalMetadata(_ summary: BoltResultSummary, milliseconds: Int64, autoCommit: Bool) -> BoltMap {
        var metadata: BoltMap = [
            "has_more": false, "type": .string(summary.queryType.rawValue), "t_last": .int(milliseconds),
            "db": .string(summary.database ?? configuration.defaultDatabase),
        ]
        let statistics = summary.statistics.map
        if !statistics.isEmpty { metadata["stats"] = .map(statistics) }
        if !summary.notifications.isEmpty { metadata["notifications"] = .list(summary.notifications) }
        if autoCommit { metadata["bookmark"] = .string(summary.bookmark ?? makeBookmark()) }
        for (key, value) in summary.extra where metadata[key] == nil { metadata[key] = value }
        return metadata
    }

    private mutating func makeBookmark() -> String {
        bookmarkCounter += 1
        return "quiver:\(connectionID):\(bookmarkCounter)"
    }
}
