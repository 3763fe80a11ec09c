// The query-engine benchmark (issue 3): the Pokec-like graph is imported into a Database, the
// :User(id) index created with Cypher DDL, and the queries timed in-process through a Session
// — parse and plan come from the plan cache after the first run, as for any client:
// an indexed point read (the id as a parameter, then as a literal the cache strips), a 2-hop
// DISTINCT expansion, a grouped count over every user, and a count of every edge. EXPLAIN of
// the point read is printed to show the index scan.
import ArgumentParser
import Foundation
import QuiverCore
import QuiverEngine
import QuiverStorage

struct Cypher: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time Cypher queries in-process on the Pokec-like graph.")
    @OptionGroup var graph: GraphOptions
    @Option(help: "Point reads to time.") var pointReads = 20_000
    @Option(help: "2-hop queries to time.") var twoHops = 1_000
    @Option(help: "Runs of each whole-graph query.") var scans = 5

    func run() throws {
        let pokec = PokecGraph(vertices: graph.vertices, averageDegree: graph.degree, seed: graph.seed)
        var config = DatabaseConfig()
        config.storage.propertiesOnEdges = false
        config.storage.garbageCollectionIntervalSeconds = nil
        let database = Database(config: config)
        let storage = database.storage
        let start = now()
        try importVertices(storage, pokec, batch: graph.batch) {}
        _ = try EdgeImporter(storage: storage, graph: pokec, type: storage.names.edgeType("Friend"), batch: graph.batch)
            .run(workers: 1) {}
        storage.collectGarbage()
        print("imported \(pokec.vertexCount) vertices and \(pokec.edgeCount) edges in \(fmt(now() - start)) s")
        let session = database.session()
        _ = try session.run("CREATE INDEX ON :User(id)").all()
        for row in try session.run("EXPLAIN MATCH (n:User {id: $id}) RETURN n", parameters: ["id": .int(1)]).all() {
            if case .string(let line) = row[0] { print("explain: \(line)") }
        }

        var random = SplitMix64(seed: 11)
        let point = try latencies(pointReads) {
            let rows = try session.run("MATCH (n:User {id: $id}) RETURN n",
                                       parameters: ["id": .int(Int64(random.next(below: pokec.vertexCount)))]).all()
            precondition(rows.count == 1)
        }
        report("point_read", point, target: "p50 ≤ 10 µs")
        // The same read with the id written into the text: the plan cache strips the literal.
        let literal = try latencies(pointReads) {
            let id = random.next(below: pokec.vertexCount)
            let rows = try session.run("MATCH (n:User {id: \(id)}) RETURN n").all()
            precondition(rows.count == 1)
        }
        report("point_read_literal", literal, target: "shares one cached plan")
        let twoHop = try latencies(twoHops) {
            _ = try session.run("MATCH (s:User {id: $id})-->()-->(n:User) RETURN DISTINCT n.id",
                                parameters: ["id": .int(Int64(random.next(below: pokec.vertexCount)))]).all()
        }
        report("two_hop_distinct", twoHop, target: "p50 ≤ 1 ms")
        let grouped = try latencies(scans) {
            let rows = try session.run("MATCH (n:User) RETURN n.age, count(*)").all()
            precondition(rows.count == 67, "ages 14...80 expected, got \(rows.count) groups")
        }
        report("age_count", grouped, target: "≤ 150 ms")
        var counted: Int64 = 0
        let edges = try latencies(scans) {
            guard case .int(let count) = try session.run("MATCH ()-->() RETURN count(*)").all()[0][0] else { return }
            counted = count
        }
        precondition(counted == Int64(pokec.edgeCount), "count(*) saw \(counted) of \(pokec.edgeCount) edges")
        report("edge_count", edges, target: "≥ 30 M edges/s")
        print("edge_count_medges_per_second=\(fmt(Double(pokec.edgeCount) / edges[edges.count / 2] / 1e6))")
    }

    private func latencies(_ runs: Int, _ body: () throws -> Void) throws -> [Double] {
        try body()  // warm: plan cache, buffers
        var samples = [Double](repeating: 0, count: runs)
        for index in 0..<runs {
            let start = now()
            try body()
            samples[index] = now() - start
        }
        return samples.sorted()
    }

    private func report(_ name: String, _ sorted: [Double], target: String) {
        let p50 = sorted[sorted.count / 2], p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        print("\(name)_p50_us=\(fmt(p50 * 1e6)) \(name)_p99_us=\(fmt(p99 * 1e6)) runs=\(sorted.count) (target \(target))")
    }

    private func fmt(_ value: Double) -> String { String(format: "%.2f", value) }
}
