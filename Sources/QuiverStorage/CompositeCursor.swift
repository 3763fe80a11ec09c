// CompositeCursor: equality lookups in a composite label+property index (`MATCH (n:L {a: 1,
// b: 2})` with an index on :L(a, b)). Reads the index one hit at a time, resuming after the
// previous hit, and confirms each hit against the vertex as the transaction sees it: the label
// and every property equal to the sought value (numbers numerically), so stale or uncommitted
// entries never leak. Holds no lock between pulls.
import QuiverCore

public final class CompositeCursor: @unchecked Sendable {
    public let label: LabelID
    public let properties: [PropertyID]
    private let index: CompositeIndex
    private var values: [Value] = []
    private var key: IndexEntry?
    private var lastHit: IndexEntry?
    private var exhausted = true

    init(index: CompositeIndex) {
        self.index = index
        label = LabelID(index.label)
        properties = index.properties.map(PropertyID.init)
    }

    deinit { releaseKey() }

    /// Starts over with the sought values (one per property, in index order); false (and an
    /// empty cursor) when one is null, which matches nothing.
    @discardableResult
    public func reset(_ sought: [Value]) -> Bool {
        releaseKey()
        lastHit = nil
        exhausted = true
        guard sought.count == properties.count, !sought.contains(where: \.isNull),
              let made = IndexKey.make(.list(sought), gid: 0) else { return false }
        values = sought
        key = made
        exhausted = false
        return true
    }

    public func next(_ transaction: Transaction, view: View = .new) -> Gid? {
        guard let key else { return nil }
        while !exhausted, let found = index.tree.nextEqual(to: key, after: lastHit) {
            exhausted = !found.more
            lastHit = IndexKey.resumePoint(found.hit, key: key)
            let gid = Gid(found.hit.gid)
            if holdsValues(gid, transaction, view) { return gid }
        }
        exhausted = true
        return nil
    }

    private func holdsValues(_ gid: Gid, _ transaction: Transaction, _ view: View) -> Bool {
        for position in properties.indices {
            guard let value = transaction.property(of: gid, properties[position], ifLabel: label, view: view),
                  IndexKey.orderCompare(value, values[position]) == 0 else { return false }
        }
        return true
    }

    private func releaseKey() {
        if let key { IndexKey.release(key) }
        key = nil
    }
}

extension Transaction {
    /// A cursor over the composite index on `label` over exactly `properties` (in order); nil
    /// when this transaction's index set has no such index (or in the on-disk mode).
    public func vertices(label: LabelID, properties: [PropertyID]) -> CompositeCursor? {
        if external != nil { return nil }
        return indexes.compositeIndex(label: label.rawValue, properties: properties.map(\.rawValue)).map(CompositeCursor.init)
    }
}

extension Storage {
    /// The property lists of the composite indexes on `label` (planner).
    public func compositeIndexes(label: LabelID) -> [[PropertyID]] {
        if externalStore != nil { return [] }
        return indexes.compositeIndexes(label: label.rawValue).map { $0.properties.map(PropertyID.init) }
    }
}
