// IndexIteratorPool: equality-seek iterators over the label+property index, kept between
// transactions. Creating a RocksDB iterator (pinning the current memtables and files, and
// building a child iterator per L0 file) costs more than the seek a point read needs, so a
// transaction hands its iterator back when it ends and the next one reuses it.
//
// An iterator is a fixed point-in-time view, valid after its snapshot is released. It is
// tagged with the store's vertex generation (SharedVertexCache.swift) its transaction matched:
// every commit that writes vertex records, and so index entries, moves the generation, and
// index DDL moves it too (DiskStore.propertyIndexChanged). A transaction whose snapshot
// matches the same stable generation sees exactly what the iterator sees, so it may take it.
// Iterators of older generations pin obsolete memtables and files: they are destroyed as soon
// as the pool notices, and all of them at close (RocksDB must not close under them). An
// iterator also pins the files a later compaction replaced (flushes and compactions do not
// move the generation), so each is retired after `maxUses` transactions: a read-only workload
// moves to the compacted files soon and never holds replaced files for long.
import Synchronization

final class IndexIteratorPool: Sendable {
    private struct Entry {
        let generation: UInt64
        let iterator: RocksIterator
        let uses: Int
    }

    static let capacity = 8
    static let maxUses = 256
    private let entries = Mutex<[Entry]>([])

    /// An iterator tagged `generation`, if one is pooled (stale ones are destroyed).
    func take(_ generation: UInt64) -> (iterator: RocksIterator, uses: Int)? {
        var stale: [Entry] = []
        let found = entries.withLock { entries -> (iterator: RocksIterator, uses: Int)? in
            var found: (iterator: RocksIterator, uses: Int)? = nil
            var kept: [Entry] = []
            for entry in entries {
                if entry.generation != generation { stale.append(entry) }
                else if found == nil { found = (entry.iterator, entry.uses) }
                else { kept.append(entry) }
            }
            entries = kept
            return found
        }
        _ = stale // destroyed here, outside the lock
        return found
    }

    /// Keeps `iterator` (tagged `generation`, used by `uses` transactions so far) when that is
    /// still the store's `current` generation.
    func give(_ iterator: RocksIterator, _ generation: UInt64, uses: Int, current: UInt64?) {
        guard generation == current, uses < Self.maxUses, iterator.isHealthy else { return }
        var dropped: [Entry] = []
        entries.withLock { entries in
            dropped = entries.filter { $0.generation != generation }
            entries.removeAll { $0.generation != generation }
            if entries.count < Self.capacity { entries.append(Entry(generation: generation, iterator: iterator, uses: uses)) }
        }
        _ = dropped
    }

    /// Destroys every pooled iterator.
    func drain() {
        let all = entries.withLock { entries -> [Entry] in
            defer { entries = [] }
            return entries
        }
        _ = all
    }
}
