// One benchmark scenario: import the graph in a storage mode, collect garbage, report resident
// bytes per vertex and per edge (baseline subtracted), import rate and peak, and optionally the
// :User(id) index cost, full 1-hop expansion rate and indexed point-lookup latency.
import ArgumentParser
import CMalloc
import Foundation
import QuiverCore
import QuiverStorage

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one scenario and print key=value results.")
    @OptionGroup var graph: GraphOptions
    @Option(help: "transactional or analytical.") var mode = "transactional"
    @Option(help: "Store properties on edges (true/false).") var propertiesOnEdges = false
    @Flag(help: "Also run the index, expansion and point-lookup benchmarks.") var queries = false
    @Option(help: "Threads importing edges (same importer in both modes; conflicts are retried).") var workers = 1

    func run() throws {
        let pokec = PokecGraph(vertices: graph.vertices, averageDegree: graph.degree, seed: graph.seed)
        var config = StorageConfig()
        config.mode = mode == "analytical" ? .inMemoryAnalytical : .inMemoryTransactional
        config.propertiesOnEdges = propertiesOnEdges
        config.garbageCollectionIntervalSeconds = nil
        trimHeap()
        let baseline = Storage.residentBytes
        let storage = Storage(config: config)
        let user = storage.names.label("User"), friend = storage.names.edgeType("Friend")
        let id = storage.names.property("id")
        var peak = baseline

        // Vertices.
        let start = now()
        try importVertices(storage, pokec, batch: graph.batch) { peak = max(peak, Storage.residentBytes) }
        let verticesDone = now()
        storage.freeMemory()
        let afterVertices = Storage.residentBytes

        // Edges, grouped by source, about `batch` per transaction, by `workers` threads.
        let edgesStart = now()
        let importer = EdgeImporter(storage: storage, graph: pokec, type: friend, batch: graph.batch)
        let retries = try importer.run(workers: workers) { peak = max(peak, Storage.residentBytes) }
        let edgesDone = now()
        // Transactional import is finished when GC has released its deltas: count that time.
        storage.collectGarbage()
        let importEnd = now()
        storage.freeMemory()
        let afterEdges = Storage.residentBytes
        let usage = storage.memoryUsage

        let mib = 1024.0 * 1024.0
        emit("mode", mode)
        emit("properties_on_edges", "\(propertiesOnEdges)")
        emit("vertices", "\(pokec.vertexCount)")
        emit("edges", "\(pokec.edgeCount)")
        emit("import_seconds", importEnd - start)
        emit("vertex_import_per_second", Double(pokec.vertexCount) / (verticesDone - start))
        emit("edge_import_per_second", Double(pokec.edgeCount) / (edgesDone - edgesStart))
        emit("edge_import_workers", "\(workers)")
        emit("edge_import_conflict_retries", "\(retries)")
        emit("import_peak_rss_mib", Double(peak - baseline) / mib)
        emit("bytes_per_vertex", Double(afterVertices - baseline) / Double(pokec.vertexCount))
        emit("bytes_per_edge", Double(afterEdges - afterVertices) / Double(pokec.edgeCount))
        emit("engine_record_mib", Double(usage.recordBytes) / mib)
        emit("engine_body_mib", Double(usage.bodyBytes) / mib)
        emit("engine_adjacency_live_mib", Double(usage.adjacencyLiveBytes) / mib)
        emit("engine_adjacency_mapped_mib", Double(usage.adjacencyMappedBytes) / mib)
        emit("engine_delta_mib", Double(usage.deltaBytes) / mib)
        emit("rss_total_mib", Double(afterEdges - baseline) / mib)
        if queries { try runQueries(storage, pokec, user: user, id: id) }
    }

    private func runQueries(_ storage: Storage, _ pokec: PokecGraph, user: LabelID, id: PropertyID) throws {
        let beforeIndex = Storage.residentBytes
        let indexStart = now()
        try storage.createLabelPropertyIndex(user, id)
        emit("index_build_seconds", now() - indexStart)
        trimHeap()
        emit("index_bytes_per_entry", Double(Storage.residentBytes - beforeIndex) / Double(pokec.vertexCount))
        emit("index_engine_bytes_per_entry", Double(storage.memoryUsage.indexBytes) / Double(pokec.vertexCount))

        // Full 1-hop expansion over every vertex, one core, best of three.
        let tx = storage.begin()
        var buffer: [AdjacencyEntry] = []
        buffer.reserveCapacity(1024)
        var best = Double.infinity
        var checksum: UInt64 = 0
        var expanded = 0
        for _ in 0..<3 {
            let start = now()
            expanded = 0
            for vertex in 0..<pokec.vertexCount {
                tx.edges(of: Gid(UInt64(vertex)), .outgoing, into: &buffer)
                for entry in buffer { checksum &+= entry.neighbour.rawValue }
                expanded += buffer.count
            }
            best = min(best, now() - start)
        }
        precondition(expanded == pokec.edgeCount, "expansion saw \(expanded) of \(pokec.edgeCount) edges")
        emit("expand_medges_per_second", Double(expanded) / best / 1e6)
        emit("expand_checksum", "\(checksum)")

        // Indexed point lookups by id.
        var random = SplitMix64(seed: 7)
        let lookups = 200_000
        var latencies = [Double](repeating: 0, count: lookups)
        var found = 0
        // One cursor reset per probe, as an index nested-loop join runs it.
        let cursor = tx.vertices(label: user, property: id, .equal(.int(0)))!
        for index in 0..<lookups {
            let key = Int64(random.next(below: pokec.vertexCount))
            let start = now()
            if cursor.reset(.equal(.int(key))), cursor.next(tx) != nil { found += 1 }
            latencies[index] = now() - start
        }
        precondition(found == lookups, "point lookups found \(found) of \(lookups)")
        latencies.sort()
        emit("lookup_p50_ns", latencies[lookups / 2] * 1e9)
        emit("lookup_p90_ns", latencies[lookups * 9 / 10] * 1e9)
        emit("lookup_p99_ns", latencies[lookups * 99 / 100] * 1e9)
        emit("lookups_per_second", Double(lookups) / latencies.reduce(0, +))
        tx.abort()
    }

    private func emit(_ key: String, _ value: String) { print("\(key)=\(value)") }
    private func emit(_ key: String, _ value: Double) { print("\(key)=\(String(format: "%.3f", value))") }
}

/// Imports every :User vertex in transactions of `batch`; `sample` runs after each commit.
func importVertices(_ storage: Storage, _ pokec: PokecGraph, batch: Int, sample: () -> Void) throws {
    let user = storage.names.label("User")
    let id = storage.names.property("id"), age = storage.names.property("age")
    let completion = storage.names.property("completion_percentage"), gender = storage.names.property("gender")
    var index = 0
    while index < pokec.vertexCount {
        let tx = storage.begin()
        let end = min(pokec.vertexCount, index + batch)
        for vertex in index..<end {
            let properties = pokec.user(vertex)
            let gid = try tx.createVertex(labels: [user], properties: [
                (id, .int(properties.id)), (age, .int(properties.age)),
                (completion, .int(properties.completion)), (gender, .int(properties.gender)),
            ])
            precondition(gid.rawValue == UInt64(vertex), "benchmark relies on dense gids")
        }
        try tx.commit()
        sample()
        index = end
    }
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func trimHeap() { _ = quiver_malloc_trim() }
