// Storage with an external store (the on-disk mode, ExternalStore.swift): attaching and
// detaching the store under unique access, and the forwarding of schema DDL, counts and index
// facts while it is attached. Transactions forward their own calls (Transaction.external).
import QuiverCore

extension Storage {
    /// The attached on-disk store, nil in the in-memory modes.
    public var externalStore: (any ExternalStore)? { settingsLock.withLock { attachedStore } }

    /// Switches to ON_DISK_TRANSACTIONAL over `store`, waiting for other transactions like any
    /// mode switch. The in-memory graph must be empty (the caller checks and words the refusal).
    public func attachExternalStore(_ store: any ExternalStore) throws(QuiverError) {
        try withUniqueAccess { () throws(QuiverError) in
            guard vertexCount == 0 && edgeCount == 0 else {
                throw QuiverError(.storageModeInvalidOperation, Self.toDiskWithDataMessage)
            }
            settingsLock.withLock {
                attachedStore = store
                currentMode = .onDiskTransactional
            }
        }
    }

    /// Leaves the on-disk mode for `mode` (only while the store is empty) and returns the
    /// detached store, which the caller closes.
    func detachExternalStore(to mode: StorageMode) throws(QuiverError) -> (any ExternalStore)? {
        guard let store = settingsLock.withLock({ attachedStore }) else { return nil }
        guard store.vertexCount == 0 && store.edgeCount == 0 else {
            throw QuiverError(.storageModeInvalidOperation, Self.fromDiskMessage)
        }
        settingsLock.withLock {
            attachedStore = nil
            currentMode = mode
        }
        return store
    }

    public static let toDiskWithDataMessage =
        "You cannot switch from an in-memory storage mode to the on-disk storage mode when the database contains data. Delete all entries from the database, run FREE MEMORY and then repeat this query. "
    public static let fromDiskMessage =
        "You cannot switch from the on-disk storage mode to an in-memory storage mode while the database is running. To replace on-disk storage mode with in-memory storage mode, you need to shut down Memgraph instance, delete all data from the database, and start Memgraph instance with in-memory storage mode."

    /// Runs a schema change on the attached store under unique access.
    func withExternalStore<T>(_ store: any ExternalStore,
                              _ body: (any ExternalStore) throws(QuiverError) -> T) throws(QuiverError) -> T {
        try withUniqueAccess { () throws(QuiverError) -> T in try body(store) }
    }
}
