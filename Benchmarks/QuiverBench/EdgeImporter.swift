// EdgeImporter: imports the graph's edges with N threads through the transaction API. Workers
// claim chunks of sources, commit about `batch` edges per transaction and, on a conflict
// (transactional mode only: analytical writers never conflict), abort and redo that batch.
import ArgumentParser
import Foundation
import QuiverCore
import QuiverStorage
import Synchronization

final class EdgeImporter: Sendable {
    let storage: Storage
    let graph: PokecGraph
    let type: EdgeTypeID
    let batch: Int
    private let nextChunk = Atomic<Int>(0)
    private let retries = Atomic<Int>(0)
    private let failure = Mutex<String?>(nil)
    private static let sourcesPerChunk = 256

    init(storage: Storage, graph: PokecGraph, type: EdgeTypeID, batch: Int) {
        self.storage = storage
        self.graph = graph
        self.type = type
        self.batch = batch
    }

    /// Imports every edge; `sample` runs after each commit of worker 0. Returns conflict retries.
    func run(workers: Int, sample: @escaping () -> Void) throws -> Int {
        if workers <= 1 {
            work(sample: sample)
        } else {
            let group = DispatchGroup()
            let sampler = UnsafeSendable(sample)
            for worker in 0..<workers {
                group.enter()
                Thread { [self] in
                    work(sample: worker == 0 ? sampler.value : {})
                    group.leave()
                }.start()
            }
            group.wait()
        }
        if let message = failure.withLock({ $0 }) { throw ValidationError(message) }
        return retries.load(ordering: .relaxed)
    }

    private func work(sample: () -> Void) {
        let count = graph.vertexCount
        while true {
            let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            let first = chunk * Self.sourcesPerChunk
            if first >= count { return }
            var source = first
            let end = min(count, first + Self.sourcesPerChunk)
            while source < end {
                // One transaction: whole sources until about `batch` edges.
                var last = source, edges = 0
                while last < end && (edges == 0 || edges + Int(graph.outDegrees[last]) <= batch) {
                    edges += Int(graph.outDegrees[last])
                    last += 1
                }
                while true {
                    let tx = storage.begin()
                    do {
                        for from in source..<last {
                            try graph.forEachEdge(of: from) { to in
                                try tx.createEdge(from: Gid(UInt64(from)), to: Gid(UInt64(to)), type: type)
                            }
                        }
                        try tx.commit()
                        sample()
                        break
                    } catch let error as QuiverError where error.code == .serializationConflict {
                        tx.abort()
                        retries.wrappingAdd(1, ordering: .relaxed)
                    } catch {
                        tx.abort()
                        failure.withLock { $0 = "\(error)" }
                        return
                    }
                }
                source = last
            }
        }
    }
}

/// Carries a non-Sendable closure into a thread that is the only one to call it.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
