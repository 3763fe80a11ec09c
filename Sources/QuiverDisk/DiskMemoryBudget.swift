// DiskMemoryBudget: how the on-disk store divides `--memory-limit` among the memory it keeps
// outside transactions — RocksDB's block cache, its memtables (all column families together),
// the store-wide vertex cache and the edge-import lookup cache. Each gets an eighth of the
// limit (the lookup cache a sixteenth) within fixed bounds, which leaves about half of the
// limit for transactions' overlays, write batches, query buffers and the allocator's slack.
// Without a limit the store uses the fixed defaults below. Everything counted here is also
// reported to the memory guard (DiskStore.memoryBytes), so the limit bounds the process.
public struct DiskMemoryBudget: Sendable, Equatable {
    public var blockCacheBytes: Int
    /// Memtables of every column family together (RocksDB flushes when they exceed it).
    public var writeBufferBytes: Int
    /// One column family's memtable size (and the flushed memtable history it keeps for
    /// optimistic conflict checks).
    public var familyWriteBufferBytes: Int
    public var vertexCacheBytes: Int
    public var lookupCacheBytes: Int

    static let mebibyte = 1 << 20

    /// The split of `limitBytes` (nil or 0: no limit).
    public init(limitBytes: Int?) {
        guard let limit = limitBytes, limit > 0 else {
            blockCacheBytes = 256 * Self.mebibyte
            writeBufferBytes = 256 * Self.mebibyte
            familyWriteBufferBytes = 32 * Self.mebibyte
            vertexCacheBytes = 128 * Self.mebibyte
            lookupCacheBytes = 64 * Self.mebibyte
            return
        }
        blockCacheBytes = Self.clamp(limit / 8, 8, 256)
        writeBufferBytes = Self.clamp(limit / 8, 16, 256)
        familyWriteBufferBytes = Self.clamp(writeBufferBytes / 4, 4, 32)
        vertexCacheBytes = Self.clamp(limit / 8, 4, 256)
        lookupCacheBytes = Self.clamp(limit / 16, 2, 128)
    }

    private static func clamp(_ bytes: Int, _ lowerMiB: Int, _ upperMiB: Int) -> Int {
        min(max(bytes, lowerMiB * mebibyte), upperMiB * mebibyte)
    }
}
