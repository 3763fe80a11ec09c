// DiskIndexCursor: a label+property index scan (equality, range or string prefix) over the
// committed index keys at the snapshot, then the overlay's gains. Committed keys of vertices
// this transaction changed are answered from the overlay; range and prefix keys are a
// superset (ints and floats share Double-ordered bytes), so every candidate is re-checked on
// its real value. One cursor is reset per probe of an index nested-loop join: its buffers
// are reused. Committed keys are read in batches through the transaction's shared index
// iterator (no position is held between pulls, so any number of cursors share it and none
// pays for creating an iterator). In edge import mode equality lookups are cached across
// transactions (vertices are frozen).
import Glibc
import QuiverCore
import QuiverStorage

final class DiskIndexCursor: ExternalIndexCursor {
    private let transaction: DiskTransaction
    private let label: LabelID
    private let property: PropertyID
    private let index: LabelProperty
    private var lookup: IndexLookup = .equal(.null)
    private var start: [UInt8] = []
    private var limit: [UInt8] = []
    /// Committed keys match exactly (equality on numbers, strings, booleans): no re-check.
    private var exact = false
    /// An exact equality lookup: the overlay's gains are looked up by `start` (its value key).
    private var equalityGains = false
    private var resumeKey: [UInt8] = []
    private var batch: [UInt64] = []
    private var batchPosition = 0
    private var committedExhausted = false
    private static let batchSize = 64
    private enum Phase { case seek, committed, cached, gains, done }
    private var phase = Phase.done
    private var cached: [UInt64] = []
    private var cachedPosition = 0
    private var gainPosition = 0
    private var emittedChanged: Set<UInt64> = []

    init(_ transaction: DiskTransaction, _ label: LabelID, _ property: PropertyID) {
        self.transaction = transaction
        self.label = label
        self.property = property
        index = LabelProperty(label: label.rawValue, property: property.rawValue)
        start.reserveCapacity(48)
        limit.reserveCapacity(48)
    }

    func reset(_ lookup: IndexLookup) -> Bool {
        phase = .done
        gainPosition = 0
        if !emittedChanged.isEmpty { emittedChanged.removeAll(keepingCapacity: true) }
        equalityGains = false
        exact = false
        start.removeAll(keepingCapacity: true)
        start.appendBigEndian(index.label)
        start.appendBigEndian(index.property)
        limit.removeAll(keepingCapacity: true)
        limit.append(contentsOf: start)
        switch lookup {
        case .equal(let value):
            guard let family = IndexValueEncoding.family(of: value) else { return false }
            if family == IndexValueEncoding.otherFamily {
                start.append(family)
            } else {
                IndexValueEncoding.append(value, to: &start)
                exact = true
                equalityGains = true
            }
            setLimitToSuccessorOfStart()
        case .range(let lower, let upper):
            let lowerFamily = lower.flatMap { IndexValueEncoding.family(of: $0.value) }
            let upperFamily = upper.flatMap { IndexValueEncoding.family(of: $0.value) }
            if (lower != nil && lowerFamily == nil) || (upper != nil && upperFamily == nil) { return false }
            if let lowerFamily, let upperFamily, lowerFamily != upperFamily { return false }
            guard let family = lowerFamily ?? upperFamily else { return false }
            if let lower { IndexValueEncoding.appendLowerBound(lower.value, to: &start) } else { start.append(family) }
            if let upper { IndexValueEncoding.appendUpperLimit(upper.value, to: &limit) } else { limit.append(family + 1) }
        case .prefix(var prefix):
            start.append(IndexValueEncoding.stringFamily)
            prefix.withUTF8 { IndexValueEncoding.appendEscaped($0, to: &start) }
            setLimitToSuccessorOfStart()
        }
        self.lookup = lookup
        phase = .seek
        return true
    }

    /// `limit` = the smallest key above every key starting with `start`, built in place (the
    /// cursor's buffers are reused by every probe: no copy, no allocation).
    private func setLimitToSuccessorOfStart() {
        limit.removeAll(keepingCapacity: true)
        limit.append(contentsOf: start)
        while let last = limit.last {
            if last < 0xFF {
                limit[limit.count - 1] = last + 1
                return
            }
            limit.removeLast()
        }
        limit.append(contentsOf: start)
        limit.append(0xFF)
    }

    func next(view: View) -> Gid? {
        let transaction = self.transaction
        guard transaction.state == .active else { return nil }
        while true {
            switch phase {
            case .done:
                return nil
            case .seek:
                if transaction.importMode && exact {
                    loadCached()
                    phase = .cached
                    continue
                }
                resumeKey.removeAll(keepingCapacity: true)
                resumeKey.append(contentsOf: start)
                batch.removeAll(keepingCapacity: true)
                batchPosition = 0
                committedExhausted = false
                phase = .committed
            case .committed:
                if let gid = nextCommitted(view) { return Gid(gid) }
                phase = .gains
            case .cached:
                if cachedPosition < cached.count {
                    cachedPosition += 1
                    return Gid(cached[cachedPosition - 1])
                }
                phase = .done
            case .gains:
                if let gid = nextGain(view) { return Gid(gid) }
                phase = .done
            }
        }
    }

    /// Reads the next batch of committed keys from `resumeKey`; remembers where to go on.
    private func refill() {
        batch.removeAll(keepingCapacity: true)
        batchPosition = 0
        let iterator = exact ? transaction.equalityIterator() : transaction.pointIterator(.propertyIndex)
        iterator.seek(resumeKey)
        while iterator.isValid && Self.less(iterator.key, limit) {
            if batch.count == Self.batchSize {
                resumeKey.removeAll(keepingCapacity: true)
                resumeKey.append(contentsOf: iterator.key)
                return
            }
            let key = iterator.key
            batch.append(key.bigEndianUInt64(at: key.count - 8))
            iterator.next()
        }
        committedExhausted = true
    }

    private func nextCommitted(_ view: View) -> UInt64? {
        while true {
            if batchPosition == batch.count {
                if committedExhausted { return nil }
                refill()
                if batch.isEmpty { return nil }
            }
            let gid = batch[batchPosition]
            batchPosition += 1
            if let changed = transaction.changedVertex(gid) {
                emittedChanged.insert(gid)
                let image = changed.image(view, command: transaction.commandID)
                if image.hasLabel(label) && matches(image.property(property)) { return gid }
                continue
            }
            if exact { return gid }
            if let value = transaction.property(of: Gid(gid), property, view: view), matches(value) { return gid }
        }
    }

    private func nextGain(_ view: View) -> UInt64? {
        while true {
            let gains: [UInt64]?
            if equalityGains { gains = transaction.equalityGains(index, start) } else { gains = transaction.propertyGains[index] }
            guard let gains, gainPosition < gains.count else { return nil }
            let gid = gains[gainPosition]
            gainPosition += 1
            if emittedChanged.contains(gid) { continue }
            emittedChanged.insert(gid)
            guard let image = transaction.vertexImage(gid, view), image.hasLabel(label) else { continue }
            if matches(image.property(property)) { return gid }
        }
    }

    /// Edge import mode: equality results shared across transactions (vertices are frozen).
    private func loadCached() {
        cachedPosition = 0
        if transaction.store.importState.lookup(start, into: &cached) { return }
        cached.removeAll(keepingCapacity: true)
        let iterator = transaction.equalityIterator()
        iterator.seek(start)
        while iterator.isValid && Self.less(iterator.key, limit) {
            let key = iterator.key
            cached.append(key.bigEndianUInt64(at: key.count - 8))
            iterator.next()
        }
        transaction.store.importState.rememberLookup(start, cached)
    }

    @inline(__always)
    static func less(_ key: UnsafeRawBufferPointer, _ limit: [UInt8]) -> Bool {
        limit.withUnsafeBytes { bound in
            let common = min(key.count, bound.count)
            let order = common == 0 ? 0 : memcmp(key.baseAddress!, bound.baseAddress!, common)
            return order < 0 || (order == 0 && key.count < bound.count)
        }
    }

    /// Whether a visible value satisfies the lookup (the in-memory index's semantics).
    private func matches(_ value: Value) -> Bool {
        switch lookup {
        case .equal(let wanted):
            return Self.sameKey(value, wanted)
        case .range(let lower, let upper):
            guard let family = IndexValueEncoding.family(of: value),
                  family == IndexValueEncoding.family(of: (lower ?? upper)!.value) else { return false }
            if let lower {
                let order = Value.orderCompare(value, lower.value)
                if order == .less || (order == .equal && !lower.inclusive) { return false }
            }
            if let upper {
                let order = Value.orderCompare(value, upper.value)
                if order == .greater || (order == .equal && !upper.inclusive) { return false }
            }
            return true
        case .prefix(let prefix):
            guard case .string(let string) = value else { return false }
            return string.utf8.starts(with: prefix.utf8)
        }
    }

    /// Equality as the in-memory index keys it: same kind, equal value.
    static func sameKey(_ value: Value, _ wanted: Value) -> Bool {
        switch (value, wanted) {
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        default:
            guard IndexValueEncoding.family(of: value) == IndexValueEncoding.otherFamily,
                  IndexValueEncoding.family(of: wanted) == IndexValueEncoding.otherFamily else { return false }
            return Value.orderCompare(value, wanted) == .equal
        }
    }
}
