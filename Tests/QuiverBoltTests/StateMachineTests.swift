// BoltStateMachine tests: every state × every request, as a table of "what comes out, and which
// state follows once the operation (if any) succeeds", plus failure paths, qid bookkeeping,
// metadata shapes, 4.x HELLO with auth and the RESET-interrupt sequence.
import Testing
@testable import QuiverBolt

@Suite struct StateMachineTests {
    typealias Machine = BoltStateMachine
    static let v54 = BoltVersion(5, 4)

    static let requests: [(String, BoltRequest)] = [
        ("HELLO", .hello(extra: ["user_agent": "t"])), ("LOGON", .logon(auth: ["scheme": "none"])), ("LOGOFF", .logoff),
        ("GOODBYE", .goodbye), ("RESET", .reset), ("RUN", .run(query: "RETURN 1", parameters: [:], extra: [:])),
        ("BEGIN", .begin(extra: [:])), ("COMMIT", .commit), ("ROLLBACK", .rollback),
        ("DISCARD", .discard(n: -1, qid: -1)), ("PULL", .pull(n: -1, qid: -1)),
        ("ROUTE", .route(routing: [:], bookmarks: [], extra: [:])), ("TELEMETRY", .telemetry(api: 2)),
    ]

    /// The natural successful outcome of an operation.
    static func success(for operation: Machine.Operation) -> Machine.Outcome {
        switch operation {
        case .run: .ran(fields: ["x"], firstRecordMilliseconds: 1)
        case .pull, .discard: .streamed(hasMore: false, summary: BoltResultSummary(), lastRecordMilliseconds: 2)
        case .commit: .committed(bookmark: "b1")
        default: .done
        }
    }

    /// Feeds a request and, if it asks for work, the work's successful outcome. Returns a short
    /// description of what went out and the state after.
    static func drive(_ machine: inout Machine, _ request: BoltRequest) -> String {
        var step = machine.receive(request)
        var performed = ""
        if case .perform(let operation) = step {
            performed = "perform "
            step = machine.complete(success(for: operation))
        }
        let output: String = switch step {
        case .respond(.success): "SUCCESS"
        case .respond(.ignored): "IGNORED"
        case .respond(.failure): "FAILURE"
        case .respond(.record): "RECORD"
        case .respondAndClose(.failure): "FAILURE+close"
        case .respondAndClose: "other+close"
        case .close: "close"
        case .perform: "perform?"
        }
        return "\(performed)\(output) → \(machine.state.rawValue)"
    }

    static func machine(in state: Machine.State, version: BoltVersion = v54) -> Machine {
        var machine = Machine(version: version, connectionID: "bolt-1")
        func feed(_ request: BoltRequest) { _ = drive(&machine, request) }
        if state == .connected { return machine }
        feed(.hello(extra: [:]))
        if state == .authentication { return machine }
        feed(.logon(auth: [:]))
        switch state {
        case .streaming: feed(.run(query: "q", parameters: [:], extra: [:]))
        case .txReady: feed(.begin(extra: [:]))
        case .txStreaming:
            feed(.begin(extra: [:]))
            feed(.run(query: "q", parameters: [:], extra: [:]))
        case .failed: feed(.route(routing: [:], bookmarks: [], extra: [:]))
        case .interrupted: machine.interrupt()
        case .defunct: feed(.goodbye)
        default: break
        }
        #expect(machine.state == state)
        return machine
    }

    static let violation = "FAILURE+close → DEFUNCT"
    static let expected: [Machine.State: [String: String]] = {
        let allViolations = Dictionary(uniqueKeysWithValues: requests.map { ($0.0, violation) })
        var table: [Machine.State: [String: String]] = [:]
        table[.connected] = allViolations.merging(["HELLO": "SUCCESS → AUTHENTICATION", "GOODBYE": "close → DEFUNCT"]) { $1 }
        table[.authentication] = allViolations.merging(["LOGON": "perform SUCCESS → READY", "GOODBYE": "close → DEFUNCT"]) { $1 }
        table[.ready] = allViolations.merging([
            "LOGOFF": "perform SUCCESS → AUTHENTICATION", "GOODBYE": "close → DEFUNCT", "RESET": "perform SUCCESS → READY",
            "RUN": "perform SUCCESS → STREAMING", "BEGIN": "perform SUCCESS → TX_READY", "ROUTE": "FAILURE → FAILED",
            "TELEMETRY": "SUCCESS → READY",
        ]) { $1 }
        table[.streaming] = allViolations.merging([
            "GOODBYE": "close → DEFUNCT", "RESET": "perform SUCCESS → READY",
            "DISCARD": "perform SUCCESS → READY", "PULL": "perform SUCCESS → READY",
        ]) { $1 }
        table[.txReady] = allViolations.merging([
            "GOODBYE": "close → DEFUNCT", "RESET": "perform SUCCESS → READY", "RUN": "perform SUCCESS → TX_STREAMING",
            "COMMIT": "perform SUCCESS → READY", "ROLLBACK": "perform SUCCESS → READY", "TELEMETRY": "SUCCESS → TX_READY",
        ]) { $1 }
        table[.txStreaming] = allViolations.merging([
            "GOODBYE": "close → DEFUNCT", "RESET": "perform SUCCESS → READY", "RUN": "perform SUCCESS → TX_STREAMING",
            "COMMIT": "perform SUCCESS → READY", "ROLLBACK": "perform SUCCESS → READY",
            "DISCARD": "perform SUCCESS → TX_READY", "PULL": "perform SUCCESS → TX_READY",
        ]) { $1 }
        for state in [Machine.State.failed, .interrupted] {
            table[state] = Dictionary(uniqueKeysWithValues: requests.map { ($0.0, "IGNORED → \(state.rawValue)") })
                .merging(["GOODBYE": "close → DEFUNCT", "RESET": "perform SUCCESS → READY"]) { $1 }
        }
        table[.defunct] = Dictionary(uniqueKeysWithValues: requests.map { ($0.0, "close → DEFUNCT") })
        return table
    }()

    @Test(arguments: [Machine.State.connected, .authentication, .ready, .streaming, .txReady, .txStreaming, .failed,
                      .interrupted, .defunct])
    func everyMessageInEveryState(state: Machine.State) {
        for (name, request) in Self.requests {
            var machine = Self.machine(in: state)
            #expect(Self.drive(&machine, request) == Self.expected[state]![name], "\(state.rawValue) × \(name)")
        }
    }

    @Test func failuresMoveToFailedOrClose() {
        var machine = Self.machine(in: .ready)
        #expect(machine.receive(.run(query: "bad", parameters: [:], extra: [:])) != .close)
        let failure = BoltFailure(code: BoltFailure.clientErrorCode, message: "nope")
        #expect(machine.complete(.failed(failure)) == .respond(.failure(failure)))
        #expect(machine.state == .failed)
        #expect(machine.receive(.pull(n: -1, qid: -1)) == .respond(.ignored))
        // A failed RESET, HELLO or LOGON is fatal.
        _ = machine.receive(.reset)
        #expect(machine.complete(.failed(failure)) == .respondAndClose(.failure(failure)))
        var fresh = Self.machine(in: .authentication)
        _ = fresh.receive(.logon(auth: ["scheme": "basic", "principal": "u", "credentials": "wrong"]))
        #expect(fresh.complete(.failed(.authenticationFailure())) == .respondAndClose(.failure(.authenticationFailure())))
        #expect(fresh.state == .defunct)
    }

    @Test func helloMetadataAndVersion4Auth() {
        var machine = Machine(version: BoltVersion(4, 4), connectionID: "bolt-9")
        let step = machine.receive(.hello(extra: ["user_agent": "mgclient/1.7.0", "scheme": "basic", "principal": "u",
                                                  "credentials": "p", "patch_bolt": ["utc"]]))
        #expect(step == .perform(.authenticate(BoltAuthToken(scheme: "basic", principal: "u", credentials: "p", raw: [
            "user_agent": "mgclient/1.7.0", "scheme": "basic", "principal": "u", "credentials": "p", "patch_bolt": ["utc"],
        ]))))
        guard case .respond(.success(let metadata)) = machine.complete(.done) else { Issue.record("no SUCCESS"); return }
        #expect(metadata["server"]?.stringValue?.hasPrefix("Neo4j/") == true)
        #expect(metadata["connection_id"] == "bolt-9")
        #expect(metadata["patch_bolt"] == ["utc"])
        #expect(metadata["hints"] == .map([:]))
        #expect(machine.state == .ready && machine.format == PackStreamFormat(elementIDs: false, utcDateTime: true))
        var v54 = Machine(version: Self.v54, connectionID: "c", configuration: .init(serverAgent: "Neo4j/v5.11.0 custom", telemetryEnabled: true))
        guard case .respond(.success(let hello)) = v54.receive(.hello(extra: [:])) else { Issue.record("no SUCCESS"); return }
        #expect(hello["server"] == "Neo4j/v5.11.0 custom" && hello["hints"] == ["telemetry.enabled": true])
    }

    @Test func streamingMetadataAndQueryIDs() {
        var machine = Self.machine(in: .txReady)
        #expect(machine.receive(.run(query: "a", parameters: [:], extra: [:]))
            == .perform(.run(query: "a", parameters: [:], metadata: BoltTransactionMetadata(extra: [:]), qid: 0)))
        guard case .respond(.success(let run)) = machine.complete(.ran(fields: ["n"], firstRecordMilliseconds: 3)) else {
            Issue.record("no SUCCESS")
            return
        }
        #expect(run == ["fields": ["n"], "t_first": 3, "qid": 0])
        _ = machine.receive(.run(query: "b", parameters: [:], extra: [:]))
        _ = machine.complete(.ran(fields: [], firstRecordMilliseconds: 0))
        #expect(machine.openQueryIDs == [0, 1])
        // qid -1 is the latest; partial pulls keep the result open.
        #expect(machine.receive(.pull(n: 5, qid: -1)) == .perform(.pull(qid: 1, n: 5)))
        #expect(machine.complete(.streamed(hasMore: true, summary: BoltResultSummary(), lastRecordMilliseconds: 0))
            == .respond(.success(["has_more": true])))
        #expect(machine.receive(.discard(n: -1, qid: 0)) == .perform(.discard(qid: 0, n: -1)))
        var statistics = BoltStatistics()
        statistics.nodesCreated = 2
        let summary = BoltResultSummary(queryType: .write, statistics: statistics)
        guard case .respond(.success(let final)) = machine.complete(.streamed(hasMore: false, summary: summary, lastRecordMilliseconds: 4)) else {
            Issue.record("no SUCCESS")
            return
        }
        #expect(final == ["has_more": false, "type": "w", "t_last": 4, "db": "memgraph",
                          "stats": ["nodes-created": 2, "contains-updates": true]])
        #expect(machine.state == .txStreaming && machine.openQueryIDs == [1])
        #expect(machine.receive(.pull(n: 0, qid: 1)) == .respond(.failure(.protocolViolation("Invalid value 0 for n: expected a positive number or -1."))))
        #expect(machine.state == .failed)
    }

    @Test func autoCommitCarriesBookmarkAndUnknownQidFails() {
        var machine = Self.machine(in: .streaming)
        #expect(machine.receive(.pull(n: -1, qid: 7)) == .respond(.failure(.protocolViolation("There is no open result with qid 7."))))
        var other = Self.machine(in: .streaming)
        _ = other.receive(.pull(n: -1, qid: -1))
        guard case .respond(.success(let final)) = other.complete(.streamed(hasMore: false, summary: BoltResultSummary(), lastRecordMilliseconds: 0)) else {
            Issue.record("no SUCCESS")
            return
        }
        #expect(final["bookmark"]?.stringValue?.isEmpty == false && final["has_more"] == false && final["type"] == "r")
    }

    @Test func resetInterruptsQueuedWork() {
        var machine = Self.machine(in: .ready)
        #expect(machine.receive(.run(query: "long", parameters: [:], extra: [:])) != .close)
        machine.interrupt()  // RESET decoded while RUN is running
        #expect(machine.complete(.ran(fields: [], firstRecordMilliseconds: 0)) != .close)
        #expect(machine.state == .interrupted)
        #expect(machine.receive(.pull(n: -1, qid: -1)) == .respond(.ignored))
        #expect(machine.receive(.reset) == .perform(.reset))
        #expect(machine.complete(.done) == .respond(.success([:])))
        #expect(machine.state == .ready && machine.openQueryIDs.isEmpty)
    }
}
