// DiskStore counts: exact vertex and edge counts and the entry count of every index, kept in
// memory and changed by each commit. A clean close saves them under `counts/clean`; an open
// that finds the key uses and deletes it, otherwise (first open, crash) it recounts by
// iterating keys.
import QuiverCore

struct IndexCounts {
    var labels: [UInt32: Int] = [:]
    var properties: [LabelProperty: Int] = [:]

    mutating func apply(_ change: IndexCounts) {
        for (label, delta) in change.labels where labels[label] != nil { labels[label]! += delta }
        for (index, delta) in change.properties where properties[index] != nil { properties[index]! += delta }
    }
}

extension DiskStore {
    func loadCounts() throws(QuiverError) {
        let schema = self.schema
        if let blob = try database.get(.meta, Self.cleanCountsKey), decodeCleanCounts(blob, schema) {
            // From now on a crash must recount: the saved figures go stale with the first commit.
            let batch = WriteBatch()
            batch.delete(database, .meta, Self.cleanCountsKey)
            try database.write(batch, sync: true)
            return
        }
        vertexTotal.store(try countKeys(.vertices, prefix: []), ordering: .relaxed)
        edgeTotal.store(try countKeys(.edges, prefix: []), ordering: .relaxed)
        var counts = IndexCounts()
        for label in schema.labelIndexes {
            counts.labels[label] = try countKeys(.labelIndex, prefix: KeyCoding.labelKey(label, 0).prefix(4).map { $0 })
        }
        for index in schema.propertyIndexes {
            counts.properties[index] = try countKeys(.propertyIndex, prefix: KeyCoding.propertyIndexPrefix(index.label, index.property))
        }
        indexCounts.withLock { $0 = counts }
    }

    func countKeys(_ family: Family, prefix: [UInt8]) throws(QuiverError) -> Int {
        let iterator = RocksIterator(database, family, readOptions: database.latestRead)
        var count = 0
        if prefix.isEmpty { iterator.seekToFirst() } else { iterator.seek(prefix) }
        while iterator.keyHasPrefix(prefix) {
            count += 1
            iterator.next()
        }
        try iterator.checkError()
        return count
    }

    func saveCleanCounts() throws(QuiverError) {
        var blob: [UInt8] = []
        blob.appendBigEndian(UInt64(vertexCount))
        blob.appendBigEndian(UInt64(edgeCount))
        let counts = indexCounts.withLock { $0 }
        for (label, count) in counts.labels {
            blob.append(0)
            blob.appendBigEndian(label)
            blob.appendBigEndian(UInt32(0))
            blob.appendBigEndian(UInt64(count))
        }
        for (index, count) in counts.properties {
            blob.append(1)
            blob.appendBigEndian(index.label)
            blob.appendBigEndian(index.property)
            blob.appendBigEndian(UInt64(count))
        }
        try database.put(.meta, Self.cleanCountsKey, blob, sync: true)
    }

    /// Applies a saved blob; false when it does not match the schema (then recount).
    private func decodeCleanCounts(_ blob: [UInt8], _ schema: DiskSchema) -> Bool {
        guard blob.count >= 16, (blob.count - 16) % 17 == 0 else { return false }
        var counts = IndexCounts()
        blob.withUnsafeBytes { bytes in
            vertexTotal.store(Int(bytes.bigEndianUInt64(at: 0)), ordering: .relaxed)
            edgeTotal.store(Int(bytes.bigEndianUInt64(at: 8)), ordering: .relaxed)
            var offset = 16
            while offset < bytes.count {
                let label = bytes.bigEndianUInt32(at: offset + 1)
                let property = bytes.bigEndianUInt32(at: offset + 5)
                let count = Int(bytes.bigEndianUInt64(at: offset + 9))
                if bytes[offset] == 0 { counts.labels[label] = count } else {
                    counts.properties[LabelProperty(label: label, property: property)] = count
                }
                offset += 17
            }
        }
        guard Set(counts.labels.keys) == schema.labelIndexes, Set(counts.properties.keys) == schema.propertyIndexes else {
            return false
        }
        indexCounts.withLock { $0 = counts }
        return true
    }
}
