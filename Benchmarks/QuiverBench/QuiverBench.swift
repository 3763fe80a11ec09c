// quiver-bench: reruns the storage benchmark anyone can reproduce. `quiver-bench` runs every
// scenario, each in a child process so resident-memory figures never mix, and prints a summary;
// `quiver-bench run …` is one scenario. Numbers, not pass/fail: targets are shown for context.
import ArgumentParser
import Foundation

@main
struct QuiverBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiver-bench",
        abstract: "Storage benchmark on a Pokec-like graph (release build).",
        subcommands: [All.self, Run.self, Cypher.self, Recovery.self, Import.self, Disk.self],
        defaultSubcommand: All.self)
}

struct GraphOptions: ParsableArguments {
    @Option(help: "Number of :User vertices.") var vertices = 1_000_000
    @Option(help: "Average out-degree.") var degree = 17.0
    @Option(help: "Vertices or edges per transaction during import.") var batch = 10_000
    @Option(help: "Generator seed.") var seed: UInt64 = 42
}

struct All: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every scenario in child processes and summarise.")
    @OptionGroup var graph: GraphOptions

    func run() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).path
        let common = ["--vertices", "\(graph.vertices)", "--degree", "\(graph.degree)", "--batch", "\(graph.batch)", "--seed", "\(graph.seed)"]
        print("quiver-bench: \(graph.vertices) vertices, average out-degree \(graph.degree), batches of \(graph.batch)\n")
        let transactional = try ChildScenario.run(executable, ["run", "--mode", "transactional", "--properties-on-edges", "false", "--queries"] + common)
        let withEdgeProperties = try ChildScenario.run(executable, ["run", "--mode", "transactional", "--properties-on-edges", "true"] + common)
        let analytical = try ChildScenario.run(executable, ["run", "--mode", "analytical", "--properties-on-edges", "false"] + common)
        let analyticalParallel = try ChildScenario.run(executable, ["run", "--mode", "analytical", "--properties-on-edges", "false", "--workers", "2"] + common)
        let transactionalParallel = try ChildScenario.run(executable, ["run", "--mode", "transactional", "--properties-on-edges", "false", "--workers", "2"] + common)

        func value(_ results: [String: String], _ key: String) -> Double { Double(results[key] ?? "") ?? .nan }
        let txImport = value(transactional, "import_seconds"), anImport = value(analytical, "import_seconds")
        let txParallel = value(transactionalParallel, "import_seconds"), anParallel = value(analyticalParallel, "import_seconds")
        let txBest = min(txImport, txParallel), anBest = min(anImport, anParallel)
        let txPeak = value(transactional, "import_peak_rss_mib"), anPeak = value(analytical, "import_peak_rss_mib")
        print("""

        ## Summary (edges: \(transactional["edges"] ?? "?"))
        | figure | value | target |
        |---|---|---|
        | bytes per vertex, transactional, after GC (RSS) | \(f(value(transactional, "bytes_per_vertex"))) | ≤ 100 |
        | bytes per edge, properties on edges off | \(f(value(transactional, "bytes_per_edge"))) | ≤ 40 |
        | bytes per edge, properties on edges on | \(f(value(withEdgeProperties, "bytes_per_edge"))) | ≤ 56 |
        | :User(id) index bytes per entry | \(f(value(transactional, "index_bytes_per_entry"))) | ≤ 32 |
        | import seconds, transactional, 1 / 2 edge workers | \(f(txImport)) / \(f(txParallel)) (\(transactionalParallel["edge_import_conflict_retries"] ?? "?") conflict retries) | |
        | import seconds, analytical, 1 / 2 edge workers | \(f(anImport)) / \(f(anParallel)) | |
        | analytical import speed-up, one worker each | \(f(txImport / anImport))× | |
        | analytical import speed-up, best of each mode | \(f(txBest / anBest))× | ≥ 3× |
        | import peak RSS MiB, transactional / analytical | \(f(txPeak)) / \(f(anPeak)) | analytical lower |
        | 1-hop expansion, M edges/s, one core | \(f(value(transactional, "expand_medges_per_second"))) | ≥ 50 |
        | indexed point lookup p50 / p99 ns | \(f(value(transactional, "lookup_p50_ns"))) / \(f(value(transactional, "lookup_p99_ns"))) | p50 ≤ 1000 |
        """)
    }

    private func f(_ value: Double) -> String { value.isNaN ? "n/a" : String(format: "%.2f", value) }
}
