// Transaction redo: turns a committing transaction's undo deltas into redo changes for the
// commit log. Deltas are walked oldest first, which is an order replay can follow (a vertex is
// created before its edges, edges are deleted before their vertex). Each delta names what the
// transaction did; values come from the object as the transaction leaves it, so a property set
// three times is logged with its final value and an object created here is logged once, whole.
//
//   delta (undo form)            redo change
//   vertex deleteObject          createVertex + its labels and properties at commit
//   vertex recreateObject        deleteVertex
//   vertex setProperty k         setVertexProperty k = value at commit (skipped for new vertices)
//   vertex removeLabel / addLabel  addLabel / removeLabel (skipped for new vertices)
//   vertex removeOutEdge         createEdge + its properties at commit
//   vertex addOutEdge            deleteEdge
//   edge setProperty k           setEdgeProperty k = value at commit (skipped for new edges)
//   in-edge and edge create/delete deltas carry nothing the out-edge deltas do not.
import QuiverCore

extension Transaction {
    func forEachRedoChange(_ body: (Change) -> Void) {
        var createdVertices = Set<UInt64>()
        var createdEdges = Set<UInt64>()
        slab.forEachOldestFirst { delta in
            let gid = delta.pointee.objectGid
            if delta.pointee.objectKind == .edge {
                if delta.pointee.action == .setProperty, !createdEdges.contains(gid) {
                    let key = delta.pointee.propertyID
                    body(.setEdgeProperty(Gid(gid), key, edgeProperty(Gid(gid), key) ?? .null))
                }
                return
            }
            let vertex = Gid(gid)
            switch delta.pointee.action {
            case .deleteObject:
                createdVertices.insert(gid)
                body(.createVertex(vertex))
                for label in labels(of: vertex) ?? [] { body(.addLabel(vertex, label)) }
                for (key, value) in properties(of: vertex) ?? [] { body(.setVertexProperty(vertex, key, value)) }
            case .recreateObject:
                body(.deleteVertex(vertex))
            case .setProperty:
                guard !createdVertices.contains(gid) else { return }
                let key = delta.pointee.propertyID
                body(.setVertexProperty(vertex, key, property(of: vertex, key) ?? .null))
            case .removeLabel:
                if !createdVertices.contains(gid) { body(.addLabel(vertex, LabelID(delta.pointee.labelID))) }
            case .addLabel:
                if !createdVertices.contains(gid) { body(.removeLabel(vertex, LabelID(delta.pointee.labelID))) }
            case .removeOutEdge:
                let edge = edgeRef(delta.pointee.entry, of: vertex, .outgoing)
                createdEdges.insert(edge.gid.rawValue)
                body(.createEdge(edge))
                if storage.propertiesOnEdges {
                    for (key, value) in edgeProperties(edge.gid) ?? [] { body(.setEdgeProperty(edge.gid, key, value)) }
                }
            case .addOutEdge:
                body(.deleteEdge(edgeRef(delta.pointee.entry, of: vertex, .outgoing)))
            case .addInEdge, .removeInEdge, .invalid:
                return
            }
        }
    }
}
