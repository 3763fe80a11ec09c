// QueryInterruption: a running query's stop request — TERMINATE TRANSACTIONS, the query
// execution timeout or shutdown — set from any thread and checked by the executor between rows
// (scans, expansions, UNWIND and result rows), which then fails with Memgraph's transient text.
import Glibc
import QuiverCore
import Synchronization

public final class QueryInterruption: Sendable {
    public enum Reason: UInt8, Sendable {
        case none = 0, terminated, timeout, shutdown

        public var message: String {
            switch self {
            case .none: ""
            case .terminated: "Transaction was asked to abort by another user."
            case .timeout: "Transaction was asked to abort because of transaction timeout."
            case .shutdown: "Transaction was asked to abort because of database shutdown."
            }
        }
    }

    private let reason = Atomic<UInt8>(0)
    /// Monotonic nanoseconds at which the query times out; 0 = never.
    public let deadline: UInt64

    /// `timeoutSeconds` ≤ 0 means no timeout.
    public init(timeoutSeconds: Double) {
        deadline = timeoutSeconds > 0 ? Self.now() &+ UInt64(timeoutSeconds * 1e9) : 0
    }

    /// Asks the query to stop at its next check (the first reason wins).
    public func request(_ reason: Reason) {
        _ = self.reason.compareExchange(expected: 0, desired: reason.rawValue, ordering: .relaxed)
    }

    public var requested: Reason { Reason(rawValue: reason.load(ordering: .relaxed)) ?? .none }

    /// Throws when a stop was requested or the deadline passed.
    @inline(__always)
    public func check() throws(QuiverError) {
        var raw = reason.load(ordering: .relaxed)
        if raw == 0 && deadline != 0 && Self.now() >= deadline {
            request(.timeout)
            raw = reason.load(ordering: .relaxed)
        }
        guard raw != 0 else { return }
        throw QuiverError(.transactionAborted, (Reason(rawValue: raw) ?? .terminated).message)
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
