// DiskTransaction reads: existence, labels, properties and adjacency as this transaction sees
// them — the overlay's image for vertices and edges it changed, otherwise the committed bytes
// at the snapshot, read in place without decoding what the call does not ask for.
import CRocksDB
import QuiverCore
import QuiverStorage

extension DiskTransaction {
    @inline(__always)
    func changedVertex(_ gid: UInt64) -> ChangedVertex? {
        vertices.isEmpty ? nil : vertices[gid]?.changed
    }

    /// The vertex's image in `view` (nil when it does not exist for this transaction).
    func vertexImage(_ gid: UInt64, _ view: View) -> VertexImage? {
        if let changed = changedVertex(gid) {
            let image = changed.image(view, command: commandID)
            return image.exists ? image : nil
        }
        let image = committedImage(gid)
        return image.exists ? image : nil
    }

    func vertexExists(_ gid: Gid, view: View) -> Bool {
        if let changed = changedVertex(gid.rawValue) { return changed.image(view, command: commandID).exists }
        return withCommittedVertex(gid.rawValue) { $0 != nil }
    }

    func hasLabel(_ gid: Gid, _ label: LabelID, view: View) -> Bool {
        if let changed = changedVertex(gid.rawValue) { return changed.image(view, command: commandID).hasLabel(label) }
        return withCommittedVertex(gid.rawValue) { bytes in bytes.map { RecordCoding.vertexHasLabel($0, label) } ?? false }
    }

    func labels(of gid: Gid, view: View) -> [LabelID]? {
        if let changed = changedVertex(gid.rawValue) {
            let image = changed.image(view, command: commandID)
            return image.exists ? image.labels : nil
        }
        return withCommittedVertex(gid.rawValue) { bytes in bytes.map(RecordCoding.vertexLabels) }
    }

    func property(of gid: Gid, _ key: PropertyID, view: View) -> Value? {
        if let changed = changedVertex(gid.rawValue) {
            let image = changed.image(view, command: commandID)
            return image.exists ? image.properties.value(of: key) : nil
        }
        return withCommittedVertex(gid.rawValue) { bytes in
            bytes.map { PropertyCodec.value(for: key, in: RecordCoding.vertexPropertyRun($0)) ?? .null }
        }
    }

    func properties(of gid: Gid, view: View) -> [(PropertyID, Value)]? {
        if let changed = changedVertex(gid.rawValue) {
            let image = changed.image(view, command: commandID)
            return image.exists ? image.properties : nil
        }
        return withCommittedVertex(gid.rawValue) { bytes in
            bytes.map { PropertyCodec.decodeAll(RecordCoding.vertexPropertyRun($0)) }
        }
    }

    func edgeProperty(_ edge: Gid, _ key: PropertyID, view: View) -> Value? {
        guard store.propertiesOnEdges else { return .null }
        if let overlay = edgeOverlay(edge.rawValue) {
            let image = overlay.image(view, command: commandID)
            return image.exists ? image.properties.value(of: key) : nil
        }
        return withCommitted(.edges, edge.rawValue) { bytes in
            bytes.map { PropertyCodec.value(for: key, in: RecordCoding.edgePropertyRun($0)) ?? .null }
        }
    }

    func edgeProperties(_ edge: Gid, view: View) -> [(PropertyID, Value)]? {
        guard store.propertiesOnEdges else { return [] }
        if let overlay = edgeOverlay(edge.rawValue) {
            let image = overlay.image(view, command: commandID)
            return image.exists ? image.properties : nil
        }
        return withCommitted(.edges, edge.rawValue) { bytes in
            bytes.map { PropertyCodec.decodeAll(RecordCoding.edgePropertyRun($0)) }
        }
    }

    /// The committed edge image or the overlay's newest one (writes start from it).
    func edgeImage(_ gid: UInt64, _ view: View) -> EdgeImage? {
        if let overlay = edgeOverlay(gid) {
            let image = overlay.image(view, command: commandID)
            return image.exists ? image : nil
        }
        return committedEdge(gid)
    }

    func edges(of gid: Gid, _ direction: EdgeDirection, types: [EdgeTypeID], view: View,
               into buffer: inout [AdjacencyEntry]) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        guard vertexExists(gid, view: view) else { return false }
        let outgoing = direction == .outgoing
        if !createdByUs(gid.rawValue) {
            committedAdjacency(gid.rawValue, outgoing: outgoing, types: types, into: &buffer)
        }
        if !vertices.isEmpty, let overlay = vertices[gid.rawValue], !overlay.events.isEmpty {
            for event in overlay.events where event.outgoing == outgoing && (view == .new || event.command < commandID) {
                if event.added {
                    if types.isEmpty || types.contains(event.entry.type) { buffer.append(event.entry) }
                } else if let index = buffer.firstIndex(where: { $0.edgeGid == event.entry.edgeGid }) {
                    buffer.remove(at: index)
                }
            }
        }
        return true
    }

    /// Whether this transaction created the vertex (nothing of it is committed).
    @inline(__always)
    func createdByUs(_ gid: UInt64) -> Bool {
        guard let first = createdVertices.first, gid >= first else { return false }
        return changedVertex(gid)?.committed.exists == false
    }

    /// Appends the committed connectivity entries of a vertex (one prefix scan).
    func committedAdjacency(_ gid: UInt64, outgoing: Bool, types: [EdgeTypeID], into buffer: inout [AdjacencyEntry]) {
        let iterator = pointIterator(outgoing ? .outEdges : .inEdges)
        var prefix = gid.bigEndian
        withUnsafeBytes(of: &prefix) { prefixBytes in
            iterator.seek(prefixBytes)
            while iterator.keyHasPrefix(prefixBytes) {
                let key = iterator.key, value = iterator.value
                let type = value.bigEndianUInt32(at: 0)
                if types.isEmpty || types.contains(EdgeTypeID(type)) {
                    buffer.append(AdjacencyEntry(neighbour: value.bigEndianUInt64(at: 4), type: type, edgeGid: key.bigEndianUInt64(at: 8)))
                }
                iterator.next()
            }
        }
    }
}
