// Shared helpers for storage tests: a storage without the background GC timer, and shorthands.
import QuiverCore
@testable import QuiverStorage

func makeStorage(mode: StorageMode = .inMemoryTransactional, propertiesOnEdges: Bool = true,
                 accessTimeout: Double = 1) -> Storage {
    var config = StorageConfig()
    config.mode = mode
    config.propertiesOnEdges = propertiesOnEdges
    config.garbageCollectionIntervalSeconds = nil
    config.storageAccessTimeoutSeconds = accessTimeout
    return Storage(config: config)
}

extension Value {
    /// Test-only structural equality (exact float bits), independent of Cypher's rules.
    var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

func allVertices(_ transaction: Transaction, view: View = .new) -> [Gid] {
    var cursor = transaction.vertices()
    var result: [Gid] = []
    while let gid = cursor.next(transaction, view: view) { result.append(gid) }
    return result
}

func outEdges(_ transaction: Transaction, _ gid: Gid, view: View = .new) -> [AdjacencyEntry] {
    var buffer: [AdjacencyEntry] = []
    transaction.edges(of: gid, .outgoing, view: view, into: &buffer)
    return buffer
}

func inEdges(_ transaction: Transaction, _ gid: Gid, view: View = .new) -> [AdjacencyEntry] {
    var buffer: [AdjacencyEntry] = []
    transaction.edges(of: gid, .incoming, view: view, into: &buffer)
    return buffer
}
