// quiver-bench import: the Memgraph-style LOAD CSV import of the Pokec-like graph, timed in
// each in-memory storage mode. The parent writes users.csv and friendships.csv (and chunk
// files) once, then runs every mode in its own child process so peak resident memory
// (VmHWM) never mixes, and prints a summary. A child runs, through Session.run:
//
//   CREATE INDEX ON :User(id);
//   LOAD CSV FROM 'users.csv' WITH HEADER AS row CREATE (:User {id: toInteger(row.id), …});
//   LOAD CSV FROM 'friendships.csv' WITH HEADER AS row
//     MATCH (a:User {id: toInteger(row.from)}), (b:User {id: toInteger(row.to)}) CREATE (a)-[:FRIEND]->(b);
//
// `transactional` imports each file in one transaction (what Memgraph users do); Quiver has no
// `CALL { … } IN TRANSACTIONS` yet, so `transactional-batched` commits periodically by running
// one LOAD CSV per chunk file instead. `--cypherl` runs the console import instead (CypherlBench).
import ArgumentParser
import Foundation
import QuiverCore
import QuiverEngine
import QuiverStorage

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "LOAD CSV import in both in-memory modes (or, with --cypherl, a console .cypherl import).")
    @OptionGroup var graph: GraphOptions
    @Option(help: "all, transactional, transactional-batched or analytical.") var mode = "all"
    @Option(help: "Directory for the generated files (emptied first unless --reuse-files).")
    var directory = NSTemporaryDirectory() + "quiver-bench-import"
    @Flag(help: "Use the files a previous run left in --directory.") var reuseFiles = false
    @Option(help: "Rows per chunk file (transactional-batched: rows per transaction).") var chunkRows = 1_000_000
    @Option(help: "Store properties on edges (Memgraph's default: true).") var propertiesOnEdges = true
    @Flag(help: "Print EXPLAIN of the edge statement (single mode).") var explain = false
    @Flag(help: "Time a .cypherl import through `quiver console --file` instead.") var cypherl = false
    @Option(help: "quiver executable for --cypherl (default: beside quiver-bench).") var quiver: String?
    @Option(help: "Bolt port of the server --cypherl starts.") var boltPort = 7697

    func run() throws {
        let pokec = { PokecGraph(vertices: graph.vertices, averageDegree: graph.degree, seed: graph.seed) }
        if cypherl {
            try CypherlBench(graph: pokec(), directory: directory, quiver: quiver, port: boltPort).run()
            return
        }
        if mode != "all" {
            let files = reuseFiles ? try CSVImportFiles.existing(in: directory)
                : try CSVImportFiles.write(pokec(), to: directory, chunkRows: chunkRows)
            try ImportRun(mode: mode, files: files, propertiesOnEdges: propertiesOnEdges, explain: explain).run()
            return
        }
        let generated = pokec()
        if !reuseFiles {
            try? FileManager.default.removeItem(atPath: directory)
            let start = now()
            _ = try CSVImportFiles.write(generated, to: directory, chunkRows: chunkRows)
            print("wrote \(generated.vertexCount) users and \(generated.edgeCount) friendships as CSV under \(directory) in \(String(format: "%.1f", now() - start)) s\n")
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).path
        let common = ["--directory", directory, "--reuse-files", "--properties-on-edges", "\(propertiesOnEdges)"]
        var results: [String: [String: String]] = [:]
        for child in ["analytical", "transactional", "transactional-batched"] {
            results[child] = try ChildScenario.run(executable, ["import", "--mode", child] + common)
            let counts = results[child]!
            guard counts["vertices"] == "\(generated.vertexCount)", counts["edges"] == "\(generated.edgeCount)" else {
                throw ImportBenchError("\(child): imported \(counts["vertices"] ?? "?") vertices and \(counts["edges"] ?? "?") edges, expected \(generated.vertexCount) and \(generated.edgeCount)")
            }
        }
        printSummary(results, edges: generated.edgeCount)
    }

    private func printSummary(_ results: [String: [String: String]], edges: Int) {
        func value(_ mode: String, _ key: String) -> Double { Double(results[mode]?[key] ?? "") ?? .nan }
        func f(_ value: Double) -> String { value.isNaN ? "n/a" : String(format: "%.2f", value) }
        let modes = ["transactional", "transactional-batched", "analytical"]
        var table = "| figure | " + modes.joined(separator: " | ") + " |\n|---|---|---|---|\n"
        for (label, key) in [("vertex LOAD CSV, s", "vertex_seconds"), ("edge LOAD CSV, s", "edge_seconds"),
                             ("GC after import, s", "gc_seconds"), ("import total, s", "total_seconds"),
                             ("edges/s (edge LOAD CSV)", "edges_per_second"), ("peak RSS MiB (VmHWM)", "peak_rss_mib"),
                             ("RSS after import MiB", "rss_after_mib")] {
            table += "| \(label) | " + modes.map { f(value($0, key)) }.joined(separator: " | ") + " |\n"
        }
        let analytical = value("analytical", "total_seconds")
        print("""

        ## Summary (\(edges) edges)
        \(table)
        speed-up, transactional / analytical, total import: \(f(value("transactional", "total_seconds") / analytical))× (target ≥ 3×)
        speed-up, transactional / analytical, edge LOAD CSV: \(f(value("transactional", "edge_seconds") / value("analytical", "edge_seconds")))×
        speed-up, transactional-batched / analytical, total import: \(f(value("transactional-batched", "total_seconds") / analytical))×
        analytical edges/s: \(f(value("analytical", "edges_per_second"))) (target ≥ 1,000,000)
        """)
    }
}

/// One mode's import in this process.
struct ImportRun {
    let mode: String
    let files: CSVImportFiles
    let propertiesOnEdges: Bool
    var explain = false

    static func userStatement(_ path: String) -> String {
        "LOAD CSV FROM '\(path)' WITH HEADER AS row CREATE (:User {id: toInteger(row.id), age: toInteger(row.age), "
            + "completion_percentage: toInteger(row.completion_percentage), gender: toInteger(row.gender)})"
    }

    static func friendshipStatement(_ path: String) -> String {
        "LOAD CSV FROM '\(path)' WITH HEADER AS row MATCH (a:User {id: toInteger(row.from)}), "
            + "(b:User {id: toInteger(row.to)}) CREATE (a)-[:FRIEND]->(b)"
    }

    func run() throws {
        var config = DatabaseConfig()
        switch mode {
        case "transactional", "transactional-batched": config.storage.mode = .inMemoryTransactional
        case "analytical": config.storage.mode = .inMemoryAnalytical
        default: throw ValidationError("--mode must be all, transactional, transactional-batched or analytical")
        }
        config.storage.propertiesOnEdges = propertiesOnEdges
        let database = Database(config: config)
        let session = database.session()
        let batched = mode == "transactional-batched"
        let baseline = Storage.residentBytes
        _ = try session.run("CREATE INDEX ON :User(id)").all()
        if explain {
            for row in try session.run("EXPLAIN " + Self.friendshipStatement(files.friendships)).all() {
                if case .string(let line) = row[0] { print("explain: \(line)") }
            }
        }

        let start = now()
        for path in batched ? files.userChunks : [files.users] { _ = try session.run(Self.userStatement(path)).all() }
        let verticesDone = now()
        for path in batched ? files.friendshipChunks : [files.friendships] {
            _ = try session.run(Self.friendshipStatement(path)).all()
        }
        let edgesDone = now()
        // The import is over when the deltas its transactions left are released.
        database.storage.collectGarbage()
        let end = now()

        let vertices = database.storage.vertexCount, edges = database.storage.edgeCount
        let mib = 1024.0 * 1024.0
        emit("mode", mode)
        emit("vertices", "\(vertices)")
        emit("edges", "\(edges)")
        emit("transactions", "\(batched ? files.userChunks.count + files.friendshipChunks.count : 2)")
        emit("vertex_seconds", verticesDone - start)
        emit("edge_seconds", edgesDone - verticesDone)
        emit("gc_seconds", end - edgesDone)
        emit("total_seconds", end - start)
        emit("vertices_per_second", Double(vertices) / (verticesDone - start))
        emit("edges_per_second", Double(edges) / (edgesDone - verticesDone))
        emit("baseline_rss_mib", Double(baseline) / mib)
        emit("peak_rss_mib", Double(peakResidentBytes()) / mib)
        emit("rss_after_mib", Double(Storage.residentBytes) / mib)
    }

    private func emit(_ key: String, _ value: String) { print("\(key)=\(value)") }
    private func emit(_ key: String, _ value: Double) { print("\(key)=\(String(format: "%.3f", value))") }
}

/// This process's peak resident set size (VmHWM), 0 when unknown.
func peakResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return (Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0) * 1024
    }
    return 0
}
