// End-to-end tests: a BoltServer on port 0 with an in-memory fake backend, driven over a real
// socket with raw Bolt: handshake, HELLO/LOGON, RUN/PULL, explicit transactions, batched
// streaming of a large result, failures and RESET, auth refusal, and malformed input that must
// end in FAILURE or a closed connection while the server keeps answering `RETURN 1`.
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import QuiverCore
import Synchronization
import Testing
@testable import QuiverBolt

/// Queries the fake understands: RETURN 1, ROWS (n rows of ints, from $n), ECHO ($v back),
/// NODE (one node), SLOW (blocks until interrupted), FAIL (client error), CONFLICT (transient error), BEGIN/COMMIT/ROLLBACK texts.
final class FakeBackend: BoltBackend, @unchecked Sendable {
    static let largestBatch = Mutex(0)
    private var inTransaction = false

    func authenticate(_ token: BoltAuthToken) throws(BoltFailure) {
        guard token.scheme == "none" || token.credentials == "p" else { throw .authenticationFailure() }
    }

    func begin(_ metadata: BoltTransactionMetadata) throws(BoltFailure) { inTransaction = true }
    func commit() throws(BoltFailure) -> String? {
        inTransaction = false
        return "fake-bookmark"
    }
    func rollback() throws(BoltFailure) { inTransaction = false }
    func reset() {
        inTransaction = false
        interrupted.withLock { $0 = false }
    }
    let interrupted = Mutex(false)
    func interrupt() { interrupted.withLock { $0 = true } }
    func close() {}

    func run(_ query: String, parameters: BoltMap, metadata: BoltTransactionMetadata) throws(BoltFailure) -> any BoltResultStream {
        switch query {
        case "RETURN 1": return FakeStream(fields: ["1"], count: 1) { _ in [1] }
        case "BEGIN", "COMMIT", "ROLLBACK":  // pymgclient's transaction texts
            inTransaction = query == "BEGIN"
            return FakeStream(fields: [], count: 0) { _ in [] }
        case "ROWS": return FakeStream(fields: ["i"], count: Int(parameters["n"]?.intValue ?? 0)) { [.int(Int64($0))] }
        case "ECHO": return FakeStream(fields: ["v"], count: 1) { _ in [parameters["v"] ?? .null] }
        case "NODE":
            return FakeStream(fields: ["n"], count: 1) { _ in [.node(BoltNode(id: 5, labels: ["L"], properties: ["p": 1]))] }
        case "SLOW":  // produces nothing until interrupted (or 10 s pass)
            return FakeStream(fields: ["x"], count: 1) { [self] _ in
                for _ in 0..<1000 where !self.interrupted.withLock({ $0 }) { usleep(10_000) }
                return [1]
            }
        case "FAIL": throw BoltFailure(QuiverError(.syntaxError, "Error on line 1 position 1."))
        case "CONFLICT": throw BoltFailure(QuiverError.conflict())
        default: throw BoltFailure(QuiverError(.notSupported, "unknown fake query \(query)"))
        }
    }
}

final class FakeStream: BoltResultStream {
    let fields: [String]
    let count: Int
    let row: (Int) -> [BoltValue]
    private var produced = 0

    init(fields: [String], count: Int, row: @escaping (Int) -> [BoltValue]) {
        self.fields = fields
        self.count = count
        self.row = row
    }

    func pull(_ maxRows: Int) throws(BoltFailure) -> BoltBatch {
        FakeBackend.largestBatch.withLock { $0 = max($0, maxRows) }
        let end = min(count, produced + maxRows)
        let rows = (produced..<end).map(row)
        produced = end
        return BoltBatch(rows: rows, hasMore: produced < count, summary: BoltResultSummary(queryType: .read))
    }
}

@Suite(.serialized) struct BoltServerTests {
    static func withServer(_ body: (Int) async throws -> Void) async throws {
        let configuration = BoltServerConfiguration(
            host: "127.0.0.1", port: 0, workerThreads: 2, eventLoopThreads: 1,
            limits: BoltLimits(maxMessageBytes: 1 << 20), handshakeTimeout: .milliseconds(500))
        let server = BoltServer(configuration: configuration) { _ in FakeBackend() }
        let address = try await server.start()
        do {
            try await body(try #require(address.port))
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    @Test func autoCommitAndExplicitTransaction() async throws {
        try await Self.withServer { port in
            let client = try RawBoltClient(port: port)
            #expect(client.handshake(RawBoltClient.python6) == bytes("00 00 04 05"))
            client.request(0x01, [["user_agent": "raw/1.0"]])
            client.request(0x6A, [["scheme": "basic", "principal": "u", "credentials": "p"]])
            let hello = try client.summary()
            #expect(hello.tag == 0x70 && hello.metadata["server"]?.stringValue?.hasPrefix("Neo4j/5.2.0") == true)
            #expect(hello.metadata["connection_id"]?.stringValue?.hasPrefix("bolt-") == true)
            #expect(try client.summary().tag == 0x70)

            let result = try client.query("RETURN 1")
            #expect(result.records == [[1]])
            #expect(result.metadata["has_more"] == false && result.metadata["type"] == "r" && result.metadata["db"] == "memgraph")
            #expect(result.metadata["bookmark"] != nil)

            client.request(0x11, [[:]])
            #expect(try client.summary().tag == 0x70)
            client.request(0x10, ["ROWS", ["n": 5], [:]])
            let run = try client.summary()
            #expect(run.metadata["qid"] == 0 && run.metadata["fields"] == ["i"] && run.metadata["t_first"] != nil)
            client.request(0x3F, [["n": 2]])
            let first = try client.summary()
            #expect(first.records == [[0], [1]] && first.metadata == ["has_more": true])
            client.request(0x3F, [["n": -1, "qid": 0]])
            let rest = try client.summary()
            #expect(rest.records == [[2], [3], [4]] && rest.metadata["has_more"] == false && rest.metadata["bookmark"] == nil)
            client.request(0x12, [])
            let commit = try client.summary()
            #expect(commit.tag == 0x70 && commit.metadata["bookmark"] == "fake-bookmark")

            let echoed: BoltValue = ["list": [1, 2.5, "x", nil], "date": .date(DateValue(daysSinceEpoch: 3))]
            #expect(try client.query("ECHO", ["v": echoed]).records == [[echoed]])
            client.request(0x02, [])
            #expect(client.isClosedByServer())
        }
    }

    @Test func largeResultsStreamInBatchesAndShapesFollowVersion() async throws {
        try await Self.withServer { port in
            let client = try RawBoltClient(port: port, timeoutSeconds: 20)
            #expect(try client.open(RawBoltClient.pymgclient) == BoltVersion(4, 4))
            let result = try client.query("ROWS", ["n": 25_000])
            #expect(result.records.count == 25_000 && result.records.last == [24_999])
            #expect(FakeBackend.largestBatch.withLock { $0 } <= 1000)
            // 4.x: three-field nodes, no element id.
            #expect(try client.query("NODE").records == [[.node(BoltNode(id: 5, labels: ["L"], properties: ["p": 1]))]])
            let modern = try RawBoltClient(port: port)
            #expect(try modern.open() == BoltVersion(5, 4))
            #expect(try modern.query("NODE").records == [[.node(BoltNode(id: 5, labels: ["L"], properties: ["p": 1], elementID: "5"))]])
        }
    }

    @Test func failuresAreIgnoredUntilReset() async throws {
        try await Self.withServer { port in
            let client = try RawBoltClient(port: port)
            _ = try client.open()
            client.request(0x10, ["FAIL", [:], [:]])
            client.request(0x3F, [["n": 1000]])
            let failure = try client.summary()
            #expect(failure.tag == 0x7F && failure.metadata["code"] == .string(BoltFailure.clientErrorCode))
            #expect(try client.summary().tag == 0x7E)
            client.request(0x0F, [])
            #expect(try client.summary().tag == 0x70)
            let conflict = try client.query("CONFLICT")
            #expect(conflict.tag == 0x7F && conflict.metadata["code"] == .string(BoltFailure.transientErrorCode))
            client.request(0x0F, [])
            #expect(try client.summary().tag == 0x70)
            #expect(try client.query("RETURN 1").records == [[1]])
            // ROUTE: Memgraph's standalone failure; TELEMETRY: accepted.
            client.request(0x66, [["address": "localhost:7687"], [], [:]])
            #expect(try client.summary().metadata["message"] == .string(BoltFailure.routeNotSupported.message))
            client.request(0x0F, [])
            client.request(0x54, [2])
            #expect(try client.summary().tag == 0x70 && client.summary().tag == 0x70)
        }
    }

    /// RESET behind a running query interrupts it: the PULL is answered, RESET succeeds, and the
    /// worker is free again well before the slow query's own 10 s.
    @Test func resetInterruptsARunningQuery() async throws {
        try await Self.withServer { port in
            let client = try RawBoltClient(port: port)
            _ = try client.open()
            let started = ContinuousClock.now
            client.request(0x10, ["SLOW", [:], [:]])
            client.request(0x3F, [["n": -1]])
            #expect(try client.summary().tag == 0x70)
            try await Task.sleep(for: .milliseconds(50))
            client.request(0x0F, [])
            #expect(try client.summary().tag == 0x70)  // the interrupted PULL still ends its stream
            #expect(try client.summary().tag == 0x70)  // RESET
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(try client.query("RETURN 1").records == [[1]])
        }
    }

    @Test func wrongPasswordIsRefusedAndClosed() async throws {
        try await Self.withServer { port in
            let client = try RawBoltClient(port: port)
            _ = client.handshake(RawBoltClient.python6)
            client.request(0x01, [["user_agent": "raw/1.0"]])
            client.request(0x6A, [["scheme": "basic", "principal": "u", "credentials": "wrong"]])
            #expect(try client.summary().tag == 0x70)
            let refusal = try client.summary()
            #expect(refusal.tag == 0x7F && refusal.metadata["code"] == .string(BoltFailure.unauthenticatedCode))
            #expect(client.isClosedByServer())
        }
    }

    /// Each attack gets a closed connection (after FAILURE where a session exists); the server
    /// then still answers `RETURN 1` on a new connection.
    @Test func malformedInputLeavesTheServerServing() async throws {
        try await Self.withServer { port in
            func session() throws -> RawBoltClient {
                let client = try RawBoltClient(port: port)
                _ = try client.open()
                return client
            }
            func expectFailureThenClose(_ client: RawBoltClient, _ label: String) {
                let answer = try? client.summary()
                #expect(answer?.tag == 0x7F, "\(label): \(String(describing: answer))")
                #expect(client.isClosedByServer(), "\(label)")
            }
            let wrongMagic = try RawBoltClient(port: port)
            wrongMagic.send(bytes("DE AD BE EF") + Array(repeating: 0, count: 16))
            #expect(wrongMagic.isClosedByServer())

            let badVersion = try RawBoltClient(port: port)
            #expect(badVersion.handshake("00 00 09 09 00 00 00 03 00 00 00 02 00 00 00 01") == bytes("00 00 00 00"))
            #expect(badVersion.isClosedByServer())

            let http = try RawBoltClient(port: port)
            http.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(http.read(12) == Array("HTTP/1.1 400".utf8))

            let silent = try RawBoltClient(port: port)
            #expect(silent.isClosedByServer())  // handshake timeout

            let truncated = try session()
            truncated.send(bytes("00 10 B1 10"))
            truncated.shutdownWrites()
            #expect(truncated.isClosedByServer())

            let garbage = try session()
            garbage.send(bytes("00 03 B1 10 DF 00 00"))
            expectFailureThenClose(garbage, "garbage")

            let deep = try session()
            deep.send(chunkedBody(bytes("B3 10 81 78 A1 81 70") + BoltValue.nestedList(depth: 100_000) + bytes("A0")))
            expectFailureThenClose(deep, "deep nesting")

            let oversized = try session()
            for _ in 0..<20 { oversized.send(bytes("FF FF") + Array(repeating: 0x90, count: 65_535)) }
            expectFailureThenClose(oversized, "oversized")

            let wrongState = try session()
            wrongState.request(0x3F, [["n": 1]])
            expectFailureThenClose(wrongState, "PULL in READY")

            let unknownMessage = try session()
            unknownMessage.request(0x55, [])
            expectFailureThenClose(unknownMessage, "unknown tag")

            let survivor = try session()
            #expect(try survivor.query("RETURN 1").records == [[1]])
        }
    }
}

/// Frames an arbitrary body as one message (in 65,535-byte chunks).
func chunkedBody(_ body: [UInt8]) -> [UInt8] {
    var buffer = ByteBuffer()
    buffer.writeChunkedMessage { (out: inout ByteBuffer) in out.writeBytes(body) }
    return Array(buffer.readableBytesView)
}
