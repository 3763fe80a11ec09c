// Composite label+property indexes (two or more properties): built over existing data, only
// vertices holding every property are indexed, maintained by writes (SET, REMOVE, labels,
// delete), cleaned by abort and GC in transactional mode and at once in analytical mode.
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct CompositeIndexTests {
    struct Fixture {
        let storage: Storage
        let label: LabelID, a: PropertyID, b: PropertyID
        var keys: [PropertyID] { [a, b] }

        init(mode: StorageMode = .inMemoryTransactional) {
            storage = makeStorage(mode: mode)
            label = storage.names.label("L")
            a = storage.names.property("a")
            b = storage.names.property("b")
        }

        var count: Int { storage.compositeIndexInfo.first?.count ?? -1 }

        func has(_ gid: Gid, _ tuple: [Value]) -> Bool {
            storage.compositeIndexContains(label, keys, gid: gid, tuple: tuple)
        }

        func write(_ body: (Transaction) throws(QuiverError) -> Void) throws {
            let tx = storage.begin()
            try body(tx)
            try tx.commit()
        }
    }

    @Test func builtOverExistingDataSkippingIncompleteTuples() throws {
        let f = Fixture()
        var full = Gid(0), partial = Gid(0)
        try f.write { (tx) throws(QuiverError) in
            full = try tx.createVertex(labels: [f.label], properties: [(f.a, .int(1)), (f.b, .string("x"))])
            partial = try tx.createVertex(labels: [f.label], properties: [(f.a, .int(1))])
            _ = try tx.createVertex(properties: [(f.a, .int(1)), (f.b, .string("x"))])  // no label
        }
        #expect(try f.storage.createCompositeIndex(f.label, f.keys))
        #expect(try !f.storage.createCompositeIndex(f.label, f.keys))
        #expect(f.storage.hasCompositeIndex(f.label, f.keys))
        #expect(!f.storage.hasCompositeIndex(f.label, [f.b, f.a]))
        #expect(f.count == 1)
        #expect(f.has(full, [.int(1), .string("x")]))
        // Completing the partial vertex's tuple indexes it.
        try f.write { (tx) throws(QuiverError) in try tx.setProperty(partial, f.b, .int(2)) }
        #expect(f.count == 2)
        #expect(f.has(partial, [.int(1), .int(2)]))
        #expect(try f.storage.dropCompositeIndex(f.label, f.keys))
        #expect(try !f.storage.dropCompositeIndex(f.label, f.keys))
        #expect(f.storage.compositeIndexInfo.isEmpty)
    }

    @Test func committedChangesLeaveStaleTuplesUntilGC() throws {
        let f = Fixture()
        try f.storage.createCompositeIndex(f.label, f.keys)
        var gid = Gid(0)
        try f.write { (tx) throws(QuiverError) in
            gid = try tx.createVertex(labels: [f.label], properties: [(f.a, .int(1)), (f.b, .int(1))])
        }
        try f.write { (tx) throws(QuiverError) in try tx.setProperty(gid, f.a, .int(2)) }
        try f.write { (tx) throws(QuiverError) in try tx.setProperty(gid, f.b, .int(3)) }
        #expect(f.has(gid, [.int(2), .int(3)]))
        f.storage.collectGarbage()
        #expect(f.count == 1)
        #expect(f.has(gid, [.int(2), .int(3)]))
        #expect(!f.has(gid, [.int(1), .int(1)]))
        // Removing a property or the label drops the tuple after GC.
        try f.write { (tx) throws(QuiverError) in try tx.setProperty(gid, f.b, .null) }
        f.storage.collectGarbage()
        #expect(f.count == 0)
        try f.write { (tx) throws(QuiverError) in try tx.setProperty(gid, f.b, .int(4)) }
        #expect(f.count == 1)
        try f.write { (tx) throws(QuiverError) in _ = try tx.removeLabel(gid, f.label) }
        f.storage.collectGarbage()
        #expect(f.count == 0)
        try f.write { (tx) throws(QuiverError) in _ = try tx.addLabel(gid, f.label) }
        #expect(f.has(gid, [.int(2), .int(4)]))
        try f.write { (tx) throws(QuiverError) in _ = try tx.deleteVertex(gid, detach: true) }
        f.storage.collectGarbage()
        #expect(f.count == 0)
    }

    @Test func abortRemovesWhatTheTransactionAdded() throws {
        let f = Fixture()
        try f.storage.createCompositeIndex(f.label, f.keys)
        var gid = Gid(0)
        try f.write { (tx) throws(QuiverError) in
            gid = try tx.createVertex(labels: [f.label], properties: [(f.a, .int(1)), (f.b, .int(1))])
        }
        let tx = f.storage.begin()
        try tx.setProperty(gid, f.a, .int(7))
        try tx.setProperty(gid, f.b, .int(8))
        // A vertex created and changed in the aborted transaction leaves no tuple either.
        let created = try tx.createVertex(labels: [f.label], properties: [(f.a, .int(5)), (f.b, .int(5))])
        try tx.setProperty(created, f.a, .int(6))
        _ = try tx.removeLabel(created, f.label)
        _ = try tx.addLabel(created, f.label)
        try tx.setProperty(created, f.b, .int(9))
        #expect(f.count == 6)
        // A concurrent reader's snapshot still needs the old tuple.
        #expect(f.has(gid, [.int(1), .int(1)]))
        tx.abort()
        f.storage.collectGarbage()
        #expect(f.count == 1)
        #expect(f.has(gid, [.int(1), .int(1)]))
    }

    @Test func analyticalWritesUpdateTheIndexAtOnce() throws {
        let f = Fixture(mode: .inMemoryAnalytical)
        try f.storage.createCompositeIndex(f.label, f.keys)
        var gid = Gid(0)
        try f.write { (tx) throws(QuiverError) in
            gid = try tx.createVertex(labels: [f.label], properties: [(f.a, .int(1)), (f.b, .int(1))])
        }
        try f.write { (tx) throws(QuiverError) in try tx.setProperty(gid, f.a, .int(2)) }
        #expect(f.count == 1)
        #expect(f.has(gid, [.int(2), .int(1)]))
        try f.write { (tx) throws(QuiverError) in _ = try tx.removeLabel(gid, f.label) }
        #expect(f.count == 0)
        try f.write { (tx) throws(QuiverError) in _ = try tx.addLabel(gid, f.label) }
        #expect(f.count == 1)
        try f.write { (tx) throws(QuiverError) in _ = try tx.deleteVertex(gid, detach: true) }
        #expect(f.count == 0)
    }

    private func lookup(_ f: Fixture, _ tx: Transaction, _ values: [Value]) -> [Gid] {
        guard let cursor = tx.vertices(label: f.label, properties: f.keys), cursor.reset(values) else { return [] }
        var result: [Gid] = []
        while let gid = cursor.next(tx) { result.append(gid) }
        return result
    }

    @Test func lookupsSeeEachTransactionsSnapshot() throws {
        let f = Fixture()
        try f.storage.createCompositeIndex(f.label, f.keys)
        var gid = Gid(0), twin = Gid(0)
        try f.write { (tx) throws(QuiverError) in
            gid = try tx.createVertex(labels: [f.label], properties: [(f.a, .int(1)), (f.b, .string("x"))])
            twin = try tx.createVertex(labels: [f.label], properties: [(f.a, .float(1.0)), (f.b, .string("x"))])
        }
        let before = f.storage.begin()
        #expect(Set(lookup(f, before, [.int(1), .string("x")])) == [gid, twin])
        try f.write { (tx) throws(QuiverError) in try tx.setProperty(gid, f.a, .int(2)) }
        let after = f.storage.begin()
        #expect(Set(lookup(f, before, [.int(1), .string("x")])) == [gid, twin])
        #expect(lookup(f, after, [.int(1), .string("x")]) == [twin])
        #expect(lookup(f, after, [.int(2), .string("x")]) == [gid])
        #expect(lookup(f, before, [.int(2), .string("x")]).isEmpty)
        // A null value matches nothing; so does a wrong arity.
        #expect(after.vertices(label: f.label, properties: f.keys)?.reset([.null, .string("x")]) == false)
        #expect(after.vertices(label: f.label, properties: f.keys)?.reset([.int(1)]) == false)
        // The writer's own uncommitted change is visible to it alone.
        let writer = f.storage.begin()
        try writer.setProperty(twin, f.b, .string("y"))
        #expect(lookup(f, writer, [.float(1.0), .string("y")]) == [twin])
        #expect(lookup(f, after, [.float(1.0), .string("y")]).isEmpty)
        writer.abort()
        before.abort()
        after.abort()
    }
}
