// ParallelEdgeLoader: creates a snapshot's edges on several threads. The thread parsing the
// snapshot fills batches of decoded edges and queues them for helper threads, each with its own
// recovery transaction (the storage's analytical write path, which locks the two endpoints per
// edge, so concurrent creators are safe); when the queue is full the parser applies a batch
// itself. Edge creation is bound by cache misses on the target vertices, so a second core nearly
// doubles the rate.
import Glibc
import QuiverCore
import QuiverStorage

final class ParallelEdgeLoader: @unchecked Sendable {
    /// Edges per batch.
    static let batchSize = 16_384
    /// Snapshots with fewer edges load on the parsing thread alone.
    nonisolated(unsafe) static var threshold: UInt64 = 200_000

    struct Batch {
        var gids: [UInt64] = []
        var sources: [UInt64] = []
        var targets: [UInt64] = []
        var types: [EdgeTypeID] = []
        /// Per edge, only when edges carry properties.
        var properties: [[(PropertyID, Value)]] = []

        var count: Int { gids.count }

        mutating func removeAll() {
            gids.removeAll(keepingCapacity: true)
            sources.removeAll(keepingCapacity: true)
            targets.removeAll(keepingCapacity: true)
            types.removeAll(keepingCapacity: true)
            properties.removeAll(keepingCapacity: true)
        }
    }

    private let monitor = Monitor()
    private var queue: [Batch] = []
    private var spare: [Batch] = []
    private var closing = false
    private var running = 0
    private var failure: QuiverError?
    private let mainTransaction: Transaction
    private let helpers: Int
    var current = Batch()

    init(storage: Storage, transaction: Transaction, expectedEdges: UInt64) {
        mainTransaction = transaction
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        helpers = expectedEdges >= Self.threshold ? max(0, min(3, cores - 1)) : 0
        running = helpers
        for _ in 0..<helpers {
            let transaction = storage.beginRecovery()
            startThread { [self] in helperLoop(transaction) }
        }
    }

    /// Adds one decoded edge; hands the batch on when it is full.
    @inline(__always)
    func add(gid: UInt64, from: UInt64, to: UInt64, type: EdgeTypeID, properties: [(PropertyID, Value)]?) throws(QuiverError) {
        current.gids.append(gid)
        current.sources.append(from)
        current.targets.append(to)
        current.types.append(type)
        if let properties { current.properties.append(properties) }
        if current.count >= Self.batchSize { try submit() }
    }

    private func submit() throws(QuiverError) {
        guard current.count > 0 else { return }
        if helpers == 0 {
            try Self.apply(current, mainTransaction)
            current.removeAll()
            return
        }
        let (queued, next): (Bool, Batch?) = monitor.withLock {
            guard queue.count < 2 * helpers, failure == nil else { return (false, nil) }
            queue.append(current)
            monitor.broadcast()
            return (true, spare.popLast())
        }
        if queued {
            current = next ?? Batch()
            current.removeAll()
        } else {
            try Self.apply(current, mainTransaction)
            current.removeAll()
        }
    }

    /// Applies what is left, waits for the helpers and commits their transactions.
    func finish() throws(QuiverError) {
        let submitted = Result { () throws(QuiverError) in try submit() }
        monitor.withLock {
            closing = true
            monitor.broadcast()
            while running > 0 { monitor.wait() }
        }
        if let failure = monitor.withLock({ failure }) { throw failure }
        try submitted.get()
    }

    private func helperLoop(_ transaction: Transaction) {
        while true {
            monitor.lock()
            while queue.isEmpty && !closing { monitor.wait() }
            if queue.isEmpty {
                running -= 1
                monitor.broadcast()
                monitor.unlock()
                // Commit publishes the helper's counts; its writes are already in place.
                if (try? transaction.commit()) == nil { transaction.abort() }
                return
            }
            var batch = queue.removeFirst()
            monitor.broadcast()
            monitor.unlock()
            let result = Result { () throws(QuiverError) in try Self.apply(batch, transaction) }
            batch.removeAll()
            monitor.withLock {
                if case .failure(let error) = result, failure == nil { failure = error }
                if failure != nil { queue.removeAll() }
                spare.append(batch)
            }
        }
    }

    private static func apply(_ batch: Batch, _ transaction: Transaction) throws(QuiverError) {
        let withProperties = !batch.properties.isEmpty
        for index in 0..<batch.count {
            try transaction.createEdge(gid: Gid(batch.gids[index]), from: Gid(batch.sources[index]), to: Gid(batch.targets[index]),
                                       type: batch.types[index], properties: withProperties ? batch.properties[index] : [])
        }
    }
}
