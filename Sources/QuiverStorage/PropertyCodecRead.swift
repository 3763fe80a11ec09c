// PropertyCodec reading: lookups, decoding and merging of runs this codec produced (trusted
// input: corruption is checked with `assert` only). The format table is in PropertyCodec.swift.

import QuiverCore

extension PropertyCodec {
    // MARK: Field loads

    /// Unsigned little-endian field of width code `code` at `p`.
    @inline(__always)
    static func loadUnsigned(_ p: UnsafeRawPointer, code: UInt8) -> Int {
        switch code {
        case 0: Int(p.load(as: UInt8.self))
        case 1: Int(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self)))
        case 2: Int(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
        default: Int(truncatingIfNeeded: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
        }
    }

    /// Signed little-endian field of width code `code` at `p`, sign-extended.
    @inline(__always)
    static func loadSigned(_ p: UnsafeRawPointer, code: UInt8) -> Int64 {
        switch code {
        case 0: Int64(p.load(as: Int8.self))
        case 1: Int64(Int16(littleEndian: p.loadUnaligned(as: Int16.self)))
        case 2: Int64(Int32(littleEndian: p.loadUnaligned(as: Int32.self)))
        default: Int64(littleEndian: p.loadUnaligned(as: Int64.self))
        }
    }

    /// Bytes of the payload at `p` that follows a META byte `meta` (and its id or key).
    @inline(__always)
    static func payloadLength(meta: UInt8, at p: UnsafeRawPointer) -> Int {
        let code = meta & 3
        switch meta &>> 4 {
        case Tag.null, Tag.bool:
            return 0
        case Tag.int, Tag.float, Tag.date, Tag.localTime:
            return width(code)
        case Tag.string, Tag.list, Tag.map:
            return width(code) + loadUnsigned(p, code: code)
        case Tag.localDateTime, Tag.time:
            let w = p.load(as: UInt8.self)
            return 1 + width(w & 3) + width(w &>> 2 & 3)
        case Tag.dateTime:
            let w = p.load(as: UInt8.self)
            var n = 1 + width(w & 3) + width(w &>> 2 & 3) + width(w &>> 4 & 3)
            if code == 1 {
                let z = w &>> 6
                n += width(z) + loadUnsigned(p + n, code: z)
            }
            return n
        case Tag.duration:
            let w = p.load(as: UInt8.self)
            return 1 + width(w & 3) + width(w &>> 2 & 3) + width(w &>> 4 & 3) + width(w &>> 6)
        default:
            assertionFailure("PropertyCodec: corrupt META byte \(meta)")
            return 0
        }
    }

    /// A top-level entry at `p`: its META, property id and where its payload starts.
    @inline(__always)
    static func entryHeader(_ p: UnsafeRawPointer) -> (meta: UInt8, id: UInt32, payload: UnsafeRawPointer) {
        let meta = p.load(as: UInt8.self)
        let idCode = meta &>> 2 & 3
        assert(idCode <= 2, "PropertyCodec: corrupt id width")
        let id = UInt32(truncatingIfNeeded: loadUnsigned(p + 1, code: idCode))
        return (meta, id, p + 1 + width(idCode))
    }

    // MARK: Decoding values

    static func string(at p: UnsafeRawPointer, count: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: p, count: count), as: UTF8.self)
    }

    /// The value whose META is `meta` and whose payload starts at `p`.
    static func decodeValue(meta: UInt8, at p: UnsafeRawPointer) -> Value {
        let code = meta & 3
        switch meta &>> 4 {
        case Tag.null:
            return .null
        case Tag.bool:
            return .bool(code == 1)
        case Tag.int:
            return .int(loadSigned(p, code: code))
        case Tag.float:
            if code == 2 {
                return .float(double(float32Bits: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))))
            }
            return .float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))))
        case Tag.string:
            return .string(string(at: p + width(code), count: loadUnsigned(p, code: code)))
        case Tag.list:
            return .list(decodeList(body: p + width(code), count: loadUnsigned(p, code: code)))
        case Tag.map:
            return .map(decodeMap(body: p + width(code), count: loadUnsigned(p, code: code)))
        case Tag.date:
            return .date(DateValue(daysSinceEpoch: loadSigned(p, code: code)))
        case Tag.localTime:
            return .localTime(LocalTimeValue(nanosecondsSinceMidnight: loadSigned(p, code: code)))
        case Tag.localDateTime:
            let w = p.load(as: UInt8.self)
            var q = p + 1
            let seconds = loadSigned(q, code: w & 3)
            q += width(w & 3)
            let nanos = loadSigned(q, code: w &>> 2 & 3)
            return .localDateTime(
                LocalDateTimeValue(secondsSinceEpoch: seconds, nanoseconds: Int32(truncatingIfNeeded: nanos)))
        case Tag.dateTime:
            let w = p.load(as: UInt8.self)
            var q = p + 1
            let seconds = loadSigned(q, code: w & 3)
            q += width(w & 3)
            let nanos = loadSigned(q, code: w &>> 2 & 3)
            q += width(w &>> 2 & 3)
            let offset = loadSigned(q, code: w &>> 4 & 3)
            q += width(w &>> 4 & 3)
            var zone: String? = nil
            if code == 1 {
                let z = w &>> 6
                zone = string(at: q + width(z), count: loadUnsigned(q, code: z))
            }
            return .dateTime(
                DateTimeValue(
                    secondsSinceEpochUTC: seconds, nanoseconds: Int32(truncatingIfNeeded: nanos),
                    offsetSeconds: Int32(truncatingIfNeeded: offset), zoneID: zone))
        case Tag.duration:
            let w = p.load(as: UInt8.self)
            var q = p + 1
            let months = loadSigned(q, code: w & 3)
            q += width(w & 3)
            let days = loadSigned(q, code: w &>> 2 & 3)
            q += width(w &>> 2 & 3)
            let seconds = loadSigned(q, code: w &>> 4 & 3)
            q += width(w &>> 4 & 3)
            let nanos = loadSigned(q, code: w &>> 6)
            return .duration(
                DurationValue(
                    months: months, days: days, seconds: seconds, nanoseconds: Int32(truncatingIfNeeded: nanos)))
        case Tag.time:
            let w = p.load(as: UInt8.self)
            let nanos = loadSigned(p + 1, code: w & 3)
            let offset = loadSigned(p + 1 + width(w & 3), code: w &>> 2 & 3)
            return .time(TimeValue(nanosecondsSinceMidnight: nanos, offsetSeconds: Int32(truncatingIfNeeded: offset)))
        default:
            assertionFailure("PropertyCodec: corrupt META byte \(meta)")
            return .null
        }
    }

    static func decodeList(body: UnsafeRawPointer, count: Int) -> [Value] {
        let end = body + count
        var elements = 0
        var q = body
        while q < end {
            let meta = q.load(as: UInt8.self)
            q += 1 + payloadLength(meta: meta, at: q + 1)
            elements += 1
        }
        assert(q == end, "PropertyCodec: corrupt list body")
        var result: [Value] = []
        result.reserveCapacity(elements)
        q = body
        while q < end {
            let meta = q.load(as: UInt8.self)
            result.append(decodeValue(meta: meta, at: q + 1))
            q += 1 + payloadLength(meta: meta, at: q + 1)
        }
        return result
    }

    static func decodeMap(body: UnsafeRawPointer, count: Int) -> [String: Value] {
        let end = body + count
        var entries = 0
        var q = body
        while q < end {
            let (_, _, payload) = mapEntryHeader(q)
            q = payload + payloadLength(meta: q.load(as: UInt8.self), at: payload)
            entries += 1
        }
        assert(q == end, "PropertyCodec: corrupt map body")
        var result: [String: Value] = Dictionary(minimumCapacity: entries)
        q = body
        while q < end {
            let (meta, key, payload) = mapEntryHeader(q)
            result[string(at: key.baseAddress!, count: key.count)] = decodeValue(meta: meta, at: payload)
            q = payload + payloadLength(meta: meta, at: payload)
        }
        return result
    }

    /// A map entry at `p`: META, the key bytes and where the payload starts.
    @inline(__always)
    static func mapEntryHeader(
        _ p: UnsafeRawPointer
    ) -> (meta: UInt8, key: UnsafeRawBufferPointer, payload: UnsafeRawPointer) {
        let meta = p.load(as: UInt8.self)
        let keyCode = meta &>> 2 & 3
        let keyLength = loadUnsigned(p + 1, code: keyCode)
        let key = p + 1 + width(keyCode)
        return (meta, UnsafeRawBufferPointer(start: key, count: keyLength), key + keyLength)
    }

    // MARK: Public reading API

    /// Byte length of the run starting at `base`, terminator included.
    public static func encodedLength(_ base: UnsafeRawPointer) -> Int {
        var p = base
        while p.load(as: UInt8.self) != terminator {
            let (meta, _, payload) = entryHeader(p)
            p = payload + payloadLength(meta: meta, at: payload)
        }
        return p - base + 1
    }

    /// The value stored for `key`, or nil. Linear scan that stops at the first larger id; builds
    /// no heap objects for scalar values (strings up to 15 UTF-8 bytes included).
    public static func value(for key: PropertyID, in base: UnsafeRawPointer) -> Value? {
        var p = base
        while p.load(as: UInt8.self) != terminator {
            let (meta, id, payload) = entryHeader(p)
            if id >= key.rawValue {
                return id == key.rawValue ? decodeValue(meta: meta, at: payload) : nil
            }
            p = payload + payloadLength(meta: meta, at: payload)
        }
        return nil
    }

    /// Whether `key` has a value in the run at `base`.
    public static func contains(_ key: PropertyID, in base: UnsafeRawPointer) -> Bool {
        var p = base
        while p.load(as: UInt8.self) != terminator {
            let (meta, id, payload) = entryHeader(p)
            if id >= key.rawValue { return id == key.rawValue }
            p = payload + payloadLength(meta: meta, at: payload)
        }
        return false
    }

    /// The int stored for `key`, or nil when absent or not an int.
    public static func intValue(for key: PropertyID, in base: UnsafeRawPointer) -> Int64? {
        var p = base
        while p.load(as: UInt8.self) != terminator {
            let (meta, id, payload) = entryHeader(p)
            if id >= key.rawValue {
                guard id == key.rawValue, meta &>> 4 == Tag.int else { return nil }
                return loadSigned(payload, code: meta & 3)
            }
            p = payload + payloadLength(meta: meta, at: payload)
        }
        return nil
    }

    /// Calls `body` for each property in id order; stops early when `body` returns false.
    public static func forEach(in base: UnsafeRawPointer, _ body: (PropertyID, Value) -> Bool) {
        var p = base
        while p.load(as: UInt8.self) != terminator {
            let (meta, id, payload) = entryHeader(p)
            guard body(PropertyID(id), decodeValue(meta: meta, at: payload)) else { return }
            p = payload + payloadLength(meta: meta, at: payload)
        }
    }

    /// All properties of the run at `base`, in id order.
    public static func decodeAll(_ base: UnsafeRawPointer) -> [(PropertyID, Value)] {
        var count = 0
        var p = base
        while p.load(as: UInt8.self) != terminator {
            let (meta, _, payload) = entryHeader(p)
            p = payload + payloadLength(meta: meta, at: payload)
            count += 1
        }
        var result: [(PropertyID, Value)] = []
        result.reserveCapacity(count)
        forEach(in: base) { id, value in
            result.append((id, value))
            return true
        }
        return result
    }

    /// The sorted property list after applying `changes` to the run at `base` (nil: no
    /// properties). A `.null` value removes the property; when `changes` names an id more than
    /// once, the last change wins. The result is ready for `encodedSize` / `encode`.
    public static func applying(_ changes: [(PropertyID, Value)], to base: UnsafeRawPointer?) -> [(PropertyID, Value)] {
        let existing = base.map(decodeAll) ?? []
        // Stable sort by id, then keep the last change per id.
        let ordered = changes.enumerated().sorted {
            ($0.element.0.rawValue, $0.offset) < ($1.element.0.rawValue, $1.offset)
        }
        var updates: [(PropertyID, Value)] = []
        updates.reserveCapacity(ordered.count)
        for (_, change) in ordered {
            if let last = updates.last, last.0 == change.0 {
                updates[updates.count - 1] = change
            } else {
                updates.append(change)
            }
        }
        var result: [(PropertyID, Value)] = []
        result.reserveCapacity(existing.count + updates.count)
        var i = 0
        var j = 0
        while i < existing.count || j < updates.count {
            if j == updates.count || (i < existing.count && existing[i].0 < updates[j].0) {
                result.append(existing[i])
                i += 1
                continue
            }
            if i < existing.count && existing[i].0 == updates[j].0 {
                i += 1
            }
            if !updates[j].1.isNull {
                result.append(updates[j])
            }
            j += 1
        }
        return result
    }
}
