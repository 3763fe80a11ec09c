// QueryMemory: the memory one query's operators hold (sort buffers, hash tables, distinct sets,
// collected lists, big intermediate lists) and the two limits it answers to: the query's own
// `QUERY MEMORY LIMIT n MB` and the process-wide `--memory-limit` (storage's MemoryGuard).
// Operators charge what they keep; the check is an integer compare plus one relaxed atomic
// load, so it can run per buffered row. Over the query limit the query fails; while the
// process is over the global limit it fails once it holds more than a small allowance, so
// small queries of other sessions keep running while the big one's memory returns.
import QuiverCore
import QuiverStorage

public final class QueryMemory {
    /// Bytes held now.
    public private(set) var tracked = 0
    /// `QUERY MEMORY LIMIT` in bytes; nil for none.
    public let queryLimitBytes: Int?
    let memoryGuard: MemoryGuard?

    public init(queryLimitBytes: Int?, memoryGuard: MemoryGuard?) {
        self.queryLimitBytes = queryLimitBytes
        self.memoryGuard = memoryGuard
    }

    /// Charges `bytes` the query now holds; throws when a limit says stop.
    /// The part of `tracked` already reported to the global guard.
    private var published = 0

    deinit { if published != 0 { memoryGuard?.addQueryBytes(-published) } }

    @inline(__always)
    public func charge(_ bytes: Int) throws(QuiverError) {
        tracked &+= bytes
        if tracked &- published >= MemoryGuard.queryPublishStep, let memoryGuard {
            memoryGuard.addQueryBytes(tracked &- published)
            published = tracked
        }
        if let queryLimitBytes, tracked > queryLimitBytes { throw queryLimitError(tracked) }
        if let memoryGuard, memoryGuard.isExceeded, tracked > MemoryGuard.bytesSparedWhileOver {
            throw memoryGuard.exceededError()
        }
    }

    /// Before allocating `bytes` at once (a big list): throws when that alone breaks a limit.
    public func precheck(_ bytes: Int) throws(QuiverError) {
        if let queryLimitBytes, tracked &+ bytes > queryLimitBytes { throw queryLimitError(tracked &+ bytes) }
        if let memoryGuard, let limit = memoryGuard.limitBytes, bytes > MemoryGuard.bytesSparedWhileOver,
           memoryGuard.currentUse &+ bytes > limit {
            throw QuiverError(.memoryLimitExceeded,
                              "Memory limit exceeded! Attempting to allocate a chunk of \(ByteSize.text(bytes)) which would put the current use to \(ByteSize.text(memoryGuard.currentUse &+ bytes)), while the maximum allowed size for allocation is set to \(ByteSize.text(limit)).")
        }
    }

    /// What keeping `value` costs, roughly: its slot plus the heap its string or list holds.
    public static func retainedBytes(_ value: Value) -> Int {
        switch value {
        case .string(let text): MemoryLayout<Value>.stride + (text.utf8.count > 15 ? text.utf8.count + 32 : 0)
        case .list(let items): MemoryLayout<Value>.stride + 32 + items.count * MemoryLayout<Value>.stride
        case .map(let entries): MemoryLayout<Value>.stride + 64 + entries.count * 64
        default: MemoryLayout<Value>.stride
        }
    }

    /// What `value` holds, nested lists and maps included (procedure results).
    public static func deepBytes(_ value: Value) -> Int {
        switch value {
        case .list(let items):
            var total = MemoryLayout<Value>.stride + 32
            for item in items { total &+= deepBytes(item) }
            return total
        case .map(let entries):
            var total = MemoryLayout<Value>.stride + 64
            for (key, item) in entries { total &+= 48 + key.utf8.count + deepBytes(item) }
            return total
        default:
            return retainedBytes(value)
        }
    }

    /// Releases what an operator let go of.
    public func release(_ bytes: Int) {
        tracked &-= bytes
        if published > tracked {
            memoryGuard?.addQueryBytes(tracked &- published)
            published = tracked
        }
    }

    private func queryLimitError(_ wouldBe: Int) -> QuiverError {
        QuiverError(.memoryLimitExceeded,
                    "Memory limit exceeded! Query memory use would be \(ByteSize.text(wouldBe)), while the maximum allowed size for allocation is set to \(ByteSize.text(queryLimitBytes ?? 0)).")
    }
}
