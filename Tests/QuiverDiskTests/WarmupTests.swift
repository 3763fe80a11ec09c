// The warm-up after open: it fills the vertex cache with exact records for the generation it
// read at, never serves a record a later commit replaced, and a close during it neither hangs
// nor leaves RocksDB's lock held (an immediate reopen works).
import Glibc
import QuiverCore
@testable import QuiverDisk
import QuiverStorage
import Testing

@Suite struct WarmupTests {
    private func waitForWarmup(_ store: DiskStore) {
        while !store.warmupFinished { usleep(1000) }
    }

    @Test func warmupFillsTheVertexCacheExactly() throws {
        let temp = try TempStore()
        let user = temp.label("User"), id = temp.property("id")
        #expect(try temp.store.createLabelPropertyIndex(user, id))
        let setup = temp.begin()
        var gids: [Gid] = []
        for index in 0..<3000 { gids.append(try setup.createVertex(labels: [user], properties: [(id, .int(Int64(index)))])) }
        try setup.commit()
        try temp.reopen()
        waitForWarmup(temp.store)
        let reader = temp.begin()
        let generation = try #require(reader.sharedGeneration)
        for gid in [gids[0], gids[1500], gids[2999]] {
            let cached = temp.store.vertexCache.withBytes(gid.rawValue, generation) { $0.map(RecordCoding.decodeVertex) }
            #expect(cached??.property(id) == reader.property(of: gid, id, view: .new))
        }
        #expect(temp.store.memoryBytes > temp.store.vertexCache.residentBytes)
        reader.abort()
        // A commit after the warm-up: readers see the new value, not the warmed one.
        let writer = temp.begin()
        try writer.setProperty(gids[1500], id, .int(-1))
        try writer.commit()
        let late = temp.begin()
        #expect(late.property(of: gids[1500], id, view: .new) == .int(-1))
        let cursor = try #require(late.scanIndex(user, id))
        #expect(cursor.reset(.equal(.int(-1))))
        #expect(collect(cursor) == [gids[1500].rawValue])
        late.abort()
    }

    @Test func closeDuringWarmupThenReopen() throws {
        let temp = try TempStore()
        let key = temp.property("n")
        let setup = temp.begin()
        for index in 0..<20000 { _ = try setup.createVertex(labels: [], properties: [(key, .int(Int64(index)))]) }
        try setup.commit()
        for _ in 0..<3 { try temp.reopen() }
        #expect(temp.store.vertexCount == 20000)
    }
}
