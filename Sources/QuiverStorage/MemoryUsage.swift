// MemoryUsage: what the storage holds, by component, from counters kept as writes happen (no
// walk over the data). Feeds SHOW STORAGE INFO and the benchmark's bytes-per-object figures.
import Atomics
import CMalloc

public struct MemoryUsage: Sendable {
    /// Mapped chunks of vertex and edge records.
    public var recordBytes: Int
    /// Label and property bodies (allocator chunk sizes).
    public var bodyBytes: Int
    /// Adjacency bytes in live runs, and mapped for the arena (live + free lists + tails).
    public var adjacencyLiveBytes: Int
    public var adjacencyMappedBytes: Int
    /// Undo deltas and saved old values not yet collected.
    public var deltaBytes: Int
    /// Label bitmaps, index leaves and owned index keys.
    public var indexBytes: Int
    /// The on-disk store's caches and write buffers (0 in memory).
    public var externalBytes: Int

    public var totalBytes: Int { recordBytes + bodyBytes + adjacencyMappedBytes + deltaBytes + indexBytes + externalBytes }
}

extension Storage {
    public var memoryUsage: MemoryUsage {
        MemoryUsage(
            recordBytes: vertices.mappedBytes + edges.mappedBytes,
            bodyBytes: counters.bodyBytes.load(ordering: .relaxed),
            adjacencyLiveBytes: arena.liveBytes,
            adjacencyMappedBytes: arena.mappedBytes,
            deltaBytes: counters.deltaBytes.load(ordering: .relaxed),
            indexBytes: counters.indexBytes.load(ordering: .relaxed),
            externalBytes: externalStore?.memoryBytes ?? 0)
    }

    /// Bytes the process's allocator has handed out (malloc in-use plus its mmapped chunks).
    public static var allocatorInUseBytes: Int { quiver_malloc_in_use_bytes() }

    /// Resident set size of the process.
    public static var residentBytes: Int { quiver_resident_bytes() }
}
