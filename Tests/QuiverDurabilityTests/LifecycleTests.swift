// Durability's lifecycle around the data: periodic snapshots from the background thread, the
// snapshot on exit, recovery turned off (old files set aside), and storage-mode switches
// (analytical writes are not logged; switching back takes the snapshot that persists them).
import Glibc
import Testing
import QuiverCore
@testable import QuiverDurability
@testable import QuiverStorage

@Suite(.serialized) struct LifecycleTests {
    private func addVertex(_ storage: Storage) -> QuiverError? {
        commit(storage) { (t) throws(QuiverError) in _ = try t.createVertex(labels: [storage.names.label("X")], properties: []) }
    }

    @Test func periodicSnapshotsRunOnlyWhenSomethingWasCommitted() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        var config = testConfig()
        config.snapshotIntervalSeconds = 0.1
        let (storage, durability) = try openDurability(directory, config: config)
        #expect(addVertex(storage) == nil)
        var waited = 0
        while durability.snapshots().isEmpty && waited < 50 {
            usleep(50_000)
            waited += 1
        }
        #expect(durability.snapshots().count == 1)
        usleep(350_000)
        #expect(durability.snapshots().count == 1)  // nothing new committed: no new snapshot
        try durability.close()
    }

    @Test func snapshotOnExitAndRecoveryFromIt() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory, config: testConfig(snapshotOnExit: true))
        for _ in 0..<5 { #expect(addVertex(storage) == nil) }
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(again.recovery.snapshot != nil)
        #expect(again.recovery.walTransactionsReplayed == 0)
        #expect(vertexCount(recovered) == 5)
    }

    @Test func recoveryOffSetsOldFilesAside() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory, config: testConfig(snapshotOnExit: true))
        #expect(addVertex(storage) == nil)
        try durability.close()
        var config = testConfig()
        config.recoverOnStartup = false
        let (fresh, second) = try openDurability(directory, config: config)
        #expect(vertexCount(fresh) == 0)
        #expect(addVertex(fresh) == nil)
        #expect(addVertex(fresh) == nil)
        try second.close()
        #expect(try PosixFileIO().listDirectory(directory + "/wal/.old").count == 1)
        let (recovered, third) = try openDurability(directory)
        defer { try? third.close() }
        #expect(vertexCount(recovered) == 2)
    }

    @Test func analyticalWritesArePersistedBySwitchingBack() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        #expect(addVertex(storage) == nil)
        try storage.setMode(.inMemoryAnalytical)
        try durability.modeChanged(to: .inMemoryAnalytical)
        for _ in 0..<3 { #expect(addVertex(storage) == nil) }
        try storage.setMode(.inMemoryTransactional)
        try durability.modeChanged(to: .inMemoryTransactional)
        #expect(addVertex(storage) == nil)
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(vertexCount(recovered) == 5)
        #expect(again.recovery.walTransactionsReplayed == 1)
    }
}
