// Group commit and WAL housekeeping: concurrent committers share fsyncs (counted through the
// seam), flush-every-N lets most commits go without waiting and loses nothing on a clean close,
// and snapshot retention deletes old snapshots and the WAL segments no kept snapshot needs.
import Glibc
import Testing
import QuiverCore
@testable import QuiverDurability
@testable import QuiverStorage

@Suite(.serialized) struct GroupCommitTests {
    private func runWriters(_ storage: Storage, threads: Int, commitsEach: Int) -> Int {
        let failures = Flag()
        let label = storage.names.label("W")
        let workers = (0..<threads).map { _ in
            Thread {
                for _ in 0..<commitsEach {
                    let error = commit(storage) { (t) throws(QuiverError) in _ = try t.createVertex(labels: [label], properties: []) }
                    if error != nil { failures.value = true }
                }
            }
        }
        for worker in workers { worker.join() }
        #expect(!failures.value)
        return threads * commitsEach
    }

    @Test func concurrentCommitsShareFsyncs() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let io = FaultInjectingFileIO()
        let (storage, durability) = try openDurability(directory, io: io)
        let before = io.count(.sync)
        let commits = runWriters(storage, threads: 8, commitsEach: 50)
        let syncs = io.count(.sync) - before
        print("group commit: \(commits) commits, \(syncs) fsyncs, \(durability.wal!.flushCount) flushes")
        #expect(syncs < commits)
        #expect(vertexCount(storage) == commits)
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(vertexCount(recovered) == commits)
    }

    @Test func flushEveryNTransactionsWaitsOnlyForEveryNth() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let io = FaultInjectingFileIO()
        var config = testConfig(flushEvery: 10)
        config.walFlushIntervalSeconds = 10  // no background flush during the test
        let (storage, durability) = try openDurability(directory, config: config, io: io)
        let label = storage.names.label("W")
        let before = io.count(.sync)
        for _ in 0..<100 {
            #expect(commit(storage) { (t) throws(QuiverError) in _ = try t.createVertex(labels: [label], properties: []) } == nil)
        }
        #expect(io.count(.sync) - before <= 11)
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(vertexCount(recovered) == 100)
    }

    @Test func retentionDeletesOldSnapshotsAndUnneededSegments() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let config = testConfig(walFileSizeKiB: 4, retention: 2)
        let (storage, durability) = try openDurability(directory, config: config)
        let label = storage.names.label("L"), key = storage.names.property("s")
        var snapshots: [SnapshotInfo] = []
        for round in 0..<4 {
            for _ in 0..<60 {
                #expect(commit(storage) { (t) throws(QuiverError) in
                    _ = try t.createVertex(labels: [label], properties: [(key, .string(String(repeating: "r", count: 40 + round)))])
                } == nil)
            }
            snapshots.append(try durability.createSnapshot())
            usleep(2_000)  // distinct creation times
        }
        let kept = durability.snapshots()
        #expect(kept.map(\.path) == [snapshots[3].path, snapshots[2].path])
        let segments = try Retention.walSegments(io: PosixFileIO(), directory: directory + "/wal").segments
        #expect(segments.first!.header.sequence > 1)
        // Every remaining segment but the first holds records the oldest kept snapshot needs.
        #expect(segments.dropFirst().allSatisfy { $0.header.firstTimestamp > snapshots[2].timestamp })
        for _ in 0..<10 {
            #expect(commit(storage) { (t) throws(QuiverError) in _ = try t.createVertex(labels: [label], properties: []) } == nil)
        }
        let expected = describeGraph(storage, limits: false)
        try durability.close()
        let (recovered, again) = try openDurability(directory, config: config)
        defer { try? again.close() }
        #expect(describeGraph(recovered, limits: false) == expected)
        #expect(again.recovery.snapshot?.path == snapshots[3].path)
    }
}
