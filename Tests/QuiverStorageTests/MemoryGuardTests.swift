// The global memory limit: a growing transaction fails with Memgraph's transient text once the
// sampled use is over the limit, its rollback returns the memory, and small transactions keep
// working meanwhile. Sizes print as Memgraph prints them.
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct MemoryGuardTests {
    @Test func sizesPrintLikeMemgraph() {
        #expect(ByteSize.text(100) == "100B")
        #expect(ByteSize.text(512 << 20) == "512.00MiB")
        #expect(ByteSize.text(1_288_490_189) == "1.20GiB")
        #expect(ByteSize.text(1536) == "1.50KiB")
    }

    @Test func growingTransactionFailsAndSmallOnesContinue() throws {
        var config = StorageConfig()
        config.garbageCollectionIntervalSeconds = nil
        let probe = Storage(config: config)
        config.memoryLimitBytes = probe.memoryGuard.currentUse + (16 << 20)
        let storage = Storage(config: config)
        let key = storage.names.property("payload")
        let big = storage.begin()
        var failure: QuiverError?
        let payload = Value.string(String(repeating: "x", count: 200))
        for index in 0..<2_000_000 {
            if index % 1000 == 0 { storage.memoryGuard.sampleNow() }
            let outcome = Result { () throws(QuiverError) in try big.createVertex(properties: [(key, payload)]) }
            if case .failure(let error) = outcome {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect(error.code == .memoryLimitExceeded && error.code.isTransient)
        #expect(error.message.hasPrefix("Memory limit exceeded! Current use is "))
        #expect(error.message.hasSuffix(", while the maximum allowed size for allocation is set to \(ByteSize.text(config.memoryLimitBytes!))."))
        // Another session's small write goes through while the limit is exceeded.
        let small = storage.begin()
        _ = try small.createVertex(properties: [(key, .int(1))])
        try small.commit()
        big.abort()
        storage.collectGarbage()
        #expect(!storage.memoryGuard.sampleNow())
        #expect(storage.vertexCount == 1)
    }
}
