// Test support for QuiverDisk: a store in a fresh temporary directory (removed afterwards),
// reopening it, beginning transactions, and Result-based error checks.
import Foundation
import QuiverCore
@testable import QuiverDisk
import QuiverStorage
import Testing

final class TempStore {
    let path: String
    var names = NameRegistry()
    var store: DiskStore
    let storage: Storage
    let propertiesOnEdges: Bool
    private var nextID: UInt64 = 1

    init(propertiesOnEdges: Bool = true, memoryLimitBytes: Int? = nil) throws {
        path = NSTemporaryDirectory() + "quiver-disk-test-" + UUID().uuidString
        self.propertiesOnEdges = propertiesOnEdges
        var config = StorageConfig()
        config.memoryLimitBytes = memoryLimitBytes
        config.garbageCollectionIntervalSeconds = nil
        storage = Storage(config: config)
        store = try DiskStore.open(directory: path, names: names, propertiesOnEdges: propertiesOnEdges,
                                   memoryLimitBytes: memoryLimitBytes)
    }

    /// Closes and opens the store again with a fresh name registry.
    func reopen() throws {
        store.close()
        names = NameRegistry()
        store = try DiskStore.open(directory: path, names: names, propertiesOnEdges: propertiesOnEdges)
    }

    func begin() -> DiskTransaction {
        nextID += 1
        return store.begin(id: nextID, memoryGuard: storage.memoryGuard) as! DiskTransaction
    }

    func label(_ name: String) -> LabelID { names.label(name) }
    func property(_ name: String) -> PropertyID { names.property(name) }
    func edgeType(_ name: String) -> EdgeTypeID { names.edgeType(name) }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The error a throwing block ended with (nil when it succeeded).
func failure<T>(_ body: () throws(QuiverError) -> T) -> QuiverError? {
    let result = Result { () throws(QuiverError) -> T in try body() }
    if case .failure(let error) = result { return error }
    return nil
}

func collect(_ cursor: any ExternalCursor, view: View = .new) -> [UInt64] {
    var gids: [UInt64] = []
    while let gid = cursor.next(view: view) { gids.append(gid.rawValue) }
    return gids
}
