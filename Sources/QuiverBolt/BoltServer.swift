// BoltServer: the NIO listener for Bolt: bootstrap (address, TCP_NODELAY, backlog), a worker pool
// for backend calls, one BoltConnectionHandler and one backend per connection, and a graceful
// shutdown that stops accepting, closes connections and lets their backends close. TLS and other
// transport handlers are inserted ahead of Bolt through `channelInitializer`.
import NIOCore
import NIOPosix
import Synchronization

public struct BoltServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (see `BoltServer.localAddress`).
    public var port: Int
    /// Threads that run backend calls (query work); Memgraph's `--bolt-num-workers`.
    public var workerThreads: Int
    /// Event-loop threads (network I/O only) when the server makes its own group.
    public var eventLoopThreads: Int
    public var limits: BoltLimits
    /// A client that has not completed the 20-byte handshake by then is disconnected.
    public var handshakeTimeout: TimeAmount
    /// HELLO metadata (`server` string, hints) and the default database name.
    public var session: BoltStateMachine.Configuration
    public var supportedVersions: [BoltVersion]
    /// Rows asked of a result per backend call while serving one PULL.
    public var pullBatchRows: Int
    public var backlog: Int32
    /// Runs first for each accepted channel (e.g. adds an NIOSSLServerHandler); the Bolt handler
    /// is added after the returned future succeeds.
    public var channelInitializer: (@Sendable (any Channel) -> EventLoopFuture<Void>)?

    public init(host: String = "127.0.0.1", port: Int = 7687, workerThreads: Int = System.coreCount,
                eventLoopThreads: Int = System.coreCount, limits: BoltLimits = BoltLimits(),
                handshakeTimeout: TimeAmount = .seconds(20), session: BoltStateMachine.Configuration = .init(),
                supportedVersions: [BoltVersion] = BoltHandshake.supportedVersions, pullBatchRows: Int = 1000,
                backlog: Int32 = 256, channelInitializer: (@Sendable (any Channel) -> EventLoopFuture<Void>)? = nil) {
        self.host = host
        self.port = port
        self.workerThreads = max(1, workerThreads)
        self.eventLoopThreads = max(1, eventLoopThreads)
        self.limits = limits
        self.handshakeTimeout = handshakeTimeout
        self.session = session
        self.supportedVersions = supportedVersions
        self.pullBatchRows = max(1, pullBatchRows)
        self.backlog = backlog
        self.channelInitializer = channelInitializer
    }

    /// Memgraph's `--bolt-server-name-for-init`: the `server` value HELLO's SUCCESS carries.
    public var serverNameForInit: String {
        get { session.serverAgent }
        set { session.serverAgent = newValue }
    }
}

public final class BoltServer: Sendable {
    private struct State {
        var serverChannel: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var connectionCount = 0
        var stopping = false
    }

    public let configuration: BoltServerConfiguration
    private let group: any EventLoopGroup
    private let ownsGroup: Bool
    private let threadPool: NIOThreadPool
    private let backendFactory: @Sendable (BoltConnectionInfo) -> any BoltBackend
    private let state = Mutex(State())

    /// `backendFactory` is called on an event loop once per connection, right after the handshake;
    /// keep it cheap (defer real work to the backend's first call).
    public init(configuration: BoltServerConfiguration, eventLoopGroup: (any EventLoopGroup)? = nil,
                backendFactory: @escaping @Sendable (BoltConnectionInfo) -> any BoltBackend) {
        self.configuration = configuration
        self.group = eventLoopGroup ?? MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        self.ownsGroup = eventLoopGroup == nil
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.workerThreads)
        self.backendFactory = backendFactory
    }

    /// Binds and starts accepting; returns the bound address (useful with port 0).
    @discardableResult
    public func start() async throws -> SocketAddress {
        threadPool.start()
        let environment = BoltConnectionEnvironment(
            configuration: configuration, threadPool: threadPool, backendFactory: backendFactory,
            nextConnectionID: { [weak self] in
                "bolt-\(self?.state.withLock { state in state.connectionCount += 1; return state.connectionCount } ?? 0)"
            })
        let custom = configuration.channelInitializer
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: configuration.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { [weak self] channel in
                guard let self, self.register(channel) else { return channel.close() }
                let addBolt: @Sendable () -> EventLoopFuture<Void> = {
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(BoltConnectionHandler(environment: environment))
                    }
                }
                guard let custom else { return addBolt() }
                return custom(channel).flatMap { addBolt() }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        state.withLock { $0.serverChannel = channel }
        guard let address = channel.localAddress else { throw ChannelError.unknownLocalAddress }
        return address
    }

    public var localAddress: SocketAddress? {
        state.withLock { $0.serverChannel?.localAddress }
    }

    /// Open connections right now.
    public var connectionCount: Int {
        state.withLock { $0.connections.count }
    }

    private func register(_ channel: any Channel) -> Bool {
        let key = ObjectIdentifier(channel)
        let accepted = state.withLock { state in
            guard !state.stopping else { return false }
            state.connections[key] = channel
            return true
        }
        if accepted {
            channel.closeFuture.whenComplete { [weak self] _ in
                _ = self?.state.withLock { $0.connections.removeValue(forKey: key) }
            }
        }
        return accepted
    }

    /// Stops accepting, closes every connection (running queries are interrupted, backends closed
    /// on the pool), then stops the pool and, if the server made it, the event-loop group.
    public func shutdown() async {
        let (serverChannel, connections) = state.withLock { state in
            state.stopping = true
            return (state.serverChannel, Array(state.connections.values))
        }
        try? await serverChannel?.close()
        for connection in connections { connection.close(promise: nil) }
        for connection in connections { try? await connection.closeFuture.get() }
        try? await threadPool.shutdownGracefully()
        if ownsGroup { try? await group.shutdownGracefully() }
    }
}
