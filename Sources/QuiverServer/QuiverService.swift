// QuiverService: one running server: the configuration (Memgraph's flag meanings), the Database
// and UserStore built from it, the BoltServer with an EngineBackend per connection, TLS when a
// certificate and key are given, and a shutdown on SIGINT/SIGTERM that stops accepting, closes
// connections (rolling back their transactions) and returns.
import Dispatch
import Foundation
import NIOCore
import NIOSSL
import QuiverBolt
import QuiverCore
import QuiverEngine

/// What `quiver` was asked to run, named after Memgraph's flags.
public struct ServerConfiguration: Sendable {
    public var boltAddress = "127.0.0.1"
    public var boltPort = 7687
    public var boltNumWorkers = QuiverDefaults.boltWorkers(cores: System.coreCount)
    public var boltCertFile: String?
    public var boltKeyFile: String?
    public var boltServerNameForInit: String?
    public var dataDirectory = "./data"
    public var storageMode = "IN_MEMORY_TRANSACTIONAL"
    public var storagePropertiesOnEdges = true
    public var storageGCCycleSeconds = 30.0
    /// `--storage-access-timeout-sec`: how long storage-mode switches and DDL wait for others.
    public var storageAccessTimeoutSeconds = 1.0
    public var isolationLevel = "SNAPSHOT_ISOLATION"
    /// MiB; 0 = no limit of Quiver's own.
    public var memoryLimitMiB = 0
    public var queryExecutionTimeoutSeconds = 600.0
    /// Durability (Memgraph's flags; Quiver's defaults: WAL on, every commit waits for its fsync).
    public var recoverOnStartup = true
    public var walEnabled = true
    public var walFileSizeKiB = 20_480
    public var walFlushEveryNTx = 1
    public var snapshotIntervalSeconds = 300.0
    public var snapshotRetentionCount = 3
    public var snapshotOnExit = true
    /// PBKDF2 rounds for new password hashes (lower only in tests).
    public var passwordHashRounds = UserStore.defaultRounds

    public init() {}
}

/// Defaults that differ from Memgraph's, with the reason.
public enum QuiverDefaults {
    /// Query threads: a commit keeps its thread while it waits for the WAL's group fsync, so
    /// with one thread per core only that many commits could share an fsync. Four per core
    /// (at least 8) lets 8 concurrent writers commit in one group.
    public static func boltWorkers(cores: Int) -> Int { max(8, 4 * max(1, cores)) }
}

public enum ServiceError: Error, CustomStringConvertible {
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .invalidSetting(let message): message
        }
    }
}

public final class QuiverService: Sendable {
    public let configuration: ServerConfiguration
    public let database: Database
    public let users: UserStore
    private let server: BoltServer
    private let log: ServerLog

    public init(configuration: ServerConfiguration, log: ServerLog) throws {
        self.configuration = configuration
        self.log = log
        let dataDirectory = URL(fileURLWithPath: configuration.dataDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let database: Database
        do {
            database = try Database(opening: try Self.databaseConfig(configuration))
        } catch let error as QuiverError {
            throw ServiceError.invalidSetting("cannot open the data directory \(configuration.dataDirectory): \(error.message)")
        }
        let report = database.durability?.recovery
        if let report, report.snapshot != nil || report.walTransactionsReplayed > 0 {
            log.info("recovered \(database.storage.vertexCount) vertices and \(database.storage.edgeCount) edges "
                + "(snapshot: \(report.snapshot?.path ?? "none"), WAL transactions replayed: \(report.walTransactionsReplayed))")
        }
        for skipped in report?.skippedSnapshots ?? [] { log.warning("skipped snapshot: \(skipped)") }
        for tail in report?.truncatedTails ?? [] { log.warning("truncated a torn WAL tail: \(tail)") }
        let users = try UserStore(directory: dataDirectory.appendingPathComponent("auth"), rounds: configuration.passwordHashRounds)
        self.database = database
        self.users = users
        var bolt = BoltServerConfiguration(host: configuration.boltAddress, port: configuration.boltPort,
                                           workerThreads: configuration.boltNumWorkers)
        if let name = configuration.boltServerNameForInit { bolt.serverNameForInit = name }
        bolt.channelInitializer = try ServerTLS.initializer(certificateFile: configuration.boltCertFile,
                                                           keyFile: configuration.boltKeyFile)
        server = BoltServer(configuration: bolt) { info in
            EngineBackend(database: database, users: users, log: log, connectionID: info.connectionID)
        }
    }

    static func databaseConfig(_ configuration: ServerConfiguration) throws -> DatabaseConfig {
        var config = DatabaseConfig()
        config.storage.propertiesOnEdges = configuration.storagePropertiesOnEdges
        guard let mode = type(of: config.storage.mode).init(rawValue: configuration.storageMode.uppercased()) else {
            throw ServiceError.invalidSetting("--storage-mode must be IN_MEMORY_TRANSACTIONAL, IN_MEMORY_ANALYTICAL "
                + "or ON_DISK_TRANSACTIONAL, not '\(configuration.storageMode)'")
        }
        config.storage.mode = mode
        guard let isolation = type(of: config.storage.isolationLevel).init(rawValue: configuration.isolationLevel.uppercased()) else {
            throw ServiceError.invalidSetting(
                "--isolation-level must be SNAPSHOT_ISOLATION, READ_COMMITTED or READ_UNCOMMITTED, not '\(configuration.isolationLevel)'")
        }
        config.storage.isolationLevel = isolation
        guard configuration.storageGCCycleSeconds > 0 else {
            throw ServiceError.invalidSetting("--storage-gc-cycle-sec must be at least 1")
        }
        config.storage.garbageCollectionIntervalSeconds = configuration.storageGCCycleSeconds
        guard configuration.memoryLimitMiB >= 0 else { throw ServiceError.invalidSetting("--memory-limit must not be negative") }
        config.storage.memoryLimitBytes = configuration.memoryLimitMiB > 0
            ? configuration.memoryLimitMiB << 20 : MachineMemory.defaultLimitBytes
        guard configuration.storageAccessTimeoutSeconds >= 0, configuration.queryExecutionTimeoutSeconds >= 0 else {
            throw ServiceError.invalidSetting("--storage-access-timeout-sec and --query-execution-timeout-sec must not be negative")
        }
        config.storage.storageAccessTimeoutSeconds = configuration.storageAccessTimeoutSeconds
        config.queryExecutionTimeoutSeconds = configuration.queryExecutionTimeoutSeconds
        config.flags = configuration.configEntries
        let directory = configuration.dataDirectory
        config.diskUsage = { ServerConfiguration.directorySize(directory) }
        config.dataDirectory = directory
        guard configuration.walFileSizeKiB > 0, configuration.walFlushEveryNTx > 0, configuration.snapshotIntervalSeconds >= 0,
              configuration.snapshotRetentionCount > 0 else {
            throw ServiceError.invalidSetting("--storage-wal-file-size-kib, --storage-wal-file-flush-every-n-tx and "
                + "--storage-snapshot-retention-count must be positive, --storage-snapshot-interval-sec not negative")
        }
        config.durability.recoverOnStartup = configuration.recoverOnStartup
        config.durability.walEnabled = configuration.walEnabled
        config.durability.walFileSizeKiB = configuration.walFileSizeKiB
        config.durability.walFlushEveryNTx = configuration.walFlushEveryNTx
        config.durability.snapshotIntervalSeconds = configuration.snapshotIntervalSeconds
        config.durability.snapshotRetentionCount = configuration.snapshotRetentionCount
        config.durability.snapshotOnExit = configuration.snapshotOnExit
        return config
    }

    /// Binds and starts serving; returns the bound address (port 0 picks a free one).
    @discardableResult
    public func start() async throws -> SocketAddress {
        let address = try await server.start()
        let tls = configuration.boltCertFile != nil ? " (TLS)" : ""
        log.info("Quiver serving Bolt on \(address)\(tls); data directory \(configuration.dataDirectory)")
        return address
    }

    public var localAddress: SocketAddress? { server.localAddress }

    public func shutdown() async {
        log.info("Quiver shutting down")
        database.transactions.interruptAll(.shutdown)
        await server.shutdown()
        do {
            try database.close()
        } catch {
            log.error("closing the data directory failed: \(error.message)")
        }
    }

    /// Starts, serves until SIGINT or SIGTERM, then shuts down cleanly.
    public func runUntilSignalled(alreadyStarted: Bool = false) async throws {
        if !alreadyStarted { try await start() }
        let signal = await Self.waitForTerminationSignal()
        log.info("received \(signal == SIGINT ? "SIGINT" : "SIGTERM")")
        await shutdown()
    }

    /// Suspends until SIGINT or SIGTERM arrives (the default handlers are replaced).
    static func waitForTerminationSignal() async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let queue = DispatchQueue(label: "quiver.signals")
            let once = SignalOnce(continuation)
            var sources: [DispatchSourceSignal] = []
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler { once.fire(signalNumber) }
                source.resume()
                sources.append(source)
            }
            once.keep(sources)
        }
    }
}

/// Resumes the signal continuation once and keeps the dispatch sources alive until then.
private final class SignalOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Int32, Never>?
    private var sources: [DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Int32, Never>) { self.continuation = continuation }

    func keep(_ sources: [DispatchSourceSignal]) {
        lock.withLock { self.sources = sources }
    }

    func fire(_ signalNumber: Int32) {
        let pending = lock.withLock { () -> CheckedContinuation<Int32, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: signalNumber)
    }
}

/// TLS for Bolt (both directions) with swift-nio-ssl.
public enum ServerTLS {
    /// The channel initializer that puts TLS in front of Bolt, or nil without certificate and key.
    static func initializer(certificateFile: String?, keyFile: String?) throws
        -> (@Sendable (any Channel) -> EventLoopFuture<Void>)? {
        switch (certificateFile.flatMap { $0.isEmpty ? nil : $0 }, keyFile.flatMap { $0.isEmpty ? nil : $0 }) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain,
                                                                                    privateKey: .privateKey(privateKey)))
            return { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }
            }
        default:
            throw ServiceError.invalidSetting("TLS needs both --bolt-cert-file and --bolt-key-file")
        }
    }

    /// A client context for `quiver console --use-ssl` (no certificate verification, as mgconsole
    /// does for self-signed server certificates).
    public static func clientContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }
}
