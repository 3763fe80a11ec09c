// DiskTransaction commit: validates existence and uniqueness constraints and writes the
// overlay as key changes — vertex records, label and label+property index entries diffed
// between the committed and the newest image, unique keys, edge records and connectivity
// entries — then commits atomically (conflicts surface here as the transient conflict error).
// Endpoints of written edges are read for update so a concurrent delete of one conflicts.
import QuiverCore
import QuiverStorage

extension DiskTransaction {
    func commit() throws(QuiverError) {
        try requireActive()
        if vertices.isEmpty && edgeOverlays.isEmpty && importedEdges.isEmpty {
            finish(.committed)
            return
        }
        var counts = IndexCounts()
        do {
            try store.persistNewNames()
            let writer = CommitWriter(database: database, transaction: importMode ? nil : rocks,
                                      batch: importMode ? WriteBatch() : nil, readOptions: readOptions)
            try writeVertices(writer, &counts)
            try writeEdges(writer)
            if vertices.values.contains(where: { $0.changed != nil }) {
                store.vertexCache.commitStarting()
                defer { store.vertexCache.commitEnded() }
                try writer.commit()
            } else {
                try writer.commit()
            }
        } catch {
            abort()
            throw error
        }
        store.publish(vertexChange: vertexCountChange, edgeChange: edgeCountChange, indexChange: counts)
        finish(.committed)
    }

    private func writeVertices(_ writer: CommitWriter, _ counts: inout IndexCounts) throws(QuiverError) {
        var uniquePuts: [([UInt8], UInt64, UniqueConstraint)] = []
        var uniqueDeletes: Set<[UInt8]> = []
        for (gid, overlay) in vertices {
            guard let changed = overlay.changed else {
                if overlay.endpointOfEdgeWrite && !importMode { _ = try writer.getForUpdate(.vertices, KeyCoding.objectKey(gid)) }
                continue
            }
            let old = changed.committed, new = changed.current
            if !old.exists && !new.exists { continue }
            let key = KeyCoding.objectKey(gid)
            if new.exists {
                try writer.put(.vertices, key, try RecordCoding.encodeVertex(labels: new.labels, properties: new.properties))
                try checkExistence(new)
            } else {
                try writer.delete(.vertices, key)
            }
            try writeIndexEntries(writer, gid, old, new, &counts)
            for constraint in schema.unique {
                let oldKey = uniqueKey(old, constraint), newKey = uniqueKey(new, constraint)
                if oldKey == newKey { continue }
                if let oldKey {
                    uniqueDeletes.insert(oldKey)
                    try writer.delete(.unique, oldKey)
                }
                if let newKey { uniquePuts.append((newKey, gid, constraint)) }
            }
        }
        var claimed: [[UInt8]: UInt64] = [:]
        for (key, gid, constraint) in uniquePuts {
            var owner = claimed[key]
            if owner == nil, !uniqueDeletes.contains(key), let bytes = try writer.getForUpdate(.unique, key), bytes.count == 8 {
                owner = bytes.withUnsafeBytes { $0.bigEndianUInt64(at: 0) }
            }
            if let owner, owner != gid { throw uniqueViolation(constraint) }
            claimed[key] = gid
            try writer.put(.unique, key, KeyCoding.objectKey(gid))
        }
    }

    private func writeIndexEntries(_ writer: CommitWriter, _ gid: UInt64, _ old: VertexImage, _ new: VertexImage,
                                   _ counts: inout IndexCounts) throws(QuiverError) {
        for label in schema.labelIndexes {
            let had = old.hasLabel(LabelID(label)), has = new.hasLabel(LabelID(label))
            if had == has { continue }
            if has { try writer.put(.labelIndex, KeyCoding.labelKey(label, gid), []) } else {
                try writer.delete(.labelIndex, KeyCoding.labelKey(label, gid))
            }
            counts.labels[label, default: 0] += has ? 1 : -1
        }
        for index in schema.propertyIndexes {
            let oldKey = indexKey(old, index, gid), newKey = indexKey(new, index, gid)
            if oldKey == newKey { continue }
            if let oldKey {
                try writer.delete(.propertyIndex, oldKey)
                counts.properties[index, default: 0] -= 1
            }
            if let newKey {
                try writer.put(.propertyIndex, newKey, [])
                counts.properties[index, default: 0] += 1
            }
        }
    }

    private func indexKey(_ image: VertexImage, _ index: LabelProperty, _ gid: UInt64) -> [UInt8]? {
        guard image.hasLabel(LabelID(index.label)) else { return nil }
        return KeyCoding.propertyIndexKey(index.label, index.property, image.property(PropertyID(index.property)), gid)
    }

    private func uniqueKey(_ image: VertexImage, _ constraint: UniqueConstraint) -> [UInt8]? {
        guard image.hasLabel(LabelID(constraint.label)) else { return nil }
        var values: [Value] = []
        for property in constraint.properties {
            let value = image.property(PropertyID(property))
            if value.isNull { return nil }
            values.append(value)
        }
        return KeyCoding.uniqueKey(constraint.label, constraint.properties, values)
    }

    private func checkExistence(_ image: VertexImage) throws(QuiverError) {
        if schema.existence.isEmpty { return }
        for label in image.labels {
            guard let required = schema.existence[label.rawValue] else { continue }
            for property in required where image.property(PropertyID(property)).isNull {
                throw QuiverError(.constraintViolation,
                                  "Unable to commit due to existence constraint violation on :\(store.labelName(label.rawValue))(\(store.propertyName(property)))")
            }
        }
    }

    private func uniqueViolation(_ constraint: UniqueConstraint) -> QuiverError {
        let names = constraint.properties.map { store.propertyName($0) }.joined(separator: ", ")
        return QuiverError(.constraintViolation,
                           "Unable to commit due to unique constraint violation on :\(store.labelName(constraint.label))(\(names))")
    }

    private func writeEdges(_ writer: CommitWriter) throws(QuiverError) {
        if let batch = writer.batch {
            // Edge import mode: created edges sorted per family; changes of committed edges below.
            let others = try ImportEdgeWriter.write(&importedEdges, properties: importedEdgeProperties,
                                                    overlays: edgeOverlays, database: database, batch: batch)
            try writeEdges(others, writer)
            return
        }
        try writeEdges(edgeOverlays.lazy.map { ($0.key, $0.value) }, writer)
    }

    private func writeEdges<S: Sequence>(_ overlays: S, _ writer: CommitWriter) throws(QuiverError) where S.Element == (UInt64, EdgeOverlay) {
        for (gid, overlay) in overlays {
            let new = overlay.current
            if let old = overlay.committed {
                if new.exists {
                    try writer.put(.edges, KeyCoding.objectKey(gid),
                                   try RecordCoding.encodeEdge(from: new.from, to: new.to, type: new.type, properties: new.properties))
                } else {
                    try writer.delete(.edges, KeyCoding.objectKey(gid))
                    try writer.delete(.outEdges, KeyCoding.adjacencyKey(old.from, gid))
                    try writer.delete(.inEdges, KeyCoding.adjacencyKey(old.to, gid))
                }
            } else if new.exists {
                try writer.put(.edges, KeyCoding.objectKey(gid),
                               try RecordCoding.encodeEdge(from: new.from, to: new.to, type: new.type, properties: new.properties))
                try writer.put(.outEdges, KeyCoding.adjacencyKey(new.from, gid), KeyCoding.adjacencyValue(type: new.type, neighbour: new.to))
                try writer.put(.inEdges, KeyCoding.adjacencyKey(new.to, gid), KeyCoding.adjacencyValue(type: new.type, neighbour: new.from))
            }
        }
    }
}

extension DiskStore {
    func labelName(_ label: UInt32) -> String { names.labels.name(for: label) }
    func propertyName(_ property: UInt32) -> String { names.properties.name(for: property) }

    /// Publishes a commit's count changes.
    func publish(vertexChange: Int, edgeChange: Int, indexChange: IndexCounts) {
        if vertexChange != 0 { vertexTotal.add(vertexChange, ordering: .relaxed) }
        if edgeChange != 0 { edgeTotal.add(edgeChange, ordering: .relaxed) }
        if !indexChange.labels.isEmpty || !indexChange.properties.isEmpty {
            indexCounts.withLock { $0.apply(indexChange) }
        }
    }
}
