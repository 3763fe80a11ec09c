// Retention and listings: the snapshots in a data directory (SHOW SNAPSHOTS), the WAL segments
// with their headers, and the clean-up after each snapshot: keep the newest
// `--storage-snapshot-retention-count` snapshots, and delete the WAL segments no kept snapshot
// needs (those whose every record is older than the oldest kept snapshot).
import QuiverCore

/// One WAL segment file and its header.
struct WALSegmentFile {
    var path: String
    var header: WALSegmentHeader
}

enum Retention {
    /// Valid snapshots (readable header), newest first.
    static func snapshots(io: any FileIO, directory: String) -> [SnapshotInfo] {
        guard let names = try? io.listDirectory(directory) else { return [] }
        var result: [SnapshotInfo] = []
        for name in names where !name.hasPrefix(".") && name.contains("_timestamp_") {
            let path = joinPath(directory, name)
            guard let header = SnapshotReader.header(io: io, path: path),
                  let file = try? io.open(path, .read) else { continue }
            let size = (try? io.size(file)) ?? 0
            io.close(file)
            result.append(SnapshotInfo(path: path, timestamp: header.startTimestamp,
                                       creationMicroseconds: header.creationMicroseconds, size: size))
        }
        return result.sorted { ($0.timestamp, $0.creationMicroseconds) > ($1.timestamp, $1.creationMicroseconds) }
    }

    /// WAL segment files by sequence; files whose header is unreadable are returned in `damaged`.
    static func walSegments(io: any FileIO, directory: String) throws(QuiverError) -> (segments: [WALSegmentFile], damaged: [String]) {
        var segments: [WALSegmentFile] = []
        var damaged: [String] = []
        for name in try io.listDirectory(directory) where name.hasSuffix(WALFormat.fileSuffix) && !name.hasPrefix(".") {
            let path = joinPath(directory, name)
            let file = try io.open(path, .read)
            defer { io.close(file) }
            var bytes = [UInt8](repeating: 0, count: WALFormat.headerSize)
            let count = try bytes.withMutableBytes { (raw) throws(QuiverError) in try io.read(file, into: raw, at: 0) }
            if count == WALFormat.headerSize, let header = bytes.withUnsafeBytes({ WALSegmentHeader.decode($0) }) {
                segments.append(WALSegmentFile(path: path, header: header))
            } else {
                damaged.append(path)
            }
        }
        return (segments.sorted { $0.header.sequence < $1.header.sequence }, damaged)
    }

    /// Deletes snapshots beyond the newest `keep`, then WAL segments older than every kept one.
    /// Returns the deleted paths.
    @discardableResult
    static func apply(io: any FileIO, dataDirectory: String, keep: Int) -> [String] {
        let snapshotDirectory = joinPath(dataDirectory, SnapshotFormat.directoryName)
        let walDirectory = joinPath(dataDirectory, WALFormat.directoryName)
        let all = snapshots(io: io, directory: snapshotDirectory)
        var deleted: [String] = []
        for snapshot in all.dropFirst(max(1, keep)) where (try? io.unlink(snapshot.path)) != nil {
            deleted.append(snapshot.path)
        }
        if !deleted.isEmpty { try? io.syncDirectory(snapshotDirectory) }
        guard let oldestKept = all.prefix(max(1, keep)).last?.timestamp,
              let segments = try? walSegments(io: io, directory: walDirectory).segments else { return deleted }
        var removedSegments = false
        for index in segments.indices.dropLast() {
            // Every commit in segment i is older than segment i+1's first timestamp.
            guard segments[index + 1].header.firstTimestamp <= oldestKept else { break }
            guard (try? io.unlink(segments[index].path)) != nil else { break }
            deleted.append(segments[index].path)
            removedSegments = true
        }
        if removedSegments { try? io.syncDirectory(walDirectory) }
        return deleted
    }
}
