// LabelPropertyIndex: the ordered (value, gid) entries of a label+property index, in sorted
// leaves of up to 256 16-byte entries under a sorted leaf directory (a two-level B+tree). A
// reader-writer lock guards it: writers hold it for one insert or removal, readers copy a batch
// of matches and release it, so a scan never holds the lock across a call into the executor.
// Entries are a superset of what any transaction sees: readers confirm each one against the
// vertex at their snapshot, and GC removes entries that no version needs.
import CPrefetch
import Glibc
import QuiverCore
import Synchronization

final class LabelPropertyIndex: @unchecked Sendable {
    let label: UInt32
    let property: UInt32
    static let leafCapacity = 256

    final class Leaf {
        let entries: UnsafeMutablePointer<IndexEntry>
        var count = 0
        init() { entries = .allocate(capacity: LabelPropertyIndex.leafCapacity) }
        deinit { entries.deallocate() }
        var first: IndexEntry { entries[0] }
        var last: IndexEntry { entries[count - 1] }
    }

    private let lock = ReaderWriterLock()
    private var leaves: [Leaf] = []
    /// Per leaf, its entries pointer, count, first and last entry (unowned copies: the leaf
    /// owns their keys), kept beside the leaves so a lookup reads one contiguous array to find
    /// its leaf instead of one leaf object per step (two cache misses each on a large index).
    private var summaries: [LeafSummary] = [] {
        didSet { directory = summaries.withUnsafeBufferPointer { $0 } }
    }
    /// `summaries`' storage, what lookups read: a plain view costs no reference counting per
    /// lookup, where the array was retained and released around each. Refreshed by every
    /// change of `summaries` (under the write lock); valid while `summaries` is not changed,
    /// so only under the lock.
    private var directory = UnsafeBufferPointer<LeafSummary>(start: nil, count: 0)

    struct LeafSummary {
        var entries: UnsafeMutablePointer<IndexEntry>
        var count: Int
        var first: IndexEntry
        var last: IndexEntry
        init(_ leaf: Leaf) {
            entries = leaf.entries
            count = leaf.count
            first = leaf.first
            last = leaf.last
        }
    }
    private let counters: StorageCounters
    let entryCount = Atomic<Int>(0)
    private let ownedKeyBytes = Atomic<Int>(0)

    static let leafBytes = quiverMallocChunk(leafCapacity * 16) + 48

    init(label: UInt32, property: UInt32, counters: StorageCounters) {
        self.label = label
        self.property = property
        self.counters = counters
    }

    deinit {
        for leaf in leaves {
            for index in 0..<leaf.count { IndexKey.release(leaf.entries[index]) }
        }
        counters.indexBytes.wrappingSubtract(allocatedBytes, ordering: .relaxed)
    }

    var allocatedBytes: Int {
        lock.withReadLock { leaves.count } * Self.leafBytes + ownedKeyBytes.load(ordering: .relaxed)
    }

    /// Position of the first entry for which `isBefore` is false. `probe`, when given, is the
    /// int key sought: within its leaf the search starts where the key would sit if the leaf's
    /// keys were evenly spread (dense ids are), so a lookup touches one or two cache lines of
    /// the leaf instead of a binary search's six or seven.
    @inline(__always)
    private func lowerBound(probe: Int64? = nil, _ isBefore: (IndexEntry) -> Bool) -> (leaf: Int, position: Int) {
        let directory = self.directory
        let low = Self.leafIndex(directory, probe: probe, isBefore)
        guard low < directory.count else { return (directory.count, 0) }
        let leaf = directory[low]
        let guess = probe.map { Self.interpolate($0, leaf) } ?? leaf.count / 2
        return (low, Self.gallop(leaf.entries, count: leaf.count, from: guess, isBefore))
    }

    /// The first leaf whose last entry is not before the sought key. With an int `probe` in an
    /// index of int keys the search starts at the leaf the key would sit in if the keys were
    /// evenly spread (dense ids are): a lookup reads one or two directory entries instead of
    /// a binary search's twelve, which on a large index are cache misses.
    @inline(__always)
    private static func leafIndex(_ directory: UnsafeBufferPointer<LeafSummary>, probe: Int64?,
                                  _ isBefore: (IndexEntry) -> Bool) -> Int {
        let count = directory.count
        guard count > 2, let probe, directory[0].first.tag == IndexKey.intTag,
              directory[count - 1].last.tag == IndexKey.intTag else {
            var low = 0, high = count
            while low < high {
                let middle = (low + high) / 2
                if isBefore(directory[middle].last) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let first = Int64(bitPattern: directory[0].first.payload)
        let last = Int64(bitPattern: directory[count - 1].last.payload)
        var guess = 0
        if probe >= last {
            guess = count - 1
        } else if probe > first {
            let fraction = (Double(probe) - Double(first)) / (Double(last) - Double(first))
            guess = Int(min(Double(count - 1), max(0, fraction * Double(count))))
        }
        return gallop(count: count, from: guess) { isBefore(directory[$0].last) }
    }

    /// Where `key` would sit among the leaf's entries if its int keys were evenly spread.
    private static func interpolate(_ key: Int64, _ leaf: LeafSummary) -> Int {
        guard leaf.first.tag == IndexKey.intTag, leaf.last.tag == IndexKey.intTag else { return leaf.count / 2 }
        let first = Int64(bitPattern: leaf.first.payload), last = Int64(bitPattern: leaf.last.payload)
        guard key > first, last > first else { return 0 }
        guard key < last else { return leaf.count - 1 }
        // In doubles: the int difference of keys far apart would overflow.
        let fraction = (Double(key) - Double(first)) / (Double(last) - Double(first))
        return Int(min(Double(leaf.count - 1), max(0, fraction * Double(leaf.count - 1))))
    }

    /// Lower bound in `entries[0..<count]` by exponential search outwards from `guess`.
    @inline(__always)
    private static func gallop(_ entries: UnsafeMutablePointer<IndexEntry>, count: Int, from guess: Int,
                               _ isBefore: (IndexEntry) -> Bool) -> Int {
        gallop(count: count, from: guess) { isBefore(entries[$0]) }
    }

    /// The first position in `0..<count` where `isBefore` is false (it holds on a prefix), by
    /// exponential search outwards from `guess`.
    @inline(__always)
    private static func gallop(count: Int, from guess: Int, _ isBefore: (Int) -> Bool) -> Int {
        var low = 0, high = count
        if isBefore(guess) {
            low = guess + 1
            var step = 1
            while guess + step < count {
                if !isBefore(guess + step) { high = guess + step; break }
                low = guess + step + 1
                step *= 2
            }
        } else {
            high = guess
            var step = 1
            while guess - step >= 0 {
                if isBefore(guess - step) { low = guess - step + 1; break }
                high = guess - step
                step *= 2
            }
        }
        while low < high {
            let middle = (low + high) / 2
            if isBefore(middle) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Inserts an owned entry; a duplicate is released instead. Returns whether it was added.
    @discardableResult
    func insert(_ entry: IndexEntry) -> Bool {
        let added: Bool = lock.withWriteLock {
            if leaves.isEmpty {
                let leaf = Leaf()
                leaf.entries[0] = entry
                leaf.count = 1
                leaves.append(leaf)
                summaries.append(LeafSummary(leaf))
                counters.indexBytes.wrappingAdd(Self.leafBytes, ordering: .relaxed)
                return true
            }
            let probe = entry.tag == IndexKey.intTag ? Int64(bitPattern: entry.payload) : nil
            var (leafIndex, position) = lowerBound(probe: probe) { IndexKey.compare($0, entry) < 0 }
            if leafIndex == leaves.count {
                leafIndex = leaves.count - 1
                position = leaves[leafIndex].count
            } else if IndexKey.compare(leaves[leafIndex].entries[position], entry) == 0 {
                return false
            }
            insert(entry, leafIndex: leafIndex, position: position)
            return true
        }
        if added {
            entryCount.wrappingAdd(1, ordering: .relaxed)
            let owned = IndexKey.ownedBytes(entry)
            if owned > 0 {
                ownedKeyBytes.wrappingAdd(owned, ordering: .relaxed)
                counters.indexBytes.wrappingAdd(owned, ordering: .relaxed)
            }
        } else {
            IndexKey.release(entry)
        }
        return added
    }

    private func insert(_ entry: IndexEntry, leafIndex: Int, position: Int) {
        let leaf = leaves[leafIndex]
        if leaf.count < Self.leafCapacity {
            (leaf.entries + position + 1).moveInitialize(from: leaf.entries + position, count: leaf.count - position)
            leaf.entries[position] = entry
            leaf.count += 1
            summaries[leafIndex] = LeafSummary(leaf)
            return
        }
        let sibling = Leaf()
        counters.indexBytes.wrappingAdd(Self.leafBytes, ordering: .relaxed)
        if position == leaf.count {
            // Appending past a full leaf (ascending inserts): start a new leaf and keep this
            // one full, so bulk loads in key order pack leaves completely.
            sibling.entries[0] = entry
            sibling.count = 1
        } else {
            let half = leaf.count / 2
            sibling.entries.moveInitialize(from: leaf.entries + half, count: leaf.count - half)
            sibling.count = leaf.count - half
            leaf.count = half
            if position <= half {
                (leaf.entries + position + 1).moveInitialize(from: leaf.entries + position, count: leaf.count - position)
                leaf.entries[position] = entry
                leaf.count += 1
            } else {
                let at = position - half
                (sibling.entries + at + 1).moveInitialize(from: sibling.entries + at, count: sibling.count - at)
                sibling.entries[at] = entry
                sibling.count += 1
            }
        }
        leaves.insert(sibling, at: leafIndex + 1)
        summaries[leafIndex] = LeafSummary(leaf)
        summaries.insert(LeafSummary(sibling), at: leafIndex + 1)
    }

    /// Removes the entry equal to `probe` (key and gid), releasing its owned key.
    @discardableResult
    func remove(_ probe: IndexEntry) -> Bool {
        let removed: IndexEntry? = lock.withWriteLock {
            let (leafIndex, position) = lowerBound { IndexKey.compare($0, probe) < 0 }
            guard leafIndex < leaves.count else { return nil }
            let leaf = leaves[leafIndex]
            let found = leaf.entries[position]
            guard IndexKey.compare(found, probe) == 0 else { return nil }
            (leaf.entries + position).moveInitialize(from: leaf.entries + position + 1, count: leaf.count - position - 1)
            leaf.count -= 1
            if leaf.count == 0 {
                leaves.remove(at: leafIndex)
                summaries.remove(at: leafIndex)
                counters.indexBytes.wrappingSubtract(Self.leafBytes, ordering: .relaxed)
            } else {
                summaries[leafIndex] = LeafSummary(leaf)
            }
            return found
        }
        guard let removed else { return false }
        entryCount.wrappingSubtract(1, ordering: .relaxed)
        let owned = IndexKey.ownedBytes(removed)
        if owned > 0 {
            ownedKeyBytes.wrappingSubtract(owned, ordering: .relaxed)
            counters.indexBytes.wrappingSubtract(owned, ordering: .relaxed)
        }
        IndexKey.release(removed)
        return true
    }

    /// An equality lookup's next hit without copying a batch: the first entry strictly after
    /// `resume` (from the start when nil) whose key equals `key` — numbers compare numerically,
    /// so an int key also finds an equal float key — or nil when there is none; `more` tells
    /// whether the entry after it is equal too (when not, the caller need not search again).
    /// The hit is an unowned view of the entry: its tag, gid and number or boolean payload stay
    /// valid after the call, a string or box payload does not (see `IndexKey.resumePoint`).
    func nextEqual(to key: IndexEntry, after resume: IndexEntry?) -> (hit: IndexEntry, more: Bool)? {
        lock.withReadLock {
            let found: (leaf: Int, position: Int)
            if let resume {
                let probe = resume.tag == IndexKey.intTag ? Int64(bitPattern: resume.payload) : nil
                found = lowerBound(probe: probe) { IndexKey.compare($0, resume) <= 0 }
            } else {
                let probe = key.tag == IndexKey.intTag ? Int64(bitPattern: key.payload) : nil
                found = lowerBound(probe: probe) { IndexKey.compareNumbersOrKeys($0, key) < 0 }
            }
            guard found.leaf < directory.count else { return nil }
            let leaf = directory[found.leaf]
            let entry = leaf.entries[found.position]
            guard IndexKey.compareNumbersOrKeys(entry, key) == 0 else { return nil }
            let following: IndexEntry? = found.position + 1 < leaf.count ? leaf.entries[found.position + 1]
                : found.leaf + 1 < directory.count ? directory[found.leaf + 1].first : nil
            return (entry, following.map { IndexKey.compareNumbersOrKeys($0, key) == 0 } ?? false)
        }
    }

    /// Prefetch hint for an upcoming equality lookup of an int key: finds the key's leaf in the
    /// directory (which stays cached) and starts loading the leaf line its entry should sit in,
    /// so the lookup itself later finds it in cache. Reads nothing of the leaf.
    func prefetchEqual(to key: Int64) {
        let probe = IndexEntry(payload: UInt64(bitPattern: key), tagAndGid: UInt64(IndexKey.intTag) << 56)
        lock.withReadLock {
            let directory = self.directory
            let low = Self.leafIndex(directory, probe: key) { IndexKey.compareNumbersOrKeys($0, probe) < 0 }
            guard low < directory.count else { return }
            let leaf = directory[low]
            quiver_prefetch(leaf.entries + Self.interpolate(key, leaf))
        }
    }

    /// Copies up to `limit` entries in `range`, strictly after `resume` when given, as owned
    /// clones into `batch`. Returns false when the range is exhausted.
    func collect(_ range: IndexRange, after resume: IndexEntry?, limit: Int, into batch: inout [IndexEntry]) -> Bool {
        lock.withReadLock {
            var (leafIndex, position): (Int, Int)
            if let resume {
                (leafIndex, position) = lowerBound { IndexKey.compare($0, resume) <= 0 }
            } else if let lower = range.lower {
                let probe = lower.key.tag == IndexKey.intTag ? Int64(bitPattern: lower.key.payload) : nil
                (leafIndex, position) = lowerBound(probe: probe) { IndexKey.compareNumbersOrKeys($0, lower.key) < 0 }
            } else {
                (leafIndex, position) = lowerBound { IndexKey.family($0.tag) < range.family }
            }
            while leafIndex < directory.count {
                let leaf = directory[leafIndex]
                while position < leaf.count {
                    let entry = leaf.entries[position]
                    position += 1
                    guard IndexKey.family(entry.tag) == range.family else { return false }
                    if let lower = range.lower, !lower.inclusive, IndexKey.compareNumbersOrKeys(entry, lower.key) == 0 { continue }
                    if let upper = range.upper {
                        let order = IndexKey.compareNumbersOrKeys(entry, upper.key)
                        if order > 0 || (order == 0 && !upper.inclusive) { return false }
                    }
                    if let prefix = range.prefix {
                        let bytes = IndexKey.stringBytes(entry)
                        guard bytes.count >= prefix.count,
                              prefix.count == 0 || memcmp(bytes.baseAddress!, prefix.baseAddress!, prefix.count) == 0
                        else { return false }
                    }
                    batch.append(IndexKey.clone(entry))
                    if batch.count == limit { return true }
                }
                leafIndex += 1
                position = 0
            }
            return false
        }
    }
}

/// Bounds of an index scan within one value family (numbers, strings, booleans or others).
struct IndexRange {
    struct Bound {
        var key: IndexEntry
        var inclusive: Bool
    }
    var family: UInt8
    var lower: Bound?
    var upper: Bound?
    /// STARTS WITH: string keys beginning with these bytes (lower is the prefix itself).
    var prefix: UnsafeRawBufferPointer?
    /// Equality: lower and upper are the same owned key (release it once).
    var sharedBounds = false
}

extension IndexKey {
    /// Key comparison that treats numerically equal int and float keys as equal (range bounds).
    @inline(__always)
    static func compareNumbersOrKeys(_ a: IndexEntry, _ b: IndexEntry) -> Int {
        if family(a.tag) == 0 && family(b.tag) == 0 { return compareNumbers(a.tag, a.payload, b.tag, b.payload) }
        return compareKeys(a, b)
    }
}
