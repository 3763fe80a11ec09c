// DiskTransaction edge writes: create, delete and edge properties, in the overlay. An edge is
// its record plus two connectivity entries; in the overlay it is an EdgeOverlay plus an
// adjacency event at each endpoint (skipped in edge import mode, where a transaction's new
// edges show up in expansions only after commit). Texts follow Transaction+EdgeWrites.swift.
import QuiverCore
import QuiverStorage

extension DiskTransaction {
    static let edgePropertiesDisabled = QuiverError(.propertiesOnEdgesDisabled, "Can't set property because properties on edges are disabled.")

    func createEdge(from: Gid, to: Gid, type: EdgeTypeID, properties: [(PropertyID, Value)]) throws(QuiverError) -> EdgeRef {
        try requireWritable()
        let sorted = properties.isEmpty ? properties : PropertyCodec.applying(properties, to: nil)
        if !store.propertiesOnEdges && !sorted.isEmpty { throw Self.edgePropertiesDisabled }
        guard type.rawValue < AdjacencyEntry.edgeTypeLimit else {
            throw QuiverError(.limitExceeded, "Too many edge types.")
        }
        if !sorted.isEmpty { _ = try PropertyCodec.encodedSize(sorted) }
        guard vertexExists(from, view: .new) else { throw missingVertexError(from) }
        guard from == to || vertexExists(to, view: .new) else { throw missingVertexError(to) }
        let gid = try store.edgeGids.allocate()
        edgeCountChange += 1
        if importMode {
            // Compact: 32 bytes an edge until commit (gids grow, so the array stays sorted).
            importedEdges.append(ImportedEdge(gid: gid, from: from.rawValue, to: to.rawValue, type: type.rawValue, command: commandID))
            if !sorted.isEmpty { importedEdgeProperties[gid] = sorted }
            // The entry, then its three keys in the commit's write batch.
            charge(32 + 120 + (sorted.isEmpty ? 0 : 64 + sorted.count * 40))
            return EdgeRef(gid: Gid(gid), from: from, to: to, type: type)
        }
        let image = EdgeImage(exists: true, from: from.rawValue, to: to.rawValue, type: type.rawValue, properties: sorted)
        var absent = image
        absent.exists = false
        edgeOverlays[gid] = EdgeOverlay(committed: nil, current: image, beforeCommand: absent, lastWriteCommand: commandID)
        // The overlay, then three keys in the optimistic transaction's indexed batch.
        charge(112 + 360 + sorted.count * 40)
        addEvents(image, edge: gid, added: true)
        return EdgeRef(gid: Gid(gid), from: from, to: to, type: type)
    }

    /// The overlay of an edge this transaction wrote: from the overlay table, or an edge
    /// created in edge import mode, which moves to the table here (it is being read back or
    /// changed; its compact entry is marked promoted).
    func edgeOverlay(_ gid: UInt64) -> EdgeOverlay? {
        if let overlay = edgeOverlays[gid] { return overlay }
        guard let first = importedEdges.first, gid >= first.gid else { return nil }
        var low = 0, high = importedEdges.count
        while low < high {
            let middle = (low + high) / 2
            if importedEdges[middle].gid < gid { low = middle + 1 } else { high = middle }
        }
        guard low < importedEdges.count, importedEdges[low].gid == gid, importedEdges[low].type != ImportedEdge.promoted else { return nil }
        let entry = importedEdges[low]
        importedEdges[low].type = ImportedEdge.promoted
        let image = EdgeImage(exists: true, from: entry.from, to: entry.to, type: entry.type,
                              properties: importedEdgeProperties.removeValue(forKey: gid) ?? [])
        var absent = image
        absent.exists = false
        let overlay = EdgeOverlay(committed: nil, current: image, beforeCommand: entry.command == commandID ? absent : image,
                                  lastWriteCommand: entry.command)
        edgeOverlays[gid] = overlay
        charge(112 + image.properties.count * 40)
        return overlay
    }

    func deleteEdge(_ edge: EdgeRef) throws(QuiverError) -> Bool {
        try requireWritable()
        guard vertexExists(edge.from, view: .new) else { throw missingVertexError(edge.from) }
        guard vertexExists(edge.to, view: .new) else { throw missingVertexError(edge.to) }
        let gid = edge.gid.rawValue
        let image: EdgeImage
        if let overlay = edgeOverlay(gid) {
            guard overlay.current.exists else { return false }
            if overlay.lastWriteCommand != commandID {
                overlay.beforeCommand = overlay.current
                overlay.lastWriteCommand = commandID
            }
            image = overlay.current
            overlay.current.exists = false
        } else {
            guard let committed = committedEdge(gid) else { return false }
            image = committed
            var deleted = committed
            deleted.exists = false
            edgeOverlays[gid] = EdgeOverlay(committed: committed, current: deleted, beforeCommand: committed, lastWriteCommand: commandID)
            charge(112 + committed.properties.count * 40)
        }
        addEvents(image, edge: gid, added: false)
        edgeCountChange -= 1
        return true
    }

    func setEdgeProperty(_ edge: Gid, _ key: PropertyID, _ value: Value) throws(QuiverError) {
        try requireWritable()
        guard store.propertiesOnEdges else { throw Self.edgePropertiesDisabled }
        let gid = edge.rawValue
        let overlay: EdgeOverlay
        if let existing = edgeOverlay(gid) {
            guard existing.current.exists else { throw QuiverError(.deletedObject, Self.deletedObjectMessage) }
            if existing.lastWriteCommand != commandID {
                existing.beforeCommand = existing.current
                existing.lastWriteCommand = commandID
            }
            overlay = existing
        } else {
            guard let committed = committedEdge(gid) else {
                throw gid >= store.edgeGids.nextGid
                    ? QuiverError(.nonexistentObject, "Edge \(edge) does not exist.")
                    : QuiverError(.deletedObject, Self.deletedObjectMessage)
            }
            overlay = EdgeOverlay(committed: committed, current: committed, beforeCommand: committed, lastWriteCommand: commandID)
            edgeOverlays[gid] = overlay
            charge(112 + committed.properties.count * 80)
        }
        let old = overlay.current.properties.value(of: key)
        if old.isNull && value.isNull { return }
        if !value.isNull { _ = try PropertyCodec.encodedSize([(key, value)]) }
        overlay.current.properties.setProperty(key, value)
        charge(40)
    }

    /// Adjacency events at both endpoints of an edge being created or deleted.
    private func addEvents(_ image: EdgeImage, edge gid: UInt64, added: Bool) {
        let source = vertexOverlay(image.from)
        source.events.append(AdjacencyEvent(outgoing: true, added: added, command: commandID,
                                            entry: AdjacencyEntry(neighbour: image.to, type: image.type, edgeGid: gid)))
        source.endpointOfEdgeWrite = true
        let target = vertexOverlay(image.to)
        target.events.append(AdjacencyEvent(outgoing: false, added: added, command: commandID,
                                            entry: AdjacencyEntry(neighbour: image.from, type: image.type, edgeGid: gid)))
        target.endpointOfEdgeWrite = true
        charge(64)
    }
}
