// Composite label+property indexes survive restarts: created and dropped through the WAL's
// schema records alone, and written into (and read back from) a snapshot; the recovered index
// holds the same entries as the original.
import Glibc
import Testing
import QuiverCore
@testable import QuiverDurability
@testable import QuiverStorage

@Suite(.serialized) struct CompositeIndexRecoveryTests {
    /// Three vertices, two with a complete (a, b) tuple, and the composite indexes :L(a, b) and :L(b, a).
    func build(_ storage: Storage) throws {
        let names = storage.names
        let label = names.label("L"), a = names.property("a"), b = names.property("b")
        #expect(commit(storage) { (t) throws(QuiverError) in
            _ = try t.createVertex(labels: [label], properties: [(a, .int(1)), (b, .string("x"))])
            _ = try t.createVertex(labels: [label], properties: [(a, .int(2)), (b, .string("y"))])
            _ = try t.createVertex(labels: [label], properties: [(a, .int(3))])
        } == nil)
        #expect(try storage.createCompositeIndex(label, [a, b]))
        #expect(try storage.createCompositeIndex(label, [b, a]))
        #expect(try storage.createCompositeIndex(label, [a, names.property("c")]))
        #expect(try storage.dropCompositeIndex(label, [a, names.property("c")]))
    }

    func describe(_ storage: Storage) -> [String] {
        let names = storage.names
        return storage.compositeIndexInfo.map { index in
            let keys = index.properties.map { names.properties.name(for: $0.rawValue) }.joined(separator: ",")
            return ":\(names.labels.name(for: index.label.rawValue))(\(keys)) \(index.count)"
        }.sorted()
    }

    func checkEntries(_ storage: Storage) {
        let names = storage.names
        let label = names.label("L"), a = names.property("a"), b = names.property("b")
        #expect(storage.compositeIndexContains(label, [a, b], gid: Gid(0), tuple: [.int(1), .string("x")]))
        #expect(storage.compositeIndexContains(label, [b, a], gid: Gid(1), tuple: [.string("y"), .int(2)]))
        #expect(!storage.compositeIndexContains(label, [a, b], gid: Gid(2), tuple: [.int(3), .null]))
    }

    @Test func walAloneRecoversCompositeIndexes() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        try build(storage)
        let expected = describe(storage)
        #expect(expected == [":L(a,b) 2", ":L(b,a) 2"])
        try durability.close()

        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(again.recovery.snapshot == nil)
        #expect(describe(recovered) == expected)
        checkEntries(recovered)
    }

    @Test func snapshotRecoversCompositeIndexes() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        try build(storage)
        let expected = describe(storage)
        _ = try durability.createSnapshot()
        try durability.close()
        // Recover from the snapshot alone (drop the WAL).
        for name in try PosixFileIO().listDirectory(directory + "/wal") { unlink(directory + "/wal/" + name) }

        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(again.recovery.snapshot != nil)
        #expect(describe(recovered) == expected)
        checkEntries(recovered)
        // The recovered index is maintained like any other.
        let names = recovered.names
        #expect(commit(recovered) { (t) throws(QuiverError) in
            _ = try t.createVertex(labels: [names.label("L")], properties: [(names.property("a"), .int(9)), (names.property("b"), .int(9))])
        } == nil)
        #expect(describe(recovered) == [":L(a,b) 3", ":L(b,a) 3"])
    }
}
