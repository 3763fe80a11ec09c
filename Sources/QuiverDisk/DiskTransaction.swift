// DiskTransaction: one transaction of the on-disk store. Reads go to RocksDB at the snapshot
// taken at begin (through a small direct-mapped cache of committed vertex bytes and reused
// iterators) merged with the transaction's overlay of own writes (Overlay.swift); commit
// (DiskTransaction+Commit.swift) turns the overlay into one optimistic RocksDB transaction
// whose snapshot is the begin snapshot, so a key someone committed since then is a conflict.
//
// Committed vertex bytes also go through the store-wide SharedVertexCache when the snapshot
// matches a stable generation (SharedVertexCache.swift).
//
// Invariants:
//  1. `rocks` began at our begin with set_snapshot; `readOptions` reads at that snapshot.
//  2. An overlay vertex with `changed == nil` has the committed labels and properties.
//  3. Vertices this transaction created are in `createdVertices` in gid order, and their gids
//     are above every committed gid our snapshot can see (allocated after it was taken).
//  4. `labelGains` / `propertyGains` list every changed vertex that may match a label or an
//     index value its committed image did not (a superset: cursors re-check in view).
import CRocksDB
import QuiverCore
import QuiverStorage

final class DiskTransaction: ExternalTransaction {
    let store: DiskStore
    let database: RocksDatabase
    let id: UInt64
    let memoryGuard: MemoryGuard
    let schema: DiskSchema
    /// Frozen vertices: the edge import mode was active when this transaction began.
    let importMode: Bool
    /// The store-wide vertex cache generation this transaction's snapshot matches (nil: bypass).
    let sharedGeneration: UInt64?
    private(set) var rocks: OpaquePointer?
    private let snapshot: OpaquePointer?
    let readOptions: OpaquePointer
    /// The same snapshot without filling the block cache: scans (they prime the vertex cache
    /// instead, so the block cache keeps index, vertex and adjacency blocks of random reads).
    private var bypassOptions: OpaquePointer?
    /// The same snapshot in prefix mode: index equality seeks use the prefix blooms.
    private var equalityOptions: OpaquePointer?
    private var equalityIteratorStorage: RocksIterator?
    /// Transactions that used `equalityIteratorStorage` before this one (IndexIteratorPool),
    /// and whether it may go back to the pool (it holds no snapshot pointer).
    private var equalityIteratorUses = 0
    private var equalityIteratorPooled = false
    var commandID: UInt32 = 0
    enum State { case active, committed, aborted }
    var state: State = .active

    var vertices: [UInt64: VertexOverlay] = [:]
    var edgeOverlays: [UInt64: EdgeOverlay] = [:]
    var createdVertices: [UInt64] = []
    var labelGains: [UInt32: [UInt64]] = [:]
    var propertyGains: [LabelProperty: [UInt64]] = [:]
    /// Gains by encoded index value, for the indexes in `equalityIndexes` (equalityGains(_:_:)).
    var equalityGains: [[UInt8]: [UInt64]] = [:]
    var equalityIndexes: Set<LabelProperty> = []
    /// Edges created in edge import mode, in gid order (written to a batch at commit, not in
    /// adjacency reads), and the properties of those that have any.
    var importedEdges: [ImportedEdge] = []
    var importedEdgeProperties: [UInt64: [(PropertyID, Value)]] = [:]
    var vertexCountChange = 0
    var edgeCountChange = 0
    var writeCount = 0

    // Memory accounting (published to the guard in steps).
    private var chargedBytes = 0
    private var pendingBytes = 0

    // Committed vertex bytes, direct-mapped by gid, while the shared cache is bypassed.
    static let cacheSlots = 16
    // Allocated on first use (most transactions use the shared cache and never need them).
    private var cacheGids: [UInt64] = []
    private var cachePresent: [Bool] = []
    private var cacheBytes: [[UInt8]] = []
    // The last committed vertex record read through the shared cache (rememberLast).
    static let lastRecordCapacity = 64
    private var lastGid: UInt64 = .max
    private var lastPresent = false
    private var lastBytes: [UInt8] = []
    private var pointIterators: [RocksIterator?] = Array(repeating: nil, count: Family.allCases.count)

    init(store: DiskStore, id: UInt64, memoryGuard: MemoryGuard) {
        self.store = store
        database = store.database
        self.id = id
        self.memoryGuard = memoryGuard
        schema = store.schema
        importMode = store.importState.active
        let before = store.vertexCache.generationBeforeSnapshot()
        let rocks = store.beginRocksTransaction()
        sharedGeneration = store.vertexCache.stableGeneration(before)
        self.rocks = rocks
        snapshot = rocksdb_transaction_get_snapshot(rocks)
        readOptions = RocksDatabase.totalOrderReadOptions()
        if let snapshot { rocksdb_readoptions_set_snapshot(readOptions, snapshot) }
    }

    deinit {
        if state == .active { abort() }
        pointIterators = []
        equalityIteratorStorage = nil
        rocksdb_readoptions_destroy(readOptions)
        if let bypassOptions { rocksdb_readoptions_destroy(bypassOptions) }
        if let equalityOptions { rocksdb_readoptions_destroy(equalityOptions) }
        if let snapshot { rocksdb_free(UnsafeMutableRawPointer(snapshot)) }
    }

    func advanceCommand() {
        commandID += 1
    }

    // MARK: Entry checks

    func requireActive() throws(QuiverError) {
        guard state == .active else {
            throw QuiverError(.transactionNotActive, "The transaction is no longer active.")
        }
    }

    /// Every write's entry check: active, and not growing while memory is over the limit.
    @inline(__always)
    func requireWritable() throws(QuiverError) {
        try requireActive()
        writeCount &+= 1
        if memoryGuard.isExceeded && writeCount > MemoryGuard.writesSparedWhileOver {
            throw memoryGuard.exceededError()
        }
    }

    /// Vertex writes are refused while the edge import mode is active.
    @inline(__always)
    func requireVertexWritable() throws(QuiverError) {
        try requireWritable()
        if importMode || store.importState.active { throw EdgeImportState.vertexWriteRefused }
    }

    static let deletedObjectMessage = "Trying to set properties on a deleted object."

    func missingVertexError(_ gid: Gid) -> QuiverError {
        gid.rawValue >= store.vertexGids.nextGid
            ? QuiverError(.nonexistentObject, "Vertex \(gid) does not exist.")
            : QuiverError(.deletedObject, Self.deletedObjectMessage)
    }

    // MARK: Memory accounting

    @inline(__always)
    func charge(_ bytes: Int) {
        pendingBytes += bytes
        if pendingBytes >= MemoryGuard.queryPublishStep || pendingBytes <= -MemoryGuard.queryPublishStep {
            memoryGuard.addQueryBytes(pendingBytes)
            chargedBytes += pendingBytes
            pendingBytes = 0
        }
    }

    func releaseCharges() {
        if chargedBytes != 0 { memoryGuard.addQueryBytes(-chargedBytes) }
        chargedBytes = 0
        pendingBytes = 0
    }

    // MARK: RocksDB access at the snapshot

    /// Read options at the snapshot that leave the block cache alone (created on first use).
    var scanReadOptions: OpaquePointer {
        if let bypassOptions { return bypassOptions }
        let options = RocksDatabase.totalOrderReadOptions()
        if let snapshot { rocksdb_readoptions_set_snapshot(options, snapshot) }
        rocksdb_readoptions_set_fill_cache(options, 0)
        bypassOptions = options
        return options
    }

    /// A reused iterator over `family` at this transaction's snapshot.
    func pointIterator(_ family: Family) -> RocksIterator {
        if let iterator = pointIterators[family.rawValue] { return iterator }
        let iterator = RocksIterator(database, family, readOptions: readOptions)
        pointIterators[family.rawValue] = iterator
        return iterator
    }

    /// A reused iterator over the label+property index for equality seeks: it may skip sorted
    /// runs by their prefix bloom, so it is only valid within the sought value's keys.
    ///
    /// Under a stable generation it is taken from the pool or created at the newest state
    /// with no snapshot pointer (RocksDB copies read options into an iterator, and a pooled one
    /// must not refer to a snapshot its creator released): while the generation has not moved,
    /// the newest index entries are exactly the snapshot's, so it is checked before and after.
    func equalityIterator() -> RocksIterator {
        if let iterator = equalityIteratorStorage { return iterator }
        if let generation = sharedGeneration {
            if let pooled = store.indexIterators.take(generation) {
                equalityIteratorStorage = pooled.iterator
                equalityIteratorUses = pooled.uses
                equalityIteratorPooled = true
                return pooled.iterator
            }
            let before = store.vertexCache.generationBeforeSnapshot()
            if before == generation {
                let iterator = RocksIterator(database, .propertyIndex, readOptions: database.newestEqualityRead)
                if store.vertexCache.stableGeneration(before) == generation {
                    equalityIteratorStorage = iterator
                    equalityIteratorUses = 0
                    equalityIteratorPooled = true
                    return iterator
                }
            }
        }
        let options = rocksdb_readoptions_create()!
        if let snapshot { rocksdb_readoptions_set_snapshot(options, snapshot) }
        rocksdb_readoptions_set_prefix_same_as_start(options, 1)
        equalityOptions = options
        let iterator = RocksIterator(database, .propertyIndex, readOptions: options)
        equalityIteratorStorage = iterator
        equalityIteratorPooled = false
        return iterator
    }

    /// Calls `body` with the committed bytes of `gid` in `family` at the snapshot (nil: absent).
    func withCommitted<T>(_ family: Family, _ gid: UInt64, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        var key = gid.bigEndian
        let db = database.base, cf = database.handle(family), ro = readOptions
        var error: UnsafeMutablePointer<CChar>? = nil
        let slice = withUnsafeBytes(of: &key) { k in
            rocksdb_get_pinned_cf(db, ro, cf, k.chars, 8, &error)
        }
        if let error { rocksdb_free(error) }
        guard let slice else { return body(nil) }
        defer { rocksdb_pinnableslice_destroy(slice) }
        var length = 0
        let value = rocksdb_pinnableslice_value(slice, &length)
        return body(UnsafeRawBufferPointer(start: value, count: length))
    }

    /// The committed vertex bytes of `gid` (through the caches); nil when absent at the snapshot.
    @inline(__always)
    func withCommittedVertex<T>(_ gid: UInt64, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        if let generation = sharedGeneration {
            // Several reads of one vertex in a row (its properties) cost one cache probe.
            if gid == lastGid { return lastPresent ? lastBytes.withUnsafeBytes { body($0) } : body(nil) }
            if let result = store.vertexCache.withBytes(gid, generation, { bytes in
                rememberLast(gid, bytes)
                return body(bytes)
            }) {
                return result
            }
            // A miss is a point get (bloom filters, the data block's hash index, the block
            // cache); the record is remembered for the transactions of this generation.
            return withCommitted(.vertices, gid) { bytes in
                store.vertexCache.remember(gid, generation, bytes)
                rememberLast(gid, bytes)
                return body(bytes)
            }
        }
        let slot = privateCacheSlot(gid)
        if cacheGids[slot] != gid {
            let bytes: [UInt8]? = withCommitted(.vertices, gid) { raw in raw.map { Array($0) } }
            cacheGids[slot] = gid
            cachePresent[slot] = bytes != nil
            cacheBytes[slot] = bytes ?? []
        }
        if !cachePresent[slot] { return body(nil) }
        return cacheBytes[slot].withUnsafeBytes { body($0) }
    }

    /// Keeps a copy of the last committed vertex record read through the shared cache
    /// (committed bytes at the snapshot never change; long records are not kept).
    @inline(__always)
    private func rememberLast(_ gid: UInt64, _ bytes: UnsafeRawBufferPointer?) {
        guard let bytes else {
            lastGid = gid
            lastPresent = false
            return
        }
        guard bytes.count <= Self.lastRecordCapacity else {
            lastGid = .max
            return
        }
        if lastBytes.capacity == 0 { lastBytes.reserveCapacity(Self.lastRecordCapacity) }
        lastBytes.removeAll(keepingCapacity: true)
        lastBytes.append(contentsOf: bytes)
        lastGid = gid
        lastPresent = true
    }

    /// The private cache's slot for `gid` (allocating the cache on first use).
    @inline(__always)
    private func privateCacheSlot(_ gid: UInt64) -> Int {
        if cacheGids.isEmpty {
            cacheGids = Array(repeating: .max, count: Self.cacheSlots)
            cachePresent = Array(repeating: false, count: Self.cacheSlots)
            cacheBytes = Array(repeating: [], count: Self.cacheSlots)
        }
        return Int(truncatingIfNeeded: gid & UInt64(Self.cacheSlots - 1))
    }

    /// Offers bytes a scan already holds to the caches (so the reads that follow are free).
    func primeCache(_ gid: UInt64, _ bytes: UnsafeRawBufferPointer) {
        if let generation = sharedGeneration {
            store.vertexCache.remember(gid, generation, bytes)
            return
        }
        let slot = privateCacheSlot(gid)
        cacheGids[slot] = gid
        cachePresent[slot] = true
        cacheBytes[slot].removeAll(keepingCapacity: true)
        cacheBytes[slot].append(contentsOf: bytes)
    }

    /// The decoded committed image of a vertex (absent when it is not in the snapshot).
    func committedImage(_ gid: UInt64) -> VertexImage {
        withCommittedVertex(gid) { bytes in bytes.map(RecordCoding.decodeVertex) ?? .absent }
    }

    func committedEdge(_ gid: UInt64) -> EdgeImage? {
        withCommitted(.edges, gid) { bytes in bytes.map(RecordCoding.decodeEdge) }
    }

    // MARK: Ending

    /// Returns the RocksDB transaction handle and the memory charges (commit and abort).
    func finish(_ final: State) {
        state = final
        for index in pointIterators.indices { pointIterators[index] = nil }
        if let iterator = equalityIteratorStorage, equalityIteratorPooled, let generation = sharedGeneration {
            store.indexIterators.give(iterator, generation, uses: equalityIteratorUses + 1,
                                      current: store.vertexCache.generationBeforeSnapshot())
        }
        equalityIteratorStorage = nil
        if let rocks { store.recycle(rocks) }
        rocks = nil
        releaseCharges()
        vertices = [:]
        edgeOverlays = [:]
        importedEdges = []
        importedEdgeProperties = [:]
        createdVertices = []
        labelGains = [:]
        propertyGains = [:]
        equalityGains = [:]
        equalityIndexes = []
    }

    func abort() {
        guard state == .active else { return }
        finish(.aborted)
    }
}
