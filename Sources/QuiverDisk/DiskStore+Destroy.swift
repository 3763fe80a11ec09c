// DiskStore.destroy: deletes a closed store's files and its directory (the private stores of
// databases without a data directory, e.g. one per TCK test case).
import CRocksDB
import Glibc

extension DiskStore {
    /// Deletes the RocksDB store in `directory` and the directory itself; the store must be closed.
    public static func destroy(directory: String) {
        let options = rocksdb_options_create()
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_destroy_db(options, directory, &error)
        if let error { rocksdb_free(error) }
        rocksdb_options_destroy(options)
        // What destroy leaves (LOG files, the lock file) goes too.
        if let stream = opendir(directory) {
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink(directory + "/" + name) }
            }
            closedir(stream)
        }
        rmdir(directory)
    }
}
