// quiver-bench disk: the ON_DISK_TRANSACTIONAL benchmark (issue 7). The parent writes the
// Pokec-like graph as CSV chunk files once, then runs each scenario in its own child process
// (so resident memory never mixes) and prints a summary:
//
//   memory     in-memory reference: LOAD CSV import (analytical, then transactional), the
//              graph's resident footprint, query answers and query throughput
//   import     on disk under --memory-limit: users by LOAD CSV per chunk, CREATE INDEX,
//              EDGE IMPORT MODE ACTIVE, friendships by LOAD CSV per chunk; answers, throughput
//   restart    reopens the same data directory; answers again
//   inactive   on disk, a fresh store: users, then the first --inactive-chunks friendship chunks
//              with EDGE IMPORT MODE inactive (the rate the active mode is compared against)
//
// Answers are compared as a digest of the Pokec-like queries over fixed ids: point read,
// 1-hop, 2-hop DISTINCT and the count by age. Throughput is queries per second on one thread.
import ArgumentParser
import Foundation
import QuiverCore
import QuiverDisk
import QuiverEngine
import QuiverStorage

struct Disk: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "On-disk (RocksDB) import, queries and restart against in-memory.")
    @OptionGroup var graph: GraphOptions
    @Option(help: "all, memory, import, restart or inactive.") var scenario = "all"
    @Option(help: "Directory for the CSV files and the data directories.")
    var directory = NSTemporaryDirectory() + "quiver-bench-disk"
    @Flag(help: "Use the CSV files a previous run left in --directory.") var reuseFiles = false
    @Option(help: "Rows per chunk file (one transaction each).") var chunkRows = 200_000
    @Option(help: "--memory-limit of the on-disk import, MiB.") var memoryLimitMib = 768
    @Option(help: "Friendship chunks the inactive-mode scenario imports.") var inactiveChunks = 2
    @Option(help: "Queries timed per kind.") var queries = 5_000
    @Flag(help: "With --scenario: time only the point reads (for profiling).") var onlyPoint = false

    func run() throws {
        let pokec = PokecGraph(vertices: graph.vertices, averageDegree: graph.degree, seed: graph.seed)
        let csv = directory + "/csv"
        if scenario != "all" {
            let files = try CSVImportFiles.existing(in: csv)
            try DiskScenario(name: scenario, files: files, dataDirectory: directory + "/data-" + scenario,
                             memoryLimitMib: memoryLimitMib, inactiveChunks: inactiveChunks, queries: queries,
                             vertexCount: pokec.vertexCount, onlyPoint: onlyPoint).run()
            return
        }
        if !reuseFiles {
            try? FileManager.default.removeItem(atPath: directory)
            let start = now()
            _ = try CSVImportFiles.write(pokec, to: csv, chunkRows: chunkRows)
            print("wrote \(pokec.vertexCount) users and \(pokec.edgeCount) friendships under \(csv) in \(String(format: "%.1f", now() - start)) s\n")
        }
        for data in ["import", "restart", "inactive"] { try? FileManager.default.removeItem(atPath: directory + "/data-" + data) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).path
        let common = ["--directory", directory, "--vertices", "\(graph.vertices)", "--degree", "\(graph.degree)",
                      "--seed", "\(graph.seed)", "--memory-limit-mib", "\(memoryLimitMib)",
                      "--inactive-chunks", "\(inactiveChunks)", "--queries", "\(queries)"]
        var results: [String: [String: String]] = [:]
        for child in ["memory", "import", "restart", "inactive"] {
            if child == "restart" {
                // The restart reopens the import's data directory.
                try? FileManager.default.moveItem(atPath: directory + "/data-import", toPath: directory + "/data-restart")
            }
            results[child] = try ChildScenario.run(executable, ["disk", "--scenario", child] + common)
        }
        try DiskSummary(results: results, edges: pokec.edgeCount, memoryLimitMib: memoryLimitMib).print()
    }
}

/// One scenario in this process.
struct DiskScenario {
    let name: String
    let files: CSVImportFiles
    let dataDirectory: String
    let memoryLimitMib: Int
    let inactiveChunks: Int
    let queries: Int
    let vertexCount: Int
    let onlyPoint: Bool

    func run() throws {
        switch name {
        case "memory": try memory()
        case "import": try onDisk(importing: true)
        case "restart": try onDisk(importing: false)
        case "inactive": try inactive()
        default: throw ValidationError("--scenario must be all, memory, import, restart or inactive")
        }
    }

    private func memory() throws {
        var config = DatabaseConfig()
        config.storage.mode = .inMemoryAnalytical
        config.storage.garbageCollectionIntervalSeconds = nil
        let database = Database(config: config)
        let session = database.session()
        let baseline = Storage.residentBytes
        try importUsers(session)
        for path in files.friendshipChunks { _ = try session.run(ImportRun.friendshipStatement(path)).all() }
        _ = try session.run("STORAGE MODE IN_MEMORY_TRANSACTIONAL").all()
        database.storage.collectGarbage()
        emit("graph_rss_mib", Double(Storage.residentBytes - baseline) / 1048576)
        try answersAndThroughput(session, database)
    }

    private func onDisk(importing: Bool) throws {
        var config = diskConfig()
        config.storage.memoryLimitBytes = memoryLimitMib << 20
        let openStart = now()
        let database = try Database(opening: config)
        emit("open_seconds", now() - openStart)
        let session = database.session()
        if importing {
            let start = now()
            try importUsers(session)
            let usersDone = now()
            emit("vertex_peak_rss_mib", Double(peakResidentBytes()) / 1048576)
            _ = try session.run("EDGE IMPORT MODE ACTIVE").all()
            for path in files.friendshipChunks { _ = try session.run(ImportRun.friendshipStatement(path)).all() }
            _ = try session.run("EDGE IMPORT MODE INACTIVE").all()
            let edgesDone = now()
            emit("vertex_seconds", usersDone - start)
            emit("edge_seconds", edgesDone - usersDone)
            emit("edges_per_second", Double(database.storage.edgeCount) / (edgesDone - usersDone))
        }
        // Reads are timed in a steady state: after RocksDB's pending compactions (a fresh bulk
        // load leaves a backlog that would otherwise run during the timed reads).
        let waitStart = now()
        while let store = database.storage.externalStore as? DiskStore, store.compactionPending, now() - waitStart < 900 {
            usleep(100_000)
        }
        emit("compaction_wait_seconds", now() - waitStart)
        try answersAndThroughput(session, database)
        emit("disk_usage_mib", Double(database.storage.externalStore?.diskUsageBytes ?? 0) / 1048576)
        try database.close()
    }

    private func inactive() throws {
        let database = try Database(opening: diskConfig())
        let session = database.session()
        try importUsers(session)
        let start = now()
        for path in files.friendshipChunks.prefix(inactiveChunks) { _ = try session.run(ImportRun.friendshipStatement(path)).all() }
        let seconds = now() - start
        emit("edges", "\(database.storage.edgeCount)")
        emit("edges_per_second", Double(database.storage.edgeCount) / seconds)
        try database.close()
    }

    /// On disk in `dataDirectory`; the in-memory WAL and snapshots idle (RocksDB is durable).
    private func diskConfig() -> DatabaseConfig {
        var config = DatabaseConfig()
        config.dataDirectory = dataDirectory
        config.storage.mode = .onDiskTransactional
        config.durability.walEnabled = false
        config.durability.snapshotIntervalSeconds = 0
        return config
    }

    private func importUsers(_ session: Session) throws {
        _ = try session.run("CREATE INDEX ON :User(id)").all()
        for path in files.userChunks { _ = try session.run(ImportRun.userStatement(path)).all() }
    }

    /// The digest of the Pokec-like answers, then single-thread throughput per query kind.
    private func answersAndThroughput(_ session: Session, _ database: Database) throws {
        emit("vertices", "\(database.storage.vertexCount)")
        emit("edges", "\(database.storage.edgeCount)")
        emit("storage_mode", database.storage.mode.rawValue)
        var digest = Hasher64()
        var random = SplitMix64(seed: 99)
        for _ in 0..<200 {
            let id = Value.int(Int64(random.next(below: vertexCount)))
            for query in [DiskQueries.point, DiskQueries.oneHop, DiskQueries.twoHop] {
                let rows = try session.run(query, parameters: ["id": id]).all().map { "\($0)" }.sorted()
                digest.add(rows.joined(separator: ";"))
            }
        }
        digest.add(try session.run(DiskQueries.ageCount).all().map { "\($0)" }.sorted().joined(separator: ";"))
        emit("answer_digest", String(digest.value, radix: 16))
        for (key, query) in [("point", DiskQueries.point), ("one_hop", DiskQueries.oneHop)] where !onlyPoint || key == "point" {
            _ = try session.run(query, parameters: ["id": .int(1)]).all()
            var samples: [Double] = []
            samples.reserveCapacity(queries)
            let start = now()
            for _ in 0..<queries {
                let begin = now()
                _ = try session.run(query, parameters: ["id": .int(Int64(random.next(below: vertexCount)))]).all()
                samples.append(now() - begin)
            }
            let total = now() - start
            samples.sort()
            emit("\(key)_per_second", Double(queries) / total)
            emit("\(key)_p50_us", samples[samples.count / 2] * 1e6)
            emit("\(key)_p99_us", samples[samples.count * 99 / 100] * 1e6)
        }
        if onlyPoint { return }
        let start = now()
        _ = try session.run(DiskQueries.twoHop, parameters: ["id": .int(7)]).all()
        emit("two_hop_ms", (now() - start) * 1e3)
        let ageStart = now()
        _ = try session.run(DiskQueries.ageCount).all()
        emit("age_count_ms", (now() - ageStart) * 1e3)
        emit("peak_rss_mib", Double(peakResidentBytes()) / 1048576)
    }

    private func emit(_ key: String, _ value: String) { Swift.print("\(key)=\(value)") }
    private func emit(_ key: String, _ value: Double) { Swift.print("\(key)=\(String(format: "%.3f", value))") }
}

enum DiskQueries {
    static let point = "MATCH (n:User {id: $id}) RETURN n.id, n.age, n.gender"
    static let oneHop = "MATCH (:User {id: $id})-->(n) RETURN n.id"
    static let twoHop = "MATCH (:User {id: $id})-->()-->(n:User) RETURN DISTINCT n.id"
    static let ageCount = "MATCH (n:User) RETURN n.age, count(*)"
}

/// FNV-1a over strings: a stable digest of answers across processes.
struct Hasher64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        value ^= 0xff
        value &*= 0x100_0000_01b3
    }
}

/// The summary table and the issue's ratios.
struct DiskSummary {
    let results: [String: [String: String]]
    let edges: Int
    let memoryLimitMib: Int

    func print() throws {
        func value(_ scenario: String, _ key: String) -> Double { Double(results[scenario]?[key] ?? "") ?? .nan }
        func f(_ value: Double) -> String { value.isNaN ? "n/a" : String(format: "%.2f", value) }
        let digests = ["memory", "import", "restart"].map { results[$0]?["answer_digest"] ?? "?" }
        guard Set(digests).count == 1, results["import"]?["edges"] == "\(edges)" else {
            throw ValidationError("answers differ (digests \(digests)) or the import is incomplete (\(results["import"]?["edges"] ?? "?") of \(edges) edges)")
        }
        let keys = ["vertex_seconds", "edge_seconds", "edges_per_second", "point_per_second", "point_p50_us", "point_p99_us",
                    "one_hop_per_second", "one_hop_p50_us", "one_hop_p99_us", "two_hop_ms", "age_count_ms", "peak_rss_mib",
                    "graph_rss_mib", "disk_usage_mib", "open_seconds", "vertex_peak_rss_mib", "compaction_wait_seconds"]
        var table = "| figure | memory | import (on disk) | restart (on disk) | inactive |\n|---|---|---|---|---|\n"
        for key in keys {
            table += "| \(key) | " + ["memory", "import", "restart", "inactive"].map { f(value($0, key)) }.joined(separator: " | ") + " |\n"
        }
        Swift.print("""

        ## Summary (\(edges) edges; on-disk import under --memory-limit \(memoryLimitMib) MiB)
        \(table)
        answers: identical in memory, on disk and after the restart (digest \(digests[0]))
        point reads, on disk / in memory: \(f(value("restart", "point_per_second") / value("memory", "point_per_second"))) (target ≥ 0.33)
        1-hop, on disk / in memory: \(f(value("restart", "one_hop_per_second") / value("memory", "one_hop_per_second"))) (target ≥ 0.20)
        edge import, EDGE IMPORT MODE active / inactive: \(f(value("import", "edges_per_second") / value("inactive", "edges_per_second")))× (target ≥ 3×)
        in-memory graph footprint \(f(value("memory", "graph_rss_mib"))) MiB; on-disk import peak RSS \(f(value("import", "peak_rss_mib"))) MiB under a \(memoryLimitMib) MiB limit
        """)
    }
}
