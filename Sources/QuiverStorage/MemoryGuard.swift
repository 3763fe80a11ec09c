// MemoryGuard: the global memory limit (`--memory-limit`). A background sampler adds up what
// the process holds for data — the storage's counters (record chunks, bodies, the adjacency
// arena, delta slabs, indexes) plus the bytes running queries hold in buffers — every few
// milliseconds and raises a flag while the total is over the limit. Only counters are read:
// asking the allocator (mallinfo2) walks its free lists under its locks, which stalls every
// thread of a large heap. Checking the flag is one relaxed atomic load, so write paths and
// query operators can afford it per row. While the flag is up, a transaction that keeps
// growing fails with Memgraph's transient "Memory limit exceeded!" error and rolls back;
// small transactions (a point read, a few writes) are spared, so other sessions keep working
// while the memory of the failed one returns.
import Atomics
import Dispatch
import QuiverCore

public final class MemoryGuard: @unchecked Sendable {
    /// The limit in bytes (nil: unlimited, no sampler runs).
    public let limitBytes: Int?
    private let over = ManagedAtomic<Bool>(false)
    private let lastUse = ManagedAtomic<Int>(0)
    /// Bytes running queries hold (QueryMemory publishes in steps of `queryPublishStep`).
    private let queryBytes = ManagedAtomic<Int>(0)
    public static let queryPublishStep = 64 << 10
    private var timer: DispatchSourceTimer?
    private weak var storage: Storage?

    /// Writes a transaction may make while the limit is exceeded before it is stopped.
    public static let writesSparedWhileOver = 1_000
    /// Bytes a query's buffers may hold while the limit is exceeded before it is stopped.
    public static let bytesSparedWhileOver = 1 << 20

    init(limitBytes: Int?) {
        self.limitBytes = limitBytes
    }

    /// Starts sampling `storage` (when there is a limit). Called once, by the storage's init.
    func start(measuring storage: Storage) {
        self.storage = storage
        guard let limitBytes, limitBytes > 0 else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "quiver.memory"))
        timer.schedule(deadline: .now(), repeating: .milliseconds(5))
        timer.setEventHandler { [weak self] in self?.sample(limit: limitBytes) }
        timer.resume()
        self.timer = timer
    }

    deinit { timer?.cancel() }

    /// True while the process is over the limit (as of the last sample).
    @inline(__always) public var isExceeded: Bool { over.load(ordering: .relaxed) }

    /// Bytes in use for data now: the storage's components plus what queries hold.
    public var currentUse: Int {
        (storage?.memoryUsage.totalBytes ?? 0) + queryBytes.load(ordering: .relaxed)
    }

    /// Queries report what they hold (in steps, not per row).
    public func addQueryBytes(_ bytes: Int) {
        queryBytes.wrappingIncrement(by: bytes, ordering: .relaxed)
    }

    /// Samples now (tests and the sampler); returns whether the limit is exceeded.
    @discardableResult
    public func sampleNow() -> Bool {
        guard let limitBytes, limitBytes > 0 else { return false }
        sample(limit: limitBytes)
        return isExceeded
    }

    private func sample(limit: Int) {
        let use = currentUse
        lastUse.store(use, ordering: .relaxed)
        over.store(use > limit, ordering: .relaxed)
    }

    /// Memgraph's error for the periodic check.
    public func exceededError() -> QuiverError {
        let use = max(lastUse.load(ordering: .relaxed), currentUse)
        return QuiverError(.memoryLimitExceeded,
                           "Memory limit exceeded! Current use is \(ByteSize.text(use)), while the maximum allowed size for allocation is set to \(ByteSize.text(limitBytes ?? 0)).")
    }
}

/// Sizes as Memgraph prints them: "512.00MiB", "1.25GiB", "100B".
public enum ByteSize {
    public static func text(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes)B" }
        let hundredths = Int64((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)\(units[unit])"
    }
}
