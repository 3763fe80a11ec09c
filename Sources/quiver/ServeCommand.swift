// ServeCommand: the server with Memgraph's flag names (dash or underscore, after ServerFlags):
// builds the ServerConfiguration and the log, reports flags that are accepted but not effective
// yet, and serves until SIGINT/SIGTERM.
import ArgumentParser
import Foundation
import QuiverServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Bolt server (the default). Flags also read from --flag-file and $MEMGRAPH_CONFIG.")

    /// Memgraph flags given that Quiver accepts but does not act on yet (set by main).
    nonisolated(unsafe) static var ignoredFlags: [String] = []

    @Option(name: .customLong("bolt-address"), help: "IP address to listen on.")
    var boltAddress = "127.0.0.1"
    @Option(name: .customLong("bolt-port"), help: "Port to listen on (0 picks a free port).")
    var boltPort = 7687
    @Option(name: .customLong("bolt-num-workers"), help: "Threads that run queries (default 4 per core, at least 8: a commit holds its thread while it waits for the WAL fsync).")
    var boltNumWorkers = QuiverDefaults.boltWorkers(cores: ProcessInfo.processInfo.activeProcessorCount)
    @Option(name: .customLong("bolt-cert-file"), help: "PEM certificate for Bolt TLS (with --bolt-key-file).")
    var boltCertFile = ""
    @Option(name: .customLong("bolt-key-file"), help: "PEM private key for Bolt TLS.")
    var boltKeyFile = ""
    @Option(name: .customLong("bolt-server-name-for-init"), help: "The server name sent in HELLO's SUCCESS.")
    var boltServerNameForInit = ""
    @Option(name: .customLong("data-directory"), help: "Directory for persistent data (created when missing).")
    var dataDirectory = "./data"
    @Option(name: .customLong("storage-mode"), help: "IN_MEMORY_TRANSACTIONAL or IN_MEMORY_ANALYTICAL.")
    var storageMode = "IN_MEMORY_TRANSACTIONAL"
    @Option(name: .customLong("storage-properties-on-edges"), help: "Whether relationships can have properties.")
    var storagePropertiesOnEdges = true
    @Option(name: .customLong("storage-gc-cycle-sec"), help: "Seconds between garbage collections.")
    var storageGCCycleSec = 30.0
    @Option(name: .customLong("storage-access-timeout-sec"), help: "Seconds a storage-mode switch or DDL waits for other transactions.")
    var storageAccessTimeoutSec = 1.0
    @Option(name: .customLong("isolation-level"), help: "SNAPSHOT_ISOLATION, READ_COMMITTED or READ_UNCOMMITTED.")
    var isolationLevel = "SNAPSHOT_ISOLATION"
    @Option(name: .customLong("data-recovery-on-startup"), help: "Recover the data directory (snapshot, then WAL) at start.")
    var dataRecoveryOnStartup = true
    @Option(name: .customLong("storage-wal-enabled"), help: "Write-ahead log: a commit is acknowledged after its group fsync.")
    var storageWalEnabled = true
    @Option(name: .customLong("storage-wal-file-size-kib"), help: "WAL segment size before rotation, in KiB.")
    var storageWalFileSizeKib = 20_480
    @Option(name: .customLong("storage-wal-file-flush-every-n-tx"), help: "1 = every commit waits for the disk; N > 1 trades the last N-1 commits on power loss for speed.")
    var storageWalFileFlushEveryNTx = 1
    @Option(name: .customLong("storage-snapshot-interval-sec"), help: "Seconds between periodic snapshots (0 = none).")
    var storageSnapshotIntervalSec = 300.0
    @Option(name: .customLong("storage-snapshot-retention-count"), help: "Snapshots kept (older ones and the WAL they need are deleted).")
    var storageSnapshotRetentionCount = 3
    @Option(name: .customLong("storage-snapshot-on-exit"), help: "Take a snapshot on a clean shutdown.")
    var storageSnapshotOnExit = true
    @Option(name: .customLong("memory-limit"), help: "Memory limit in MiB (0 = 90% of RAM without swap).")
    var memoryLimit = 0
    @Option(name: .customLong("query-execution-timeout-sec"), help: "Transaction timeout in seconds (0 = none).")
    var queryExecutionTimeoutSec = 600.0
    @Option(name: .customLong("log-level"), help: "TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL.")
    var logLevel = "WARNING"
    @Option(name: .customLong("log-file"), help: "Log file (empty: stderr only).")
    var logFile = ""
    @Option(name: .customLong("also-log-to-stderr"), help: "Also write the log to stderr.")
    var alsoLogToStderr = false

    func run() async throws {
        guard let level = ServerLog.Level(name: logLevel) else {
            throw ValidationError("--log-level must be one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL")
        }
        let log = try ServerLog(level: level, filePath: logFile.isEmpty ? nil : logFile, alsoToStderr: alsoLogToStderr)
        var configuration = ServerConfiguration()
        configuration.boltAddress = boltAddress
        configuration.boltPort = boltPort
        configuration.boltNumWorkers = max(1, boltNumWorkers)
        configuration.boltCertFile = boltCertFile.isEmpty ? nil : boltCertFile
        configuration.boltKeyFile = boltKeyFile.isEmpty ? nil : boltKeyFile
        configuration.boltServerNameForInit = boltServerNameForInit.isEmpty ? nil : boltServerNameForInit
        configuration.dataDirectory = dataDirectory
        configuration.storageMode = storageMode
        configuration.storagePropertiesOnEdges = storagePropertiesOnEdges
        configuration.storageGCCycleSeconds = storageGCCycleSec
        configuration.isolationLevel = isolationLevel
        configuration.memoryLimitMiB = memoryLimit
        configuration.queryExecutionTimeoutSeconds = queryExecutionTimeoutSec
        configuration.storageAccessTimeoutSeconds = storageAccessTimeoutSec
        configuration.recoverOnStartup = dataRecoveryOnStartup
        configuration.walEnabled = storageWalEnabled
        configuration.walFileSizeKiB = storageWalFileSizeKib
        configuration.walFlushEveryNTx = storageWalFileFlushEveryNTx
        configuration.snapshotIntervalSeconds = storageSnapshotIntervalSec
        configuration.snapshotRetentionCount = storageSnapshotRetentionCount
        configuration.snapshotOnExit = storageSnapshotOnExit
        for flag in Self.ignoredFlags { log.warning("\(flag) is accepted but not effective yet") }
        let service: QuiverService
        do {
            service = try QuiverService(configuration: configuration, log: log)
        } catch let error as ServiceError {
            throw ValidationError(error.description)
        }
        try await service.start()
        // One line on stdout so scripts and tests know the server is ready (and where).
        let ready = "Quiver listening on \(boltAddress):\(service.localAddress?.port ?? boltPort)\n"
        FileHandle.standardOutput.write(Data(ready.utf8))
        try await service.runUntilSignalled(alreadyStarted: true)
    }
}
