// Label and label+property indexes: built over existing data, maintained by writes, consistent
// under MVCC (each transaction sees exactly its visible vertices), cleaned by GC, dropped.
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct IndexTests {
    private func collect(_ cursor: LabelPropertyCursor?, _ tx: Transaction) -> [Gid] {
        guard let cursor else { return [] }
        var result: [Gid] = []
        while let gid = cursor.next(tx) { result.append(gid) }
        return result
    }

    private func collect(_ cursor: LabelCursor, _ tx: Transaction) -> [Gid] {
        var cursor = cursor
        var result: [Gid] = []
        while let gid = cursor.next(tx) { result.append(gid) }
        return result
    }

    @Test func labelIndexBuiltOverExistingDataAndMaintained() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), other = storage.names.label("Other")
        let setup = storage.begin()
        let a = try setup.createVertex(labels: [user])
        _ = try setup.createVertex(labels: [other])
        try setup.commit()
        #expect(try storage.createLabelIndex(user))
        #expect(try !storage.createLabelIndex(user))
        let tx = storage.begin()
        let cursor = tx.vertices(label: user)
        #expect(cursor.usesIndex)
        let b = try tx.createVertex(labels: [user])
        #expect(collect(tx.vertices(label: user), tx) == [a, b])
        try tx.commit()
        #expect(storage.approximateCount(label: user) == 2)
        #expect(try storage.dropLabelIndex(user))
        #expect(try !storage.dropLabelIndex(user))
        let after = storage.begin()
        #expect(!after.vertices(label: user).usesIndex)
        #expect(collect(after.vertices(label: user), after) == [a, b])
    }

    @Test func labelPropertyEqualityRangeAndPrefix() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), id = storage.names.property("id"), name = storage.names.property("name")
        try storage.createLabelPropertyIndex(user, id)
        try storage.createLabelPropertyIndex(user, name)
        let tx = storage.begin()
        var gids: [Gid] = []
        for i in 0..<1000 {
            gids.append(try tx.createVertex(labels: [user], properties: [(id, .int(Int64(i))), (name, .string("n\(i)"))]))
        }
        let floatOne = try tx.createVertex(labels: [user], properties: [(id, .float(1.0))])
        _ = try tx.createVertex(properties: [(id, .int(5))])  // no label: not indexed
        try tx.commit()

        let reader = storage.begin()
        #expect(collect(reader.vertices(label: user, property: id, .equal(.int(5))), reader) == [gids[5]])
        #expect(Set(collect(reader.vertices(label: user, property: id, .equal(.int(1))), reader)) == [gids[1], floatOne])
        #expect(collect(reader.vertices(label: user, property: id, .equal(.float(5.0))), reader).isEmpty == false)
        let range = collect(reader.vertices(label: user, property: id, .range(lower: .init(.int(10), inclusive: true), upper: .init(.int(20), inclusive: false))), reader)
        #expect(range == Array(gids[10..<20]))
        let open = collect(reader.vertices(label: user, property: id, .range(lower: .init(.float(997.5), inclusive: false), upper: nil)), reader)
        #expect(open == [gids[998], gids[999]])
        let below = collect(reader.vertices(label: user, property: id, .range(lower: nil, upper: .init(.int(1), inclusive: true))), reader)
        #expect(Set(below) == [gids[0], gids[1], floatOne])
        let prefix = collect(reader.vertices(label: user, property: name, .prefix("n99")), reader)
        #expect(Set(prefix) == Set([gids[99]] + (990..<1000).map { gids[$0] }))
        #expect(collect(reader.vertices(label: user, property: name, .equal(.int(1))), reader).isEmpty)
        #expect(reader.vertices(label: user, property: id, .equal(.null)) == nil)
        #expect(storage.approximateCount(label: user, property: id) == 1001)
    }

    @Test func indexIsConsistentUnderMVCC() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), id = storage.names.property("id")
        try storage.createLabelPropertyIndex(user, id)
        try storage.createLabelIndex(user)
        let setup = storage.begin()
        let a = try setup.createVertex(labels: [user], properties: [(id, .int(1))])
        try setup.commit()

        let oldReader = storage.begin()
        let writer = storage.begin()
        try writer.setProperty(a, id, .int(2))
        let b = try writer.createVertex(labels: [user], properties: [(id, .int(1))])
        // The writer sees its own change; the old reader sees only the committed version.
        #expect(collect(writer.vertices(label: user, property: id, .equal(.int(2))), writer) == [a])
        #expect(collect(writer.vertices(label: user, property: id, .equal(.int(1))), writer) == [b])
        #expect(collect(oldReader.vertices(label: user, property: id, .equal(.int(1))), oldReader) == [a])
        #expect(collect(oldReader.vertices(label: user, property: id, .equal(.int(2))), oldReader).isEmpty)
        #expect(collect(oldReader.vertices(label: user), oldReader) == [a])
        try writer.commit()
        storage.collectGarbage()
        // Still needed by the old reader: GC must keep the (1, a) entry.
        #expect(collect(oldReader.vertices(label: user, property: id, .equal(.int(1))), oldReader) == [a])
        // A range over both values never returns a vertex twice.
        let newReader = storage.begin()
        let both = collect(newReader.vertices(label: user, property: id, .range(lower: .init(.int(0), inclusive: true), upper: .init(.int(9), inclusive: true))), newReader)
        #expect(both.sorted() == [a, b])
        oldReader.abort()
        newReader.abort()
        storage.collectGarbage()
        #expect(storage.approximateCount(label: user, property: id) == 2)
    }

    @Test func abortedWritesLeaveNoIndexEntries() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), id = storage.names.property("id")
        try storage.createLabelPropertyIndex(user, id)
        try storage.createLabelIndex(user)
        let setup = storage.begin()
        let a = try setup.createVertex(properties: [(id, .int(1))])
        try setup.commit()
        let tx = storage.begin()
        try tx.addLabel(a, user)
        try tx.setProperty(a, id, .int(3))
        _ = try tx.createVertex(labels: [user], properties: [(id, .int(4))])
        tx.abort()
        #expect(storage.approximateCount(label: user, property: id) == 0)
        #expect(storage.approximateCount(label: user) == 0)
    }

    @Test func removedLabelAndDeletedVertexEntriesAreCollected() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), id = storage.names.property("id")
        try storage.createLabelPropertyIndex(user, id)
        try storage.createLabelIndex(user)
        let setup = storage.begin()
        let a = try setup.createVertex(labels: [user], properties: [(id, .string("a"))])
        let b = try setup.createVertex(labels: [user], properties: [(id, .string("b"))])
        try setup.commit()
        let tx = storage.begin()
        try tx.removeLabel(a, user)
        try tx.deleteVertex(b)
        try tx.commit()
        #expect(storage.approximateCount(label: user, property: id) == 2)
        storage.collectGarbage()
        #expect(storage.approximateCount(label: user, property: id) == 0)
        #expect(storage.approximateCount(label: user) == 0)
    }

    @Test func analyticalModeMaintainsIndexesImmediately() throws {
        let storage = makeStorage(mode: .inMemoryAnalytical)
        let user = storage.names.label("User"), id = storage.names.property("id")
        try storage.createLabelPropertyIndex(user, id)
        let tx = storage.begin()
        let a = try tx.createVertex(labels: [user], properties: [(id, .int(1))])
        try tx.setProperty(a, id, .int(2))
        #expect(storage.approximateCount(label: user, property: id) == 1)
        #expect(collect(tx.vertices(label: user, property: id, .equal(.int(2))), tx) == [a])
        try tx.removeLabel(a, user)
        #expect(storage.approximateCount(label: user, property: id) == 0)
        try tx.commit()
    }

    /// Equality lookups read hits one at a time from the index (no batch): every duplicate is
    /// found across leaf boundaries, int and float keys meet, strings resume past their own
    /// key, a reset cursor starts over, and in analytical mode (no confirmation read) deleted
    /// and relabelled vertices are not returned.
    @Test(arguments: [StorageMode.inMemoryTransactional, .inMemoryAnalytical])
    func equalityLookupsWalkEveryDuplicate(mode: StorageMode) throws {
        let storage = makeStorage(mode: mode)
        let user = storage.names.label("User"), id = storage.names.property("id"), name = storage.names.property("name")
        try storage.createLabelPropertyIndex(user, id)
        try storage.createLabelPropertyIndex(user, name)
        let tx = storage.begin()
        var sevens: [Gid] = [], names: [Gid] = []
        for i in 0..<700 {
            let seven = i % 2 == 0
            let gid = try tx.createVertex(labels: [user], properties: [(id, seven ? .int(7) : .int(Int64(1000 + i))),
                                                                       (name, .string(seven ? "a rather long shared name" : "n\(i)"))])
            if seven { sevens.append(gid); names.append(gid) }
        }
        let floatSeven = try tx.createVertex(labels: [user], properties: [(id, .float(7.0))])
        try tx.commit()

        let reader = storage.begin()
        #expect(collect(reader.vertices(label: user, property: id, .equal(.int(7))), reader) == sevens + [floatSeven])
        #expect(collect(reader.vertices(label: user, property: id, .equal(.float(7.0))), reader) == sevens + [floatSeven])
        #expect(collect(reader.vertices(label: user, property: name, .equal(.string("a rather long shared name"))), reader) == names)
        let cursor = reader.vertices(label: user, property: id, .equal(.int(1001)))!
        #expect(collect(cursor, reader) == [Gid(1)])
        #expect(cursor.reset(.equal(.int(1003))))
        #expect(collect(cursor, reader) == [Gid(3)])
        #expect(cursor.reset(.equal(.int(8))))
        #expect(collect(cursor, reader).isEmpty)
        try reader.commit()

        let writer = storage.begin()
        try writer.deleteVertex(sevens[0])
        try writer.removeLabel(sevens[1], user)
        try writer.setProperty(sevens[2], id, .int(8))
        #expect(collect(writer.vertices(label: user, property: id, .equal(.int(7))), writer) == Array(sevens.dropFirst(3)) + [floatSeven])
        #expect(collect(writer.vertices(label: user, property: id, .equal(.int(8))), writer) == [sevens[2]])
        try writer.commit()
    }
}
