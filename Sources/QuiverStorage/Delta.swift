// Delta: one undo record of MVCC (the scheme of Memgraph's storage v2 and of Neumann et al.,
// "Fast Serializable MVCC for Main-Memory Database Systems"). An object's deltas form a chain
// from its record word, newest first; applying a delta to a newer version yields the version
// before the change. Deltas live in their transaction's slab and are freed by GC once no
// active transaction can need them, or at once when the transaction aborts.
//
// Layout (48 B, pinned by RecordLayoutTests):
//   0  commitCell   the writing transaction's timestamp cell: its transaction id (>= 2^63)
//                   while uncommitted, its commit timestamp (< 2^63) afterwards
//   8  next         the next older delta of the same object
//  16  objectGid    the object this delta belongs to (GC and abort find the record by it)
//  24  commandID    the command of the transaction that wrote it (Cypher clause visibility)
//  28  action       DeltaAction
//  29  objectKind   vertex or edge
//  30  flags        firstOfTransaction: no older delta on this object is from the same transaction
//  32  a, b         action payload: label id | property id + old value | adjacency entry
//
// Undo meaning of each action (what must be done to the newer version to get the older):
//   deleteObject      the object did not exist before (written by create)
//   recreateObject    the object was not deleted before (written by delete)
//   setProperty       property a had the value at pointer b (null = absent)
//   addLabel          label a was present (written by a label removal)
//   removeLabel       label a was absent (written by a label addition)
//   addOutEdge/addInEdge        entry (a, b) was in the list (written by an edge removal)
//   removeOutEdge/removeInEdge  entry (a, b) was not in the list (written by an edge addition)
import Atomics
import QuiverCore

@usableFromInline
enum DeltaAction: UInt8 {
    case invalid = 0
    case deleteObject
    case recreateObject
    case setProperty
    case addLabel
    case removeLabel
    case addOutEdge
    case addInEdge
    case removeOutEdge
    case removeInEdge
}

@usableFromInline
enum ObjectKind: UInt8 {
    case vertex = 1
    case edge = 2
}

@usableFromInline
struct Delta {
    @usableFromInline var commitCell: UnsafeMutablePointer<AtomicWord>
    @usableFromInline var next: UnsafeMutablePointer<Delta>?
    @usableFromInline var objectGid: UInt64
    @usableFromInline var commandID: UInt32
    @usableFromInline var action: DeltaAction
    @usableFromInline var objectKind: ObjectKind
    @usableFromInline var flags: UInt8
    @usableFromInline var a: UInt64
    @usableFromInline var b: UInt64

    @usableFromInline static let firstOfTransaction: UInt8 = 1

    /// The adjacency entry an edge action carries.
    @inlinable var entry: AdjacencyEntry { AdjacencyEntry(word0: a, edgeGid: b) }

    /// The old value of a setProperty delta.
    @inlinable var oldValue: Value {
        UnsafeMutablePointer<Value>(bitPattern: UInt(b))!.pointee
    }

    @inlinable var propertyID: PropertyID { PropertyID(UInt32(truncatingIfNeeded: a)) }
    @inlinable var labelID: UInt32 { UInt32(truncatingIfNeeded: a) }
}

/// Timestamps: commit timestamps count up from 1; transaction ids start at 2^63 so that an
/// uncommitted delta's cell always compares greater than any start timestamp.
@usableFromInline
enum Timestamps {
    @usableFromInline static let transactionIDBase: UInt64 = 1 << 63
}

/// Mapped 64 KiB chunks for delta slabs, recycled through a small cache. Deltas come and go by
/// the million during imports; keeping them out of malloc's heap means freeing them returns
/// whole pages instead of leaving holes between long-lived bodies.
final class DeltaChunkPool: @unchecked Sendable {
    static let chunkBytes = 64 << 10
    static let deltasPerChunk = chunkBytes / MemoryLayout<Delta>.stride
    private static let cachedChunksMax = 32
    private let mutex = PThreadMutex()
    private var cached: [UnsafeMutableRawPointer] = []

    func take() -> UnsafeMutablePointer<Delta> {
        let chunk = mutex.withLock { cached.popLast() } ?? mapZeroedMemory(Self.chunkBytes)
        return chunk.bindMemory(to: Delta.self, capacity: Self.deltasPerChunk)
    }

    func give(_ chunk: UnsafeMutablePointer<Delta>) {
        let raw = UnsafeMutableRawPointer(chunk)
        let kept = mutex.withLock { () -> Bool in
            guard cached.count < Self.cachedChunksMax else { return false }
            cached.append(raw)
            return true
        }
        if !kept { unmapMemory(raw, Self.chunkBytes) }
    }

    deinit { for chunk in cached { unmapMemory(chunk, Self.chunkBytes) } }
}

/// Append-only storage for one transaction's deltas and saved old values, in fixed chunks so
/// published pointers stay valid until the whole slab is released.
final class DeltaSlab {
    private static let deltasPerChunk = DeltaChunkPool.deltasPerChunk
    private static let valuesPerChunk = 64

    private let pool: DeltaChunkPool
    private var deltaChunks: [UnsafeMutablePointer<Delta>] = []
    private var deltasInLastChunk = deltasPerChunk
    private var valueChunks: [UnsafeMutablePointer<Value>] = []
    private var valuesInLastChunk = valuesPerChunk
    private(set) var count = 0

    init(pool: DeltaChunkPool) { self.pool = pool }

    static var bytesPerDeltaChunk: Int { DeltaChunkPool.chunkBytes }
    static var bytesPerValueChunk: Int { valuesPerChunk * MemoryLayout<Value>.stride }

    /// Bytes this slab holds (for memory accounting).
    var allocatedBytes: Int {
        deltaChunks.count * Self.bytesPerDeltaChunk + valueChunks.count * Self.bytesPerValueChunk
    }

    /// Memory for one more delta; the caller initialises it.
    func appendDelta() -> (pointer: UnsafeMutablePointer<Delta>, newChunkBytes: Int) {
        var grown = 0
        if deltasInLastChunk == Self.deltasPerChunk {
            deltaChunks.append(pool.take())
            deltasInLastChunk = 0
            grown = Self.bytesPerDeltaChunk
        }
        let pointer = deltaChunks[deltaChunks.count - 1] + deltasInLastChunk
        deltasInLastChunk += 1
        count += 1
        return (pointer, grown)
    }

    /// Stores an old value; the pointer stays valid until `release`.
    func saveValue(_ value: Value) -> (pointer: UnsafeMutablePointer<Value>, newChunkBytes: Int) {
        var grown = 0
        if valuesInLastChunk == Self.valuesPerChunk {
            valueChunks.append(.allocate(capacity: Self.valuesPerChunk))
            valuesInLastChunk = 0
            grown = Self.bytesPerValueChunk
        }
        let pointer = valueChunks[valueChunks.count - 1] + valuesInLastChunk
        pointer.initialize(to: value)
        valuesInLastChunk += 1
        return (pointer, grown)
    }

    /// Visits deltas oldest first.
    func forEachOldestFirst(_ body: (UnsafeMutablePointer<Delta>) -> Void) {
        for (index, chunk) in deltaChunks.enumerated() {
            let used = index == deltaChunks.count - 1 ? deltasInLastChunk : Self.deltasPerChunk
            for offset in 0..<used { body(chunk + offset) }
        }
    }

    /// Visits deltas newest first (the order of undo).
    func forEachNewestFirst(_ body: (UnsafeMutablePointer<Delta>) -> Void) {
        for index in stride(from: deltaChunks.count - 1, through: 0, by: -1) {
            let chunk = deltaChunks[index]
            let used = index == deltaChunks.count - 1 ? deltasInLastChunk : Self.deltasPerChunk
            for offset in stride(from: used - 1, through: 0, by: -1) { body(chunk + offset) }
        }
    }

    /// Frees everything. No delta of this slab may be reachable from any record.
    func release() {
        for chunk in deltaChunks { pool.give(chunk) }
        for (index, chunk) in valueChunks.enumerated() {
            let used = index == valueChunks.count - 1 ? valuesInLastChunk : Self.valuesPerChunk
            chunk.deinitialize(count: used)
            chunk.deallocate()
        }
        deltaChunks = []
        valueChunks = []
        deltasInLastChunk = Self.deltasPerChunk
        valuesInLastChunk = Self.valuesPerChunk
        count = 0
    }

    deinit { release() }
}
