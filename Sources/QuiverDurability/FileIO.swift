// FileIO: the seam through which QuiverDurability does every file operation (open, positioned
// write and read, fsync, truncate, rename, unlink, directory listing and fsync, the data
// directory lock). PosixFileIO is the real thing; FaultInjectingFileIO wraps any FileIO so tests
// can make the Nth write, sync or rename fail, or let a write reach the disk only partly.
import QuiverCore

/// An open file, as the FileIO that opened it knows it.
public struct FileHandle: Hashable, Sendable {
    public let descriptor: Int32
    public init(descriptor: Int32) { self.descriptor = descriptor }
}

public enum FileOpenMode: Sendable {
    /// Read only; the file must exist.
    case read
    /// Read and write; the file must exist.
    case readWrite
    /// Read and write; the file must not exist yet (O_CREAT | O_EXCL).
    case createNew
}

public protocol FileIO: AnyObject, Sendable {
    func open(_ path: String, _ mode: FileOpenMode) throws(QuiverError) -> FileHandle
    func close(_ file: FileHandle)
    /// Writes all of `bytes` at `offset` (pwrite, retried until complete).
    func write(_ file: FileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(QuiverError)
    /// Reads up to `buffer.count` bytes at `offset`; returns the count (0 at end of file).
    func read(_ file: FileHandle, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(QuiverError) -> Int
    /// fdatasync when `dataOnly`, else fsync.
    func sync(_ file: FileHandle, dataOnly: Bool) throws(QuiverError)
    func truncate(_ file: FileHandle, to size: UInt64) throws(QuiverError)
    func size(_ file: FileHandle) throws(QuiverError) -> UInt64
    func rename(_ from: String, to: String) throws(QuiverError)
    func unlink(_ path: String) throws(QuiverError)
    /// Names in `path` (not "." or ".."); throws when the directory cannot be read.
    func listDirectory(_ path: String) throws(QuiverError) -> [String]
    /// Creates `path` (parents too); an existing directory is fine.
    func makeDirectory(_ path: String) throws(QuiverError)
    /// fsyncs the directory itself, making renames, creations and unlinks in it durable.
    func syncDirectory(_ path: String) throws(QuiverError)
    /// Takes an exclusive, non-blocking lock (flock) on `path`, creating it; nil when another
    /// open file holds it. The lock lasts until `unlock`.
    func lockFile(_ path: String) throws(QuiverError) -> FileHandle?
    func unlock(_ file: FileHandle)
}

extension FileIO {
    public func write(_ file: FileHandle, _ bytes: [UInt8], at offset: UInt64) throws(QuiverError) {
        try bytes.withBytes { (raw) throws(QuiverError) in try write(file, raw, at: offset) }
    }

    /// The whole file at `path`.
    public func readAll(_ path: String) throws(QuiverError) -> [UInt8] {
        let file = try open(path, .read)
        defer { close(file) }
        let size = Int(try size(file))
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let count = try bytes.withMutableBytes { (raw) throws(QuiverError) -> Int in
                try read(file, into: UnsafeMutableRawBufferPointer(rebasing: raw[done...]), at: UInt64(done))
            }
            if count == 0 { break }
            done += count
        }
        if done < size { bytes.removeLast(size - done) }
        return bytes
    }

    public func fileExists(_ path: String) -> Bool {
        guard let file = try? open(path, .read) else { return false }
        close(file)
        return true
    }
}

/// Joins path components with "/".
func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
