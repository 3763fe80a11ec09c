// DiskStore names: label, edge-type and property names persist in the meta family under
// `name/<space byte><id BE>` so ids stay stable across restarts. New names (interned by any
// query, committed or not) are written before every commit that might store their ids.
import QuiverCore
import Synchronization

struct PersistedNameCounts {
    var labels = 0
    var edgeTypes = 0
    var properties = 0
}

extension DiskStore {
    static let namePrefix: [UInt8] = Array("name/".utf8)
    static let nameSpaces: [UInt8] = [UInt8(ascii: "L"), UInt8(ascii: "E"), UInt8(ascii: "P")]

    static func nameKey(_ space: UInt8, _ id: Int) -> [UInt8] {
        var key = namePrefix + [space]
        key.appendBigEndian(UInt32(id))
        return key
    }

    static func interner(_ names: NameRegistry, _ space: UInt8) -> NameInterner {
        switch space {
        case UInt8(ascii: "L"): names.labels
        case UInt8(ascii: "E"): names.edgeTypes
        default: names.properties
        }
    }

    /// Re-interns the persisted names in id order; refuses a registry that already holds
    /// different names for those ids. Returns how many names of each space are persisted.
    static func loadNames(_ database: RocksDatabase, into names: NameRegistry) throws(QuiverError) -> PersistedNameCounts {
        var counts = PersistedNameCounts()
        let iterator = RocksIterator(database, .meta, readOptions: database.latestRead)
        for space in nameSpaces {
            let interner = interner(names, space)
            let prefix = namePrefix + [space]
            iterator.seek(prefix)
            var expected = 0
            while iterator.keyHasPrefix(prefix) {
                let id = Int(iterator.key.bigEndianUInt32(at: prefix.count))
                let name = String(decoding: iterator.value, as: UTF8.self)
                guard id == expected else {
                    throw QuiverError(.internalError, "The on-disk store's name table is corrupt (id \(id), expected \(expected)).")
                }
                if id < interner.count {
                    let known = interner.name(for: UInt32(id))
                    guard known == name else {
                        throw QuiverError(.internalError,
                                          "The on-disk store names id \(id) '\(name)', but this database already uses that id for '\(known)'.")
                    }
                } else if interner.id(for: name) != UInt32(id) {
                    throw QuiverError(.internalError, "The on-disk store's name '\(name)' cannot keep its id \(id) in this database.")
                }
                expected += 1
                iterator.next()
            }
            try iterator.checkError()
            switch space {
            case UInt8(ascii: "L"): counts.labels = expected
            case UInt8(ascii: "E"): counts.edgeTypes = expected
            default: counts.properties = expected
            }
        }
        return counts
    }

    /// Writes names interned since the last call (cheap when there are none).
    func persistNewNames() throws(QuiverError) {
        let current = PersistedNameCounts(labels: names.labels.count, edgeTypes: names.edgeTypes.count,
                                          properties: names.properties.count)
        try persistedNames.withLock { (persisted: inout PersistedNameCounts) throws(QuiverError) in
            if current.labels == persisted.labels && current.edgeTypes == persisted.edgeTypes
                && current.properties == persisted.properties { return }
            let batch = WriteBatch()
            for (space, from, to) in [(Self.nameSpaces[0], persisted.labels, current.labels),
                                      (Self.nameSpaces[1], persisted.edgeTypes, current.edgeTypes),
                                      (Self.nameSpaces[2], persisted.properties, current.properties)] where to > from {
                let interner = Self.interner(names, space)
                for id in from..<to {
                    batch.put(database, .meta, Self.nameKey(space, id), Array(interner.name(for: UInt32(id)).utf8))
                }
            }
            // Not synced on its own: the commit that follows syncs the WAL, which covers it.
            try database.write(batch, sync: false)
            persisted = current
        }
    }
}
