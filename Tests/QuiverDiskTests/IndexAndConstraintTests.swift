// Label+property index scans (equality, ranges across ints and floats, string prefixes,
// merged with own writes) and existence / uniqueness constraints at commit.
import QuiverCore
@testable import QuiverDisk
import QuiverStorage
import Testing

@Suite struct IndexAndConstraintTests {
    @Test func equalityAndRangesMixIntsAndFloats() throws {
        let temp = try TempStore()
        let label = temp.label("L"), key = temp.property("k")
        let values: [Value] = [.int(1), .float(2.5), .int(3), .float(4.0), .int(4), .float(-1.5), .string("apple"), .string("apricot"),
                               .string("b"), .bool(true), .int(Int64.max), .float(.nan)]
        let setup = temp.begin()
        var gids: [UInt64] = []
        for value in values { gids.append(try setup.createVertex(labels: [label], properties: [(key, value)]).rawValue) }
        func gid(_ value: Value) -> UInt64 {
            gids[values.firstIndex { IndexValueEncoding.family(of: $0) == IndexValueEncoding.family(of: value) && DiskIndexCursor.sameKey($0, value) }!]
        }
        _ = try setup.createVertex(labels: [], properties: [(key, .int(3))])
        try setup.commit()
        #expect(try temp.store.createLabelPropertyIndex(label, key))
        #expect(temp.store.approximateCount(label: label, property: key) == values.count)
        let tx = temp.begin()
        let cursor = try #require(tx.scanIndex(label, key))
        func run(_ lookup: IndexLookup) -> [UInt64] {
            #expect(cursor.reset(lookup))
            return collect(cursor)
        }
        #expect(run(.equal(.int(3))) == [gid(.int(3))])
        #expect(run(.equal(.float(4.0))) == [gid(.float(4.0))])
        #expect(run(.equal(.int(4))) == [gid(.int(4))])
        #expect(run(.equal(.string("b"))) == [gid(.string("b"))])
        #expect(run(.equal(.bool(true))) == [gid(.bool(true))])
        #expect(run(.range(lower: .init(.int(2), inclusive: true), upper: .init(.float(4.0), inclusive: false)))
            == [gid(.float(2.5)), gid(.int(3))])
        #expect(Set(run(.range(lower: .init(.float(2.5), inclusive: false), upper: .init(.int(4), inclusive: true))))
            == [gid(.int(3)), gid(.int(4)), gid(.float(4.0))])
        #expect(run(.range(lower: nil, upper: .init(.int(1), inclusive: true))) == [gid(.float(-1.5)), gid(.int(1))])
        #expect(run(.range(lower: .init(.int(4), inclusive: false), upper: nil)).contains(gid(.int(Int64.max))))
        #expect(run(.prefix("ap")) == [gid(.string("apple")), gid(.string("apricot"))])
        #expect(!cursor.reset(.range(lower: .init(.int(1), inclusive: true), upper: .init(.string("x"), inclusive: true))))
        #expect(!cursor.reset(.equal(.null)))

        // Own writes: a changed value leaves the old key, a new vertex joins.
        try tx.setProperty(Gid(gid(.int(3))), key, .int(30))
        let fresh = try tx.createVertex(labels: [label], properties: [(key, .int(3))])
        #expect(run(.equal(.int(3))) == [fresh.rawValue])
        #expect(run(.equal(.int(30))) == [gid(.int(3))])
        #expect(cursor.reset(.equal(.int(3))) && collect(cursor, view: .old) == [gid(.int(3))])
        #expect(try tx.removeLabel(Gid(gid(.int(1))), label))
        #expect(run(.equal(.int(1))).isEmpty)
        try tx.commit()
        let after = temp.begin()
        let again = try #require(after.scanIndex(label, key))
        #expect(again.reset(.equal(.int(3))) && collect(again) == [fresh.rawValue])
        #expect(again.reset(.equal(.int(1))) && collect(again).isEmpty)
        #expect(temp.store.approximateCount(label: label, property: key) == values.count)
        #expect(try temp.store.dropLabelPropertyIndex(label, key))
        #expect(after.schema.propertyIndexes.count == 1 && temp.begin().scanIndex(label, key) == nil)
    }

    @Test func uniqueConstraintAtCommit() throws {
        let temp = try TempStore()
        let label = temp.label("User"), key = temp.property("id")
        #expect(try temp.store.createUniqueConstraint(label, [key]))
        #expect(try temp.store.createUniqueConstraint(label, [key]) == false)
        let setup = temp.begin()
        let a = try setup.createVertex(labels: [label], properties: [(key, .int(1))])
        try setup.commit()
        let clash = temp.begin()
        _ = try clash.createVertex(labels: [label], properties: [(key, .float(1.0))])
        let error = failure { () throws(QuiverError) in try clash.commit() }
        #expect(error?.message == "Unable to commit due to unique constraint violation on :User(id)")
        let pair = temp.begin()
        _ = try pair.createVertex(labels: [label], properties: [(key, .int(2))])
        _ = try pair.createVertex(labels: [label], properties: [(key, .int(2))])
        #expect(failure { () throws(QuiverError) in try pair.commit() }?.code == .constraintViolation)
        // Moving the value away frees it for another vertex in the same transaction.
        let swap = temp.begin()
        try swap.setProperty(a, key, .int(5))
        _ = try swap.createVertex(labels: [label], properties: [(key, .int(1))])
        try swap.commit()
        #expect(temp.store.vertexCount == 2)
        let creation = failure { () throws(QuiverError) in
            let tx = temp.begin()
            _ = try tx.createVertex(labels: [temp.label("Dup")], properties: [(key, .int(7))])
            _ = try tx.createVertex(labels: [temp.label("Dup")], properties: [(key, .int(7))])
            try tx.commit()
            _ = try temp.store.createUniqueConstraint(temp.label("Dup"), [key])
        }
        #expect(creation?.message == "Unable to create unique constraint :Dup(id), because an existing node violates it.")
        #expect(try temp.store.dropUniqueConstraint(label, [key]))
        #expect(temp.store.constraintInfo.isEmpty)
    }

    @Test func existenceConstraintAtCommit() throws {
        let temp = try TempStore()
        let label = temp.label("City"), key = temp.property("name")
        #expect(try temp.store.createExistenceConstraint(label, key))
        let tx = temp.begin()
        _ = try tx.createVertex(labels: [label], properties: [])
        #expect(failure { () throws(QuiverError) in try tx.commit() }?.message
            == "Unable to commit due to existence constraint violation on :City(name)")
        let ok = temp.begin()
        let v = try ok.createVertex(labels: [label], properties: [(key, .string("Zagreb"))])
        try ok.commit()
        let remove = temp.begin()
        try remove.setProperty(v, key, .null)
        #expect(failure { () throws(QuiverError) in try remove.commit() }?.code == .constraintViolation)
        #expect(try temp.store.dropAllConstraints() == 1)
        let plain = temp.begin()
        _ = try plain.createVertex(labels: [label], properties: [])
        try plain.commit()
        #expect(failure { () throws(QuiverError) in try temp.store.createExistenceConstraint(label, key) }?.message
            == "Unable to create existence constraint :City(name), because an existing node violates it.")
    }

    @Test func typeConstraintAtWriteTimeAndAfterReopen() throws {
        let temp = try TempStore()
        let label = temp.label("Person"), age = temp.property("age")
        try temp.store.createTypeConstraint(label, age, .integer)
        try temp.reopen()
        let (person, years) = (temp.label("Person"), temp.property("age"))
        #expect(temp.store.constraintInfo == [ConstraintInfo(kind: .dataType, label: person, properties: [years], dataType: .integer)])
        let tx = temp.begin()
        #expect(failure { () throws(QuiverError) in _ = try tx.createVertex(labels: [person], properties: [(years, .string("x"))]) }?.message
            == "IS TYPED INTEGER violation on Person(age)")
        let gid = try tx.createVertex(labels: [person], properties: [(years, .int(3))])
        #expect(failure { () throws(QuiverError) in try tx.setProperty(gid, years, .float(3.5)) }?.code == .constraintViolation)
        #expect(tx.property(of: gid, years, view: .new) == .int(3))
        try tx.commit()
        #expect(failure { () throws(QuiverError) in try temp.store.createTypeConstraint(person, years, .integer) }?.message
            == "Constraint IS TYPED INTEGER on :Person(age) already exists")
        try temp.store.dropTypeConstraint(person, years, .integer)
        #expect(temp.store.constraintInfo.isEmpty)
        try temp.reopen()
        #expect(temp.store.constraintInfo.isEmpty)
    }

    @Test func edgeImportMode() throws {
        let temp = try TempStore()
        let user = temp.label("User"), id = temp.property("id"), friend = temp.edgeType("FRIEND")
        #expect(try temp.store.createLabelPropertyIndex(user, id))
        let setup = temp.begin()
        for index in 0..<10 { _ = try setup.createVertex(labels: [user], properties: [(id, .int(Int64(index)))]) }
        try setup.commit()
        try temp.store.setEdgeImportMode(true)
        #expect(temp.store.edgeImportMode)
        let refused = temp.begin()
        let error = failure { () throws(QuiverError) in try refused.createVertex(labels: [], properties: []) }
        #expect(error?.message == "Write operations on nodes are forbidden while the edge import mode is active. To disable the edge import mode, run the EDGE IMPORT MODE INACTIVE; query.")
        #expect(failure { () throws(QuiverError) in try refused.setProperty(Gid(0), id, .int(1)) } != nil)
        refused.abort()
        var created: [EdgeRef] = []
        for index in 0..<9 {
            let tx = temp.begin()
            let cursor = try #require(tx.scanIndex(user, id))
            #expect(cursor.reset(.equal(.int(Int64(index)))))
            let a = try #require(cursor.next(view: .old))
            #expect(cursor.reset(.equal(.int(Int64(index + 1)))))
            let b = try #require(cursor.next(view: .old))
            let edge = try tx.createEdge(from: a, to: b, type: friend, properties: [(temp.property("w"), .int(1))])
            try tx.setEdgeProperty(edge.gid, temp.property("w"), .int(2))
            created.append(edge)
            try tx.commit()
        }
        try temp.store.setEdgeImportMode(false)
        #expect(temp.store.edgeCount == 9)
        let reader = temp.begin()
        var buffer: [AdjacencyEntry] = []
        for edge in created {
            #expect(reader.edges(of: edge.from, .outgoing, types: [friend], view: .new, into: &buffer))
            #expect(buffer.map(\.edge) == [edge.gid])
            #expect(reader.edgeProperty(edge.gid, temp.property("w"), view: .new) == .int(2))
        }
        reader.abort()
        try temp.reopen()
        #expect(temp.store.edgeCount == 9)
    }
}
