// Pins the sizes of the hot storage structs. If one changes, update docs/storage-layout.md and
// the memory budget figures in the README before changing the expectation here.
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct RecordLayoutTests {
    @Test func hotRecordSizes() {
        #expect(MemoryLayout<VertexRecord>.size == 32)
        #expect(MemoryLayout<VertexRecord>.stride == 32)
        #expect(MemoryLayout<EdgeRecord>.size == 16)
        #expect(MemoryLayout<AdjacencyEntry>.size == 16)
        #expect(MemoryLayout<Delta>.size == 48)
        #expect(MemoryLayout<IndexEntry>.size == 16)
        #expect(AdjacencyRun.headerBytes == 16)
    }

    @Test func sizeClassesWasteAtMostAQuarter() {
        let classes = AdjacencyArena.classCapacities
        #expect(classes.prefix(8) == [1, 2, 3, 4, 5, 6, 7, 8])
        for (smaller, larger) in zip(classes, classes.dropFirst()) {
            #expect(larger > smaller)
            #expect(Double(larger) <= Double(smaller) * 1.25 + 1)
        }
        #expect(AdjacencyArena.classIndex(atLeast: 9) == 8)
        #expect(AdjacencyArena.classCapacities[AdjacencyArena.classIndex(atLeast: 17)] == 20)
        #expect(AdjacencyArena.classIndex(atMost: 17) == AdjacencyArena.classIndex(atLeast: 16))
    }

    @Test func closedFormClassIndexMatchesTheTable() {
        let classes = AdjacencyArena.classCapacities
        for capacity in 1...200_000 {
            let expected = classes.firstIndex { $0 >= capacity }!
            #expect(AdjacencyArena.classIndex(atLeast: capacity) == expected, "capacity \(capacity)")
            if AdjacencyArena.classIndex(atLeast: capacity) != expected { return }
        }
    }

    @Test func adjacencyEntryPacksNeighbourTypeAndEdge() {
        let entry = AdjacencyEntry(neighbour: (1 << 40) - 1, type: (1 << 24) - 1, edgeGid: .max)
        #expect(entry.neighbour == Gid((1 << 40) - 1))
        #expect(entry.type == EdgeTypeID((1 << 24) - 1))
        #expect(entry.edge == Gid(.max))
    }
}
