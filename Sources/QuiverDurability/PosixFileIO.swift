// PosixFileIO: FileIO on the real file system through Glibc (open, pwrite, pread, fdatasync,
// fsync, ftruncate, rename, unlink, opendir, mkdir, flock). Errors carry the path or operation
// and strerror's text.
import Glibc
import QuiverCore

public final class PosixFileIO: FileIO, @unchecked Sendable {
    public init() {}

    private func failure(_ operation: String, _ subject: String, _ code: Int32 = errno) -> QuiverError {
        QuiverError(.internalError, "\(operation) \(subject) failed: \(String(cString: strerror(code)))")
    }

    public func open(_ path: String, _ mode: FileOpenMode) throws(QuiverError) -> FileHandle {
        let flags: Int32
        switch mode {
        case .read: flags = O_RDONLY
        case .readWrite: flags = O_RDWR
        case .createNew: flags = O_RDWR | O_CREAT | O_EXCL
        }
        let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open", path) }
        return FileHandle(descriptor: fd)
    }

    public func close(_ file: FileHandle) {
        _ = Glibc.close(file.descriptor)
    }

    public func write(_ file: FileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(QuiverError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let count = pwrite(file.descriptor, base + done, bytes.count - done, off_t(offset) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write", "to file descriptor \(file.descriptor)")
            }
            done += count
        }
    }

    public func read(_ file: FileHandle, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(QuiverError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = pread(file.descriptor, base, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw failure("read", "from file descriptor \(file.descriptor)") }
        }
    }

    public func sync(_ file: FileHandle, dataOnly: Bool) throws(QuiverError) {
        let result = dataOnly ? fdatasync(file.descriptor) : fsync(file.descriptor)
        guard result == 0 else { throw failure(dataOnly ? "fdatasync" : "fsync", "of file descriptor \(file.descriptor)") }
    }

    public func truncate(_ file: FileHandle, to size: UInt64) throws(QuiverError) {
        guard ftruncate(file.descriptor, off_t(size)) == 0 else { throw failure("ftruncate", "of file descriptor \(file.descriptor)") }
    }

    public func size(_ file: FileHandle) throws(QuiverError) -> UInt64 {
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else { throw failure("fstat", "of file descriptor \(file.descriptor)") }
        return UInt64(info.st_size)
    }

    public func rename(_ from: String, to: String) throws(QuiverError) {
        guard Glibc.rename(from, to) == 0 else { throw failure("rename", "\(from) to \(to)") }
    }

    public func unlink(_ path: String) throws(QuiverError) {
        guard Glibc.unlink(path) == 0 else { throw failure("unlink", path) }
    }

    public func listDirectory(_ path: String) throws(QuiverError) -> [String] {
        guard let directory = opendir(path) else { throw failure("opendir", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func makeDirectory(_ path: String) throws(QuiverError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw failure("mkdir", prefix) }
            prefix += "/"
        }
    }

    public func syncDirectory(_ path: String) throws(QuiverError) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open directory", path) }
        defer { _ = Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync of directory", path) }
    }

    public func lockFile(_ path: String) throws(QuiverError) -> FileHandle? {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open", path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            _ = Glibc.close(fd)
            if code == EWOULDBLOCK { return nil }
            throw failure("flock", path, code)
        }
        return FileHandle(descriptor: fd)
    }

    public func unlock(_ file: FileHandle) {
        _ = flock(file.descriptor, LOCK_UN)
        _ = Glibc.close(file.descriptor)
    }
}
