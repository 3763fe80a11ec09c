// Database+Disk: the ON_DISK_TRANSACTIONAL mode's life in a database (SPEC.md §2): where its
// RocksDB store lives (`<data-dir>/rocksdb`, or a private temporary directory for a database
// without a data directory), the restart rules at open, the run-time switch to it (only while
// the graph is empty and no other transaction runs), and closing it.
import Glibc
import QuiverCore
import QuiverDisk
import QuiverStorage

extension Database {
    /// Switches an empty database to the on-disk mode (a no-op when it is already on disk).
    func switchToDisk() throws(QuiverError) {
        if storage.mode == .onDiskTransactional { return }
        guard storage.vertexCount == 0 && storage.edgeCount == 0 else {
            throw QuiverError(.storageModeInvalidOperation, Storage.toDiskWithDataMessage)
        }
        // A private temporary store is deleted at close: its commits need no fsync.
        let store = try DiskStore.open(directory: try diskDirectory(), names: names,
                                       propertiesOnEdges: storage.propertiesOnEdges, durable: config.dataDirectory != nil,
                                       memoryLimitBytes: storage.memoryGuard.limitBytes)
        try attach(store)
        invalidatePlans()
    }

    /// Attaches an open store (closing it if the switch fails) and idles the in-memory WAL.
    private func attach(_ store: DiskStore) throws(QuiverError) {
        do {
            try storage.attachExternalStore(store)
        } catch {
            store.close()
            throw error
        }
        try durability?.modeChanged(to: .onDiskTransactional)
    }

    /// At open, after in-memory recovery: a non-empty on-disk store keeps the database on disk
    /// whatever `--storage-mode` says; an empty one follows the flag; recovered in-memory data
    /// keeps the database in memory (transactional).
    func openDiskAtStart(requested: Bool) throws(QuiverError) {
        guard let dataDirectory = config.dataDirectory else {
            if requested { try switchToDisk() }
            return
        }
        let directory = dataDirectory + "/rocksdb"
        let exists = access(directory, F_OK) == 0
        guard exists || requested else { return }
        let inMemoryEmpty = storage.vertexCount == 0 && storage.edgeCount == 0
        let store = try DiskStore.open(directory: directory, names: names, propertiesOnEdges: storage.propertiesOnEdges,
                                       memoryLimitBytes: storage.memoryGuard.limitBytes)
        guard inMemoryEmpty && (requested || !store.isEmpty) else {
            store.close()
            return
        }
        try attach(store)
    }

    /// `<data-dir>/rocksdb`, else a temporary directory made once per database.
    private func diskDirectory() throws(QuiverError) -> String {
        if let dataDirectory = config.dataDirectory { return dataDirectory + "/rocksdb" }
        return try diskScratch.withLock { (scratch: inout String?) throws(QuiverError) -> String in
            if let scratch { return scratch }
            var template = Array("/tmp/quiver-disk-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) != nil }
            guard made else {
                throw QuiverError(.internalError, "Cannot create a temporary directory for the on-disk storage: errno \(errno)")
            }
            let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            scratch = path
            return path
        }
    }

    /// Closes the on-disk store, if any, and deletes a temporary store's directory.
    func closeDisk() {
        storage.externalStore?.close()
        removeScratchDisk()
    }

    /// Deletes the temporary store directory of a database without a data directory.
    func removeScratchDisk() {
        guard let path = diskScratch.withLock({ (scratch: inout String?) -> String? in
            defer { scratch = nil }
            return scratch
        }) else { return }
        DiskStore.destroy(directory: path)
    }
}
