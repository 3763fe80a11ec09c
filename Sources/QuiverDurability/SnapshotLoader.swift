// SnapshotLoader: parses a snapshot's sections from a BufferedFileReader into a recovery
// transaction. Items are decoded from the buffered window with a ByteCursor; an item cut by the
// window's end is re-read after a refill (the cursor never traps, and nothing is applied until
// the item decoded completely), so the loops make no syscall and no check per byte.
import QuiverCore
import QuiverStorage

struct SnapshotLoader {
    let reader: BufferedFileReader
    let transaction: Transaction
    let edgeProperties: Bool
    let registry: NameRegistry
    var names = NameMap()
    private var labels: [LabelID] = []

    init(reader: BufferedFileReader, transaction: Transaction, registry: NameRegistry, edgeProperties: Bool) {
        self.reader = reader
        self.registry = registry
        self.transaction = transaction
        self.edgeProperties = edgeProperties
    }

    /// Runs `step` on a cursor over the buffered window until it returns false (section end);
    /// when the cursor overruns, refills and retries from the last completed step.
    private func parse(_ step: (inout ByteCursor) throws(QuiverError) -> Bool?) throws(QuiverError) {
        var wanted = 1 << 16
        while true {
            try reader.ensure(wanted)
            var cursor = reader.cursor()
            var done = 0
            while true {
                let start = cursor.position
                let more = try step(&cursor)
                if cursor.overrun || more == nil {
                    cursor.position = start
                    break
                }
                done = cursor.position
                if more == false {
                    reader.consume(done)
                    return
                }
            }
            if reader.exhausted && done == 0 { throw reader.corrupt("truncated or malformed item") }
            wanted = done == 0 ? max(reader.available * 2, 1 << 16) : 1 << 16
            reader.consume(done)
        }
    }

    /// A section of a varint count and that many entries. `entry` reads entry `index` and
    /// returns false when the buffer ran out mid-entry (it is then read again with more bytes),
    /// so it must act only after a complete read.
    private func parseCounted(_ entry: (inout ByteCursor, UInt64) throws(QuiverError) -> Bool) throws(QuiverError) {
        var count: UInt64 = 0, next: UInt64 = 0, counted = false
        try parse { (cursor) throws(QuiverError) -> Bool? in
            if !counted {
                count = cursor.varint()
                if cursor.overrun { return nil }
                counted = true
                return count > 0
            }
            guard try entry(&cursor, next) else { return nil }
            next += 1
            return next < count
        }
    }

    func expectSection(_ section: SnapshotSection) throws(QuiverError) {
        guard try reader.ensure(1), reader.cursor().base.load(as: UInt8.self) == section.rawValue else {
            throw reader.corrupt("expected section \(section)")
        }
        reader.consume(1)
    }

    mutating func loadNames() throws(QuiverError) {
        let registry = self.registry
        var names = NameMap()
        for space in [WALNameSpace.label, .edgeType, .property] {
            try parseCounted { (cursor, index) throws(QuiverError) -> Bool in
                let name = cursor.string()
                if cursor.overrun { return false }
                names.declare(space, fileID: UInt32(index), name: name, registry: registry)
                return true
            }
        }
        self.names = names
    }

    mutating func loadVertices() throws(QuiverError) -> UInt64 {
        var previous: UInt64 = .max
        var count: UInt64 = 0
        var labels = self.labels
        let names = self.names, transaction = self.transaction
        try parse { (cursor) throws(QuiverError) -> Bool? in
            let delta = cursor.varint()
            if cursor.overrun { return nil }
            if delta == 0 { return false }
            labels.removeAll(keepingCapacity: true)
            let labelCount = cursor.varint()
            guard labelCount <= UInt64(cursor.remaining) else { return nil }
            for _ in 0..<labelCount {
                let raw = cursor.varint32()
                guard let label = names.label(raw) else {
                    if cursor.overrun { return nil }
                    throw reader.corrupt("undeclared label id \(raw)")
                }
                labels.append(label)
            }
            guard let run = cursor.propertyRun() else { return nil }
            var properties: [(PropertyID, Value)] = []
            if run.load(as: UInt8.self) != 0 {
                guard let mapped = names.mapProperties(PropertyCodec.decodeAll(run)) else {
                    throw reader.corrupt("undeclared property id")
                }
                properties = mapped
            }
            previous = previous &+ delta
            try transaction.createVertex(gid: Gid(previous), labels: labels, properties: properties)
            count += 1
            return true
        }
        self.labels = labels
        return count
    }

    func loadEdges(storage: Storage, expected: UInt64) throws(QuiverError) -> UInt64 {
        var source: UInt64 = .max
        var remaining: UInt64 = 0
        var previousEdge: UInt64 = 0
        var count: UInt64 = 0
        let names = self.names, withProperties = edgeProperties
        let loader = ParallelEdgeLoader(storage: storage, transaction: transaction, expectedEdges: expected)
        let parsed = Result { () throws(QuiverError) in
            try parse { (cursor) throws(QuiverError) -> Bool? in
                if remaining == 0 {
                    let delta = cursor.varint()
                    if cursor.overrun { return nil }
                    if delta == 0 { return false }
                    let edges = cursor.varint()
                    if cursor.overrun { return nil }
                    guard edges > 0 else { throw reader.corrupt("empty edge group") }
                    source = source &+ delta
                    remaining = edges
                    return true
                }
                let zigzag = cursor.varint()
                let target = cursor.varint()
                let rawType = cursor.varint32()
                var properties: [(PropertyID, Value)]? = nil
                if withProperties {
                    guard let run = cursor.propertyRun() else { return nil }
                    properties = []
                    if run.load(as: UInt8.self) != 0 {
                        guard let mapped = names.mapProperties(PropertyCodec.decodeAll(run)) else {
                            throw reader.corrupt("undeclared property id")
                        }
                        properties = mapped
                    }
                }
                if cursor.overrun { return nil }
                guard let type = names.edgeType(rawType) else { throw reader.corrupt("undeclared edge type id \(rawType)") }
                let gid = previousEdge &+ UInt64(bitPattern: Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
                previousEdge = gid
                try loader.add(gid: gid, from: source, to: target, type: type, properties: properties)
                remaining -= 1
                count += 1
                return true
            }
        }
        // Always wait for the helpers, even when parsing failed.
        let finished = Result { () throws(QuiverError) in try loader.finish() }
        try parsed.get()
        try finished.get()
        return count
    }

    func loadIndexes(_ schema: inout SchemaPlan) throws(QuiverError) {
        let names = self.names
        try parseCounted { (cursor, _) throws(QuiverError) -> Bool in
            let kind = SnapshotIndexKind(rawValue: cursor.u8())
            let label = names.label(cursor.varint32())
            if kind == .composite {
                let count = cursor.varint()
                guard count <= UInt64(cursor.remaining) else { return false }
                var keys: [PropertyID?] = []
                for _ in 0..<count { keys.append(names.property(cursor.varint32())) }
                if cursor.overrun { return false }
                guard let label, keys.count >= 2, keys.allSatisfy({ $0 != nil }) else { throw reader.corrupt("malformed index entry") }
                schema.apply(.createCompositeIndex(label, keys.map { $0! }))
                return true
            }
            let property = kind == .labelProperty ? names.property(cursor.varint32()) : nil
            if cursor.overrun { return false }
            guard let kind, let label, kind == .label || property != nil else { throw reader.corrupt("malformed index entry") }
            schema.apply(kind == .label ? .createLabelIndex(label) : .createLabelPropertyIndex(label, property!))
            return true
        }
    }

    func loadConstraints(_ schema: inout SchemaPlan) throws(QuiverError) {
        let names = self.names
        try parseCounted { (cursor, _) throws(QuiverError) -> Bool in
            let change = SchemaDecoding.change(&cursor, names)
            if cursor.overrun { return false }
            guard let change else { throw reader.corrupt("malformed constraint entry") }
            schema.apply(change)
            return true
        }
    }
}
