// DataDirectoryLock: `<data-dir>/.lock`, held with flock(LOCK_EX | LOCK_NB) for as long as a
// Durability is open, so a second server on the same directory fails at once with a clear
// message instead of both writing the same WAL.
import QuiverCore

final class DataDirectoryLock: @unchecked Sendable {
    let io: any FileIO
    private var file: FileHandle?

    init(io: any FileIO, directory: String) throws(QuiverError) {
        self.io = io
        let path = joinPath(directory, ".lock")
        guard let file = try io.lockFile(path) else {
            throw QuiverError(.internalError, "The data directory \(directory) is in use by another Quiver process (\(path) is locked). Stop that process or choose another --data-directory.")
        }
        self.file = file
    }

    func release() {
        if let file { io.unlock(file) }
        file = nil
    }

    deinit { release() }
}
