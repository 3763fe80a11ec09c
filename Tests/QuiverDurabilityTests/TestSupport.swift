// Shared helpers for durability tests: temporary data directories, storages without the GC
// timer, opening Durability with test settings, and a canonical text form of a whole graph
// (by names, so two storages compare equal exactly when their graphs do).
import Glibc
import Synchronization
import QuiverCore
@testable import QuiverDurability
@testable import QuiverStorage

/// A fresh temporary directory; removed by `removeTree`.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/quiver-durability-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { buffer in String(cString: mkdtemp(buffer.baseAddress!)!) }
    return path
}

func removeTree(_ path: String) {
    let io = PosixFileIO()
    if let names = try? io.listDirectory(path) {
        for name in names { removeTree(path + "/" + name) }
        rmdir(path)
    } else {
        unlink(path)
    }
}

func makeStorage(propertiesOnEdges: Bool = true) -> Storage {
    var config = StorageConfig()
    config.propertiesOnEdges = propertiesOnEdges
    config.garbageCollectionIntervalSeconds = nil
    config.storageAccessTimeoutSeconds = 5
    return Storage(config: config)
}

func testConfig(walFileSizeKiB: Int = 20_480, flushEvery: Int = 1, snapshotOnExit: Bool = false, retention: Int = 3) -> DurabilityConfig {
    var config = DurabilityConfig()
    config.walFileSizeKiB = walFileSizeKiB
    config.walFlushEveryNTx = flushEvery
    config.snapshotIntervalSeconds = 0
    config.snapshotOnExit = snapshotOnExit
    config.snapshotRetentionCount = retention
    return config
}

/// Opens `directory` into a fresh storage.
func openDurability(_ directory: String, config: DurabilityConfig = testConfig(), io: any FileIO = PosixFileIO(),
                    propertiesOnEdges: Bool = true) throws -> (Storage, Durability) {
    let storage = makeStorage(propertiesOnEdges: propertiesOnEdges)
    let durability = try Durability.open(directory: directory, config: config, storage: storage, io: io)
    return (storage, durability)
}

/// The whole graph as sorted lines: vertices with labels and properties, edges with endpoints,
/// type and properties, then indexes and the gid limits.
func describeGraph(_ storage: Storage, limits: Bool = true) -> [String] {
    let names = storage.names
    let transaction = storage.begin()
    defer { transaction.abort() }
    var lines: [String] = []
    func props(_ properties: [(PropertyID, Value)]) -> String {
        properties.map { "\(names.properties.name(for: $0.0.rawValue))=\(describe($0.1))" }.sorted().joined(separator: ",")
    }
    var cursor = transaction.vertices()
    var entries: [AdjacencyEntry] = []
    while let gid = cursor.next(transaction) {
        let labels = (transaction.labels(of: gid) ?? []).map { names.labels.name(for: $0.rawValue) }.sorted()
        lines.append("v\(gid) :\(labels.joined(separator: ":")) {\(props(transaction.properties(of: gid) ?? []))}")
        transaction.edges(of: gid, .outgoing, into: &entries)
        for entry in entries {
            let edgeProps = storage.propertiesOnEdges ? props(transaction.edgeProperties(entry.edge) ?? []) : ""
            lines.append("e\(entry.edgeGid) \(gid)->\(entry.neighbour) :\(names.edgeTypes.name(for: entry.type.rawValue)) {\(edgeProps)}")
        }
    }
    for index in storage.indexInfo {
        let property = index.property.map { names.properties.name(for: $0.rawValue) } ?? "-"
        lines.append("index :\(names.labels.name(for: index.label.rawValue))(\(property))")
    }
    for constraint in storage.constraintInfo {
        let keys = constraint.properties.map { names.properties.name(for: $0.rawValue) }.joined(separator: ",")
        lines.append("constraint \(constraint.kind) :\(names.labels.name(for: constraint.label.rawValue))(\(keys)) \(constraint.typeName)")
    }
    if limits {
        let gidLimits = storage.gidLimits
        lines.append("limits \(gidLimits.vertex) \(gidLimits.edge)")
    }
    return lines.sorted()
}

/// A bit-exact description (floats by bit pattern) of a value.
func describe(_ value: Value) -> String {
    switch value {
    case .float(let d): return "float(\(d.bitPattern))"
    case .list(let items): return "[" + items.map(describe).joined(separator: ",") + "]"
    case .map(let entries): return "{" + entries.keys.sorted().map { "\($0):\(describe(entries[$0]!))" }.joined(separator: ",") + "}"
    default: return "\(value)"
    }
}

/// Runs `body` in a transaction and commits it; returns the commit's error, if any.
@discardableResult
func commit(_ storage: Storage, _ body: (Transaction) throws(QuiverError) -> Void) -> QuiverError? {
    let transaction = storage.begin()
    do throws(QuiverError) {
        try body(transaction)
        try transaction.commit()
        return nil
    } catch {
        transaction.abort()
        return error
    }
}

/// The vertex count visible to a new transaction.
func vertexCount(_ storage: Storage) -> Int {
    let transaction = storage.begin()
    defer { transaction.abort() }
    var cursor = transaction.vertices()
    var count = 0
    while cursor.next(transaction) != nil { count += 1 }
    return count
}

/// Whether `work` throws (Result-based, no `catch let … as`).
func fails(_ work: () throws -> Void) -> Bool {
    (Result { try work() }).isFailure
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
    var failureMessage: String? {
        if case .failure(let error) = self { return (error as? QuiverError)?.message ?? "\(error)" }
        return nil
    }
}

/// A joinable pthread.
final class Thread: @unchecked Sendable {
    private var thread = pthread_t()

    init(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        pthread_create(&thread, nil, { raw in
            let box = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue() as! Box
            box.body()
            return nil
        }, box)
    }

    func join() { pthread_join(thread, nil) }
}

/// A flag shared between threads.
final class Flag: Sendable {
    private let state = Mutex(false)
    var value: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

func edgeTotal(_ storage: Storage) -> Int {
    let transaction = storage.begin()
    defer { transaction.abort() }
    var cursor = transaction.vertices()
    var total = 0
    while let gid = cursor.next(transaction) { total += transaction.degree(of: gid, .outgoing) }
    return total
}
