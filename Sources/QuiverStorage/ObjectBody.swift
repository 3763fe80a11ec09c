// ObjectBody: one malloc'd buffer per object holding its labels and its packed properties, so a
// vertex with a label and a few small properties costs a single 32-byte heap chunk.
//
//   0          UInt16 labelCount (edges: always 0)
//   2          labelCount × UInt32 label ids, unaligned, in insertion order
//   2 + 4n     the property run (PropertyCodec format, 0x00-terminated)
//
// Bodies are immutable once published: a writer builds a new body, swaps the pointer under the
// object's exclusive lock and frees the old one, so readers under the shared lock never see a
// half-written body. A nil body means no labels and no properties.
import CMalloc
import QuiverCore

@usableFromInline
enum ObjectBody {
    @inlinable @inline(__always)
    static func labelCount(_ body: UnsafeRawPointer?) -> Int {
        guard let body else { return 0 }
        return Int(body.loadUnaligned(as: UInt16.self))
    }

    @inlinable @inline(__always)
    static func label(_ body: UnsafeRawPointer, at index: Int) -> UInt32 {
        body.loadUnaligned(fromByteOffset: 2 + 4 * index, as: UInt32.self)
    }

    @inlinable
    static func hasLabel(_ body: UnsafeRawPointer?, _ label: UInt32) -> Bool {
        guard let body else { return false }
        let count = labelCount(body)
        for index in 0..<count where Self.label(body, at: index) == label { return true }
        return false
    }

    @inlinable
    static func labels(_ body: UnsafeRawPointer?) -> [LabelID] {
        guard let body else { return [] }
        return (0..<labelCount(body)).map { LabelID(label(body, at: $0)) }
    }

    /// Start of the property run, or nil when the body has no properties section.
    @inlinable @inline(__always)
    static func properties(_ body: UnsafeRawPointer?) -> UnsafeRawPointer? {
        guard let body else { return nil }
        return body + 2 + 4 * labelCount(body)
    }

    /// Builds a body; nil when there is nothing to store. `properties` must be sorted by id,
    /// without duplicates or nulls.
    static func make(labels: [LabelID], properties: [(PropertyID, Value)]) throws(QuiverError) -> UnsafeMutableRawPointer? {
        if labels.isEmpty && properties.isEmpty { return nil }
        guard labels.count <= Limits.labelsPerVertexMax else {
            throw QuiverError(.limitExceeded, "A vertex can have at most \(Limits.labelsPerVertexMax) labels.")
        }
        let propertyBytes = try PropertyCodec.encodedSize(properties)
        let total = 2 + 4 * labels.count + propertyBytes
        let body = malloc(total)!
        body.storeBytes(of: UInt16(labels.count), as: UInt16.self)
        for (index, label) in labels.enumerated() {
            body.storeBytes(of: label.rawValue, toByteOffset: 2 + 4 * index, as: UInt32.self)
        }
        let written = PropertyCodec.encode(properties, into: UnsafeMutableRawBufferPointer(start: body + 2 + 4 * labels.count, count: propertyBytes))
        assert(written == propertyBytes)
        return body
    }

    /// All properties of a body, in id order.
    static func decodeProperties(_ body: UnsafeRawPointer?) -> [(PropertyID, Value)] {
        guard let base = properties(body) else { return [] }
        return PropertyCodec.decodeAll(base)
    }

    /// Bytes the allocator holds for a body (its accounting size).
    @inline(__always)
    static func allocatedBytes(_ body: UnsafeMutableRawPointer?) -> Int {
        guard let body else { return 0 }
        return quiver_malloc_usable_size(body) + 8
    }

    static func free(_ body: UnsafeMutableRawPointer?) {
        if let body { Glibc.free(body) }
    }
}

import Glibc

extension ObjectBody {
    /// A new body with `labels` and the property run of `body` copied byte for byte.
    static func replacingLabels(_ body: UnsafeRawPointer?, with labels: [LabelID]) throws(QuiverError) -> UnsafeMutableRawPointer? {
        let run = properties(body)
        let runBytes = run.map(PropertyCodec.encodedLength) ?? 1
        if labels.isEmpty && runBytes <= 1 { return nil }
        guard labels.count <= Limits.labelsPerVertexMax else {
            throw QuiverError(.limitExceeded, "A vertex can have at most \(Limits.labelsPerVertexMax) labels.")
        }
        let newBody = Glibc.malloc(2 + 4 * labels.count + runBytes)!
        newBody.storeBytes(of: UInt16(labels.count), as: UInt16.self)
        for (index, label) in labels.enumerated() {
            newBody.storeBytes(of: label.rawValue, toByteOffset: 2 + 4 * index, as: UInt32.self)
        }
        let target = newBody + 2 + 4 * labels.count
        if let run { target.copyMemory(from: run, byteCount: runBytes) } else { target.storeBytes(of: UInt8(0), as: UInt8.self) }
        return newBody
    }

    /// A new body with the labels of `body` and `properties`.
    static func replacingProperties(_ body: UnsafeRawPointer?, with properties: [(PropertyID, Value)]) throws(QuiverError) -> UnsafeMutableRawPointer? {
        try make(labels: labels(body), properties: properties)
    }
}
