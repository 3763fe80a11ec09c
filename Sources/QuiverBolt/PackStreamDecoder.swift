// PackStream v1 decoder: bytes of one message (a ByteBuffer slice, read in place) → BoltValue.
// Every input either decodes or yields a typed PackStreamError: no traps, no allocation larger
// than the bytes present, recursion bounded by BoltLimits.maxNestingDepth (≤ 1000 frames), so a
// 100,000-deep nested list is refused at the limit instead of overflowing the stack.
import NIOCore
import QuiverCore

public struct PackStreamDecoder {
    public var buffer: ByteBuffer
    public let limits: BoltLimits

    public init(buffer: ByteBuffer, limits: BoltLimits = BoltLimits()) {
        self.buffer = buffer
        self.limits = limits
    }

    /// Decodes one value at the top level (depth 0).
    public mutating func decodeValue() throws(PackStreamError) -> BoltValue {
        try decodeValue(depth: 0)
    }

    /// Decodes a whole buffer holding exactly one value; trailing bytes are an error.
    public static func decode(_ buffer: ByteBuffer, limits: BoltLimits = BoltLimits()) throws(PackStreamError) -> BoltValue {
        var decoder = PackStreamDecoder(buffer: buffer, limits: limits)
        let value = try decoder.decodeValue()
        guard decoder.buffer.readableBytes == 0 else { throw .trailingBytes(decoder.buffer.readableBytes) }
        return value
    }

    mutating func readByte() throws(PackStreamError) -> UInt8 {
        guard let byte = buffer.readInteger(as: UInt8.self) else { throw .truncated }
        return byte
    }

    mutating func read<Integer: FixedWidthInteger>(_ type: Integer.Type) throws(PackStreamError) -> Integer {
        guard let value = buffer.readInteger(as: Integer.self) else { throw .truncated }
        return value
    }

    /// Reads a structure header: returns its field count and tag.
    public mutating func readStructureHeader() throws(PackStreamError) -> (fields: Int, tag: UInt8) {
        let marker = try readByte()
        let fields: Int
        switch marker {
        case 0xB0...0xBF: fields = Int(marker & 0x0F)
        case PackStreamMarker.structure8: fields = Int(try read(UInt8.self))
        case PackStreamMarker.structure16: fields = Int(try read(UInt16.self))
        default: throw .invalidMarker(marker)
        }
        return (fields, try readByte())
    }

    mutating func decodeValue(depth: Int) throws(PackStreamError) -> BoltValue {
        let marker = try readByte()
        switch marker {
        case 0x00...0x7F: return .int(Int64(marker))
        case 0xF0...0xFF: return .int(Int64(Int8(bitPattern: marker)))
        case PackStreamMarker.null: return .null
        case PackStreamMarker.falseValue: return .bool(false)
        case PackStreamMarker.trueValue: return .bool(true)
        case PackStreamMarker.float64: return .float(Double(bitPattern: try read(UInt64.self)))
        case PackStreamMarker.int8: return .int(Int64(try read(Int8.self)))
        case PackStreamMarker.int16: return .int(Int64(try read(Int16.self)))
        case PackStreamMarker.int32: return .int(Int64(try read(Int32.self)))
        case PackStreamMarker.int64: return .int(try read(Int64.self))
        case PackStreamMarker.bytes8, PackStreamMarker.bytes16, PackStreamMarker.bytes32:
            let length = try readSize(width: marker - PackStreamMarker.bytes8)
            return .bytes(try readBytes(length))
        case 0x80...0x8F: return .string(try readUTF8(Int(marker & 0x0F)))
        case PackStreamMarker.string8, PackStreamMarker.string16, PackStreamMarker.string32:
            return .string(try readUTF8(try readSize(width: marker - PackStreamMarker.string8)))
        case 0x90...0x9F: return .list(try decodeList(count: Int(marker & 0x0F), depth: depth + 1))
        case PackStreamMarker.list8, PackStreamMarker.list16, PackStreamMarker.list32:
            return .list(try decodeList(count: try readSize(width: marker - PackStreamMarker.list8), depth: depth + 1))
        case 0xA0...0xAF: return .map(try decodeMap(count: Int(marker & 0x0F), depth: depth + 1))
        case PackStreamMarker.map8, PackStreamMarker.map16, PackStreamMarker.map32:
            return .map(try decodeMap(count: try readSize(width: marker - PackStreamMarker.map8), depth: depth + 1))
        case 0xB0...0xBF, PackStreamMarker.structure8, PackStreamMarker.structure16:
            buffer.moveReaderIndex(to: buffer.readerIndex - 1)
            let (fields, tag) = try readStructureHeader()
            return try decodeStructure(tag: tag, fieldCount: fields, depth: depth + 1)
        default: throw .invalidMarker(marker)
        }
    }

    /// Width 0, 1, 2 → u8, u16, u32 size. Sizes above 2^31-1 are not allowed.
    private mutating func readSize(width: UInt8) throws(PackStreamError) -> Int {
        switch width {
        case 0: return Int(try read(UInt8.self))
        case 1: return Int(try read(UInt16.self))
        default:
            let size = try read(UInt32.self)
            guard size <= UInt32(Int32.max) else { throw .collectionTooLarge(Int(size)) }
            return Int(size)
        }
    }

    private mutating func readBytes(_ length: Int) throws(PackStreamError) -> [UInt8] {
        guard length <= limits.maxStringBytes else { throw .stringTooLong(length) }
        guard let bytes = buffer.readBytes(length: length) else { throw .truncated }
        return bytes
    }

    mutating func readUTF8(_ length: Int) throws(PackStreamError) -> String {
        guard length <= limits.maxStringBytes else { throw .stringTooLong(length) }
        guard length <= buffer.readableBytes else { throw .truncated }
        let text: String? = buffer.withUnsafeReadableBytes { raw in
            let bytes = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: length)
            return String(validating: bytes, as: UTF8.self)
        }
        guard let text else { throw .invalidUTF8 }
        buffer.moveReaderIndex(forwardBy: length)
        return text
    }

    /// Checks a declared element count against the limits and the bytes left (each element
    /// takes at least `minimumBytes`), so a lying header cannot make us reserve gigabytes.
    private func checkCount(_ count: Int, depth: Int, minimumBytes: Int) throws(PackStreamError) {
        guard depth <= limits.maxNestingDepth else { throw .nestingTooDeep(limit: limits.maxNestingDepth) }
        guard count <= limits.maxCollectionCount else { throw .collectionTooLarge(count) }
        guard count * minimumBytes <= buffer.readableBytes else { throw .truncated }
    }

    mutating func decodeList(count: Int, depth: Int) throws(PackStreamError) -> [BoltValue] {
        try checkCount(count, depth: depth, minimumBytes: 1)
        var elements: [BoltValue] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try decodeValue(depth: depth)) }
        return elements
    }

    /// Duplicate keys: the last value wins, at the first key's position.
    mutating func decodeMap(count: Int, depth: Int) throws(PackStreamError) -> BoltMap {
        try checkCount(count, depth: depth, minimumBytes: 2)
        var entries: [(key: String, value: BoltValue)] = []
        entries.reserveCapacity(count)
        var index: [String: Int] = [:]
        for _ in 0..<count {
            let key = try decodeKey()
            let value = try decodeValue(depth: depth)
            if count <= 8 {
                if let existing = entries.firstIndex(where: { $0.key == key }) {
                    entries[existing].value = value
                    continue
                }
            } else if let existing = index[key] {
                entries[existing].value = value
                continue
            } else {
                index[key] = entries.count
            }
            entries.append((key, value))
        }
        return BoltMap(uniqueEntries: entries)
    }

    private mutating func decodeKey() throws(PackStreamError) -> String {
        let marker = try readByte()
        switch marker {
        case 0x80...0x8F: return try readUTF8(Int(marker & 0x0F))
        case PackStreamMarker.string8, PackStreamMarker.string16, PackStreamMarker.string32:
            return try readUTF8(try readSize(width: marker - PackStreamMarker.string8))
        default: throw .mapKeyNotString
        }
    }

    /// Fields of a structure, decoded as values one level deeper.
    mutating func decodeFields(_ count: Int, depth: Int) throws(PackStreamError) -> [BoltValue] {
        try decodeList(count: count, depth: depth)
    }
}
