// KeyCoding: the byte layout of every RocksDB key of the on-disk store (table in
// docs/disk-format.md). All integers in keys are big-endian, so RocksDB's bytewise order is
// numeric order and a fixed-width prefix selects one vertex's adjacency or one label's index.
import QuiverCore

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendBigEndian(_ value: UInt64) {
        var big = value.bigEndian
        Swift.withUnsafeBytes(of: &big) { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendBigEndian(_ value: UInt32) {
        var big = value.bigEndian
        Swift.withUnsafeBytes(of: &big) { append(contentsOf: $0) }
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func bigEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

enum KeyCoding {
    /// `gid` (vertices, edges).
    static func objectKey(_ gid: UInt64) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(8)
        key.appendBigEndian(gid)
        return key
    }

    /// `vertex | edge` (out and in connectivity).
    static func adjacencyKey(_ vertex: UInt64, _ edge: UInt64) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(16)
        key.appendBigEndian(vertex)
        key.appendBigEndian(edge)
        return key
    }

    /// `type | neighbour` (the value of a connectivity entry).
    static func adjacencyValue(type: UInt32, neighbour: UInt64) -> [UInt8] {
        idAndGid(type, neighbour)
    }

    /// `label | gid` (label index).
    static func labelKey(_ label: UInt32, _ gid: UInt64) -> [UInt8] {
        idAndGid(label, gid)
    }

    /// A 4-byte id then an 8-byte gid, big-endian (the shape of both entries above).
    private static func idAndGid(_ id: UInt32, _ gid: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        bytes.appendBigEndian(id)
        bytes.appendBigEndian(gid)
        return bytes
    }

    /// `label | property` (the prefix of one label+property index).
    static func propertyIndexPrefix(_ label: UInt32, _ property: UInt32) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(24)
        key.appendBigEndian(label)
        key.appendBigEndian(property)
        return key
    }

    /// `label | property | order-preserving value | gid` (nil for values never indexed: null).
    static func propertyIndexKey(_ label: UInt32, _ property: UInt32, _ value: Value, _ gid: UInt64) -> [UInt8]? {
        var key = propertyIndexPrefix(label, property)
        guard IndexValueEncoding.append(value, to: &key) else { return nil }
        key.appendBigEndian(gid)
        return key
    }

    /// `label | count | properties | values` (unique constraint entry; value: the owner gid).
    static func uniqueKey(_ label: UInt32, _ properties: [UInt32], _ values: [Value]) -> [UInt8] {
        var key: [UInt8] = []
        key.appendBigEndian(label)
        key.append(UInt8(properties.count))
        for property in properties { key.appendBigEndian(property) }
        for value in values { IndexValueEncoding.appendEquality(value, to: &key) }
        return key
    }

    /// The smallest key greater than every key starting with `prefix` (nil: no such key).
    static func successor(of prefix: [UInt8]) -> [UInt8]? {
        var key = prefix
        while let last = key.last {
            if last < 0xFF {
                key[key.count - 1] = last + 1
                return key
            }
            key.removeLast()
        }
        return nil
    }
}
