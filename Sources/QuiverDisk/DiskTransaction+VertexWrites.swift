// DiskTransaction vertex writes: create, delete (plain and detach), labels and properties.
// Each write changes the overlay only (nothing reaches RocksDB before commit): the first write
// of a vertex copies its committed image, the first write in a command saves the image `.old`
// reads keep seeing, and index gains are noted for cursors. Semantics and error texts follow
// the in-memory Transaction+VertexWrites.swift.
import QuiverCore
import QuiverStorage

extension DiskTransaction {
    static let createdVertexBytes = 800

    func createVertex(labels: [LabelID], properties: [(PropertyID, Value)]) throws(QuiverError) -> Gid {
        try requireVertexWritable()
        var unique: [LabelID] = []
        unique.reserveCapacity(labels.count)
        for label in labels where !unique.contains(label) { unique.append(label) }
        if !schema.types.isEmpty {
            for (key, value) in properties {
                if let (label, type) = schema.typeViolation(labels: unique, property: key, value: value) { throw typeViolation(type, label, key) }
            }
        }
        let sorted = PropertyCodec.applying(properties, to: nil)
        _ = try PropertyCodec.encodedSize(sorted)
        let gid = try store.vertexGids.allocate()
        guard gid < AdjacencyEntry.neighbourLimit else {
            throw QuiverError(.limitExceeded, "The vertex gid space of this database is exhausted.")
        }
        let image = VertexImage(exists: true, labels: unique, properties: sorted)
        let overlay = VertexOverlay()
        overlay.changed = ChangedVertex(committed: .absent, current: image, beforeCommand: .absent, lastWriteCommand: commandID)
        vertices[gid] = overlay
        createdVertices.append(gid)
        noteGains(gid, image, labels: image.labels)
        vertexCountChange += 1
        // Measured at full size: about 1 KB per created vertex (4 properties, one label, one
        // index) — the overlay plus, at commit, the optimistic transaction's indexed batch.
        charge(image.approximateBytes + Self.createdVertexBytes)
        return Gid(gid)
    }

    func deleteVertex(_ gid: Gid, detach: Bool) throws(QuiverError) -> Bool {
        try requireVertexWritable()
        if let changed = changedVertex(gid.rawValue), !changed.current.exists { return false }
        guard vertexExists(gid, view: .new) else { throw missingVertexError(gid) }
        var buffer: [AdjacencyEntry] = []
        if detach {
            for direction in [EdgeDirection.outgoing, .incoming] {
                _ = edges(of: gid, direction, types: [], view: .new, into: &buffer)
                for entry in buffer {
                    let edge = direction == .outgoing
                        ? EdgeRef(gid: entry.edge, from: gid, to: entry.neighbour, type: entry.type)
                        : EdgeRef(gid: entry.edge, from: entry.neighbour, to: gid, type: entry.type)
                    _ = try deleteEdge(edge)
                }
            }
        }
        for direction in [EdgeDirection.outgoing, .incoming] {
            _ = edges(of: gid, direction, types: [], view: .new, into: &buffer)
            if !buffer.isEmpty {
                throw QuiverError(.vertexHasEdges, "Failed to remove node because of its existing connections. Consider using DETACH DELETE.")
            }
        }
        let overlay = try beginVertexWrite(gid)
        overlay.changed!.current = .absent
        vertexCountChange -= 1
        return true
    }

    func addLabel(_ gid: Gid, _ label: LabelID) throws(QuiverError) -> Bool {
        try requireVertexWritable()
        let overlay = try beginVertexWrite(gid)
        if overlay.changed!.current.labels.contains(label) { return false }
        if schema.typedLabels.contains(label.rawValue) {
            for (key, value) in overlay.changed!.current.properties {
                if let (_, type) = schema.typeViolation(labels: [label], property: key, value: value) { throw typeViolation(type, label, key) }
            }
        }
        overlay.changed!.current.labels.append(label)
        noteGains(gid.rawValue, overlay.changed!.current, labels: [label])
        charge(4)
        return true
    }

    func removeLabel(_ gid: Gid, _ label: LabelID) throws(QuiverError) -> Bool {
        try requireVertexWritable()
        let overlay = try beginVertexWrite(gid)
        guard let index = overlay.changed!.current.labels.firstIndex(of: label) else { return false }
        overlay.changed!.current.labels.remove(at: index)
        return true
    }

    func setProperty(_ gid: Gid, _ key: PropertyID, _ value: Value) throws(QuiverError) {
        try requireVertexWritable()
        let overlay = try beginVertexWrite(gid)
        let old = overlay.changed!.current.properties.value(of: key)
        if old.isNull && value.isNull { return }
        if !schema.types.isEmpty, let (label, type) = schema.typeViolation(labels: overlay.changed!.current.labels, property: key, value: value) {
            throw typeViolation(type, label, key)
        }
        if !value.isNull { _ = try PropertyCodec.encodedSize([(key, value)]) }
        overlay.changed!.current.properties.setProperty(key, value)
        if !value.isNull { notePropertyGain(gid.rawValue, overlay.changed!.current, key, value) }
        charge(40)
    }

    func typeViolation(_ type: ConstraintDataType, _ label: LabelID, _ property: PropertyID) -> QuiverError {
        type.violation(label: store.labelName(label.rawValue), property: store.propertyName(property.rawValue))
    }

    /// The overlay of a vertex about to be written: exists for this transaction (else the
    /// in-memory texts), committed image copied on its first write, `.old` image saved on the
    /// first write of the current command.
    func beginVertexWrite(_ gid: Gid) throws(QuiverError) -> VertexOverlay {
        let raw = gid.rawValue
        if let overlay = vertices[raw], overlay.changed != nil {
            guard overlay.changed!.current.exists else { throw QuiverError(.deletedObject, Self.deletedObjectMessage) }
            if overlay.changed!.lastWriteCommand != commandID {
                overlay.changed!.beforeCommand = overlay.changed!.current
                overlay.changed!.lastWriteCommand = commandID
            }
            return overlay
        }
        let committed = committedImage(raw)
        guard committed.exists else { throw missingVertexError(gid) }
        let overlay = vertexOverlay(raw)
        overlay.changed = ChangedVertex(committed: committed, current: committed, beforeCommand: committed, lastWriteCommand: commandID)
        charge(2 * committed.approximateBytes + 64)
        return overlay
    }

    /// The overlay of `gid`, created empty on first use.
    func vertexOverlay(_ gid: UInt64) -> VertexOverlay {
        if let overlay = vertices[gid] { return overlay }
        let overlay = VertexOverlay()
        vertices[gid] = overlay
        charge(96)
        return overlay
    }

    // MARK: Gains (what cursors must look at beyond the committed index entries)

    /// `image` now carries `labels`: note label-index gains and every indexed value under them.
    func noteGains(_ gid: UInt64, _ image: VertexImage, labels: [LabelID]) {
        for label in labels {
            if schema.labelIndexes.contains(label.rawValue) { appendGain(&labelGains[label.rawValue, default: []], gid) }
            guard let properties = schema.indexedPropertiesByLabel[label.rawValue] else { continue }
            for property in properties {
                let value = image.properties.value(of: PropertyID(property))
                if !value.isNull { noteIndexGain(gid, LabelProperty(label: label.rawValue, property: property), value) }
            }
        }
    }

    func notePropertyGain(_ gid: UInt64, _ image: VertexImage, _ key: PropertyID, _ value: Value) {
        if schema.propertyIndexes.isEmpty { return }
        for label in image.labels {
            let index = LabelProperty(label: label.rawValue, property: key.rawValue)
            if schema.propertyIndexes.contains(index) { noteIndexGain(gid, index, value) }
        }
    }

    private func noteIndexGain(_ gid: UInt64, _ index: LabelProperty, _ value: Value) {
        appendGain(&propertyGains[index, default: []], gid)
        if equalityIndexes.contains(index) { noteEqualityGain(gid, index, value) }
    }

    private func noteEqualityGain(_ gid: UInt64, _ index: LabelProperty, _ value: Value) {
        var key = KeyCoding.propertyIndexPrefix(index.label, index.property)
        if IndexValueEncoding.append(value, to: &key) { appendGain(&equalityGains[key, default: []], gid) }
    }

    /// The gains an equality lookup of `key` in `index` must look at. The map by value is built
    /// on an index's first equality lookup (from every gain's newest and before-command value:
    /// the two images a view can see) and kept up to date from then on, so a transaction that
    /// only creates vertices (an import) never builds it.
    func equalityGains(_ index: LabelProperty, _ key: [UInt8]) -> [UInt64]? {
        if !equalityIndexes.contains(index) {
            equalityIndexes.insert(index)
            let property = PropertyID(index.property)
            for gid in propertyGains[index] ?? [] {
                guard let changed = changedVertex(gid) else { continue }
                let current = changed.current.property(property), before = changed.beforeCommand.property(property)
                if !current.isNull { noteEqualityGain(gid, index, current) }
                if !before.isNull && before != current { noteEqualityGain(gid, index, before) }
            }
        }
        return equalityGains[key]
    }

    private func appendGain(_ list: inout [UInt64], _ gid: UInt64) {
        if list.last != gid {
            list.append(gid)
            charge(8)
        }
    }
}
