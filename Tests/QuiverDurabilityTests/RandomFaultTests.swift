// Randomised fault rounds: writers commit transactions of two vertices and an edge (tagged with
// a unique id) while faults are injected at random through the seam (failed writes, syncs,
// truncations, segment creations, partial writes), with 4 KiB segments so rotation happens under
// fire. After each round memory holds exactly the acknowledged transactions, and so does the
// graph recovered from the directory: none lost, none partial, none that reported an error.
import Glibc
import Synchronization
import Testing
import QuiverCore
@testable import QuiverDurability
@testable import QuiverStorage

@Suite(.serialized) struct RandomFaultTests {
    /// Ids of complete transactions in `storage`; nil when one is partial.
    private func transactionIDs(_ storage: Storage) -> Set<Int64>? {
        let transaction = storage.begin()
        defer { transaction.abort() }
        let key = storage.names.property("id")
        var vertices: [Int64: Int] = [:]
        var edges: [Int64: Int] = [:]
        var cursor = transaction.vertices()
        var entries: [AdjacencyEntry] = []
        while let gid = cursor.next(transaction) {
            guard case .int(let id)? = transaction.property(of: gid, key) else { return nil }
            vertices[id, default: 0] += 1
            transaction.edges(of: gid, .outgoing, into: &entries)
            for entry in entries {
                guard case .int(let edgeID)? = transaction.edgeProperty(entry.edge, key), edgeID == id else { return nil }
                edges[id, default: 0] += 1
            }
        }
        guard vertices.values.allSatisfy({ $0 == 2 }), Set(edges.keys) == Set(vertices.keys),
              edges.values.allSatisfy({ $0 == 1 }) else { return nil }
        return Set(vertices.keys)
    }

    private func injectRandomFault(_ io: FaultInjectingFileIO, _ random: inout SplitMix64) {
        let after = Int(random.next(below: 4))
        switch random.next(below: 6) {
        case 0: io.fail(.write, after: after)
        case 1: io.fail(.sync, after: after)
        case 2: io.fail(.sync, after: after); io.fail(.truncate)
        case 3: io.crash(afterBytes: Int(random.next(below: 600)))
        case 4: io.fail(.create, after: after)
        default: io.fail(.write, after: after); io.fail(.truncate); io.fail(.create)
        }
    }

    @Test func acknowledgedTransactionsAreExactlyWhatSurvives() throws {
        // QUIVER_FAULT_ROUNDS / QUIVER_FAULT_SEED run a longer or different stress.
        let rounds = getenv("QUIVER_FAULT_ROUNDS").flatMap { Int(String(cString: $0)) } ?? 25
        var random = SplitMix64(seed: getenv("QUIVER_FAULT_SEED").flatMap { UInt64(String(cString: $0)) } ?? 2026)
        var totals = (acknowledged: 0, failed: 0)
        for round in 0..<rounds {
            let directory = makeTemporaryDirectory()
            defer { removeTree(directory) }
            let io = FaultInjectingFileIO()
            let (storage, durability) = try openDurability(directory, config: testConfig(walFileSizeKiB: 4), io: io)
            let key = storage.names.property("id"), label = storage.names.label("T"), type = storage.names.edgeType("E")
            let acknowledged = Mutex<Set<Int64>>([])
            let failed = Mutex(0)
            let writers = (0..<4).map { writer in
                Thread {
                    for index in 0..<60 {
                        let id = Int64(round * 1_000_000 + writer * 1_000 + index)
                        let error = commit(storage) { (t) throws(QuiverError) in
                            let a = try t.createVertex(labels: [label], properties: [(key, .int(id))])
                            let b = try t.createVertex(labels: [label], properties: [(key, .int(id))])
                            try t.createEdge(from: a, to: b, type: type, properties: [(key, .int(id))])
                        }
                        if error == nil { _ = acknowledged.withLock { $0.insert(id) } } else { failed.withLock { $0 += 1 } }
                    }
                }
            }
            for _ in 0..<3 {
                usleep(UInt32(random.next(below: 3_000)))
                injectRandomFault(io, &random)
                usleep(UInt32(random.next(below: 2_000)))
                io.clearFaults()
            }
            for writer in writers { writer.join() }
            io.clearFaults()
            let expected = acknowledged.withLock { $0 }
            #expect(transactionIDs(storage) == expected, "round \(round): memory")
            _ = Result { try durability.close() }
            let (recovered, again) = try openDurability(directory, config: testConfig(walFileSizeKiB: 4))
            #expect(transactionIDs(recovered) == expected, "round \(round): recovery")
            try again.close()
            totals.acknowledged += expected.count
            totals.failed += failed.withLock { $0 }
        }
        print("random faults: \(totals.acknowledged) acknowledged, \(totals.failed) failed, 0 lost or partial")
        #expect(totals.failed > 0)
    }
}
