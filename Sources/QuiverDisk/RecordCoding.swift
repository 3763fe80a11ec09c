// RecordCoding: the values stored under vertex and edge keys, and the decoded images a
// transaction works on. Reading straight from encoded bytes (labels, one property) needs no
// decoding of the rest, so point reads never build a whole image.
//
//   vertex value  UInt16 LE label count | UInt32 LE label ids | PropertyCodec run
//   edge value    UInt64 BE source | UInt64 BE target | UInt32 BE type | PropertyCodec run
import QuiverCore
import QuiverStorage

/// A vertex as one transaction sees it at one moment.
struct VertexImage {
    var exists: Bool
    var labels: [LabelID]
    /// Sorted by id, no nulls.
    var properties: [(PropertyID, Value)]

    static let absent = VertexImage(exists: false, labels: [], properties: [])

    func hasLabel(_ label: LabelID) -> Bool { exists && labels.contains(label) }

    func property(_ key: PropertyID) -> Value {
        for (id, value) in properties where id == key { return value }
        return .null
    }

    /// Approximate heap bytes (memory accounting).
    var approximateBytes: Int { 48 + labels.count * 4 + properties.count * 40 }
}

/// An edge as one transaction sees it at one moment.
struct EdgeImage {
    var exists: Bool
    var from: UInt64
    var to: UInt64
    var type: UInt32
    var properties: [(PropertyID, Value)]
}

enum RecordCoding {
    static func encodeVertex(labels: [LabelID], properties: [(PropertyID, Value)]) throws(QuiverError) -> [UInt8] {
        var bytes: [UInt8] = []
        let run = try PropertyCodec.encodedBytes(properties)
        bytes.reserveCapacity(2 + labels.count * 4 + run.count)
        let count = UInt16(labels.count)
        bytes.append(UInt8(truncatingIfNeeded: count))
        bytes.append(UInt8(truncatingIfNeeded: count >> 8))
        for label in labels {
            var little = label.rawValue.littleEndian
            withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: run)
        return bytes
    }

    @inline(__always)
    static func labelCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        Int(bytes[0]) | Int(bytes[1]) << 8
    }

    @inline(__always)
    static func vertexHasLabel(_ bytes: UnsafeRawBufferPointer, _ label: LabelID) -> Bool {
        let count = labelCount(bytes)
        for index in 0..<count
        where UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 + index * 4, as: UInt32.self)) == label.rawValue {
            return true
        }
        return false
    }

    static func vertexLabels(_ bytes: UnsafeRawBufferPointer) -> [LabelID] {
        let count = labelCount(bytes)
        var labels: [LabelID] = []
        labels.reserveCapacity(count)
        for index in 0..<count {
            labels.append(LabelID(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 + index * 4, as: UInt32.self))))
        }
        return labels
    }

    @inline(__always)
    static func vertexPropertyRun(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer {
        bytes.baseAddress! + 2 + labelCount(bytes) * 4
    }

    static func decodeVertex(_ bytes: UnsafeRawBufferPointer) -> VertexImage {
        VertexImage(exists: true, labels: vertexLabels(bytes), properties: PropertyCodec.decodeAll(vertexPropertyRun(bytes)))
    }

    static func encodeEdge(from: UInt64, to: UInt64, type: UInt32, properties: [(PropertyID, Value)]) throws(QuiverError) -> [UInt8] {
        let run = try PropertyCodec.encodedBytes(properties)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + run.count)
        bytes.appendBigEndian(from)
        bytes.appendBigEndian(to)
        bytes.appendBigEndian(type)
        bytes.append(contentsOf: run)
        return bytes
    }

    static func decodeEdge(_ bytes: UnsafeRawBufferPointer) -> EdgeImage {
        EdgeImage(exists: true, from: bytes.bigEndianUInt64(at: 0), to: bytes.bigEndianUInt64(at: 8),
                  type: bytes.bigEndianUInt32(at: 16), properties: PropertyCodec.decodeAll(bytes.baseAddress! + 20))
    }

    @inline(__always)
    static func edgePropertyRun(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer { bytes.baseAddress! + 20 }
}
