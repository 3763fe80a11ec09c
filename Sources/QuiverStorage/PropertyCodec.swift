// PropertyCodec: the packed property encoding ("property store"). All properties of one vertex
// or edge live in one byte run, sorted by property id, in the spirit of Memgraph's
// PropertyStore (docs/property-encoding.md has this table plus the reasoning). This file holds
// the format, its constants and the encoder; PropertyCodecRead.swift decodes and looks up,
// PropertyCodecValidate.swift checks untrusted bytes.
//
// RUN := ENTRY* 0x00                      entries sorted by strictly ascending property id
//
// ENTRY (top level)
// | offset      | size     | meaning                                                        |
// |-------------|----------|----------------------------------------------------------------|
// | 0           | 1        | META: bits 7-4 type tag (1...12, never 0), bits 3-2 id width   |
// |             |          | code, bits 1-0 payload code (meaning per tag, below)           |
// | 1           | 1, 2, 4  | property id, unsigned, width code 0/1/2                        |
// | 1 + idWidth | per tag  | PAYLOAD                                                        |
//
// Width codes: 0 → 1 byte, 1 → 2, 2 → 4, 3 → 8. Every field uses the smallest width that holds
// it (signed fields two's complement, sign-extended on read; lengths and ids unsigned). All
// multi-byte fields are little-endian and unaligned.
//
// | tag | type          | payload code (META bits 1-0)    | PAYLOAD                                      |
// |-----|---------------|---------------------------------|----------------------------------------------|
// | 0   | —             | —                               | invalid; 0x00 as a META byte ends the run    |
// | 1   | null          | 0                               | none (only inside lists/maps: top-level null |
// |     |               |                                 | is never stored, setting null removes)       |
// | 2   | bool          | 0 = false, 1 = true             | none                                         |
// | 3   | int           | width code w                    | Int64 in 2^w bytes, signed                   |
// | 4   | float         | 2 = 4 bytes, 3 = 8 bytes        | Float32 bits when the Double round-trips     |
// |     |               |                                 | through Float32 bit-exactly, else Float64    |
// |     |               |                                 | (NaN ↔ NaN bitwise: sign, payload << 29)     |
// | 5   | string        | width code w of the length      | length n (2^w bytes), n UTF-8 bytes          |
// | 6   | list          | width code w of the body length | body length n (2^w bytes), then n bytes of   |
// |     |               |                                 | ELEMENTs                                     |
// | 7   | map           | width code w of the body length | body length n (2^w bytes), then n bytes of   |
// |     |               |                                 | MAP ENTRYs, keys in ascending UTF-8 byte     |
// |     |               |                                 | order                                        |
// | 8   | date          | width code w                    | daysSinceEpoch in 2^w bytes, signed          |
// | 9   | localTime     | width code w                    | nanosecondsSinceMidnight in 2^w bytes, signed|
// | 10  | localDateTime | 0                               | WIDTHS byte (bits 1-0 seconds, 3-2 nanos,    |
// |     |               |                                 | 7-4 zero), seconds, nanoseconds (signed)     |
// | 11  | dateTime      | 0 = no zone id, 1 = zone id     | WIDTHS byte (bits 1-0 seconds, 3-2 nanos,    |
// |     |               |                                 | 5-4 offset, 7-6 zone id length or zero),     |
// |     |               |                                 | secondsUTC, nanos, offsetSeconds (signed),   |
// |     |               |                                 | [zone id length, zone id UTF-8 bytes]        |
// | 12  | duration      | 0                               | WIDTHS byte (bits 1-0 months, 3-2 days, 5-4  |
// |     |               |                                 | seconds, 7-6 nanos), the four fields, signed |
// | 13  | time          | 0                               | WIDTHS byte (bits 1-0 nanos of day, 3-2      |
// |     |               |                                 | offset, 7-4 zero), nanosecondsSinceMidnight, |
// |     |               |                                 | offsetSeconds (signed)                       |
// | 14+ | reserved      |                                 |                                              |
//
// Nodes, relationships and paths are query-only values: encoding one throws a typeError.
//
// ELEMENT   := META (bits 3-2 zero) PAYLOAD                          list element, no key
// MAP ENTRY := META (bits 3-2 = width code k of the key length) keyLength (2^k bytes)
//              key UTF-8 bytes PAYLOAD
//
// Containers store their body length in bytes rather than their element count, so a lookup
// skips a list or map in O(1); decoding counts elements with a cheap skip pass first.
// The encoding is canonical: the same properties always give the same bytes (smallest widths,
// sorted ids and keys), so byte equality of two runs is equality of their (bit-exact) values.
//
// Sizes: id < 256 and int in -128...127 → 3 bytes; id < 256 and int in Int32 → 6 bytes;
// bool → 2 bytes; empty run → 1 byte (the terminator).

import QuiverCore

public enum PropertyCodec {
    /// Type tags (META bits 7-4). 0 is never a tag: a 0x00 META byte terminates a run.
    enum Tag {
        static let null: UInt8 = 1
        static let bool: UInt8 = 2
        static let int: UInt8 = 3
        static let float: UInt8 = 4
        static let string: UInt8 = 5
        static let list: UInt8 = 6
        static let map: UInt8 = 7
        static let date: UInt8 = 8
        static let localTime: UInt8 = 9
        static let localDateTime: UInt8 = 10
        static let dateTime: UInt8 = 11
        static let duration: UInt8 = 12
        static let time: UInt8 = 13
        static let last: UInt8 = 13
    }

    /// The byte that ends a run.
    static let terminator: UInt8 = 0

    // MARK: Widths

    /// Smallest width code holding `value` as a sign-extended two's complement field.
    @inline(__always)
    static func signedCode(_ value: Int64) -> UInt8 {
        if value == Int64(Int8(truncatingIfNeeded: value)) { return 0 }
        if value == Int64(Int16(truncatingIfNeeded: value)) { return 1 }
        if value == Int64(Int32(truncatingIfNeeded: value)) { return 2 }
        return 3
    }

    /// Smallest width code holding `value` as an unsigned field.
    @inline(__always)
    static func unsignedCode(_ value: UInt64) -> UInt8 {
        if value <= 0xFF { return 0 }
        if value <= 0xFFFF { return 1 }
        if value <= 0xFFFF_FFFF { return 2 }
        return 3
    }

    @inline(__always)
    static func unsignedCode(_ value: Int) -> UInt8 { unsignedCode(UInt64(value)) }

    /// Bytes of a field with width code `code` (0...3).
    @inline(__always)
    static func width(_ code: UInt8) -> Int { 1 &<< Int(code) }

    /// Whether `value` survives Double → Float32 → Double bit-exactly (then 4 bytes suffice).
    /// NaNs are converted bitwise (sign, payload shifted by 29 bits) rather than by the FPU,
    /// whose NaN quieting differs by platform and which the optimizer may fold away.
    @inline(__always)
    static func fitsFloat32(_ value: Double) -> Bool {
        if value.isNaN { return value.bitPattern & 0x1FFF_FFFF == 0 }
        return Double(Float(value)).bitPattern == value.bitPattern
    }

    /// The Float32 bits stored for a `value` that `fitsFloat32`.
    @inline(__always)
    static func float32Bits(_ value: Double) -> UInt32 {
        guard value.isNaN else { return Float(value).bitPattern }
        let bits = value.bitPattern
        return UInt32(truncatingIfNeeded: bits &>> 63) &<< 31 | 0x7F80_0000
            | UInt32(truncatingIfNeeded: bits &>> 29) & 0x7F_FFFF
    }

    /// The Double stored as Float32 `bits`; inverse of `float32Bits`.
    @inline(__always)
    static func double(float32Bits bits: UInt32) -> Double {
        let f = Float(bitPattern: bits)
        guard f.isNaN else { return Double(f) }
        return Double(
            bitPattern: UInt64(bits &>> 31) &<< 63 | 0x7FF0_0000_0000_0000 | UInt64(bits & 0x7F_FFFF) &<< 29)
    }

    // MARK: Sizing

    /// Bytes needed to encode `properties` (sorted by id, no duplicate ids, no nulls), including
    /// the 0x00 terminator. Throws `.limitExceeded` when a value nests deeper than
    /// `Limits.valueNestingDepthMax` or a string (value, map key or zone id) is longer than
    /// `Limits.stringBytesMax` UTF-8 bytes.
    public static func encodedSize(_ properties: [(PropertyID, Value)]) throws(QuiverError) -> Int {
        var size = 1
        var previous: UInt32? = nil
        for (id, value) in properties {
            if let previous {
                precondition(
                    id.rawValue > previous, "PropertyCodec: properties must be sorted by id without duplicates")
            }
            precondition(!value.isNull, "PropertyCodec: null is never stored (setting null removes the property)")
            previous = id.rawValue
            size += 1 + width(unsignedCode(UInt64(id.rawValue))) + (try payloadSize(value, level: 0))
        }
        return size
    }

    /// Bytes after the META byte (and after the id or key) that `value` takes. `level` is the
    /// number of lists and maps enclosing `value`.
    static func payloadSize(_ value: Value, level: Int) throws(QuiverError) -> Int {
        switch value {
        case .null, .bool:
            return 0
        case .int(let v):
            return width(signedCode(v))
        case .float(let v):
            return fitsFloat32(v) ? 4 : 8
        case .string(let s):
            let n = try checkedLength(s)
            return width(unsignedCode(n)) + n
        case .list(let elements):
            let body = try listBodySize(elements, level: try checkedLevel(level + 1))
            return width(unsignedCode(body)) + body
        case .map(let entries):
            let body = try mapBodySize(entries, level: try checkedLevel(level + 1))
            return width(unsignedCode(body)) + body
        case .date(let d):
            return width(signedCode(d.daysSinceEpoch))
        case .localTime(let t):
            return width(signedCode(t.nanosecondsSinceMidnight))
        case .localDateTime(let t):
            return 1 + width(signedCode(t.secondsSinceEpoch)) + width(signedCode(Int64(t.nanoseconds)))
        case .dateTime(let t):
            var n = 1 + width(signedCode(t.secondsSinceEpochUTC)) + width(signedCode(Int64(t.nanoseconds)))
                + width(signedCode(Int64(t.offsetSeconds)))
            if let zone = t.zoneID {
                let z = try checkedLength(zone)
                n += width(unsignedCode(z)) + z
            }
            return n
        case .duration(let d):
            return 1 + width(signedCode(d.months)) + width(signedCode(d.days)) + width(signedCode(d.seconds))
                + width(signedCode(Int64(d.nanoseconds)))
        case .time(let t):
            return 1 + width(signedCode(t.nanosecondsSinceMidnight)) + width(signedCode(Int64(t.offsetSeconds)))
        case .node, .relationship, .path:
            throw QuiverError(.typeError, "Cannot store a value of type \(value.typeName) as a property.")
        }
    }

    /// Body bytes of a list whose own nesting depth is `level`.
    static func listBodySize(_ elements: [Value], level: Int) throws(QuiverError) -> Int {
        var body = 0
        for element in elements {
            body += 1 + (try payloadSize(element, level: level))
        }
        return body
    }

    /// Body bytes of a map whose own nesting depth is `level`.
    static func mapBodySize(_ entries: [String: Value], level: Int) throws(QuiverError) -> Int {
        var body = 0
        for (key, element) in entries {
            let k = try checkedLength(key)
            body += 1 + width(unsignedCode(k)) + k + (try payloadSize(element, level: level))
        }
        return body
    }

    @inline(__always)
    static func checkedLevel(_ level: Int) throws(QuiverError) -> Int {
        guard level <= Limits.valueNestingDepthMax else {
            throw QuiverError(
                .limitExceeded,
                "Value nesting depth exceeds the limit of \(Limits.valueNestingDepthMax) nested lists and maps.")
        }
        return level
    }

    @inline(__always)
    static func checkedLength(_ s: String) throws(QuiverError) -> Int {
        let n = s.utf8.count
        guard n <= Limits.stringBytesMax else {
            throw QuiverError(
                .limitExceeded, "String of \(n) bytes exceeds the limit of \(Limits.stringBytesMax) bytes.")
        }
        return n
    }

    // MARK: Encoding

    /// Writes the encoding of `properties` into `buffer`, which must hold at least
    /// `encodedSize(properties)` bytes (so the properties passed that call's checks); returns the
    /// bytes written, terminator included.
    public static func encode(_ properties: [(PropertyID, Value)], into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress else {
            preconditionFailure("PropertyCodec.encode: empty buffer")
        }
        var writer = Writer(base: base, capacity: buffer.count)
        for (id, value) in properties {
            writer.entry(id: id.rawValue, value: value)
        }
        writer.byte(terminator)
        return writer.offset
    }

    /// The encoding of `properties` as a fresh array (convenience for tests and snapshot writers).
    public static func encodedBytes(_ properties: [(PropertyID, Value)]) throws(QuiverError) -> [UInt8] {
        let size = try encodedSize(properties)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = encode(properties, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// What goes into a META byte besides the id/key width, plus the length field a string or
    /// container needs (string bytes or body bytes).
    struct Header {
        var tag: UInt8
        var code: UInt8
        var length: Int
    }

    /// `level` is the number of lists and maps enclosing `value`.
    static func header(_ value: Value, level: Int) -> Header {
        switch value {
        case .null:
            return Header(tag: Tag.null, code: 0, length: 0)
        case .bool(let b):
            return Header(tag: Tag.bool, code: b ? 1 : 0, length: 0)
        case .int(let v):
            return Header(tag: Tag.int, code: signedCode(v), length: 0)
        case .float(let v):
            return Header(tag: Tag.float, code: fitsFloat32(v) ? 2 : 3, length: 0)
        case .string(let s):
            let n = s.utf8.count
            return Header(tag: Tag.string, code: unsignedCode(n), length: n)
        case .list(let elements):
            // encodedSize has checked the limits, so this cannot throw.
            let body = try! listBodySize(elements, level: level + 1)
            return Header(tag: Tag.list, code: unsignedCode(body), length: body)
        case .map(let entries):
            let body = try! mapBodySize(entries, level: level + 1)
            return Header(tag: Tag.map, code: unsignedCode(body), length: body)
        case .date(let d):
            return Header(tag: Tag.date, code: signedCode(d.daysSinceEpoch), length: 0)
        case .localTime(let t):
            return Header(tag: Tag.localTime, code: signedCode(t.nanosecondsSinceMidnight), length: 0)
        case .localDateTime:
            return Header(tag: Tag.localDateTime, code: 0, length: 0)
        case .dateTime(let t):
            return Header(tag: Tag.dateTime, code: t.zoneID == nil ? 0 : 1, length: 0)
        case .duration:
            return Header(tag: Tag.duration, code: 0, length: 0)
        case .time:
            return Header(tag: Tag.time, code: 0, length: 0)
        case .node, .relationship, .path:
            preconditionFailure("PropertyCodec: encodedSize refuses graph values before encoding")
        }
    }

    /// Map entries in canonical order: ascending by the keys' UTF-8 bytes.
    static func canonicalOrder(_ entries: [String: Value]) -> [(key: String, value: Value)] {
        entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Sequential little-endian writer over a caller-owned buffer.
    struct Writer {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        var offset = 0

        init(base: UnsafeMutableRawPointer, capacity: Int) {
            self.base = base
            self.capacity = capacity
        }

        @inline(__always)
        mutating func reserve(_ n: Int) -> UnsafeMutableRawPointer {
            precondition(n <= capacity - offset, "PropertyCodec.encode: buffer smaller than encodedSize")
            let p = base + offset
            offset += n
            return p
        }

        @inline(__always)
        mutating func byte(_ b: UInt8) {
            reserve(1).storeBytes(of: b, as: UInt8.self)
        }

        /// Stores the low 2^code bytes of `bits` little-endian.
        @inline(__always)
        mutating func field(_ bits: UInt64, code: UInt8) {
            let p = reserve(width(code))
            switch code {
            case 0: p.storeBytes(of: UInt8(truncatingIfNeeded: bits), as: UInt8.self)
            case 1: p.storeBytes(of: UInt16(truncatingIfNeeded: bits).littleEndian, as: UInt16.self)
            case 2: p.storeBytes(of: UInt32(truncatingIfNeeded: bits).littleEndian, as: UInt32.self)
            default: p.storeBytes(of: bits.littleEndian, as: UInt64.self)
            }
        }

        @inline(__always)
        mutating func signed(_ v: Int64, code: UInt8) {
            field(UInt64(bitPattern: v), code: code)
        }

        @inline(__always)
        mutating func unsigned(_ v: Int, code: UInt8) {
            field(UInt64(v), code: code)
        }

        mutating func utf8(_ s: String, count: Int) {
            let p = reserve(count)
            guard count > 0 else { return }
            var s = s
            s.withUTF8 { source in
                p.copyMemory(from: source.baseAddress!, byteCount: count)
            }
        }

        /// A top-level entry: META, property id, payload.
        mutating func entry(id: UInt32, value: Value) {
            let h = header(value, level: 0)
            let idCode = unsignedCode(UInt64(id))
            byte(h.tag &<< 4 | idCode &<< 2 | h.code)
            field(UInt64(id), code: idCode)
            payload(value, h, level: 0)
        }

        /// A list element: META (no key), payload.
        mutating func element(_ value: Value, level: Int) {
            let h = header(value, level: level)
            byte(h.tag &<< 4 | h.code)
            payload(value, h, level: level)
        }

        /// A map entry: META carrying the key-length width, key length, key bytes, payload.
        mutating func mapEntry(key: String, value: Value, level: Int) {
            let h = header(value, level: level)
            let keyLength = key.utf8.count
            let keyCode = unsignedCode(keyLength)
            byte(h.tag &<< 4 | keyCode &<< 2 | h.code)
            unsigned(keyLength, code: keyCode)
            utf8(key, count: keyLength)
            payload(value, h, level: level)
        }

        /// The payload of `value` whose META used header `h`; `level` counts enclosing containers.
        mutating func payload(_ value: Value, _ h: Header, level: Int) {
            switch value {
            case .null, .bool:
                break
            case .int(let v):
                signed(v, code: h.code)
            case .float(let v):
                if h.code == 2 {
                    field(UInt64(float32Bits(v)), code: 2)
                } else {
                    field(v.bitPattern, code: 3)
                }
            case .string(let s):
                unsigned(h.length, code: h.code)
                utf8(s, count: h.length)
            case .list(let elements):
                unsigned(h.length, code: h.code)
                let start = offset
                for e in elements {
                    element(e, level: level + 1)
                }
                assert(offset - start == h.length)
            case .map(let entries):
                unsigned(h.length, code: h.code)
                let start = offset
                for (key, e) in canonicalOrder(entries) {
                    mapEntry(key: key, value: e, level: level + 1)
                }
                assert(offset - start == h.length)
            case .date(let d):
                signed(d.daysSinceEpoch, code: h.code)
            case .localTime(let t):
                signed(t.nanosecondsSinceMidnight, code: h.code)
            case .localDateTime(let t):
                let s = signedCode(t.secondsSinceEpoch)
                let n = signedCode(Int64(t.nanoseconds))
                byte(s | n &<< 2)
                signed(t.secondsSinceEpoch, code: s)
                signed(Int64(t.nanoseconds), code: n)
            case .dateTime(let t):
                let s = signedCode(t.secondsSinceEpochUTC)
                let n = signedCode(Int64(t.nanoseconds))
                let o = signedCode(Int64(t.offsetSeconds))
                let zoneLength = t.zoneID?.utf8.count ?? 0
                let z = t.zoneID == nil ? 0 : unsignedCode(zoneLength)
                byte(s | n &<< 2 | o &<< 4 | z &<< 6)
                signed(t.secondsSinceEpochUTC, code: s)
                signed(Int64(t.nanoseconds), code: n)
                signed(Int64(t.offsetSeconds), code: o)
                if let zone = t.zoneID {
                    unsigned(zoneLength, code: z)
                    utf8(zone, count: zoneLength)
                }
            case .duration(let d):
                let m = signedCode(d.months)
                let dd = signedCode(d.days)
                let s = signedCode(d.seconds)
                let n = signedCode(Int64(d.nanoseconds))
                byte(m | dd &<< 2 | s &<< 4 | n &<< 6)
                signed(d.months, code: m)
                signed(d.days, code: dd)
                signed(d.seconds, code: s)
                signed(Int64(d.nanoseconds), code: n)
            case .time(let t):
                let n = signedCode(t.nanosecondsSinceMidnight)
                let o = signedCode(Int64(t.offsetSeconds))
                byte(n | o &<< 2)
                signed(t.nanosecondsSinceMidnight, code: n)
                signed(Int64(t.offsetSeconds), code: o)
            case .node, .relationship, .path:
                preconditionFailure("PropertyCodec: encodedSize refuses graph values before encoding")
            }
        }
    }
}
