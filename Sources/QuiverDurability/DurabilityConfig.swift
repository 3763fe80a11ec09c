// DurabilityConfig: the durability settings, named after Memgraph's flags (defaults are
// Quiver's: the WAL is on and every commit waits for its group fsync).
public struct DurabilityConfig: Sendable {
    /// `--storage-wal-enabled`.
    public var walEnabled = true
    /// `--storage-wal-file-size-kib`: a segment is rotated once it reaches this size.
    public var walFileSizeKiB = 20_480
    /// `--storage-wal-file-flush-every-n-tx`: 1 = every commit waits for the disk (group
    /// commit shares the fsync); N > 1 = only every Nth commit waits, the others are flushed
    /// with it or by the background flush, so a power loss can lose up to N − 1 acknowledged
    /// commits (a process crash loses those still in Quiver's buffer).
    public var walFlushEveryNTx = 1
    /// With `walFlushEveryNTx` > 1: how often pending WAL bytes are flushed in the background.
    public var walFlushIntervalSeconds = 0.1
    /// `--storage-snapshot-interval-sec`: periodic snapshots (0 = off; transactional mode only).
    public var snapshotIntervalSeconds = 300.0
    /// `--storage-snapshot-retention-count`.
    public var snapshotRetentionCount = 3
    /// `--storage-snapshot-on-exit`.
    public var snapshotOnExit = true
    /// `--data-recovery-on-startup` (also `--storage-recover-on-startup`).
    public var recoverOnStartup = true

    public init() {}
}
