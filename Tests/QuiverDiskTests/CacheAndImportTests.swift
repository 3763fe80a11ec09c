// QuiverDisk's store-wide caches and compact edge import: the vertex cache never answers with a
// record another commit replaced, the edge-import lookup cache keeps long keys and several
// matches exact, edges created in edge import mode read back, change and delete inside their
// transaction with the right command view, and the memory budget follows --memory-limit.
import QuiverCore
@testable import QuiverDisk
import QuiverStorage
import Testing

@Suite struct CacheAndImportTests {
    @Test func vertexCacheNeverServesAReplacedRecord() throws {
        let temp = try TempStore()
        let key = temp.property("n")
        let setup = temp.begin()
        var gids: [Gid] = []
        for index in 0..<100 { gids.append(try setup.createVertex(labels: [], properties: [(key, .int(Int64(index)))])) }
        try setup.commit()
        // A reader fills the cache and keeps its snapshot.
        let early = temp.begin()
        #expect(early.property(of: gids[5], key, view: .new) == .int(5))
        let writer = temp.begin()
        try writer.setProperty(gids[5], key, .int(500))
        _ = try writer.deleteVertex(gids[6], detach: false)
        try writer.commit()
        let late = temp.begin()
        #expect(late.property(of: gids[5], key, view: .new) == .int(500))
        #expect(!late.vertexExists(gids[6], view: .new))
        #expect(late.property(of: gids[7], key, view: .new) == .int(7))
        // The early snapshot still reads its own past (the cache is bypassed or stamped for it).
        #expect(early.property(of: gids[5], key, view: .new) == .int(5))
        #expect(early.vertexExists(gids[6], view: .new))
        early.abort()
        late.abort()
    }

    @Test func largeRecordsAreReadWithoutTheCache() throws {
        let temp = try TempStore()
        let key = temp.property("text")
        let long = String(repeating: "x", count: 300)
        let setup = temp.begin()
        let gid = try setup.createVertex(labels: [temp.label("Doc")], properties: [(key, .string(long))])
        try setup.commit()
        for _ in 0..<2 {
            let reader = temp.begin()
            #expect(reader.property(of: gid, key, view: .new) == .string(long))
            reader.abort()
        }
    }

    @Test func importLookupCacheKeepsLongKeysAndSeveralMatches() throws {
        let temp = try TempStore()
        let user = temp.label("User"), name = temp.property("name"), knows = temp.edgeType("KNOWS")
        #expect(try temp.store.createLabelPropertyIndex(user, name))
        let longName = String(repeating: "n", count: 40)
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [user], properties: [(name, .string(longName))])
        let b = try setup.createVertex(labels: [user], properties: [(name, .string("twin"))])
        let c = try setup.createVertex(labels: [user], properties: [(name, .string("twin"))])
        try setup.commit()
        try temp.store.setEdgeImportMode(true)
        for _ in 0..<2 {  // the second round answers from the cache
            let tx = temp.begin()
            let cursor = try #require(tx.scanIndex(user, name))
            #expect(cursor.reset(.equal(.string(longName))))
            #expect(collect(cursor).count == 1)
            #expect(cursor.reset(.equal(.string("twin"))))
            #expect(Set(collect(cursor)) == [b.rawValue, c.rawValue])
            #expect(cursor.reset(.equal(.string("nobody"))))
            #expect(collect(cursor).isEmpty)
            _ = try tx.createEdge(from: a, to: b, type: knows, properties: [])
            try tx.commit()
        }
        #expect(temp.store.importState.memoryBytes > 0)
        try temp.store.setEdgeImportMode(false)
        #expect(temp.store.edgeCount == 2)
    }

    @Test func importedEdgesReadChangeAndDeleteInTheirTransaction() throws {
        let temp = try TempStore()
        let w = temp.property("w"), type = temp.edgeType("T")
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [], properties: [])
        let b = try setup.createVertex(labels: [], properties: [])
        try setup.commit()
        try temp.store.setEdgeImportMode(true)
        let tx = temp.begin()
        let plain = try tx.createEdge(from: a, to: b, type: type, properties: [])
        let weighted = try tx.createEdge(from: b, to: a, type: type, properties: [(w, .int(1))])
        let doomed = try tx.createEdge(from: a, to: a, type: type, properties: [])
        #expect(tx.edgeProperty(plain.gid, w, view: .old) == nil)
        #expect(tx.edgeProperty(plain.gid, w, view: .new) == .null)
        tx.advanceCommand()
        #expect(tx.edgeProperty(weighted.gid, w, view: .old) == .int(1))
        try tx.setEdgeProperty(weighted.gid, w, .int(2))
        #expect(tx.edgeProperty(weighted.gid, w, view: .old) == .int(1))
        #expect(tx.edgeProperty(weighted.gid, w, view: .new) == .int(2))
        #expect(try tx.deleteEdge(doomed))
        #expect(tx.edgeProperty(doomed.gid, w, view: .new) == nil)
        try tx.commit()
        try temp.store.setEdgeImportMode(false)
        #expect(temp.store.edgeCount == 2)
        let reader = temp.begin()
        var buffer: [AdjacencyEntry] = []
        #expect(reader.edges(of: a, .outgoing, types: [], view: .new, into: &buffer))
        #expect(buffer.map(\.edge) == [plain.gid])
        #expect(reader.edges(of: a, .incoming, types: [], view: .new, into: &buffer))
        #expect(buffer.map(\.edge) == [weighted.gid])
        #expect(reader.edgeProperty(weighted.gid, w, view: .new) == .int(2))
        #expect(reader.edgeProperty(doomed.gid, w, view: .new) == nil)
        reader.abort()
    }

    @Test func equalityLookupsSeeEveryViewOfChangedValues() throws {
        let temp = try TempStore()
        let user = temp.label("User"), id = temp.property("id")
        #expect(try temp.store.createLabelPropertyIndex(user, id))
        let tx = temp.begin()
        let n = try tx.createVertex(labels: [user], properties: [(id, .int(1))])
        #expect(tx.equalityIndexes.isEmpty)  // creating alone builds no map by value
        tx.advanceCommand()
        try tx.setProperty(n, id, .int(2))
        let cursor = try #require(tx.scanIndex(user, id))
        func find(_ value: Int64, _ view: View) -> [UInt64] {
            #expect(cursor.reset(.equal(.int(value))))
            return collect(cursor, view: view)
        }
        #expect(find(1, .old) == [n.rawValue])
        #expect(find(2, .old).isEmpty)
        #expect(find(2, .new) == [n.rawValue])
        tx.advanceCommand()
        try tx.setProperty(n, id, .int(3))  // after the map exists: kept up to date
        #expect(find(3, .new) == [n.rawValue])
        #expect(find(2, .old) == [n.rawValue])
        #expect(find(1, .new).isEmpty)
        try tx.commit()
        let reader = temp.begin()
        let committed = try #require(reader.scanIndex(user, id))
        #expect(committed.reset(.equal(.int(3))))
        #expect(collect(committed) == [n.rawValue])
        reader.abort()
    }

    @Test func memoryBudgetFollowsTheLimit() throws {
        let limited = DiskMemoryBudget(limitBytes: 768 << 20)
        #expect(limited.blockCacheBytes == 96 << 20)
        #expect(limited.writeBufferBytes == 96 << 20)
        #expect(limited.familyWriteBufferBytes == 24 << 20)
        let total = limited.blockCacheBytes + limited.writeBufferBytes + limited.vertexCacheBytes + limited.lookupCacheBytes
        #expect(total < (768 << 20) / 2)
        #expect(DiskMemoryBudget(limitBytes: 16 << 20).blockCacheBytes == 8 << 20)
        #expect(DiskMemoryBudget(limitBytes: nil).blockCacheBytes == 256 << 20)
        let temp = try TempStore(memoryLimitBytes: 256 << 20)
        let setup = temp.begin()
        for index in 0..<1000 { _ = try setup.createVertex(labels: [], properties: [(temp.property("n"), .int(Int64(index)))]) }
        try setup.commit()
        let reader = temp.begin()
        #expect(reader.property(of: Gid(3), temp.property("n"), view: .new) != nil)
        reader.abort()
        #expect(temp.store.memoryBytes > 0)
        #expect(temp.store.vertexCache.residentBytes > 0)
        #expect(temp.storage.memoryUsage.externalBytes == 0)  // not attached to this storage
    }
}
