// CommitWriter: where a commit's key writes go — the transaction's optimistic RocksDB
// transaction (conflict-checked against the begin snapshot, fsynced at commit), or, in edge
// import mode, a plain write batch (no conflict check, WAL written but not fsynced).
import CRocksDB
import QuiverCore

struct CommitWriter {
    let database: RocksDatabase
    let transaction: OpaquePointer?
    let batch: WriteBatch?
    let readOptions: OpaquePointer

    func put(_ family: Family, _ key: [UInt8], _ value: [UInt8]) throws(QuiverError) {
        if let batch {
            batch.put(database, family, key, value)
            return
        }
        let txn = transaction!, cf = database.handle(family)
        var error: UnsafeMutablePointer<CChar>? = nil
        key.withUnsafeBytes { k in
            value.withUnsafeBytes { v in rocksdb_transaction_put_cf(txn, cf, k.chars, k.count, v.chars, v.count, &error) }
        }
        try RocksStatus.check(&error)
    }

    func delete(_ family: Family, _ key: [UInt8]) throws(QuiverError) {
        if let batch {
            batch.delete(database, family, key)
            return
        }
        let txn = transaction!, cf = database.handle(family)
        var error: UnsafeMutablePointer<CChar>? = nil
        key.withUnsafeBytes { k in rocksdb_transaction_delete_cf(txn, cf, k.chars, k.count, &error) }
        try RocksStatus.check(&error)
    }

    /// Reads `key` at the begin snapshot and, in a RocksDB transaction, makes the commit fail
    /// with a conflict when someone else writes it before we commit.
    func getForUpdate(_ family: Family, _ key: [UInt8]) throws(QuiverError) -> [UInt8]? {
        guard let txn = transaction, batch == nil else { return try database.get(family, key, options: readOptions) }
        let cf = database.handle(family), ro = readOptions
        var length = 0
        var error: UnsafeMutablePointer<CChar>? = nil
        let value = key.withUnsafeBytes { k in
            rocksdb_transaction_get_for_update_cf(txn, ro, cf, k.chars, k.count, &length, 1, &error)
        }
        try RocksStatus.check(&error)
        guard let value else { return nil }
        defer { rocksdb_free(value) }
        return Array(UnsafeRawBufferPointer(start: value, count: length))
    }

    func commit() throws(QuiverError) {
        if let batch {
            if batch.count > 0 { try database.write(batch, sync: false) }
            return
        }
        let txn = transaction!
        try rocksCall { error in rocksdb_transaction_commit(txn, error) }
    }
}
