// Recovery: rebuilds a storage from a data directory. The newest snapshot that verifies is
// loaded (an invalid newer one is skipped for an older one, as Memgraph does, and reported);
// then the WAL segments, in sequence order, replay every record at or after the snapshot's
// timestamp; then indexes and constraints are built and the clock and gid limits restored. A
// torn tail is truncated; corruption anywhere else stops recovery with the file and offset.
import QuiverCore
import QuiverStorage

/// What recovery found and did.
public struct RecoveryReport: Sendable {
    public var snapshot: SnapshotInfo?
    /// Snapshots skipped as invalid, with the reason.
    public var skippedSnapshots: [String] = []
    public var snapshotVertices: UInt64 = 0
    public var snapshotEdges: UInt64 = 0
    public var walSegmentsRead = 0
    public var walTransactionsReplayed = 0
    public var walEdgesCreated = 0
    /// Segments whose torn tail was cut off ("path at offset").
    public var truncatedTails: [String] = []
    /// The largest commit timestamp recovered; the next commit gets a larger one.
    public var lastTimestamp: UInt64 = 0
    public var snapshotSeconds = 0.0
    public var walSeconds = 0.0
    public var schemaSeconds = 0.0
    var walStart = WALStart()
}

enum Recovery {
    static func run(storage: Storage, io: any FileIO, dataDirectory: String) throws(QuiverError) -> RecoveryReport {
        var report = RecoveryReport()
        let snapshotDirectory = joinPath(dataDirectory, SnapshotFormat.directoryName)
        let walDirectory = joinPath(dataDirectory, WALFormat.directoryName)
        var chosen: (SnapshotInfo, SnapshotCounts)? = nil
        for snapshot in Retention.snapshots(io: io, directory: snapshotDirectory) {
            switch Result(catching: { () throws(QuiverError) in try SnapshotReader.verify(io: io, path: snapshot.path) }) {
            case .success(let counts): chosen = (snapshot, counts)
            case .failure(let error): report.skippedSnapshots.append(error.message)
            }
            if chosen != nil { break }
        }
        let fromTimestamp = chosen?.0.timestamp ?? 0
        let segments = try walSegmentsToReplay(io: io, directory: walDirectory, fromTimestamp: fromTimestamp, snapshot: chosen?.0)

        let transaction = storage.beginRecovery()
        var schema = SchemaPlan()
        var started = monotonicSeconds()
        if let (snapshot, counts) = chosen {
            do throws(QuiverError) {
                try SnapshotReader.load(io: io, path: snapshot.path, expected: counts, into: transaction,
                                        storage: storage, schema: &schema)
            } catch {
                transaction.abort()
                throw error
            }
            report.snapshot = snapshot
            report.snapshotVertices = counts.vertices
            report.snapshotEdges = counts.edges
        }
        report.snapshotSeconds = monotonicSeconds() - started
        started = monotonicSeconds()
        let replay = WALReplay(transaction: transaction, registry: storage.names, fromTimestamp: fromTimestamp, schema: schema)
        do throws(QuiverError) {
            try replaySegments(segments, replay, io: io, report: &report)
            try transaction.commit()
        } catch {
            transaction.abort()
            throw error
        }
        report.walSeconds = monotonicSeconds() - started
        report.walTransactionsReplayed = replay.transactionsReplayed
        report.walEdgesCreated = replay.edgesCreated
        started = monotonicSeconds()
        try replay.schema.rebuild(in: storage)
        report.schemaSeconds = monotonicSeconds() - started

        let last = max(replay.maxTimestamp, fromTimestamp)
        storage.restoreClock(after: last)
        if let header = chosen?.1.header {
            storage.restoreGidLimits(vertex: header.vertexGidLimit, edge: header.edgeGidLimit)
        }
        report.lastTimestamp = last
        report.walStart.lastTimestamp = last
        return report
    }

    /// The segments to read, in order, with the gap checks; deletes a last segment whose header
    /// never reached the disk (a crash while creating it).
    private static func walSegmentsToReplay(io: any FileIO, directory: String, fromTimestamp: UInt64,
                                            snapshot: SnapshotInfo?) throws(QuiverError) -> [WALSegmentFile] {
        guard (try? io.listDirectory(directory)) != nil else { return [] }
        let (segments, damaged) = try Retention.walSegments(io: io, directory: directory)
        for path in damaged {
            // Only a torn creation is tolerable: a file shorter than a header, or zeros.
            let bytes = try io.readAll(path)
            let newest = segments.last.map { path > $0.path } ?? true
            guard newest, bytes.count < WALFormat.headerSize || bytes.allSatisfy({ $0 == 0 }) else {
                throw WALSegmentReader.corrupt(path, 0, "invalid segment header")
            }
            try io.unlink(path)
        }
        for index in segments.indices.dropFirst() where segments[index].header.sequence != segments[index - 1].header.sequence + 1 {
            throw QuiverError(.internalError, "WAL segment \(segments[index - 1].header.sequence + 1) is missing (found \(segments[index - 1].path) and then \(segments[index].path)); recovery stops rather than skip transactions.")
        }
        // Skip segments whose records all precede the snapshot.
        var first = 0
        while first + 1 < segments.count && segments[first + 1].header.firstTimestamp <= fromTimestamp { first += 1 }
        if let oldest = segments.first, first == 0, oldest.header.sequence != 1 {
            if let snapshot, oldest.header.firstTimestamp > snapshot.timestamp {
                throw QuiverError(.internalError, "The WAL segments after snapshot \(snapshot.path) are missing: the oldest segment, \(oldest.path), starts at timestamp \(oldest.header.firstTimestamp).")
            }
            if snapshot == nil {
                throw QuiverError(.internalError, "No valid snapshot, and the WAL does not start at its first segment (the oldest is \(oldest.path)); the older history is missing, so recovery stops.")
            }
        }
        return Array(segments[first...])
    }

    private static func replaySegments(_ segments: [WALSegmentFile], _ replay: WALReplay, io: any FileIO,
                                       report: inout RecoveryReport) throws(QuiverError) {
        for (index, segment) in segments.enumerated() {
            let bytes = try io.readAll(segment.path)
            var limit = bytes.count
            // A later header may say how much of this segment was ever acknowledged.
            if index + 1 < segments.count {
                let valid = segments[index + 1].header.previousSegmentLength
                if valid != WALFormat.noPreviousSegment { limit = min(limit, Int(clamping: valid)) }
            }
            let scan = try bytes.withBytes { (raw) throws(QuiverError) -> WALSegmentScan in
                try replay.replaySegment(raw, path: segment.path, limit: limit)
            }
            report.walSegmentsRead += 1
            if scan.validLength < bytes.count {
                if scan.tornTail { report.truncatedTails.append("\(segment.path) at offset \(scan.validLength)") }
                let file = try io.open(segment.path, .readWrite)
                defer { io.close(file) }
                try io.truncate(file, to: UInt64(scan.validLength))
                try io.sync(file, dataOnly: false)
            }
            report.walStart.nextSequence = segment.header.sequence + 1
            report.walStart.previousSegmentLength = UInt64(scan.validLength)
        }
    }
}
