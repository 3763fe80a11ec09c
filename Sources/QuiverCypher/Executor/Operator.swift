// Operator: the two halves of every physical operator. A PlanOperator is immutable and shared
// (plans are cached and run by many sessions); a Cursor is its per-execution state. Cursors pull
// rows Volcano-style: `pull` fills the operator's slots in the shared frame and returns true, or
// returns false when exhausted. Dispatch is a class vtable call per row and operator — no
// existential boxes, no allocation per row.

import Glibc
import QuiverCore

open class PlanOperator: @unchecked Sendable {
    /// Operator name as EXPLAIN and PROFILE print it (Memgraph's names: ScanAllByLabel, Expand…).
    open var name: String { "Operator" }
    /// Extra text after the name in EXPLAIN (`ScanAllByLabelProperty (n :User {id})`).
    open var details: String { "" }
    /// Inputs, the main input first.
    open var children: [PlanOperator] { [] }

    public init() {}

    open func makeCursor(_ profiler: Profiler?) -> Cursor { fatalError("\(name) has no cursor") }

    /// Builds the cursor tree, wrapping every cursor in a profiling one when profiling.
    public final func cursor(_ profiler: Profiler?) -> Cursor {
        let cursor = makeCursor(profiler)
        guard let profiler else { return cursor }
        return ProfilingCursor(inner: cursor, entry: profiler.entry(for: self))
    }
}

open class Cursor {
    public init() {}

    /// Produces the next row into the frame; false when exhausted.
    open func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool { false }

    /// Back to the state before the first pull (Apply and Optional rerun their right side).
    open func reset() {}
}

/// PROFILE's measurements: per operator, rows produced and time spent (inclusive).
public final class Profiler {
    public final class Entry {
        public let name: String
        public var hits = 0
        public var nanoseconds: UInt64 = 0
        init(name: String) { self.name = name }
    }

    public private(set) var entries: [ObjectIdentifier: Entry] = [:]

    public init() {}

    func entry(for operator: PlanOperator) -> Entry {
        let key = ObjectIdentifier(`operator`)
        if let entry = entries[key] { return entry }
        let entry = Entry(name: `operator`.name)
        entries[key] = entry
        return entry
    }

    public func entry(of operator: PlanOperator) -> Entry? { entries[ObjectIdentifier(`operator`)] }
}

final class ProfilingCursor: Cursor {
    let inner: Cursor
    let entry: Profiler.Entry

    init(inner: Cursor, entry: Profiler.Entry) {
        self.inner = inner
        self.entry = entry
    }

    override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        let start = MonotonicClock.nanoseconds()
        defer { entry.nanoseconds &+= MonotonicClock.nanoseconds() &- start }
        let produced = try inner.pull(context)
        if produced { entry.hits += 1 }
        return produced
    }

    override func reset() { inner.reset() }
}

/// CLOCK_MONOTONIC in nanoseconds.
enum MonotonicClock {
    static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
