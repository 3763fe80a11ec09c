// Transaction scans: cursors over all vertices, vertices with a label (through the label index
// when there is one) and vertices by label+property value, range or string prefix. Cursors
// are pulled one vertex at a time and hold no lock between pulls; each candidate is confirmed
// against the vertex as this transaction sees it, so uncommitted or stale entries never leak.
import QuiverCore

/// Every vertex visible to the transaction, in gid order.
public struct VertexCursor: @unchecked Sendable {
    private var nextGid: UInt64 = 0
    /// The on-disk engine's scan (ExternalStore.swift), nil in memory.
    private let external: (any ExternalCursor)?
    public init() { external = nil }
    init(external: any ExternalCursor) { self.external = external }

    public mutating func next(_ transaction: Transaction, view: View = .new) -> Gid? {
        if let external { return external.next(view: view) }
        let limit = transaction.storage.vertices.gidLimit
        while nextGid < limit {
            let gid = Gid(nextGid)
            nextGid += 1
            if transaction.vertexExists(gid, view: view) { return gid }
        }
        return nil
    }
}

/// Vertices with a label, in gid order: through the label index if present, else a full scan.
public struct LabelCursor: @unchecked Sendable {
    public let label: LabelID
    private let index: LabelIndex?
    private var nextGid: UInt64 = 0
    private let external: (any ExternalCursor)?

    init(label: LabelID, index: LabelIndex?, external: (any ExternalCursor)? = nil) {
        self.label = label
        self.index = index
        self.external = external
    }

    public var usesIndex: Bool { index != nil }

    public mutating func next(_ transaction: Transaction, view: View = .new) -> Gid? {
        if let external { return external.next(view: view) }
        let limit = transaction.storage.vertices.gidLimit
        if let index {
            while let gid = index.next(from: nextGid, limit: limit) {
                nextGid = gid + 1
                if transaction.hasLabel(Gid(gid), label, view: view) { return Gid(gid) }
            }
            nextGid = limit
            return nil
        }
        while nextGid < limit {
            let gid = Gid(nextGid)
            nextGid += 1
            if transaction.hasLabel(gid, label, view: view) { return gid }
        }
        return nil
    }
}

/// What a label+property index scan looks for.
public enum IndexLookup: Sendable {
    public struct Bound: Sendable {
        public var value: Value
        public var inclusive: Bool
        public init(_ value: Value, inclusive: Bool) {
            self.value = value
            self.inclusive = inclusive
        }
    }
    case equal(Value)
    case range(lower: Bound?, upper: Bound?)
    case prefix(String)
}

/// Vertices by label+property through an index, in key order. A cursor can be `reset` to a new
/// lookup, so an index nested-loop join pays for its allocations once, not per probe.
public final class LabelPropertyCursor: @unchecked Sendable {
    public let label: LabelID
    public let property: PropertyID
    private let index: LabelPropertyIndex?
    private let external: (any ExternalIndexCursor)?
    private var range = IndexRange(family: 0)
    private var prefixBytes: [UInt8] = []
    private var batch: [IndexEntry] = []
    private var position = 0
    private var resume: IndexEntry?
    private var exhausted = true
    /// Equality lookups read the index one hit at a time (no batch, no key copies); the
    /// previous hit is where the next search resumes.
    private var equality = false
    private var lastHit: IndexEntry?
    private static let batchSize = 128

    init(index: LabelPropertyIndex) {
        self.index = index
        external = nil
        label = LabelID(index.label)
        property = PropertyID(index.property)
        batch.reserveCapacity(8)
    }

    init(label: LabelID, property: PropertyID, external: any ExternalIndexCursor) {
        index = nil
        self.external = external
        self.label = label
        self.property = property
    }

    deinit { releaseAll() }

    /// Starts over with `lookup`; false (and an empty cursor) when it can match nothing:
    /// a null bound, or bounds of different types.
    @discardableResult
    public func reset(_ lookup: IndexLookup) -> Bool {
        if let external { return external.reset(lookup) }
        releaseAll()
        exhausted = true
        equality = false
        prefixBytes.removeAll(keepingCapacity: true)
        switch lookup {
        case .equal(let value):
            guard let family = IndexKey.family(of: value), let key = IndexKey.make(value, gid: 0) else { return false }
            range = IndexRange(family: family, lower: .init(key: key, inclusive: true), upper: .init(key: key, inclusive: true))
            range.sharedBounds = true
            equality = true
        case .range(let lower, let upper):
            let lowerFamily = lower.flatMap { IndexKey.family(of: $0.value) }
            let upperFamily = upper.flatMap { IndexKey.family(of: $0.value) }
            if (lower != nil && lowerFamily == nil) || (upper != nil && upperFamily == nil) { return false }
            if let lowerFamily, let upperFamily, lowerFamily != upperFamily { return false }
            guard let family = lowerFamily ?? upperFamily else { return false }
            range = IndexRange(family: family)
            if let lower, let key = IndexKey.make(lower.value, gid: 0) { range.lower = .init(key: key, inclusive: lower.inclusive) }
            if let upper, let key = IndexKey.make(upper.value, gid: 0) { range.upper = .init(key: key, inclusive: upper.inclusive) }
        case .prefix(let prefix):
            let key = IndexKey.make(.string(prefix), gid: 0)!
            prefixBytes.append(contentsOf: prefix.utf8)
            range = IndexRange(family: 1, lower: .init(key: key, inclusive: true))
        }
        exhausted = false
        return true
    }

    private func releaseAll() {
        for entry in batch { IndexKey.release(entry) }
        batch.removeAll(keepingCapacity: true)
        position = 0
        if let resume { IndexKey.release(resume) }
        resume = nil
        lastHit = nil
        if let lower = range.lower { IndexKey.release(lower.key) }
        if let upper = range.upper, !range.sharedBounds { IndexKey.release(upper.key) }
        range = IndexRange(family: 0)
    }

    public func next(_ transaction: Transaction, view: View = .new) -> Gid? {
        if let external { return external.next(view: view) }
        if equality { return nextEqual(transaction, view) }
        while true {
            if position == batch.count {
                if exhausted { return nil }
                refill()
                if batch.isEmpty { return nil }
            }
            let entry = batch[position]
            position += 1
            let gid = Gid(entry.gid)
            guard let value = transaction.property(of: gid, property, ifLabel: label, view: view),
                  IndexKey.matches(value, entry) else { continue }
            return gid
        }
    }

    /// An equality lookup's next hit, read from the index at this call. Analytical mode writes
    /// no deltas and removes index entries at once, so an entry read now is exactly the
    /// vertex's state: only its existence is checked, not its label and value again.
    private func nextEqual(_ transaction: Transaction, _ view: View) -> Gid? {
        guard let key = range.lower?.key else { return nil }
        while !exhausted, let found = index!.nextEqual(to: key, after: lastHit) {
            exhausted = !found.more
            let resumeAt = IndexKey.resumePoint(found.hit, key: key)
            lastHit = resumeAt
            let gid = Gid(found.hit.gid)
            if transaction.isAnalytical {
                guard let vertex = transaction.vertexRecord(gid) else { continue }
                let word = RecordWord.loadRelaxed(vertex.wordPointer)
                if word & (RecordWord.existsBit | RecordWord.deletedBit) == RecordWord.existsBit { return gid }
                continue
            }
            if let value = transaction.property(of: gid, property, ifLabel: label, view: view),
               IndexKey.matches(value, resumeAt) { return gid }
        }
        exhausted = true
        return nil
    }

    private func refill() {
        if let last = batch.last {
            if let resume { IndexKey.release(resume) }
            resume = IndexKey.clone(last)
        }
        for entry in batch { IndexKey.release(entry) }
        batch.removeAll(keepingCapacity: true)
        position = 0
        let more = prefixBytes.withUnsafeBytes { bytes -> Bool in
            var scanRange = range
            if !prefixBytes.isEmpty { scanRange.prefix = bytes }
            return index!.collect(scanRange, after: resume, limit: Self.batchSize, into: &batch)
        }
        if !more { exhausted = true }
    }
}

extension Transaction {
    public func vertices() -> VertexCursor {
        if let external { return VertexCursor(external: external.scanVertices()) }
        return VertexCursor()
    }

    public func vertices(label: LabelID) -> LabelCursor {
        if let external { return LabelCursor(label: label, index: nil, external: external.scanLabel(label)) }
        return LabelCursor(label: label, index: indexes.labelIndexes[label.rawValue])
    }

    /// A cursor over an existing label+property index; nil when there is no such index or the
    /// lookup can match nothing (null bounds, bounds of different types).
    public func vertices(label: LabelID, property: PropertyID, _ lookup: IndexLookup) -> LabelPropertyCursor? {
        if let external {
            guard let scan = external.scanIndex(label, property) else { return nil }
            let cursor = LabelPropertyCursor(label: label, property: property, external: scan)
            return cursor.reset(lookup) ? cursor : nil
        }
        guard let index = indexes.propertyIndex(label: label.rawValue, property: property.rawValue) else { return nil }
        let cursor = LabelPropertyCursor(index: index)
        return cursor.reset(lookup) ? cursor : nil
    }

    /// Whether this transaction can use a label+property index (it exists in its index set).
    public func hasLabelPropertyIndex(_ label: LabelID, _ property: PropertyID) -> Bool {
        if external != nil { return storage.hasLabelPropertyIndex(label, property) }
        return indexes.propertyIndex(label: label.rawValue, property: property.rawValue) != nil
    }
}
