// Garbage collection: deltas released once no transaction needs them, deleted objects freed,
// memory counters returning to their baseline, adjacency compaction preserving every edge.
import Foundation
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct GarbageCollectionTests {
    @Test func deltasAreReleasedOnlyWhenNoReaderNeedsThem() throws {
        let storage = makeStorage()
        let p = storage.names.property("p")
        let setup = storage.begin()
        let gid = try setup.createVertex(properties: [(p, .int(0))])
        try setup.commit()
        storage.collectGarbage()
        #expect(storage.unreleasedDeltaCount == 0)

        let reader = storage.begin()
        for value in 1...5 {
            let tx = storage.begin()
            try tx.setProperty(gid, p, .int(Int64(value)))
            try tx.commit()
        }
        #expect(storage.unreleasedDeltaCount == 5)
        storage.collectGarbage()
        #expect(storage.unreleasedDeltaCount == 5)
        #expect(reader.property(of: gid, p)?.intValue == 0)
        reader.abort()
        storage.collectGarbage()
        #expect(storage.unreleasedDeltaCount == 0)
        #expect(storage.memoryUsage.deltaBytes == 0)
        let later = storage.begin()
        #expect(later.property(of: gid, p)?.intValue == 5)
    }

    @Test func deletingEverythingReturnsBodiesAndRuns() throws {
        let storage = makeStorage()
        let type = storage.names.edgeType("T"), p = storage.names.property("p")
        let tx = storage.begin()
        var gids: [Gid] = []
        for i in 0..<2000 { gids.append(try tx.createVertex(labels: [storage.names.label("L")], properties: [(p, .int(Int64(i)))])) }
        for i in 0..<2000 { try tx.createEdge(from: gids[i], to: gids[(i * 7 + 1) % 2000], type: type, properties: [(p, .int(1))]) }
        try tx.commit()
        #expect(storage.memoryUsage.bodyBytes > 0)
        let deleter = storage.begin()
        for gid in gids { try deleter.deleteVertex(gid, detach: true) }
        try deleter.commit()
        storage.collectGarbage(compact: true)
        let usage = storage.memoryUsage
        #expect(usage.bodyBytes == 0)
        #expect(usage.adjacencyLiveBytes == 0)
        #expect(usage.deltaBytes == 0)
        #expect(storage.vertexCount == 0 && storage.edgeCount == 0)
    }

    @Test func compactionKeepsEveryEdge() throws {
        let storage = makeStorage(propertiesOnEdges: false)
        let type = storage.names.edgeType("T")
        let tx = storage.begin()
        var gids: [Gid] = []
        for _ in 0..<500 { gids.append(try tx.createVertex()) }
        var expected: [Gid: Set<Gid>] = [:]
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let from = gids[Int(random.next() % 500)], to = gids[Int(random.next() % 500)]
            let edge = try tx.createEdge(from: from, to: to, type: type)
            expected[from, default: []].insert(edge.gid)
        }
        try tx.commit()
        storage.collectGarbage(compact: true)
        let slackAfter = storage.memoryUsage.adjacencyMappedBytes - storage.memoryUsage.adjacencyLiveBytes
        #expect(slackAfter < AdjacencyArena.blockBytes)
        let reader = storage.begin()
        for gid in gids {
            #expect(Set(outEdges(reader, gid).map(\.edge)) == expected[gid, default: []])
        }
        // Writes after compaction still work (runs grow out of exact-fit space).
        let writer = storage.begin()
        try writer.createEdge(from: gids[0], to: gids[1], type: type)
        try writer.commit()
        #expect(storage.edgeCount == 20_001)
    }
}

@Suite struct BackgroundCollectionTests {
    @Test func backgroundCollectorReleasesDeltasAndCoexistsWithIndexDDL() throws {
        var config = StorageConfig()
        config.garbageCollectionIntervalSeconds = 0.002
        let storage = Storage(config: config)
        let label = storage.names.label("L"), p = storage.names.property("p")
        var gids: [Gid] = []
        let setup = storage.begin()
        for i in 0..<5000 { gids.append(try setup.createVertex(labels: [label], properties: [(p, .int(Int64(i)))])) }
        try setup.commit()
        for round in 0..<5 {
            let deleter = storage.begin()
            for gid in gids[(round * 500)..<(round * 500 + 500)] { try deleter.deleteVertex(gid) }
            try deleter.commit()
            #expect(try storage.createLabelPropertyIndex(label, p))
            #expect(try storage.createLabelIndex(label))
            #expect(storage.approximateCount(label: label, property: p) == 5000 - (round + 1) * 500)
            #expect(try storage.dropLabelPropertyIndex(label, p))
            #expect(try storage.dropLabelIndex(label))
        }
        // The timer, not an explicit call, releases what the last transactions left.
        let touch = storage.begin()
        try touch.setProperty(gids[4999], p, .int(-1))
        try touch.commit()
        var waited = 0
        while storage.unreleasedDeltaCount > 0 && waited < 2000 {
            usleep(1000)
            waited += 1
        }
        #expect(storage.unreleasedDeltaCount == 0)
    }
}
