// Index lookups over many leaves with the interpolated leaf-directory search (skewed, sparse,
// negative and mixed int/float keys, strings after numbers, keys removed), and LookupPrefetcher:
// its stages find the vertex an equality lookup finds and never fail on absent keys, empty
// runs or full runs.
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct LookupPrefetchTests {
    private func lookup(_ tx: Transaction, _ label: LabelID, _ property: PropertyID, _ value: Value) -> [Gid] {
        guard let cursor = tx.vertices(label: label, property: property, .equal(value)) else { return [] }
        var result: [Gid] = []
        while let gid = cursor.next(tx) { result.append(gid) }
        return result
    }

    /// Keys far from evenly spread: the directory guess is wrong and the search gallops.
    private static func skewedKey(_ i: Int) -> Int64 {
        i < 3000 ? Int64(i) * 3 - 4000 : Int64(i - 3000) * Int64(i - 3000) * 1_000_003 + 10_000
    }

    @Test func equalityOverManyLeavesWithSkewedKeys() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), id = storage.names.property("id")
        try storage.createLabelPropertyIndex(user, id)
        let tx = storage.begin()
        var gids: [Gid] = []
        for i in 0..<6000 { gids.append(try tx.createVertex(labels: [user], properties: [(id, .int(Self.skewedKey(i)))])) }
        let half = try tx.createVertex(labels: [user], properties: [(id, .float(-3999.5))])
        let text = try tx.createVertex(labels: [user], properties: [(id, .string("7"))])
        let lowest = try tx.createVertex(labels: [user], properties: [(id, .int(Int64.min + 1))])
        let highest = try tx.createVertex(labels: [user], properties: [(id, .int(Int64.max - 1))])
        try tx.commit()

        let reader = storage.begin()
        for i in stride(from: 0, to: 6000, by: 7) {
            #expect(lookup(reader, user, id, .int(Self.skewedKey(i))) == [gids[i]])
        }
        #expect(lookup(reader, user, id, .int(Self.skewedKey(5999) + 1)).isEmpty)
        #expect(lookup(reader, user, id, .int(-4001)).isEmpty)
        #expect(lookup(reader, user, id, .int(Int64.min)).isEmpty)
        #expect(lookup(reader, user, id, .int(Int64.max)).isEmpty)
        #expect(lookup(reader, user, id, .int(Int64.min + 1)) == [lowest])
        #expect(lookup(reader, user, id, .int(Int64.max - 1)) == [highest])
        #expect(lookup(reader, user, id, .float(-3999.5)) == [half])
        #expect(lookup(reader, user, id, .float(Double(Self.skewedKey(10)))) == [gids[10]])
        #expect(lookup(reader, user, id, .string("7")) == [text])
        #expect(lookup(reader, user, id, .int(7)).isEmpty)
        let range = reader.vertices(label: user, property: id,
                                    .range(lower: .init(.int(-4000), inclusive: true), upper: .init(.int(-3990), inclusive: true)))
        var inRange: [Gid] = []
        while let gid = range?.next(reader) { inRange.append(gid) }
        #expect(inRange == [gids[0], half, gids[1], gids[2], gids[3]])
        try reader.commit()

        // Removing keys empties and splits leaves: lookups still find exactly the rest.
        let remover = storage.begin()
        for i in stride(from: 0, to: 6000, by: 2) { _ = try remover.deleteVertex(gids[i]) }
        try remover.commit()
        storage.collectGarbage()
        let after = storage.begin()
        for i in stride(from: 0, to: 6000, by: 5) {
            #expect(lookup(after, user, id, .int(Self.skewedKey(i))) == (i % 2 == 0 ? [] : [gids[i]]))
        }
    }

    @Test(arguments: [StorageMode.inMemoryTransactional, .inMemoryAnalytical])
    func prefetcherStagesFindTheLookedUpVertex(mode: StorageMode) throws {
        let storage = makeStorage(mode: mode)
        let user = storage.names.label("User"), id = storage.names.property("id"), other = storage.names.property("other")
        let friend = storage.names.edgeType("FRIEND")
        try storage.createLabelPropertyIndex(user, id)
        let tx = storage.begin()
        var gids: [Gid] = []
        for i in 0..<2000 { gids.append(try tx.createVertex(labels: [user], properties: [(id, .int(Int64(i) * 2))])) }
        // Runs of every size: none, one entry, a full run about to grow, a long one.
        for target in 1..<40 { for _ in 0..<target { try tx.createEdge(from: gids[0], to: gids[target], type: friend) } }
        try tx.commit()

        let reader = storage.begin()
        #expect(LookupPrefetcher(reader, label: user, property: other, outgoing: false, incoming: true) == nil)
        let prefetcher = try #require(LookupPrefetcher(reader, label: user, property: id, outgoing: true, incoming: true))
        for i in [0, 1, 2, 7, 8, 17, 39, 1999] {
            let key = Int64(i) * 2
            prefetcher.prefetchLeaf(key)
            let gid = try #require(prefetcher.prefetchRecord(key))
            #expect(gid == gids[i].rawValue)
            prefetcher.prefetchRuns(gid)
            prefetcher.prefetchAppendSlots(gid)
        }
        for absent in [Int64(-1), 1, 3999, 4000, Int64.max] {
            prefetcher.prefetchLeaf(absent)
            #expect(prefetcher.prefetchRecord(absent) == nil)
        }
        prefetcher.prefetchRuns(UInt64(1) << 40)
        prefetcher.prefetchAppendSlots(UInt64(1) << 40)
        try reader.commit()
    }
}
