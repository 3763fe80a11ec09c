// Round trips through the data directory: snapshot → recovery gives the identical graph (every
// value type, labels, edge types, indexes, gid limits, clock); WAL-only recovery; snapshot plus
// WAL tail; segment rotation; a snapshot taken while a writer keeps committing.
import Glibc
import Testing
import QuiverCore
@testable import QuiverDurability
@testable import QuiverStorage

/// One value of every stored type, nested ones included.
let everyValue: [(String, Value)] = [
    ("bool", .bool(true)), ("int", .int(-1 << 40)), ("float", .float(-0.0)), ("nan", .float(.nan)),
    ("string", .string("héllo wörld")), ("list", .list([.int(1), .null, .string("x"), .list([.bool(false)])])),
    ("map", .map(["a": .int(5), "b": .map(["c": .float(2.5)])])),
    ("date", .date(DateValue(daysSinceEpoch: -719_162))),
    ("localTime", .localTime(LocalTimeValue(nanosecondsSinceMidnight: 45_296_000_000_123))),
    ("localDateTime", .localDateTime(LocalDateTimeValue(secondsSinceEpoch: 1_700_000_000, nanoseconds: 999))),
    ("dateTime", .dateTime(DateTimeValue(secondsSinceEpochUTC: 1_700_000_000, nanoseconds: 5, offsetSeconds: 3600, zoneID: "Europe/Berlin"))),
    ("dateTimeOffset", .dateTime(DateTimeValue(secondsSinceEpochUTC: -5, nanoseconds: 0, offsetSeconds: -1800, zoneID: nil))),
    ("duration", .duration(DurationValue(months: 14, days: -3, seconds: 86_401, nanoseconds: 7))),
    ("time", .time(TimeValue(nanosecondsSinceMidnight: 1_000, offsetSeconds: -7200))),
]

/// A small graph with every value type on vertices and edges, several labels and edge types,
/// a deleted vertex (a gap in the gids), two indexes and three constraints.
func buildRichGraph(_ storage: Storage) throws {
    let names = storage.names
    let properties = everyValue.map { (names.property($0.0), $0.1) }
    var gids: [Gid] = []
    let error = commit(storage) { (t) throws(QuiverError) in
        for index in 0..<20 {
            let labels = index % 3 == 0 ? [names.label("Person"), names.label("Admin")] : [names.label("Person")]
            gids.append(try t.createVertex(labels: labels, properties: index == 0 ? properties : [(names.property("n"), .int(Int64(index)))]))
        }
        for index in 0..<19 {
            let type = names.edgeType(index % 2 == 0 ? "KNOWS" : "LIKES")
            try t.createEdge(from: gids[index], to: gids[(index * 7) % 20], type: type,
                             properties: index == 1 ? properties : [(names.property("w"), .float(Double(index) / 3))])
        }
        try t.deleteVertex(gids[19], detach: true)
    }
    #expect(error == nil)
    _ = try storage.createLabelIndex(names.label("Admin"))
    _ = try storage.createLabelPropertyIndex(names.label("Person"), names.property("n"))
    _ = try storage.createUniqueConstraint(names.label("Person"), [names.property("n")])
    try storage.createTypeConstraint(names.label("Person"), names.property("string"), .string)
    _ = try storage.createExistenceConstraint(names.label("Tagged"), names.property("n"))
}

@Suite(.serialized) struct RecoveryTests {
    @Test func snapshotRoundTripGivesTheIdenticalGraph() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory, config: testConfig())
        try buildRichGraph(storage)
        let info = try durability.createSnapshot()
        #expect(info.path.hasPrefix(directory + "/snapshots/"))
        #expect(durability.snapshots() == [info])
        let expected = describeGraph(storage)
        #expect(expected.filter { $0.hasPrefix("constraint") }.count == 3)
        #expect(expected.filter { $0.hasPrefix("index") }.count == 2)
        let clock = storage.nextCommitTimestamp
        try durability.close()

        // Recover from the snapshot alone (drop the WAL).
        for name in try PosixFileIO().listDirectory(directory + "/wal") { unlink(directory + "/wal/" + name) }
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(again.recovery.snapshot == info)
        #expect(again.recovery.walTransactionsReplayed == 0)
        #expect(describeGraph(recovered) == expected)
        #expect(recovered.nextCommitTimestamp >= clock)
    }

    @Test func walAloneRecoversEveryAcknowledgedTransaction() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        try buildRichGraph(storage)
        // Updates after creation: labels, property changes and removals, edge deletion.
        let names = storage.names
        let error = commit(storage) { (t) throws(QuiverError) in
            try t.addLabel(Gid(1), names.label("New"))
            try t.removeLabel(Gid(0), names.label("Admin"))
            try t.setProperty(Gid(2), names.property("n"), .string("changed"))
            try t.setProperty(Gid(0), names.property("int"), .null)
            var entries: [AdjacencyEntry] = []
            t.edges(of: Gid(3), .outgoing, into: &entries)
            try t.deleteEdge(t.edgeRef(entries[0], of: Gid(3), .outgoing))
            t.edges(of: Gid(1), .outgoing, into: &entries)
            try t.setEdgeProperty(entries[0].edge, names.property("w"), .int(9))
        }
        #expect(error == nil)
        let expected = describeGraph(storage, limits: false)
        let clock = storage.nextCommitTimestamp
        try durability.close()

        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(again.recovery.snapshot == nil)
        #expect(again.recovery.walTransactionsReplayed == 2)
        #expect(describeGraph(recovered, limits: false) == expected)
        #expect(recovered.nextCommitTimestamp >= clock)
    }

    @Test func snapshotPlusWalTailAndManySegments() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        // 4 KiB segments: the WAL rotates often, and every segment declares its own names.
        let config = testConfig(walFileSizeKiB: 4)
        let (storage, durability) = try openDurability(directory, config: config)
        let label = storage.names.label("L"), key = storage.names.property("k")
        for index in 0..<200 {
            #expect(commit(storage) { (t) throws(QuiverError) in
                _ = try t.createVertex(labels: [label], properties: [(key, .string(String(repeating: "x", count: index % 50)))])
            } == nil)
            if index == 100 { _ = try durability.createSnapshot() }
        }
        // The snapshot's retention removed the segments before it; those after it remain.
        let segments = try Retention.walSegments(io: PosixFileIO(), directory: directory + "/wal").segments
        #expect(segments.count >= 2)
        #expect(segments.first!.header.sequence > 1)
        let expected = describeGraph(storage, limits: false)
        try durability.close()

        let (recovered, again) = try openDurability(directory, config: config)
        defer { try? again.close() }
        #expect(again.recovery.snapshot != nil)
        #expect(again.recovery.snapshotVertices == 101)
        #expect(again.recovery.walTransactionsReplayed == 99)
        #expect(describeGraph(recovered, limits: false) == expected)
        // And the recovered instance keeps logging: one more commit survives another restart.
        #expect(commit(recovered) { (t) throws(QuiverError) in _ = try t.createVertex(labels: [label], properties: []) } == nil)
        let expectedAfter = describeGraph(recovered, limits: false)
        try again.close()
        let (third, thirdDurability) = try openDurability(directory, config: config)
        defer { try? thirdDurability.close() }
        #expect(describeGraph(third, limits: false) == expectedAfter)
    }

    @Test func snapshotIsConsistentWhileAWriterCommits() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        let type = storage.names.edgeType("T")
        // Each transaction writes two vertices and an edge; a snapshot must never hold half.
        let done = Flag()
        let writer = Thread {
            while !done.value {
                _ = commit(storage) { (t) throws(QuiverError) in
                    let a = try t.createVertex(labels: [], properties: [])
                    let b = try t.createVertex(labels: [], properties: [])
                    try t.createEdge(from: a, to: b, type: type)
                }
            }
        }
        var snapshots: [SnapshotInfo] = []
        for _ in 0..<3 {
            usleep(20_000)
            snapshots.append(try durability.createSnapshot())
        }
        done.value = true
        writer.join()
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(vertexCount(recovered) == 2 * edgeTotal(recovered))
        #expect(vertexCount(recovered) > 0)
        #expect(snapshots.count == 3)
    }

    @Test func parallelEdgeLoadingGivesTheSameGraph() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory, config: testConfig(snapshotOnExit: true))
        let type = storage.names.edgeType("E"), weight = storage.names.property("w")
        #expect(commit(storage) { (t) throws(QuiverError) in
            var gids: [Gid] = []
            for _ in 0..<2_000 { gids.append(try t.createVertex(labels: [], properties: [])) }
            for index in 0..<40_000 {
                try t.createEdge(from: gids[index % 2_000], to: gids[(index * 31) % 2_000], type: type,
                                 properties: index % 5 == 0 ? [(weight, .int(Int64(index)))] : [])
            }
        } == nil)
        let expected = describeGraph(storage)
        try durability.close()
        let saved = ParallelEdgeLoader.threshold
        ParallelEdgeLoader.threshold = 0
        defer { ParallelEdgeLoader.threshold = saved }
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(again.recovery.snapshotEdges == 40_000)
        #expect(describeGraph(recovered) == expected)
        #expect(recovered.edgeCount == 40_000)
    }

    @Test func secondOpenerOfADirectoryFailsWithAClearMessage() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (_, durability) = try openDurability(directory)
        let second = Result { try openDurability(directory) }
        #expect(second.failureMessage?.contains(directory) == true)
        #expect(second.failureMessage?.contains("in use") == true)
        try durability.close()
        let (_, third) = try openDurability(directory)
        try third.close()
    }
}
