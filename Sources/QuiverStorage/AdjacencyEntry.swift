// AdjacencyEntry: one 16-byte entry of a vertex's in- or out-list. It carries everything an
// expand filters on inline, so expanding never touches an edge record:
//   word0 bits 0..39   neighbour vertex gid (2^40 vertices per database)
//   word0 bits 40..63  edge type id (2^24 edge types)
//   edgeGid            the edge's gid (its record index when properties on edges are enabled)
import QuiverCore

public struct AdjacencyEntry: Hashable, Sendable {
    public var word0: UInt64
    public var edgeGid: UInt64

    public static let neighbourLimit: UInt64 = 1 << 40
    public static let edgeTypeLimit: UInt32 = 1 << 24

    @inlinable @inline(__always)
    public init(neighbour: UInt64, type: UInt32, edgeGid: UInt64) {
        assert(neighbour < Self.neighbourLimit && type < Self.edgeTypeLimit)
        word0 = neighbour | (UInt64(type) << 40)
        self.edgeGid = edgeGid
    }

    @inlinable @inline(__always)
    init(word0: UInt64, edgeGid: UInt64) {
        self.word0 = word0
        self.edgeGid = edgeGid
    }

    @inlinable public var neighbour: Gid { Gid(word0 & (Self.neighbourLimit - 1)) }
    @inlinable public var type: EdgeTypeID { EdgeTypeID(UInt32(truncatingIfNeeded: word0 >> 40)) }
    @inlinable public var edge: Gid { Gid(edgeGid) }
}
