// quiver-bench recovery: durability figures on the Pokec-like graph. Imports it with the WAL on
// (every commit fsynced), writes a snapshot, then times recovery from the WAL alone and from the
// snapshot (edges per second), and compares 8-writer commit throughput with the WAL on and off.
import ArgumentParser
import Foundation
import QuiverCore
import QuiverDurability
import QuiverStorage

struct Recovery: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Durability: WAL and snapshot recovery speed, commit throughput with the WAL.")
    @OptionGroup var graph: GraphOptions
    @Option(help: "Data directory (emptied first).") var directory = "/tmp/quiver-bench-recovery"
    @Option(help: "Concurrent writers for the throughput comparison.") var writers = 8
    @Option(help: "Seconds per throughput run.") var seconds = 5.0
    @Flag(help: "Only time recovery of the directory a previous run left (for profiling).") var recoverOnly = false

    func run() throws {
        let pokec = PokecGraph(vertices: graph.vertices, averageDegree: graph.degree, seed: graph.seed)
        if recoverOnly {
            try recover(label: "snapshot", pokec, { $0.snapshotSeconds }) { _ in }
            return
        }
        try? FileManager.default.removeItem(atPath: directory)
        emit("vertices", "\(pokec.vertexCount)")
        emit("edges", "\(pokec.edgeCount)")

        // Import with the WAL (every commit fsynced).
        do {
            let storage = Storage(config: benchStorageConfig())
            let durability = try Durability.open(directory: directory, config: benchDurabilityConfig(), storage: storage)
            let start = now()
            try importVertices(storage, pokec, batch: graph.batch) {}
            _ = try EdgeImporter(storage: storage, graph: pokec, type: storage.names.edgeType("Friend"), batch: graph.batch)
                .run(workers: 1) {}
            emit("import_with_wal_seconds", now() - start)
            emit("wal_bytes", "\(directoryBytes(directory + "/wal"))")
            try durability.close()
        }
        // Recovery from the WAL alone; then a snapshot from the recovered graph.
        try recover(label: "wal", pokec, { $0.walSeconds }) { durability in
            let snapshotStart = now()
            let snapshot = try durability.createSnapshot()
            emit("snapshot_write_seconds", now() - snapshotStart)
            emit("snapshot_bytes", "\(snapshot.size)")
        }
        try recover(label: "snapshot", pokec, { $0.snapshotSeconds }) { _ in }

        let withWAL = try throughput(wal: true)
        let without = try throughput(wal: false)
        emit("commits_per_second_wal_on", withWAL)
        emit("commits_per_second_wal_off", without)
        emit("wal_on_vs_off_ratio", withWAL / without)
    }

    /// Opens the directory into a fresh storage and reports recovery time and edges per second.
    private func recover(label: String, _ pokec: PokecGraph, _ phase: (RecoveryReport) -> Double,
                         then: (Durability) throws -> Void) throws {
        let storage = Storage(config: benchStorageConfig())
        var config = benchDurabilityConfig()
        config.walEnabled = false
        let start = now()
        let durability = try Durability.open(directory: directory, config: config, storage: storage)
        let total = now() - start
        let report = durability.recovery
        precondition(storage.edgeCount == pokec.edgeCount, "\(label) recovery: \(storage.edgeCount) of \(pokec.edgeCount) edges")
        precondition(storage.vertexCount == pokec.vertexCount, "\(label) recovery: \(storage.vertexCount) vertices")
        emit("\(label)_recovery_seconds", total)
        emit("\(label)_recovery_load_seconds", phase(report))
        emit("\(label)_recovery_index_seconds", report.schemaSeconds)
        emit("\(label)_recovery_edges_per_second", Double(pokec.edgeCount) / phase(report))
        try then(durability)
        try durability.close()
    }

    /// Committed transactions per second with `writers` threads, each transaction two vertices
    /// and an edge, for `seconds`.
    private func throughput(wal: Bool) throws -> Double {
        let path = directory + "-throughput"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let storage = Storage(config: benchStorageConfig())
        var config = benchDurabilityConfig()
        config.walEnabled = wal
        let durability = try Durability.open(directory: path, config: config, storage: storage)
        let type = storage.names.edgeType("T"), label = storage.names.label("U")
        let stop = UnsafeSendable(ManagedFlag())
        let counts = UnsafeSendable(ManagedCounts(writers))
        let group = DispatchGroup()
        for writer in 0..<writers {
            group.enter()
            Thread {
                while !stop.value.isSet {
                    let tx = storage.begin()
                    do {
                        let a = try tx.createVertex(labels: [label]), b = try tx.createVertex(labels: [label])
                        try tx.createEdge(from: a, to: b, type: type)
                        try tx.commit()
                        counts.value.add(writer)
                    } catch {
                        tx.abort()
                    }
                }
                group.leave()
            }.start()
        }
        Thread.sleep(forTimeInterval: seconds)
        stop.value.set()
        group.wait()
        let committed = counts.value.total
        emit("throughput_wal_\(wal ? "on" : "off")_commits", "\(committed)")
        if let flushes = durability.wal?.flushCount { emit("throughput_wal_flushes", "\(flushes)") }
        try durability.close()
        return Double(committed) / seconds
    }

    private func emit(_ key: String, _ value: String) { print("\(key)=\(value)") }
    private func emit(_ key: String, _ value: Double) { print("\(key)=\(String(format: "%.3f", value))") }
}

private func benchStorageConfig() -> StorageConfig {
    var config = StorageConfig()
    config.propertiesOnEdges = false
    config.garbageCollectionIntervalSeconds = 1
    return config
}

private func benchDurabilityConfig() -> DurabilityConfig {
    var config = DurabilityConfig()
    config.snapshotIntervalSeconds = 0
    config.snapshotOnExit = false
    return config
}

private func directoryBytes(_ path: String) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.reduce(0) { total, name in
        total + ((try? FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? Int) ?? 0)
    }
}

final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var isSet: Bool { lock.withLock { flag } }
    func set() { lock.withLock { flag = true } }
}

/// Per-writer commit counters (one slot per thread, padded apart).
final class ManagedCounts: @unchecked Sendable {
    private var slots: [Int]
    init(_ writers: Int) { slots = [Int](repeating: 0, count: writers * 16) }
    func add(_ writer: Int) { slots[writer * 16] += 1 }
    var total: Int { stride(from: 0, to: slots.count, by: 16).reduce(0) { $0 + slots[$1] } }
}
