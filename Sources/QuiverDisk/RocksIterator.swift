// RocksIterator: a RocksDB iterator over one column family at one read snapshot, reused for
// many seeks (creating an iterator costs far more than seeking one). Key and value views are
// valid only until the next move. Prefix scans check the prefix themselves (no upper bound, so
// nothing has to keep a bound buffer alive).
import CRocksDB
import Glibc
import QuiverCore

/// Used by one transaction at a time (IndexIteratorPool hands it from one to the next).
final class RocksIterator: @unchecked Sendable {
    private let raw: OpaquePointer
    private let database: RocksDatabase

    init(_ db: RocksDatabase, _ family: Family, readOptions: OpaquePointer) {
        database = db
        db.retain()
        raw = rocksdb_create_iterator_cf(db.base, readOptions, db.handle(family))
    }

    deinit {
        rocksdb_iter_destroy(raw)
        database.release()
    }

    @inline(__always)
    func seek(_ key: UnsafeRawBufferPointer) {
        rocksdb_iter_seek(raw, key.chars, key.count)
    }

    @inline(__always)
    func seek(_ key: [UInt8]) {
        key.withUnsafeBytes { seek($0) }
    }

    func seekToFirst() { rocksdb_iter_seek_to_first(raw) }
    func seekToLast() { rocksdb_iter_seek_to_last(raw) }

    @inline(__always) var isValid: Bool { rocksdb_iter_valid(raw) != 0 }
    @inline(__always) func next() { rocksdb_iter_next(raw) }

    @inline(__always)
    var key: UnsafeRawBufferPointer {
        var length = 0
        let pointer = rocksdb_iter_key(raw, &length)
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    @inline(__always)
    var value: UnsafeRawBufferPointer {
        var length = 0
        let pointer = rocksdb_iter_value(raw, &length)
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    /// Whether the current key starts with `prefix` (false when the iterator is exhausted).
    @inline(__always)
    func keyHasPrefix(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard isValid else { return false }
        let current = key
        guard current.count >= prefix.count else { return false }
        return prefix.count == 0 || memcmp(current.baseAddress!, prefix.baseAddress!, prefix.count) == 0
    }

    func keyHasPrefix(_ prefix: [UInt8]) -> Bool {
        prefix.withUnsafeBytes { keyHasPrefix($0) }
    }

    /// No error status (an iterator that hit one is not reused).
    var isHealthy: Bool {
        var error: UnsafeMutablePointer<CChar>? = nil
        rocksdb_iter_get_error(raw, &error)
        guard let error else { return true }
        rocksdb_free(error)
        return false
    }

    /// Throws when iteration stopped because of an error rather than the end.
    func checkError() throws(QuiverError) {
        let raw = self.raw
        try rocksCall { error in rocksdb_iter_get_error(raw, error) }
    }
}
