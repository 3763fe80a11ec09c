// The label+property index's prefix extractor: which keys have a value prefix and how long it
// is, and that lookups stay exact when the index is spread over several SST files (equality
// seeks skip files by their prefix bloom; range and prefix scans must never be filtered).
import QuiverCore
@testable import QuiverDisk
import QuiverStorage
import Testing

@Suite struct IndexPrefixTests {
    private func key(_ value: Value, gid: UInt64? = 7) -> [UInt8] {
        var key: [UInt8] = []
        key.appendBigEndian(UInt32(3))
        key.appendBigEndian(UInt32(4))
        IndexValueEncoding.append(value, to: &key)
        if let gid { key.appendBigEndian(gid) }
        return key
    }

    private func prefixLength(_ key: [UInt8]) -> Int? {
        key.withUnsafeBytes { IndexPrefixExtractor.prefixLength($0) }
    }

    @Test func prefixIsTheIndexValue() {
        for value: Value in [.int(-5), .float(2.5), .bool(true), .string(""), .string("a\u{0}b"),
                             .string(String(repeating: "z", count: 300)), .list([.int(1), .string("x")])] {
            let bare = key(value, gid: nil)
            #expect(prefixLength(bare) == bare.count, "\(value)")
            #expect(prefixLength(key(value)) == bare.count, "\(value)")
        }
        // Range and string-prefix bounds stop inside a value: outside the domain.
        var bound: [UInt8] = []
        bound.appendBigEndian(UInt32(3))
        bound.appendBigEndian(UInt32(4))
        #expect(prefixLength(bound) == nil)
        var lower = bound
        IndexValueEncoding.appendLowerBound(.int(10), to: &lower)
        #expect(prefixLength(lower) == nil)
        var text = bound
        IndexValueEncoding.appendLowerBound(.string("ab"), to: &text)
        #expect(prefixLength(text) == nil)
        #expect(prefixLength(bound + [0x99, 1, 2]) == nil)
    }

    @Test func lookupsStayExactAcrossSSTFiles() throws {
        let temp = try TempStore()
        let thing = temp.label("Thing"), v = temp.property("v")
        #expect(try temp.store.createLabelPropertyIndex(thing, v))
        // Each batch lands in its own SST file (a flush after each commit).
        let batches: [[(String, Value)]] = [[("false", .bool(false)), ("1", .int(1)), ("apple", .string("apple"))],
                                            [("true", .bool(true)), ("2", .int(2)), ("apricot", .string("apricot"))],
                                            [("true", .bool(true)), ("1.0", .float(1.0)), ("apple", .string("apple"))]]
        var expected: [String: Set<UInt64>] = [:]
        for batch in batches {
            let tx = temp.begin()
            for (name, value) in batch {
                let gid = try tx.createVertex(labels: [thing], properties: [(v, value)])
                expected[name, default: []].insert(gid.rawValue)
            }
            try tx.commit()
            temp.store.database.flushMemtables()
        }
        // One more batch stays in the memtable.
        let last = temp.begin()
        expected["2", default: []].insert(try last.createVertex(labels: [thing], properties: [(v, .int(2))]).rawValue)
        try last.commit()

        let reader = temp.begin()
        let cursor = try #require(reader.scanIndex(thing, v))
        func find(_ lookup: IndexLookup) -> Set<UInt64> {
            #expect(cursor.reset(lookup))
            return Set(collect(cursor))
        }
        #expect(find(.equal(.bool(false))) == expected["false"])
        #expect(find(.equal(.bool(true))) == expected["true"])
        #expect(find(.equal(.int(2))) == expected["2"])
        #expect(find(.equal(.string("apple"))) == expected["apple"])
        #expect(find(.equal(.string("banana"))).isEmpty)
        // Ranges from a complete value (inside the domain) read every file.
        let booleans = expected["false"]!.union(expected["true"]!)
        #expect(find(.range(lower: .init(.bool(false), inclusive: true), upper: nil)) == booleans)
        let numbers = expected["1"]!.union(expected["2"]!).union(expected["1.0"]!)
        #expect(find(.range(lower: .init(.int(1), inclusive: true), upper: .init(.int(2), inclusive: true))) == numbers)
        let apples = expected["apple"]!.union(expected["apricot"]!)
        #expect(find(.prefix("ap")) == apples)
        reader.abort()
    }

    @Test func pooledIteratorsNeverServeAnOlderView() throws {
        let temp = try TempStore()
        let user = temp.label("User"), id = temp.property("id")
        #expect(try temp.store.createLabelPropertyIndex(user, id))
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [user], properties: [(id, .int(1))]).rawValue
        try setup.commit()
        func lookup(_ tx: DiskTransaction, _ value: Int64) throws -> [UInt64] {
            let cursor = try #require(tx.scanIndex(user, id))
            #expect(cursor.reset(.equal(.int(value))))
            return collect(cursor)
        }
        // A reader's iterator goes back to the pool and the next reader takes it.
        let first = temp.begin()
        #expect(try lookup(first, 1) == [a])
        first.abort()
        let second = temp.begin()
        #expect(try lookup(second, 1) == [a])
        // A commit changes the index while `second` still holds its snapshot.
        let writer = temp.begin()
        try writer.setProperty(Gid(a), id, .int(2))
        let b = try writer.createVertex(labels: [user], properties: [(id, .int(1))]).rawValue
        try writer.commit()
        #expect(try lookup(second, 1) == [a])
        second.abort()
        let third = temp.begin()
        #expect(try lookup(third, 1) == [b])
        #expect(try lookup(third, 2) == [a])
        third.abort()
        // Index DDL rewrites entries outside any transaction.
        #expect(try temp.store.dropLabelPropertyIndex(user, id))
        #expect(try temp.store.createLabelPropertyIndex(user, id))
        let fourth = temp.begin()
        #expect(try lookup(fourth, 2) == [a])
        fourth.abort()
        #expect(try temp.store.dropLabelPropertyIndex(user, id))
        let fifth = temp.begin()
        #expect(fifth.scanIndex(user, id) == nil)
        fifth.abort()
    }
}
