// The MVCC matrix: isolation level × what a concurrent writer did (committed before we began,
// still uncommitted, committed after we began, aborted) × GC running or not. For each cell it
// checks what the reader sees and whether the reader's own write is allowed.
import Testing
import QuiverCore
@testable import QuiverStorage

enum WriterScenario: String, CaseIterable, Sendable {
    case committedBeforeStart, uncommitted, committedAfterStart, abortedAfterStart
}

@Suite struct MVCCMatrixTests {
    @Test(arguments: IsolationLevel.allCases, WriterScenario.allCases)
    func readerSeesAndMayWrite(isolation: IsolationLevel, scenario: WriterScenario) throws {
        for gcRunning in [false, true] {
            for edgeWrite in [false, true] {
                try runCell(isolation: isolation, scenario: scenario, gcRunning: gcRunning, edgeWrite: edgeWrite)
            }
        }
    }

    private func runCell(isolation: IsolationLevel, scenario: WriterScenario, gcRunning: Bool, edgeWrite: Bool) throws {
        let storage = makeStorage()
        let p = storage.names.property("p"), type = storage.names.edgeType("T")
        let setup = storage.begin()
        let vertex = try setup.createVertex(properties: [(p, .int(0))])
        let neighbour = try setup.createVertex()
        try setup.commit()
        func gc() { if gcRunning { storage.collectGarbage(compact: true) } }

        let writer = storage.begin()
        func write() throws {
            if edgeWrite { try writer.createEdge(from: vertex, to: neighbour, type: type) } else { try writer.setProperty(vertex, p, .int(1)) }
        }
        var reader: Transaction
        switch scenario {
        case .committedBeforeStart:
            try write(); try writer.commit(); gc()
            reader = storage.begin(isolation: isolation)
        case .uncommitted:
            reader = storage.begin(isolation: isolation)
            try write(); gc()
        case .committedAfterStart:
            reader = storage.begin(isolation: isolation)
            try write(); try writer.commit(); gc()
        case .abortedAfterStart:
            reader = storage.begin(isolation: isolation)
            try write(); writer.abort(); gc()
        }

        let seesWrite: Bool
        switch (scenario, isolation) {
        case (.committedBeforeStart, _): seesWrite = true
        case (.abortedAfterStart, _): seesWrite = false
        case (.uncommitted, .readUncommitted): seesWrite = true
        case (.uncommitted, _): seesWrite = false
        case (.committedAfterStart, .snapshotIsolation): seesWrite = false
        case (.committedAfterStart, _): seesWrite = true
        }
        let context = "\(isolation) \(scenario) gc=\(gcRunning) edge=\(edgeWrite)"
        if edgeWrite {
            #expect(outEdges(reader, vertex).count == (seesWrite ? 1 : 0), "\(context)")
            #expect(inEdges(reader, neighbour).count == (seesWrite ? 1 : 0), "\(context)")
        } else {
            #expect(reader.property(of: vertex, p)?.intValue == (seesWrite ? 1 : 0), "\(context)")
        }

        let mayWrite = scenario == .committedBeforeStart || scenario == .abortedAfterStart
        if mayWrite {
            try reader.setProperty(vertex, p, .int(2))
            #expect(reader.property(of: vertex, p)?.intValue == 2, "\(context)")
            try reader.commit()
        } else {
            #expect(throws: QuiverError.conflict(), "\(context)") { try reader.setProperty(vertex, p, .int(2)) }
            reader.abort()
        }
        if scenario == .uncommitted { try writer.commit() }
        gc()
        storage.collectGarbage()
        #expect(storage.unreleasedDeltaCount == 0, "\(context)")
    }
}
