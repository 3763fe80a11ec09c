// RocksDatabase: the one place that opens, configures and closes the RocksDB instance behind
// the on-disk store (an OptimisticTransactionDB with one column family per key space, layout in
// docs/disk-format.md), plus the errptr convention of the C API turned into typed throws.
// It knows nothing about graphs: keys and values are bytes here.
import CRocksDB
import Glibc
import QuiverCore
import Synchronization

/// The column families of the store, in the order they are opened (index into `handles`).
enum Family: Int, CaseIterable {
    case meta = 0          // "default": format version, names, schema, counters
    case vertices, edges, outEdges, inEdges, labelIndex, propertyIndex, unique

    var name: String {
        switch self {
        case .meta: "default"
        case .vertices: "vertices"
        case .edges: "edges"
        case .outEdges: "out"
        case .inEdges: "in"
        case .labelIndex: "label_index"
        case .propertyIndex: "label_property_index"
        case .unique: "unique"
        }
    }
}

/// A valid pointer for an empty key or value (the C API wants non-NULL pointers).
nonisolated(unsafe) private let emptyBytes: UnsafeMutablePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

extension UnsafeRawBufferPointer {
    /// The bytes as the C API's `const char*` (never NULL).
    @inline(__always)
    var chars: UnsafePointer<CChar> {
        guard let base = baseAddress else { return UnsafePointer(emptyBytes) }
        return base.assumingMemoryBound(to: CChar.self)
    }
}

/// Runs one C call with an `errptr`; a message turns into a thrown QuiverError.
@inline(__always)
func rocksCall<T>(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) throws(QuiverError) -> T {
    var error: UnsafeMutablePointer<CChar>? = nil
    let result = body(&error)
    if let error {
        let message = String(cString: error)
        rocksdb_free(error)
        throw RocksStatus.error(message)
    }
    return result
}

enum RocksStatus {
    /// Throws (and frees) an error a C call left in `error`.
    @inline(__always)
    static func check(_ error: inout UnsafeMutablePointer<CChar>?) throws(QuiverError) {
        guard let message = error else { return }
        error = nil
        let text = String(cString: message)
        rocksdb_free(message)
        throw Self.error(text)
    }

    /// Maps a RocksDB status text to a QuiverError: conflicts (Busy, TryAgain, lock timeouts)
    /// are the transient conflict error, everything else an internal error naming RocksDB.
    static func error(_ message: String) -> QuiverError {
        if message.hasPrefix("Resource busy") || message.hasPrefix("Operation failed. Try again")
            || message.hasPrefix("Operation timed out") {
            return QuiverError.conflict()
        }
        return QuiverError(.internalError, "RocksDB: \(message)")
    }
}

final class RocksDatabase: @unchecked Sendable {
    let transactionDB: OpaquePointer
    let base: OpaquePointer
    private(set) var handles: [OpaquePointer]
    private let options: OpaquePointer
    private let pointOptions: OpaquePointer
    private let indexOptions: OpaquePointer
    private let vertexOptions: OpaquePointer
    private let uniqueOptions: OpaquePointer
    private let cache: OpaquePointer
    /// Durable writes (fsync of the WAL on return) and fast ones (WAL written, not fsynced).
    let syncWrite: OpaquePointer
    let fastWrite: OpaquePointer
    /// Reads of the newest committed state (no snapshot), for DDL and open.
    let latestRead: OpaquePointer
    /// Index equality seeks at the newest state (prefix mode, no snapshot pointer).
    let newestEqualityRead: OpaquePointer
    let transactionOptions: OpaquePointer
    /// Iterators and RocksDB transaction handles still alive, and whether close was asked
    /// for: RocksDB must not close under them, so the last one out closes it.
    private let lifecycle = Mutex<(users: Int, closing: Bool, closed: Bool)>((0, false, false))

    /// `durable: false` (private temporary stores) makes "sync" writes skip the fsync too.
    /// The block cache and the memtables are sized by `budget`.
    init(path: String, durable: Bool = true, budget: DiskMemoryBudget = DiskMemoryBudget(limitBytes: nil)) throws(QuiverError) {
        let cache = rocksdb_cache_create_lru(budget.blockCacheBytes)!
        let options = Self.makeOptions(cache: cache, budget: budget, kind: .plain)
        // Vertex and edge records are read by key: a hash index inside data blocks and a
        // whole-key memtable bloom make those gets cheaper (iteration still works).
        let pointOptions = Self.makeOptions(cache: cache, budget: budget, kind: .records)
        // Vertex records, index entries and unique keys are small families read at random:
        // stored uncompressed, a block-cache miss costs a read from the page cache and no
        // decompression (edge and adjacency families are 10x larger and stay LZ4).
        let vertexOptions = Self.makeOptions(cache: cache, budget: budget, kind: .records, compressed: false)
        // Equality lookups seek one index value: prefix blooms (IndexPrefixExtractor.swift).
        let indexOptions = Self.makeOptions(cache: cache, budget: budget, kind: .indexValues, compressed: false)
        let uniqueOptions = Self.makeOptions(cache: cache, budget: budget, kind: .plain, compressed: false)
        self.cache = cache
        self.options = options
        self.pointOptions = pointOptions
        self.indexOptions = indexOptions
        self.vertexOptions = vertexOptions
        self.uniqueOptions = uniqueOptions

        let families = Family.allCases
        var cHandles = [OpaquePointer?](repeating: nil, count: families.count)
        let names = families.map { strdup($0.name) }
        defer { names.forEach { free($0) } }
        let cNames = names.map { UnsafePointer($0) }
        let familyOptions: [OpaquePointer?] = families.map { family in
            switch family {
            case .vertices: vertexOptions
            case .edges: pointOptions
            case .propertyIndex: indexOptions
            case .unique: uniqueOptions
            default: options
            }
        }
        let db = try rocksCall { error in
            rocksdb_optimistictransactiondb_open_column_families(
                options, path, Int32(families.count), cNames, familyOptions, &cHandles, error)
        }
        guard let db else { throw QuiverError(.internalError, "RocksDB: could not open \(path)") }
        transactionDB = db
        base = rocksdb_optimistictransactiondb_get_base_db(db)
        handles = cHandles.map { $0! }
        syncWrite = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(syncWrite, durable ? 1 : 0)
        fastWrite = rocksdb_writeoptions_create()
        latestRead = Self.totalOrderReadOptions()
        newestEqualityRead = rocksdb_readoptions_create()
        rocksdb_readoptions_set_prefix_same_as_start(newestEqualityRead, 1)
        transactionOptions = rocksdb_optimistictransaction_options_create()
        rocksdb_optimistictransaction_options_set_set_snapshot(transactionOptions, 1)
    }

    /// Read options for every read but an index equality seek: seeks ignore prefix blooms.
    static func totalOrderReadOptions() -> OpaquePointer {
        let options = rocksdb_readoptions_create()!
        rocksdb_readoptions_set_total_order_seek(options, 1)
        return options
    }

    private enum FamilyKind { case plain, records, indexValues }

    private static func makeOptions(cache: OpaquePointer, budget: DiskMemoryBudget, kind: FamilyKind,
                                    compressed: Bool = true) -> OpaquePointer {
        let options = rocksdb_options_create()!
        rocksdb_options_set_create_if_missing(options, 1)
        rocksdb_options_set_create_missing_column_families(options, 1)
        rocksdb_options_set_max_background_jobs(options, 2)
        rocksdb_options_set_compression(options, compressed ? 4 : 0) // lz4 or none
        rocksdb_options_set_level_compaction_dynamic_level_bytes(options, 1)
        // All memtables together stay within the budget (a flush starts beyond it).
        rocksdb_options_set_db_write_buffer_size(options, budget.writeBufferBytes)
        rocksdb_options_set_write_buffer_size(options, budget.familyWriteBufferBytes)
        // Optimistic validation reads memtable history: keep one memtable's worth of it so
        // transactions overlapping a flush do not fail with TryAgain.
        rocksdb_options_set_max_write_buffer_size_to_maintain(options, Int64(budget.familyWriteBufferBytes))
        let table = rocksdb_block_based_options_create()
        rocksdb_block_based_options_set_block_cache(table, cache)
        rocksdb_block_based_options_set_filter_policy(table, rocksdb_filterpolicy_create_bloom_full(10))
        rocksdb_block_based_options_set_cache_index_and_filter_blocks(table, 1)
        rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(table, 1)
        rocksdb_block_based_options_set_format_version(table, 5)
        switch kind {
        case .plain:
            break
        case .records:
            rocksdb_block_based_options_set_data_block_index_type(table, 1)
            rocksdb_block_based_options_set_data_block_hash_ratio(table, 0.75)
            rocksdb_options_set_memtable_whole_key_filtering(options, 1)
            rocksdb_options_set_memtable_prefix_bloom_size_ratio(options, 0.02)
        case .indexValues:
            // Index keys are only ever sought by value: the filter holds prefixes alone.
            rocksdb_options_set_prefix_extractor(options, IndexPrefixExtractor.make())
            rocksdb_block_based_options_set_whole_key_filtering(table, 0)
            rocksdb_options_set_memtable_prefix_bloom_size_ratio(options, 0.02)
        }
        rocksdb_options_set_block_based_table_factory(options, table)
        rocksdb_block_based_options_destroy(table)
        return options
    }

    @inline(__always)
    func handle(_ family: Family) -> OpaquePointer { handles[family.rawValue] }

    /// Counts one more object that must be destroyed before RocksDB closes.
    func retain() {
        lifecycle.withLock { $0.users += 1 }
    }

    /// `retain`, unless close was asked for (then false and nothing is counted).
    func retainIfOpen() -> Bool {
        lifecycle.withLock { state -> Bool in
            guard !state.closing && !state.closed else { return false }
            state.users += 1
            return true
        }
    }

    /// The object counted by `retain` is destroyed; closes RocksDB if that was asked for.
    func release() {
        let closeNow = lifecycle.withLock { state -> Bool in
            state.users -= 1
            guard state.closing && state.users == 0 && !state.closed else { return false }
            state.closed = true
            return true
        }
        if closeNow { closeNow_() }
    }

    var isClosing: Bool { lifecycle.withLock { $0.closing } }

    /// Closes RocksDB now, or when the last iterator or transaction handle is destroyed.
    func close() {
        let closeNow = lifecycle.withLock { state -> Bool in
            state.closing = true
            guard state.users == 0 && !state.closed else { return false }
            state.closed = true
            return true
        }
        if closeNow { closeNow_() }
    }

    private func closeNow_() {
        for handle in handles { rocksdb_column_family_handle_destroy(handle) }
        handles = []
        rocksdb_optimistictransactiondb_close_base_db(base)
        rocksdb_optimistictransactiondb_close(transactionDB)
        rocksdb_writeoptions_destroy(syncWrite)
        rocksdb_writeoptions_destroy(fastWrite)
        rocksdb_readoptions_destroy(latestRead)
        rocksdb_readoptions_destroy(newestEqualityRead)
        rocksdb_optimistictransaction_options_destroy(transactionOptions)
        rocksdb_options_destroy(options)
        rocksdb_options_destroy(pointOptions)
        rocksdb_options_destroy(indexOptions)
        rocksdb_options_destroy(vertexOptions)
        rocksdb_options_destroy(uniqueOptions)
        rocksdb_cache_destroy(cache)
    }

    deinit { close() }

    // MARK: Plain reads and writes (no transaction)

    /// The newest committed value of `key`, copied (nil when absent).
    func get(_ family: Family, _ key: [UInt8], options: OpaquePointer? = nil) throws(QuiverError) -> [UInt8]? {
        let db = base, cf = handle(family), ro = options ?? latestRead
        var error: UnsafeMutablePointer<CChar>? = nil
        let slice = key.withUnsafeBytes { k in rocksdb_get_pinned_cf(db, ro, cf, k.chars, k.count, &error) }
        try RocksStatus.check(&error)
        guard let slice else { return nil }
        defer { rocksdb_pinnableslice_destroy(slice) }
        var length = 0
        guard let value = rocksdb_pinnableslice_value(slice, &length) else { return [] }
        return Array(UnsafeRawBufferPointer(start: value, count: length))
    }

    func put(_ family: Family, _ key: [UInt8], _ value: [UInt8], sync: Bool = true) throws(QuiverError) {
        let batch = WriteBatch()
        batch.put(self, family, key, value)
        try write(batch, sync: sync)
    }

    func write(_ batch: WriteBatch, sync: Bool) throws(QuiverError) {
        let db = base, wo = sync ? syncWrite : fastWrite, raw = batch.raw
        try rocksCall { error in rocksdb_write(db, wo, raw, error) }
    }

    /// Deletes every key in [`from`, `to`) of a family.
    func deleteRange(_ family: Family, from: [UInt8], to: [UInt8]) throws(QuiverError) {
        let batch = WriteBatch()
        let cf = handle(family)
        from.withUnsafeBytes { f in
            to.withUnsafeBytes { t in
                rocksdb_writebatch_delete_range_cf(batch.raw, cf, f.chars, f.count,
                                                   t.chars, t.count)
            }
        }
        try write(batch, sync: true)
    }

    /// Writes every memtable to SST files (waiting for it): reads then go through the block
    /// cache and bloom filters instead of large skiplists.
    func flushMemtables() {
        let options = rocksdb_flushoptions_create()
        rocksdb_flushoptions_set_wait(options, 1)
        for handle in handles {
            var error: UnsafeMutablePointer<CChar>? = nil
            rocksdb_flush_cf(base, options, handle, &error)
            if let error { rocksdb_free(error) }
        }
        rocksdb_flushoptions_destroy(options)
    }

    func flushWAL() {
        _ = try? rocksCall { error in rocksdb_flush_wal(base, 1, error) }
    }

    /// Bytes RocksDB holds in memory: the block cache's contents (index and filter blocks
    /// included) and every memtable, flushed history kept for conflict checks included.
    /// Zero once closing started (the sampler may ask at any time).
    var memoryBytes: Int {
        guard retainIfOpen() else { return 0 }
        defer { release() }
        return Int(rocksdb_cache_get_usage(cache)) + propertySum("rocksdb.size-all-mem-tables")
    }

    /// Sum of an integer property over every column family.
    func propertySum(_ name: String) -> Int {
        var total = 0
        for handle in handles {
            var value: UInt64 = 0
            if rocksdb_property_int_cf(base, handle, name, &value) == 0 { total += Int(value) }
        }
        return total
    }
}

/// A RocksDB write batch (applied atomically across column families).
final class WriteBatch {
    let raw: OpaquePointer = rocksdb_writebatch_create()

    deinit { rocksdb_writebatch_destroy(raw) }

    var count: Int { Int(rocksdb_writebatch_count(raw)) }
    func clear() { rocksdb_writebatch_clear(raw) }

    func put(_ db: RocksDatabase, _ family: Family, _ key: [UInt8], _ value: [UInt8]) {
        key.withUnsafeBytes { k in value.withUnsafeBytes { v in putRaw(db.handle(family), k, v) } }
    }

    func putRaw(_ cf: OpaquePointer, _ k: UnsafeRawBufferPointer, _ v: UnsafeRawBufferPointer) {
        rocksdb_writebatch_put_cf(raw, cf, k.chars, k.count,
                                  v.chars, v.count)
    }

    func delete(_ db: RocksDatabase, _ family: Family, _ key: [UInt8]) {
        key.withUnsafeBytes { k in
            rocksdb_writebatch_delete_cf(raw, db.handle(family), k.chars, k.count)
        }
    }
}
