// IN_MEMORY_ANALYTICAL: no deltas, writes visible at once, writers never conflict, no rollback,
// and mode switches waiting for other transactions with Memgraph's timeout text.
import Foundation
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct AnalyticalModeTests {
    @Test func writesAreImmediateAndNeverConflictOrRollBack() throws {
        let storage = makeStorage(mode: .inMemoryAnalytical)
        let p = storage.names.property("p")
        let first = storage.begin(), second = storage.begin()
        let gid = try first.createVertex(properties: [(p, .int(1))])
        #expect(second.vertexExists(gid))
        try second.setProperty(gid, p, .int(2))
        try first.setProperty(gid, p, .int(3))
        #expect(second.property(of: gid, p)?.intValue == 3)
        first.abort()
        try second.commit()
        let reader = storage.begin()
        #expect(reader.property(of: gid, p)?.intValue == 3)
        #expect(storage.unreleasedDeltaCount == 0)
        #expect(storage.memoryUsage.deltaBytes == 0)
        #expect(storage.vertexCount == 1)
    }

    @Test func deletesFreeAtOnce() throws {
        let storage = makeStorage(mode: .inMemoryAnalytical)
        let type = storage.names.edgeType("T")
        let tx = storage.begin()
        let a = try tx.createVertex(properties: [(storage.names.property("p"), .string("x"))])
        let b = try tx.createVertex()
        try tx.createEdge(from: a, to: b, type: type)
        try tx.deleteVertex(a, detach: true)
        #expect(!tx.vertexExists(a))
        #expect(inEdges(tx, b).isEmpty)
        #expect(storage.memoryUsage.bodyBytes == 0)
        #expect(storage.memoryUsage.adjacencyLiveBytes == 0)
        try tx.commit()
    }

    @Test func switchingModesWaitsForOtherTransactions() throws {
        let storage = makeStorage(accessTimeout: 0.05)
        let p = storage.names.property("p")
        let tx = storage.begin()
        let gid = try tx.createVertex(properties: [(p, .int(1))])
        #expect(throws: QuiverError(.storageAccessTimeout, TransactionEngine.uniqueAccessTimeoutMessage)) {
            try storage.setMode(.inMemoryAnalytical)
        }
        try tx.commit()
        try storage.setMode(.inMemoryAnalytical)
        #expect(storage.mode == .inMemoryAnalytical)
        #expect(storage.unreleasedDeltaCount == 0)
        let analytical = storage.begin()
        #expect(analytical.isAnalytical)
        try analytical.setProperty(gid, p, .int(2))
        try analytical.commit()
        try storage.setMode(.inMemoryTransactional)
        let transactional = storage.begin()
        #expect(!transactional.isAnalytical)
        try transactional.setProperty(gid, p, .int(3))
        transactional.abort()
        #expect(storage.begin().property(of: gid, p)?.intValue == 2)
    }

    @Test func aSwitchThatWaitsSucceedsWhenOthersFinish() throws {
        let storage = makeStorage(accessTimeout: 10)
        let tx = storage.begin()
        // A real thread, not a task: setMode blocks its caller, and tests share the task pool.
        let finished = DispatchSemaphore(value: 0)
        Thread {
            usleep(50_000)
            try? tx.commit()
            finished.signal()
        }.start()
        try storage.setMode(.inMemoryAnalytical)
        finished.wait()
        #expect(tx.state == .committed)
        #expect(storage.mode == .inMemoryAnalytical)
    }
}
