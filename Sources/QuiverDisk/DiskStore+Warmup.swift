// DiskStore warm-up: after open, a background pass reads the families that point reads hit at
// random into memory, so the first queries after a restart do not each pay a block read (the
// idea of Neo4j's page-cache warm-up). In order:
//   1. label_property_index and unique into RocksDB's block cache, up to half of it (index
//      seeks then find their data blocks cached);
//   2. vertex records into the store-wide vertex cache (SharedVertexCache), at most as many as
//      it has slots, filling the block cache too while the half lasts.
// It reads at one snapshot taken under a stable vertex generation, like a transaction, so the
// records it offers the vertex cache are exact for that generation (none when a vertex commit
// was in flight). It stops early when the store closes; memory stays within the budgets the
// caches already have (DiskMemoryBudget.swift). Readers never wait for it.
import CRocksDB
import Dispatch
import Synchronization

extension DiskStore {
    /// Starts the warm-up on a background queue (`close` waits for it: it stops within a
    /// thousand keys once the store is closing).
    func startWarmup(blockCacheBudget: Int) {
        warmup.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            warm(blockCacheBudget: blockCacheBudget)
            warmupDone.store(true, ordering: .releasing)
            warmup.leave()
        }
    }

    /// Whether the warm-up pass has ended (tests and benchmarks wait for it).
    public var warmupFinished: Bool { warmupDone.load(ordering: .acquiring) }

    private enum WarmStep { case next, stop, stopFillingCache }

    private func warm(blockCacheBudget: Int) {
        // Counted as a user of RocksDB throughout, so a close waits for the snapshot's release.
        guard !closed.load(ordering: .relaxed), database.retainIfOpen() else { return }
        defer { database.release() }
        let before = vertexCache.generationBeforeSnapshot()
        guard let snapshot = rocksdb_create_snapshot(database.base) else { return }
        let generation = vertexCache.stableGeneration(before)
        let filling = RocksDatabase.totalOrderReadOptions(), passing = RocksDatabase.totalOrderReadOptions()
        for options in [filling, passing] {
            rocksdb_readoptions_set_snapshot(options, snapshot)
            rocksdb_readoptions_set_readahead_size(options, 2 << 20)
        }
        rocksdb_readoptions_set_fill_cache(passing, 0)
        defer {
            rocksdb_readoptions_destroy(filling)
            rocksdb_readoptions_destroy(passing)
            rocksdb_release_snapshot(database.base, snapshot)
        }
        var budget = blockCacheBudget
        for family in [Family.propertyIndex, .unique] where budget > 0 {
            scanForWarmup(family, filling, passing) { key, value in
                budget -= key.count + value.count
                return budget > 0 ? .next : .stop
            }
        }
        guard let generation else { return }
        var records = vertexCache.slotCount
        var fillingCache = budget > 0
        scanForWarmup(.vertices, fillingCache ? filling : passing, passing) { key, value in
            vertexCache.remember(key.bigEndianUInt64(at: 0), generation, value)
            records -= 1
            if records == 0 { return .stop }
            guard fillingCache else { return .next }
            budget -= key.count + value.count
            if budget > 0 { return .next }
            fillingCache = false
            return .stopFillingCache
        }
    }

    /// Walks `family` from its first key with `options` while `body` says go on and the store
    /// is open; from the key where `body` says stop filling the cache it goes on with `after`.
    private func scanForWarmup(_ family: Family, _ options: OpaquePointer, _ after: OpaquePointer,
                               _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> WarmStep) {
        var iterator = RocksIterator(database, family, readOptions: options)
        iterator.seekToFirst()
        var steps = 0
        while iterator.isValid {
            steps &+= 1
            if steps & 1023 == 0 && closed.load(ordering: .relaxed) { return }
            switch body(iterator.key, iterator.value) {
            case .next:
                iterator.next()
            case .stop:
                return
            case .stopFillingCache:
                let resume = Array(iterator.key)
                iterator = RocksIterator(database, family, readOptions: after)
                iterator.seek(resume)
                if iterator.isValid { iterator.next() }
            }
        }
    }
}
