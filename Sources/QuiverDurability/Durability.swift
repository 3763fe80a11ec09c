// Durability: the facade the engine opens on a data directory. `open` takes the directory
// lock, recovers the storage (snapshot + WAL), attaches the WAL as the storage's commit log and
// starts periodic snapshots; `createSnapshot` / `snapshots` back CREATE SNAPSHOT and SHOW
// SNAPSHOTS; `modeChanged` keeps the WAL meaningful across storage-mode switches; `close` takes
// the snapshot on exit and releases everything.
import QuiverCore
import QuiverStorage

public final class Durability: @unchecked Sendable {
    public let directory: String
    public let config: DurabilityConfig
    public let storage: Storage
    public let io: any FileIO
    /// What recovery found (empty when recovery was off or the directory new).
    public let recovery: RecoveryReport
    /// The attached WAL (nil when the WAL is disabled).
    public let wal: WriteAheadLog?

    let snapshotDirectory: String
    let walDirectory: String
    private let lock: DataDirectoryLock
    private let state = Monitor()
    private var snapshotRunning = false
    private var stopping = false
    private var periodicRunning = false
    private var lastSnapshotTimestamp: UInt64?
    private var closed = false
    /// The last periodic snapshot failure, if any.
    public private(set) var lastPeriodicError: QuiverError?

    private init(directory: String, config: DurabilityConfig, storage: Storage, io: any FileIO,
                 lock: DataDirectoryLock, recovery: RecoveryReport, wal: WriteAheadLog?) {
        self.directory = directory
        self.config = config
        self.storage = storage
        self.io = io
        self.lock = lock
        self.recovery = recovery
        self.wal = wal
        snapshotDirectory = joinPath(directory, SnapshotFormat.directoryName)
        walDirectory = joinPath(directory, WALFormat.directoryName)
        lastSnapshotTimestamp = recovery.snapshot?.timestamp
    }

    /// Opens `directory` for `storage` (which must be empty when `recoverOnStartup`).
    public static func open(directory: String, config: DurabilityConfig = DurabilityConfig(), storage: Storage,
                            io: any FileIO = PosixFileIO()) throws(QuiverError) -> Durability {
        try io.makeDirectory(directory)
        let lock = try DataDirectoryLock(io: io, directory: directory)
        let snapshots = joinPath(directory, SnapshotFormat.directoryName), walPath = joinPath(directory, WALFormat.directoryName)
        try io.makeDirectory(snapshots)
        try io.makeDirectory(walPath)
        for name in try io.listDirectory(snapshots) where name.hasPrefix(SnapshotFormat.temporaryPrefix) {
            try? io.unlink(joinPath(snapshots, name))
        }
        var report = RecoveryReport()
        if config.recoverOnStartup {
            report = try Recovery.run(storage: storage, io: io, dataDirectory: directory)
        } else {
            try setAside(io: io, directories: [snapshots, walPath])
            report.walStart.lastTimestamp = storage.nextCommitTimestamp
        }
        var wal: WriteAheadLog? = nil
        if config.walEnabled {
            let writer = WALWriter(io: io, directory: walPath, names: storage.names,
                                   segmentLimit: config.walFileSizeKiB * 1024, flushEvery: config.walFlushEveryNTx,
                                   start: report.walStart)
            wal = WriteAheadLog(writer: writer, flushIntervalSeconds: config.walFlushIntervalSeconds)
            storage.attachCommitLog(wal)
        }
        let durability = Durability(directory: directory, config: config, storage: storage, io: io, lock: lock,
                                    recovery: report, wal: wal)
        if config.snapshotIntervalSeconds > 0 { durability.startPeriodicSnapshots() }
        return durability
    }

    /// Without recovery, old files would come back at the next recovery: move them to `.old/`.
    private static func setAside(io: any FileIO, directories: [String]) throws(QuiverError) {
        for directory in directories {
            let names = try io.listDirectory(directory).filter { !$0.hasPrefix(".") }
            guard !names.isEmpty else { continue }
            let backup = joinPath(directory, ".old")
            try io.makeDirectory(backup)
            for name in names { try io.rename(joinPath(directory, name), to: joinPath(backup, name)) }
            try io.syncDirectory(directory)
        }
    }

    // MARK: Snapshots

    /// Writes a snapshot now (CREATE SNAPSHOT), then applies retention.
    public func createSnapshot() throws(QuiverError) -> SnapshotInfo {
        guard storage.mode != .onDiskTransactional else {
            // RocksDB holds the on-disk graph and its own WAL makes it durable.
            throw QuiverError(.notSupported, "Snapshots are not supported in the ON_DISK_TRANSACTIONAL storage mode.")
        }
        try state.withLock { () throws(QuiverError) in
            guard !snapshotRunning else { throw QuiverError(.internalError, "Another snapshot creation is already in progress") }
            snapshotRunning = true
        }
        defer { state.withLock { snapshotRunning = false; state.broadcast() } }
        let info = try SnapshotWriter.write(storage: storage, io: io, directory: snapshotDirectory)
        state.withLock { lastSnapshotTimestamp = info.timestamp }
        Retention.apply(io: io, dataDirectory: directory, keep: config.snapshotRetentionCount)
        return info
    }

    /// The snapshots in the directory, newest first (SHOW SNAPSHOTS).
    public func snapshots() -> [SnapshotInfo] {
        Retention.snapshots(io: io, directory: snapshotDirectory)
    }

    /// Call after the storage mode changed. Back to transactional: a snapshot, so the WAL that
    /// resumes has a base holding the analytical writes (which were never logged). To
    /// analytical: the WAL is flushed (nothing is logged until the mode switches back).
    public func modeChanged(to mode: StorageMode) throws(QuiverError) {
        switch mode {
        case .inMemoryTransactional:
            _ = try createSnapshot()
        case .inMemoryAnalytical, .onDiskTransactional:
            // On disk, RocksDB's own WAL makes commits durable; this WAL stays idle.
            wal?.flush()
        }
    }

    // MARK: Periodic snapshots

    private func startPeriodicSnapshots() {
        periodicRunning = true
        let interval = config.snapshotIntervalSeconds
        startThread { [self] in
            state.lock()
            var deadline = monotonicSeconds() + interval
            while !stopping {
                let now = monotonicSeconds()
                if now < deadline {
                    state.wait(seconds: deadline - now)
                    continue
                }
                deadline = now + interval
                state.unlock()
                periodicSnapshot()
                state.lock()
            }
            periodicRunning = false
            state.broadcast()
            state.unlock()
        }
    }

    /// A periodic snapshot: transactional mode only, and only when something was committed.
    private func periodicSnapshot() {
        guard storage.mode == .inMemoryTransactional else { return }
        let last = state.withLock { lastSnapshotTimestamp }
        if let last, storage.nextCommitTimestamp <= last { return }
        switch Result(catching: { () throws(QuiverError) in try createSnapshot() }) {
        case .success: state.withLock { lastPeriodicError = nil }
        case .failure(let error): state.withLock { lastPeriodicError = error }
        }
    }

    // MARK: Closing

    /// Stops periodic snapshots, takes the snapshot on exit if configured, flushes and closes
    /// the WAL, detaches it and releases the directory lock. Call after the last transaction.
    public func close() throws(QuiverError) {
        let first = state.withLock { () -> Bool in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        state.withLock {
            stopping = true
            state.broadcast()
            while periodicRunning || snapshotRunning { state.wait() }
        }
        var failure: QuiverError? = nil
        if config.snapshotOnExit && storage.mode != .onDiskTransactional {
            if case .failure(let error) = Result(catching: { () throws(QuiverError) in try createSnapshot() }) { failure = error }
        }
        wal?.close()
        storage.attachCommitLog(nil)
        lock.release()
        if let failure { throw failure }
    }
}
