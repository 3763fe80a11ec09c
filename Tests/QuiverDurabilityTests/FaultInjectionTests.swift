// Failures injected through the FileIO seam: a failed write, fsync or partial write makes the
// commit report an error and leaves it invisible, the WAL keeps working, and recovery yields
// exactly the acknowledged transactions, also when the segment cannot be truncated. A failed
// rename leaves no snapshot behind. Torn tails are cut; corruption stops recovery by name.
import Glibc
import Testing
import QuiverCore
@testable import QuiverDurability
@testable import QuiverStorage

@Suite(.serialized) struct FaultInjectionTests {
    /// Commits a vertex with `n` = `value`; returns the commit error, if any.
    private func write(_ storage: Storage, _ value: Int) -> QuiverError? {
        commit(storage) { (t) throws(QuiverError) in
            _ = try t.createVertex(labels: [storage.names.label("V")], properties: [(storage.names.property("n"), .int(Int64(value)))])
        }
    }

    /// The `n` values in the graph, sorted.
    private func values(_ storage: Storage) -> [Int64] {
        let transaction = storage.begin()
        defer { transaction.abort() }
        var cursor = transaction.vertices()
        var result: [Int64] = []
        while let gid = cursor.next(transaction) {
            if case .int(let n)? = transaction.property(of: gid, storage.names.property("n")) { result.append(n) }
        }
        return result.sorted()
    }

    /// Runs: commit 1 (ok), inject, commit 2 (must fail, invisible), clear, commit 3 (ok);
    /// then recovery must give exactly [1, 3].
    private func check(_ inject: (FaultInjectingFileIO) -> Void) throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let io = FaultInjectingFileIO()
        let (storage, durability) = try openDurability(directory, io: io)
        #expect(write(storage, 1) == nil)
        inject(io)
        #expect(write(storage, 2) != nil)
        #expect(values(storage) == [1])
        io.clearFaults()
        #expect(write(storage, 3) == nil)
        #expect(values(storage) == [1, 3])
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(values(recovered) == [1, 3])
    }

    @Test func failedWrite() throws { try check { $0.fail(.write) } }
    @Test func failedSync() throws { try check { $0.fail(.sync) } }
    @Test func partialWrite() throws { try check { $0.crash(afterBytes: 7) } }
    @Test func failedSyncAndTruncateSealsTheSegment() throws {
        // The record reached the file whole, the sync failed and so does the truncation: the
        // next segment's header must say where the valid data of the old one ends.
        try check { io in
            io.fail(.sync)
            io.fail(.truncate)
        }
    }
    @Test func failedCreationOfTheFirstSegment() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let io = FaultInjectingFileIO()
        let (storage, durability) = try openDurability(directory, io: io)
        io.fail(.create)
        #expect(write(storage, 0) != nil)
        #expect(write(storage, 1) == nil)
        io.fail(.syncDirectory)
        #expect(write(storage, 2) == nil)  // same segment: no directory sync needed
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(values(recovered) == [1, 2])
    }

    @Test func brokenLogRefusesCommitsUntilItsRepairSucceeds() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let io = FaultInjectingFileIO()
        let (storage, durability) = try openDurability(directory, io: io)
        #expect(write(storage, 1) == nil)
        // The write fails, and neither truncation nor a sealing segment is possible.
        io.fail(.write, sticky: true)
        io.fail(.truncate, sticky: true)
        io.fail(.create, sticky: true)
        #expect(write(storage, 2) != nil)
        #expect(write(storage, 3)?.message.contains("outcome of the failed ones is unknown") == true)
        io.clearFaults()
        // The next commit is refused, but its attempt repairs the log; the one after succeeds.
        #expect(write(storage, 4)?.message.contains("retry the transaction") == true)
        #expect(write(storage, 5) == nil)
        #expect(values(storage) == [1, 5])
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(values(recovered) == [1, 5])
    }

    @Test func failedRenameLeavesNoSnapshot() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let io = FaultInjectingFileIO()
        let (storage, durability) = try openDurability(directory, io: io)
        #expect(write(storage, 1) == nil)
        io.fail(.rename)
        #expect(Result { try durability.createSnapshot() }.isFailure)
        #expect(durability.snapshots().isEmpty)
        #expect(try PosixFileIO().listDirectory(directory + "/snapshots").isEmpty)
        #expect(write(storage, 2) == nil)
        let snapshot = try durability.createSnapshot()
        #expect(durability.snapshots() == [snapshot])
        try durability.close()
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(values(recovered) == [1, 2])
    }

    @Test func tornTailIsTruncated() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        for value in 1...5 { #expect(write(storage, value) == nil) }
        try durability.close()
        let segment = directory + "/wal/" + (try PosixFileIO().listDirectory(directory + "/wal")).last!
        let size = try PosixFileIO().readAll(segment).count
        #expect(truncate(segment, off_t(size - 3)) == 0)
        let (recovered, again) = try openDurability(directory)
        #expect(values(recovered) == [1, 2, 3, 4])
        #expect(again.recovery.truncatedTails.count == 1)
        #expect(write(recovered, 6) == nil)
        try again.close()
        let (third, thirdDurability) = try openDurability(directory)
        defer { try? thirdDurability.close() }
        #expect(values(third) == [1, 2, 3, 4, 6])
    }

    @Test func corruptionInTheMiddleStopsRecoveryNamingFileAndOffset() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        for value in 1...5 { #expect(write(storage, value) == nil) }
        try durability.close()
        let name = (try PosixFileIO().listDirectory(directory + "/wal")).last!
        let segment = directory + "/wal/" + name
        var bytes = try PosixFileIO().readAll(segment)
        let middle = bytes.count / 2
        bytes[middle] ^= 0x5A
        let file = try PosixFileIO().open(segment, .readWrite)
        try PosixFileIO().write(file, bytes, at: 0)
        PosixFileIO().close(file)
        let message = Result { try openDurability(directory) }.failureMessage ?? ""
        #expect(message.contains(segment))
        #expect(message.contains("offset"))
    }

    @Test func invalidNewestSnapshotFallsBackToAnOlderOne() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let (storage, durability) = try openDurability(directory)
        #expect(write(storage, 1) == nil)
        _ = try durability.createSnapshot()
        #expect(write(storage, 2) == nil)
        let newest = try durability.createSnapshot()
        #expect(write(storage, 3) == nil)
        try durability.close()
        var bytes = try PosixFileIO().readAll(newest.path)
        bytes[bytes.count / 2] ^= 0x01
        let file = try PosixFileIO().open(newest.path, .readWrite)
        try PosixFileIO().write(file, bytes, at: 0)
        PosixFileIO().close(file)
        let (recovered, again) = try openDurability(directory)
        defer { try? again.close() }
        #expect(again.recovery.skippedSnapshots.count == 1)
        #expect(again.recovery.snapshot?.path != newest.path)
        #expect(values(recovered) == [1, 2, 3])
    }
}
