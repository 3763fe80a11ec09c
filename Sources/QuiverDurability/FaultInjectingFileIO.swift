// FaultInjectingFileIO: a FileIO wrapper for tests that makes chosen operations fail: the Nth
// write, sync, rename or truncate from now on (one-shot or from then on), or a write that
// reaches the file only up to a byte budget and then fails ("crash after N bytes"). It also
// counts operations, so tests can show that concurrent commits share one sync.
import QuiverCore
import Synchronization

public final class FaultInjectingFileIO: FileIO, Sendable {
    public enum Operation: Sendable, Hashable {
        case write, sync, syncDirectory, rename, truncate, unlink, create
    }

    private struct Rule {
        var operation: Operation
        var remaining: Int  // calls to let through before failing
        var sticky: Bool    // keep failing afterwards
    }

    private struct State {
        var counts: [Operation: Int] = [:]
        var rules: [Rule] = []
        /// Bytes that may still reach files; a write beyond it is cut short and fails.
        var byteBudget: Int? = nil
    }

    public let base: any FileIO
    private let state = Mutex(State())

    public init(base: any FileIO = PosixFileIO()) {
        self.base = base
    }

    /// The next `after` calls of `operation` succeed, then one fails (every later one too when
    /// `sticky`).
    public func fail(_ operation: Operation, after: Int = 0, sticky: Bool = false) {
        state.withLock { $0.rules.append(Rule(operation: operation, remaining: after, sticky: sticky)) }
    }

    /// Writes may put `bytes` more bytes into files; the write crossing the budget writes only
    /// its prefix and fails, and so does every write after it until `clearFaults`.
    public func crash(afterBytes bytes: Int) {
        state.withLock { $0.byteBudget = bytes }
    }

    public func clearFaults() {
        state.withLock {
            $0.rules = []
            $0.byteBudget = nil
        }
    }

    /// How many times `operation` was called (failed calls included).
    public func count(_ operation: Operation) -> Int {
        state.withLock { $0.counts[operation, default: 0] }
    }

    private func injected(_ operation: Operation, _ subject: String) -> QuiverError {
        QuiverError(.internalError, "injected \(operation) failure (\(subject))")
    }

    /// Counts the call and says whether a rule makes it fail.
    private func shouldFail(_ operation: Operation) -> Bool {
        state.withLock { state in
            state.counts[operation, default: 0] += 1
            for index in state.rules.indices where state.rules[index].operation == operation {
                if state.rules[index].remaining > 0 {
                    state.rules[index].remaining -= 1
                    continue
                }
                if !state.rules[index].sticky { state.rules.remove(at: index) }
                return true
            }
            return false
        }
    }

    public func open(_ path: String, _ mode: FileOpenMode) throws(QuiverError) -> FileHandle {
        if mode == .createNew, shouldFail(.create) { throw injected(.create, path) }
        return try base.open(path, mode)
    }

    public func close(_ file: FileHandle) { base.close(file) }

    public func write(_ file: FileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(QuiverError) {
        if shouldFail(.write) { throw injected(.write, "fd \(file.descriptor)") }
        let allowed: Int? = state.withLock { state in
            guard let budget = state.byteBudget else { return nil }
            let allowed = min(budget, bytes.count)
            state.byteBudget = budget - allowed
            return allowed
        }
        if let allowed, allowed < bytes.count {
            try base.write(file, UnsafeRawBufferPointer(rebasing: bytes[0..<allowed]), at: offset)
            throw injected(.write, "crash after a partial write of \(allowed) of \(bytes.count) bytes")
        }
        try base.write(file, bytes, at: offset)
    }

    public func read(_ file: FileHandle, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(QuiverError) -> Int {
        try base.read(file, into: buffer, at: offset)
    }

    public func sync(_ file: FileHandle, dataOnly: Bool) throws(QuiverError) {
        if shouldFail(.sync) { throw injected(.sync, "fd \(file.descriptor)") }
        try base.sync(file, dataOnly: dataOnly)
    }

    public func truncate(_ file: FileHandle, to size: UInt64) throws(QuiverError) {
        if shouldFail(.truncate) { throw injected(.truncate, "fd \(file.descriptor)") }
        try base.truncate(file, to: size)
    }

    public func size(_ file: FileHandle) throws(QuiverError) -> UInt64 { try base.size(file) }

    public func rename(_ from: String, to: String) throws(QuiverError) {
        if shouldFail(.rename) { throw injected(.rename, from) }
        try base.rename(from, to: to)
    }

    public func unlink(_ path: String) throws(QuiverError) {
        if shouldFail(.unlink) { throw injected(.unlink, path) }
        try base.unlink(path)
    }

    public func listDirectory(_ path: String) throws(QuiverError) -> [String] { try base.listDirectory(path) }
    public func makeDirectory(_ path: String) throws(QuiverError) { try base.makeDirectory(path) }

    public func syncDirectory(_ path: String) throws(QuiverError) {
        if shouldFail(.syncDirectory) { throw injected(.syncDirectory, path) }
        try base.syncDirectory(path)
    }

    public func lockFile(_ path: String) throws(QuiverError) -> FileHandle? { try base.lockFile(path) }
    public func unlock(_ file: FileHandle) { base.unlock(file) }
}
