// BoltClient: a small Bolt client over SwiftNIO for `quiver console` and tests: handshake (5.4
// down to 4.1), HELLO/LOGON with basic or no auth, RUN + PULL with the whole result or a row
// callback, RESET after a failure, GOODBYE. Optional TLS (no verification, like mgconsole with a
// self-signed certificate). Reuses QuiverBolt's PackStream and chunking; one request at a time.
import NIOCore
import NIOPosix
import NIOSSL
import QuiverBolt

/// A FAILURE from the server, or a transport problem (`code` "Quiver.ClientError.Connection").
public struct BoltClientError: Error, CustomStringConvertible, Sendable {
    public var code: String
    public var message: String
    public var description: String { "\(code): \(message)" }

    static func connection(_ message: String) -> BoltClientError {
        BoltClientError(code: "Quiver.ClientError.Connection", message: message)
    }
}

public final class BoltClient {
    /// A finished query: its columns, its summary metadata (`stats`, `type`, …) and, unless
    /// rows were streamed to a callback, its rows.
    public struct Result: Sendable {
        public var fields: [String]
        public var rows: [[BoltValue]]
        public var summary: BoltMap
    }

    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending = ByteBuffer()
    private var decoder = BoltChunkDecoder(maxMessageBytes: 1 << 30)
    public private(set) var version = BoltVersion(0, 0)
    public private(set) var serverAgent = ""
    private let limits = BoltLimits(maxMessageBytes: 1 << 30, maxNestingDepth: BoltLimits.hardMaxNestingDepth)

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>,
                 inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.channel = channel
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects, negotiates a version, authenticates (`user` nil = no auth) and runs `body` with
    /// the client; the connection closes (GOODBYE) when `body` returns or throws.
    public static func withConnection<T>(host: String, port: Int, user: String?, password: String?, useTLS: Bool,
                                         userAgent: String = "quiver-console/1.0",
                                         _ body: (BoltClient) async throws -> T) async throws -> T {
        let tls = useTLS ? try ServerTLS.clientContext() : nil
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let handler = try NIOSSLClientHandler(context: tls, serverHostname: nil)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let client = BoltClient(channel: channel, inbound: inbound, outbound: outbound)
            try await client.handshake()
            try await client.hello(userAgent: userAgent, user: user, password: password)
            do {
                let value = try await body(client)
                await client.goodbye()
                return value
            } catch {
                await client.goodbye()
                throw error
            }
        }
    }

    private func handshake() async throws {
        var buffer = ByteBuffer(bytes: BoltHandshake.magic)
        for proposal: [UInt8] in [[0, 4, 4, 5], [0, 0, 4, 4], [0, 0, 3, 4], [0, 0, 1, 4]] { buffer.writeBytes(proposal) }
        try await outbound.write(buffer)
        while pending.readableBytes < 4 {
            guard var next = try await inbound.next() else { throw BoltClientError.connection("server closed during the handshake") }
            pending.writeBuffer(&next)
        }
        let reply = pending.readBytes(length: 4)!
        guard reply != [0, 0, 0, 0] else { throw BoltClientError.connection("the server supports none of our Bolt versions") }
        version = BoltVersion(reply[3], reply[2])
    }

    private func hello(userAgent: String, user: String?, password: String?) async throws {
        var auth: BoltMap = ["scheme": "none"]
        if let user { auth = ["scheme": "basic", "principal": .string(user), "credentials": .string(password ?? "")] }
        var extra: BoltMap = ["user_agent": .string(userAgent)]
        let logon = version >= BoltVersion(5, 1)
        if !logon { for (key, value) in auth { extra[key] = value } }
        let success = try await request(tag: 0x01, [.map(extra)])
        serverAgent = success["server"]?.stringValue ?? ""
        if logon { _ = try await request(tag: 0x6A, [.map(auth)]) }
    }

    /// Runs a query and collects every row.
    public func run(_ query: String, parameters: BoltMap = BoltMap()) async throws -> Result {
        var rows: [[BoltValue]] = []
        var result = try await run(query, parameters: parameters) { rows.append($0) }
        result.rows = rows
        return result
    }

    /// Runs a query, handing each row to `onRow` as it arrives (results of any size).
    public func run(_ query: String, parameters: BoltMap = BoltMap(), onRow: ([BoltValue]) throws -> Void) async throws -> Result {
        try await send(tag: 0x10, [.string(query), .map(parameters), .map(BoltMap())])
        try await send(tag: 0x3F, [.map(["n": -1])])
        let ran: BoltMap
        do {
            ran = try await summary()
        } catch let error as BoltClientError {
            _ = try? await summary()  // the PULL's IGNORED
            try await reset()
            throw error
        }
        let fields = ran["fields"]?.listValue?.compactMap(\.stringValue) ?? []
        do {
            let done = try await summary(onRecord: onRow)
            return Result(fields: fields, rows: [], summary: done)
        } catch let error as BoltClientError {
            try await reset()
            throw error
        }
    }

    public func reset() async throws {
        _ = try await request(tag: 0x0F, [])
    }

    private func goodbye() async {
        try? await send(tag: 0x02, [])
        outbound.finish()
    }

    // MARK: Messages

    private func request(tag: UInt8, _ fields: [BoltValue]) async throws -> BoltMap {
        try await send(tag: tag, fields)
        return try await summary()
    }

    private func send(tag: UInt8, _ fields: [BoltValue]) async throws {
        var buffer = ByteBuffer()
        let format = PackStreamFormat(version: version, utcPatch: false)
        try buffer.writeChunkedMessage { (body: inout ByteBuffer) throws(PackStreamError) in
            body.writeStructureHeader(fields: fields.count, tag: tag)
            for field in fields { try body.writePackStream(field, format: format) }
        }
        try await outbound.write(buffer)
    }

    /// Reads messages until a summary: SUCCESS returns its map, FAILURE throws, IGNORED throws.
    private func summary(onRecord: ([BoltValue]) throws -> Void = { _ in }) async throws -> BoltMap {
        while true {
            let message = try await nextMessage()
            var decoder = PackStreamDecoder(buffer: message, limits: limits)
            let (count, tag) = try decoder.readStructureHeader()
            var fields: [BoltValue] = []
            for _ in 0..<count { fields.append(try decoder.decodeValue()) }
            let map = fields.first?.mapValue ?? BoltMap()
            switch tag {
            case 0x70: return map
            case 0x71: try onRecord(fields.first?.listValue ?? [])
            case 0x7F:
                throw BoltClientError(code: map["code"]?.stringValue ?? "", message: map["message"]?.stringValue ?? "")
            case 0x7E: throw BoltClientError(code: "Quiver.ClientError.Ignored", message: "request ignored")
            default: throw BoltClientError.connection("unexpected message tag \(tag)")
            }
        }
    }

    private func nextMessage() async throws -> ByteBuffer {
        while true {
            if let message = try decoder.nextMessage(from: &pending) { return message }
            guard var next = try await inbound.next() else { throw BoltClientError.connection("the server closed the connection") }
            pending.writeBuffer(&next)
        }
    }
}
