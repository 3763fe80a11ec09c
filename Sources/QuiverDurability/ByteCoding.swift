// Byte coding shared by the WAL and snapshot formats: little-endian fixed-width integers,
// LEB128 varints and length-prefixed strings appended to a byte array, and ByteCursor, a
// bounds-checked reader over a byte window that records an overrun instead of trapping (callers
// check `overrun` once per record, which keeps the decode loops branch-light).
import QuiverCore
import QuiverStorage

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendU32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendU64(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }

    @inline(__always)
    mutating func appendVarint(_ value: UInt32) { appendVarint(UInt64(value)) }

    /// Varint byte length, then the UTF-8 bytes.
    mutating func appendString(_ string: String) {
        var copy = string
        copy.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count))
            append(contentsOf: utf8)
        }
    }

    /// One property run (PropertyCodec format, terminator included) for `properties`.
    mutating func appendPropertyRun(_ properties: [(PropertyID, Value)]) throws(QuiverError) {
        if properties.isEmpty {
            append(0)
            return
        }
        let size = try PropertyCodec.encodedSize(properties)
        let start = count
        append(contentsOf: repeatElement(0, count: size))
        withUnsafeMutableBytes { raw in
            _ = PropertyCodec.encode(properties, into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
        }
    }

    /// Overwrites four bytes at `offset` with `value`, little-endian.
    mutating func storeU32(_ value: UInt32, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self) }
    }
}

/// A reader over `base[0..<count]`. Reads past the end return zeros and set `overrun`.
struct ByteCursor {
    let base: UnsafeRawPointer
    let count: Int
    var position = 0
    var overrun = false

    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!
        count = bytes.count
    }

    var remaining: Int { count - position }
    var atEnd: Bool { position >= count }

    @inline(__always)
    mutating func u8() -> UInt8 {
        guard position < count else { overrun = true; return 0 }
        defer { position += 1 }
        return base.load(fromByteOffset: position, as: UInt8.self)
    }

    @inline(__always)
    mutating func u32() -> UInt32 {
        guard count - position >= 4 else { overrun = true; position = count; return 0 }
        defer { position += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    @inline(__always)
    mutating func u64() -> UInt64 {
        guard count - position >= 8 else { overrun = true; position = count; return 0 }
        defer { position += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    @inline(__always)
    mutating func varint() -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < count {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            if shift == 63 && byte > 1 { overrun = true; return 0 }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        overrun = true
        return 0
    }

    @inline(__always)
    mutating func varint32() -> UInt32 {
        let value = varint()
        guard value <= UInt64(UInt32.max) else { overrun = true; return 0 }
        return UInt32(value)
    }

    mutating func bytes(_ n: Int) -> UnsafeRawBufferPointer {
        guard n >= 0, count - position >= n else {
            overrun = true
            position = count
            return UnsafeRawBufferPointer(start: base, count: 0)
        }
        defer { position += n }
        return UnsafeRawBufferPointer(start: base + position, count: n)
    }

    mutating func string() -> String {
        let length = varint()
        guard length <= UInt64(remaining) else { overrun = true; position = count; return "" }
        let raw = bytes(Int(length))
        guard let text = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else {
            overrun = true
            return ""
        }
        return text
    }

    /// The property run starting here, validated (so decoding it cannot trap); nil and
    /// `overrun` when no well-formed run starts here.
    @inline(__always)
    mutating func propertyRun() -> UnsafeRawPointer? {
        guard position < count else { overrun = true; return nil }
        let start = base + position
        if start.load(as: UInt8.self) == 0 {
            position += 1
            return start
        }
        guard let length = PropertyCodec.validatedLength(UnsafeRawBufferPointer(start: start, count: count - position)) else {
            overrun = true
            return nil
        }
        position += length
        return start
    }

    /// The properties of the run starting here, or nil (and `overrun`) when it is malformed.
    mutating func properties() -> [(PropertyID, Value)]? {
        guard let run = propertyRun() else { return nil }
        if run.load(as: UInt8.self) == 0 { return [] }
        return PropertyCodec.decodeAll(run)
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body with typed throws (the standard one rethrows `any Error`).
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws(QuiverError) -> T) throws(QuiverError) -> T {
        var result: Result<T, QuiverError>? = nil
        withUnsafeBytes { raw in result = Result { () throws(QuiverError) in try body(raw) } }
        return try result!.get()
    }

    /// `withUnsafeMutableBytes` for a body with typed throws.
    mutating func withMutableBytes<T>(_ body: (UnsafeMutableRawBufferPointer) throws(QuiverError) -> T) throws(QuiverError) -> T {
        var result: Result<T, QuiverError>? = nil
        withUnsafeMutableBytes { raw in result = Result { () throws(QuiverError) in try body(raw) } }
        return try result!.get()
    }
}
