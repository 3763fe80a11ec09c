// Round trips through close and reopen: vertices, labels, properties of every value type,
// edges and their properties, names, indexes, constraints, counts and gid counters.
import QuiverCore
@testable import QuiverDisk
import QuiverStorage
import Testing

@Suite struct RoundTripTests {
    static let everyValue: [Value] = [
        .bool(true), .int(-42), .int(Int64.max), .float(2.5), .float(-0.0), .string("héllo\u{0}world"),
        .list([.int(1), .string("a"), .null, .list([.bool(false)])]), .map(["k": .int(1), "z": .map(["y": .float(1.5)])]),
        .date(DateValue(daysSinceEpoch: 19_000)), .localTime(LocalTimeValue(nanosecondsSinceMidnight: 3_600_000_000_123)),
        .localDateTime(LocalDateTimeValue(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5)),
        .dateTime(DateTimeValue(secondsSinceEpochUTC: 1_700_000_000, nanoseconds: 7, offsetSeconds: 3600, zoneID: "Europe/Zagreb")),
        .duration(DurationValue(months: 1, days: 2, seconds: 3, nanoseconds: 4)),
        .time(TimeValue(nanosecondsSinceMidnight: 1_000, offsetSeconds: -7200)),
    ]

    @Test func everythingSurvivesReopen() throws {
        let temp = try TempStore()
        let person = temp.label("Person"), city = temp.label("City")
        let keys = (0..<Self.everyValue.count).map { temp.property("p\($0)") }
        let since = temp.property("since"), livesIn = temp.edgeType("LIVES_IN")
        #expect(try temp.store.createLabelIndex(person))
        #expect(try temp.store.createLabelPropertyIndex(person, keys[1]))
        #expect(try temp.store.createExistenceConstraint(city, keys[0]))
        #expect(try temp.store.createUniqueConstraint(person, [keys[1]]))
        let tx = temp.begin()
        let a = try tx.createVertex(labels: [person, city], properties: Array(zip(keys, Self.everyValue)))
        let b = try tx.createVertex(labels: [city], properties: [(keys[0], .bool(false))])
        let edge = try tx.createEdge(from: a, to: b, type: livesIn, properties: [(since, .int(2020))])
        let loop = try tx.createEdge(from: b, to: b, type: livesIn, properties: [])
        try tx.commit()

        try temp.reopen()
        #expect(temp.store.vertexCount == 2 && temp.store.edgeCount == 2)
        #expect(temp.names.labels.name(for: person.rawValue) == "Person")
        #expect(temp.names.properties.name(for: since.rawValue) == "since")
        #expect(temp.names.edgeTypes.name(for: livesIn.rawValue) == "LIVES_IN")
        #expect(temp.store.hasLabelIndex(person) && temp.store.hasLabelPropertyIndex(person, keys[1]))
        #expect(temp.store.approximateCount(label: person) == 1)
        #expect(temp.store.constraintInfo.count == 2)
        let reader = temp.begin()
        #expect(reader.labels(of: a, view: .new) == [person, city])
        let properties = try #require(reader.properties(of: a, view: .new))
        #expect(properties.map(\.0) == keys)
        for (index, value) in Self.everyValue.enumerated() {
            #expect(properties[index].1 == value, "value \(index)")
            #expect(reader.property(of: a, keys[index], view: .new) == value)
        }
        #expect(reader.edgeProperty(edge.gid, since, view: .new) == .int(2020))
        var buffer: [AdjacencyEntry] = []
        #expect(reader.edges(of: a, .outgoing, types: [], view: .new, into: &buffer))
        #expect(buffer.map(\.edge) == [edge.gid] && buffer[0].neighbour == b)
        #expect(reader.edges(of: b, .outgoing, types: [], view: .new, into: &buffer))
        #expect(buffer.map(\.edge) == [loop.gid])
        #expect(reader.edges(of: b, .incoming, types: [], view: .new, into: &buffer))
        #expect(Set(buffer.map(\.edge)) == [edge.gid, loop.gid])
        #expect(collect(reader.scanIndex(person, keys[1])!.resetting(.equal(.int(-42)))) == [a.rawValue])
        try reader.commit()

        let writer = temp.begin()
        let c = try writer.createVertex(labels: [], properties: [])
        let edge2 = try writer.createEdge(from: c, to: c, type: livesIn, properties: [])
        #expect(c.rawValue > b.rawValue && edge2.gid.rawValue > loop.gid.rawValue)
        try writer.commit()
    }

    @Test func namesMustAgreeWithTheStore() throws {
        let temp = try TempStore()
        _ = temp.label("First")
        let tx = temp.begin()
        _ = try tx.createVertex(labels: [temp.label("First")], properties: [])
        try tx.commit()
        temp.store.close()
        let other = NameRegistry()
        _ = other.label("Different")
        let error = failure { () throws(QuiverError) in try DiskStore.open(directory: temp.path, names: other, propertiesOnEdges: true) }
        #expect(error?.message.contains("First") == true)
        temp.store = try DiskStore.open(directory: temp.path, names: temp.names, propertiesOnEdges: true)
    }

    @Test func countsSurviveACrashWithoutCleanClose() throws {
        let temp = try TempStore()
        let tx = temp.begin()
        for _ in 0..<5 { _ = try tx.createVertex(labels: [], properties: []) }
        try tx.commit()
        try temp.reopen()
        // Reopened without a clean-count key now (deleted at open): recount path on next open.
        let path = temp.path
        temp.store.close()
        let store = try DiskStore.open(directory: path, names: NameRegistry(), propertiesOnEdges: true)
        #expect(store.vertexCount == 5 && !store.isEmpty)
        store.close()
        temp.store = try DiskStore.open(directory: path, names: temp.names, propertiesOnEdges: true)
    }
}

extension ExternalIndexCursor {
    func resetting(_ lookup: IndexLookup) -> Self {
        _ = reset(lookup)
        return self
    }
}
