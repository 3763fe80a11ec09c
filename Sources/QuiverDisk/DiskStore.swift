// DiskStore: the ON_DISK_TRANSACTIONAL storage (Storage's ExternalStore) on one RocksDB
// OptimisticTransactionDB. It owns the database handle, the schema in force, gid allocation,
// exact vertex/edge counts and per-index entry counts (kept in memory, recounted at open
// unless the last close was clean), and the pool of RocksDB transaction handles. Reads and
// writes happen in DiskTransaction; index and constraint DDL in DiskStore+Schema.swift.
// Key layout and value formats: docs/disk-format.md.
import CRocksDB
import Dispatch
import QuiverCore
import QuiverStorage
import Synchronization

public final class DiskStore: ExternalStore, @unchecked Sendable {
    let database: RocksDatabase
    let names: NameRegistry
    let propertiesOnEdges: Bool
    let vertexGids: GidAllocator
    let edgeGids: GidAllocator
    let persistedNames: Mutex<PersistedNameCounts>
    /// The schema in force; replaced only by DDL, which runs with no transaction active.
    let schemaState: Mutex<DiskSchema>
    let vertexTotal = Atomic<Int>(0)
    let edgeTotal = Atomic<Int>(0)
    /// Entries per index: label → count (label indexes), label+property → count.
    let indexCounts = Mutex<IndexCounts>(IndexCounts())
    /// Serialises commits' count publication and DDL's view of the counts.
    let commitLock = Mutex<Void>(())
    let importState: EdgeImportState
    let vertexCache: SharedVertexCache
    let indexIterators = IndexIteratorPool()
    private let handlePool = Mutex<[PooledHandle]>([])
    let closed = Atomic<Bool>(false)
    let warmupDone = Atomic<Bool>(false)
    let warmup = DispatchGroup()

    static let formatVersion: UInt8 = 1
    static let formatKey: [UInt8] = Array("format".utf8)
    static let cleanCountsKey: [UInt8] = Array("counts/clean".utf8)
    static let vertexGidKey: [UInt8] = Array("gid/vertex".utf8)
    static let edgeGidKey: [UInt8] = Array("gid/edge".utf8)

    private init(database: RocksDatabase, names: NameRegistry, propertiesOnEdges: Bool, persisted: PersistedNameCounts,
                 vertexNext: UInt64, edgeNext: UInt64, budget: DiskMemoryBudget) {
        self.database = database
        importState = EdgeImportState(budgetBytes: budget.lookupCacheBytes)
        vertexCache = SharedVertexCache(budgetBytes: budget.vertexCacheBytes)
        self.names = names
        self.propertiesOnEdges = propertiesOnEdges
        persistedNames = Mutex(persisted)
        schemaState = Mutex(DiskSchema())
        vertexGids = GidAllocator(database: database, metaKey: Self.vertexGidKey, next: vertexNext)
        edgeGids = GidAllocator(database: database, metaKey: Self.edgeGidKey, next: edgeNext)
    }

    /// Opens (creating if missing) the RocksDB store in `directory`; re-interns its names into
    /// `names` in id order (a registry holding different names for those ids is refused).
    /// `durable: false` is for private temporary stores (deleted at close): commits skip fsync.
    /// `memoryLimitBytes` (`--memory-limit`) sizes RocksDB's memory and the store's caches.
    public static func open(directory: String, names: NameRegistry, propertiesOnEdges: Bool,
                            durable: Bool = true, memoryLimitBytes: Int? = nil) throws(QuiverError) -> DiskStore {
        let budget = DiskMemoryBudget(limitBytes: memoryLimitBytes)
        let database = try RocksDatabase(path: directory, durable: durable, budget: budget)
        do throws(QuiverError) {
            if let format = try database.get(.meta, formatKey) {
                guard format == [formatVersion] else {
                    throw QuiverError(.internalError, "The on-disk store in \(directory) has format \(format.first ?? 0), this build reads \(formatVersion).")
                }
            } else {
                try database.put(.meta, formatKey, [formatVersion])
            }
            let persisted = try loadNames(database, into: names)
            let vertexNext = max(try GidAllocator.persistedMark(database, vertexGidKey), try lastGid(database, .vertices) + 1)
            let edgeNext = max(try GidAllocator.persistedMark(database, edgeGidKey), try lastGid(database, .edges) + 1)
            let store = DiskStore(database: database, names: names, propertiesOnEdges: propertiesOnEdges, persisted: persisted,
                                  vertexNext: vertexNext, edgeNext: edgeNext, budget: budget)
            try store.loadSchema()
            try store.loadCounts()
            store.startWarmup(blockCacheBudget: budget.blockCacheBytes / 2)
            return store
        } catch {
            database.close()
            throw error
        }
    }

    /// The largest gid key of a family plus nothing (0 when empty: the caller adds 1 → 1 is
    /// wasted, which is harmless), read from its last key.
    private static func lastGid(_ database: RocksDatabase, _ family: Family) throws(QuiverError) -> UInt64 {
        let iterator = RocksIterator(database, family, readOptions: database.latestRead)
        iterator.seekToLast()
        guard iterator.isValid else {
            try iterator.checkError()
            return 0
        }
        return iterator.key.bigEndianUInt64(at: 0)
    }

    private func loadSchema() throws(QuiverError) {
        var schema = DiskSchema()
        let iterator = RocksIterator(database, .meta, readOptions: database.latestRead)
        iterator.seek(DiskSchema.prefix)
        while iterator.keyHasPrefix(DiskSchema.prefix) {
            schema.load(key: iterator.key)
            iterator.next()
        }
        try iterator.checkError()
        schema.rebuildDerived()
        schemaState.withLock { $0 = schema }
    }

    var schema: DiskSchema { schemaState.withLock { $0 } }

    public func begin(id: UInt64, memoryGuard: MemoryGuard) -> any ExternalTransaction {
        DiskTransaction(store: self, id: id, memoryGuard: memoryGuard)
    }

    public var vertexCount: Int { vertexTotal.load(ordering: .relaxed) }
    public var edgeCount: Int { edgeTotal.load(ordering: .relaxed) }

    /// True when the store holds no vertex and no edge.
    public var isEmpty: Bool { vertexCount == 0 && edgeCount == 0 }

    public var diskUsageBytes: Int {
        database.propertySum("rocksdb.total-sst-files-size") + database.propertySum("rocksdb.size-all-mem-tables")
    }

    /// Bytes the store holds in memory outside transactions: RocksDB's block cache and
    /// memtables, the vertex cache and the edge-import lookup cache.
    public var memoryBytes: Int {
        database.memoryBytes + vertexCache.residentBytes + importState.memoryBytes
    }

    /// Whether RocksDB has background compaction work running or due (benchmarks wait for a
    /// steady state before timing reads).
    public var compactionPending: Bool {
        database.propertySum("rocksdb.compaction-pending") > 0 || database.propertySum("rocksdb.num-running-compactions") > 0
            || database.propertySum("rocksdb.num-running-flushes") > 0
    }

    public func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        warmup.wait()
        try? persistNewNames()
        vertexGids.persistAtClose()
        edgeGids.persistAtClose()
        try? saveCleanCounts()
        // The next open then has no write-ahead log to replay.
        database.flushMemtables()
        indexIterators.drain()
        let pooled = handlePool.withLock { pool in
            defer { pool = [] }
            return pool
        }
        for handle in pooled {
            rocksdb_transaction_destroy(handle.raw)
            database.release()
        }
        database.close()
    }

    deinit { close() }

    // MARK: RocksDB transaction handles

    /// Begins an optimistic RocksDB transaction whose snapshot is taken now (reusing a pooled
    /// handle when there is one).
    func beginRocksTransaction() -> OpaquePointer {
        let old = handlePool.withLock { $0.popLast() }?.raw
        if old == nil { database.retain() }
        return rocksdb_optimistictransaction_begin(database.transactionDB, database.syncWrite, database.transactionOptions, old)
    }

    /// Returns a handle (rolled back, ready for reuse) to the pool.
    func recycle(_ handle: OpaquePointer) {
        var error: UnsafeMutablePointer<CChar>? = nil
        rocksdb_transaction_rollback(handle, &error)
        if let error { rocksdb_free(error) }
        let kept = handlePool.withLock { pool -> Bool in
            guard pool.count < 64, !closed.load(ordering: .relaxed) else { return false }
            pool.append(PooledHandle(raw: handle))
            return true
        }
        if !kept {
            rocksdb_transaction_destroy(handle)
            database.release()
        }
    }
}

/// A RocksDB transaction handle waiting in the pool (used by one thread at a time).
struct PooledHandle: @unchecked Sendable {
    let raw: OpaquePointer
}
