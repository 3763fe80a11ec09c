// Records: the fixed-size vertex and edge records, addressed by gid in a RecordTable. Sizes are
// pinned by RecordLayoutTests; change docs/storage-layout.md together with them.
//
// VertexRecord (32 B)            EdgeRecord (16 B, only when properties on edges are enabled)
//   0  word   lock|delta|flags     0  word   lock|delta|flags
//   8  body   labels+properties    8  body   properties (labels count is always 0)
//  16  out    AdjacencyRun*
//  24  in     AdjacencyRun*
//
// A body or run pointer is nil when the object has no labels/properties or no edges that way.

@usableFromInline
struct VertexRecord {
    @usableFromInline var word: AtomicWord
    @usableFromInline var body: UnsafeMutableRawPointer?
    @usableFromInline var outRun: UnsafeMutableRawPointer?
    @usableFromInline var inRun: UnsafeMutableRawPointer?
}

@usableFromInline
struct EdgeRecord {
    @usableFromInline var word: AtomicWord
    @usableFromInline var body: UnsafeMutableRawPointer?
}

/// Which direction of a vertex's adjacency.
public enum EdgeDirection: Sendable {
    case outgoing
    case incoming
}

extension UnsafeMutablePointer where Pointee == VertexRecord {
    @inlinable @inline(__always)
    var wordPointer: UnsafeMutablePointer<AtomicWord> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: AtomicWord.self)
    }

    @inlinable @inline(__always)
    func run(_ direction: EdgeDirection) -> UnsafeMutableRawPointer? {
        direction == .outgoing ? pointee.outRun : pointee.inRun
    }

    @inlinable @inline(__always)
    func setRun(_ direction: EdgeDirection, _ run: UnsafeMutableRawPointer?) {
        if direction == .outgoing { pointee.outRun = run } else { pointee.inRun = run }
    }
}

extension UnsafeMutablePointer where Pointee == EdgeRecord {
    @inlinable @inline(__always)
    var wordPointer: UnsafeMutablePointer<AtomicWord> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: AtomicWord.self)
    }
}
