// IndexKey: the 16-byte entry of a label+property index and the order entries are kept in.
//
//   payload     int64 bits | float64 bits | bool (0/1) | pointer to an owned string key
//               (UInt32 length + UTF-8 bytes, malloc'd) | retained pointer to a ValueBox
//   tagAndGid   bits 56..63 tag (1 int, 2 float, 3 string, 4 bool, 5 boxed), bits 0..55 gid
//
// Order: by family (numbers, strings, booleans, other values), then by value — ints and floats
// compare numerically with NaN last, strings by UTF-8 bytes (= code points), other values by
// Value.orderCompare — then int before float for numerically equal keys, then by gid.
// An entry owns its string or box; `release` frees it.
import Glibc
import QuiverCore

@usableFromInline
struct IndexEntry {
    var payload: UInt64
    var tagAndGid: UInt64

    static let gidMask: UInt64 = (1 << 56) - 1
    var tag: UInt8 { UInt8(truncatingIfNeeded: tagAndGid >> 56) }
    var gid: UInt64 { tagAndGid & Self.gidMask }
}

final class ValueBox {
    let value: Value
    init(_ value: Value) { self.value = value }
}

enum IndexKey {
    static let intTag: UInt8 = 1, floatTag: UInt8 = 2, stringTag: UInt8 = 3, boolTag: UInt8 = 4, boxedTag: UInt8 = 5

    /// Family rank: numbers 0, strings 1, booleans 2, others 3.
    @inline(__always)
    static func family(_ tag: UInt8) -> UInt8 {
        switch tag {
        case intTag, floatTag: 0
        case stringTag: 1
        case boolTag: 2
        default: 3
        }
    }

    static func family(of value: Value) -> UInt8? {
        switch value {
        case .null: nil
        case .int, .float: 0
        case .string: 1
        case .bool: 2
        default: 3
        }
    }

    /// An owned entry for `value` (nil for null, which is never indexed).
    static func make(_ value: Value, gid: UInt64) -> IndexEntry? {
        let (tag, payload): (UInt8, UInt64)
        switch value {
        case .null: return nil
        case .int(let int): (tag, payload) = (intTag, UInt64(bitPattern: int))
        case .float(let float): (tag, payload) = (floatTag, float.bitPattern)
        case .bool(let bool): (tag, payload) = (boolTag, bool ? 1 : 0)
        case .string(var string):
            let bytes = string.withUTF8 { utf8 -> UnsafeMutableRawPointer in
                let memory = malloc(4 + utf8.count)!
                memory.storeBytes(of: UInt32(utf8.count), as: UInt32.self)
                if utf8.count > 0 { (memory + 4).copyMemory(from: utf8.baseAddress!, byteCount: utf8.count) }
                return memory
            }
            (tag, payload) = (stringTag, UInt64(UInt(bitPattern: bytes)))
        default:
            let box = Unmanaged.passRetained(ValueBox(value)).toOpaque()
            (tag, payload) = (boxedTag, UInt64(UInt(bitPattern: box)))
        }
        return IndexEntry(payload: payload, tagAndGid: (UInt64(tag) << 56) | (gid & IndexEntry.gidMask))
    }

    /// A second owned copy of an entry's key.
    static func clone(_ entry: IndexEntry) -> IndexEntry {
        switch entry.tag {
        case stringTag:
            let source = stringBytes(entry)
            let memory = malloc(4 + source.count)!
            memory.storeBytes(of: UInt32(source.count), as: UInt32.self)
            if source.count > 0 { (memory + 4).copyMemory(from: source.baseAddress!, byteCount: source.count) }
            return IndexEntry(payload: UInt64(UInt(bitPattern: memory)), tagAndGid: entry.tagAndGid)
        case boxedTag:
            _ = Unmanaged<ValueBox>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(entry.payload))!).retain()
            return entry
        default:
            return entry
        }
    }

    static func release(_ entry: IndexEntry) {
        switch entry.tag {
        case stringTag: free(UnsafeMutableRawPointer(bitPattern: UInt(entry.payload)))
        case boxedTag: Unmanaged<ValueBox>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(entry.payload))!).release()
        default: break
        }
    }

    /// A resume point for `hit`, an unowned entry equal to the owned `key`: the hit's tag and
    /// gid, with the hit's payload for plain keys (ints, floats, booleans) and the key's payload
    /// for strings and boxed values, so it never points into memory the index owns.
    @inline(__always)
    static func resumePoint(_ hit: IndexEntry, key: IndexEntry) -> IndexEntry {
        switch hit.tag {
        case stringTag, boxedTag: IndexEntry(payload: key.payload, tagAndGid: hit.tagAndGid)
        default: hit
        }
    }

    /// Heap bytes an entry's key owns beyond the 16-byte entry.
    static func ownedBytes(_ entry: IndexEntry) -> Int {
        switch entry.tag {
        case stringTag: quiverMallocChunk(4 + stringBytes(entry).count)
        case boxedTag: 48
        default: 0
        }
    }

    @inline(__always)
    static func stringBytes(_ entry: IndexEntry) -> UnsafeRawBufferPointer {
        let base = UnsafeRawPointer(bitPattern: UInt(entry.payload))!
        return UnsafeRawBufferPointer(start: base + 4, count: Int(base.load(as: UInt32.self)))
    }

    static func boxedValue(_ entry: IndexEntry) -> Value {
        Unmanaged<ValueBox>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(entry.payload))!).takeUnretainedValue().value
    }

    /// The key's value (allocates for strings).
    static func value(_ entry: IndexEntry) -> Value {
        switch entry.tag {
        case intTag: .int(Int64(bitPattern: entry.payload))
        case floatTag: .float(Double(bitPattern: entry.payload))
        case boolTag: .bool(entry.payload != 0)
        case stringTag: .string(String(decoding: stringBytes(entry), as: UTF8.self))
        default: boxedValue(entry)
        }
    }

    /// Compares keys only (-1, 0, 1); ties between int and float resolve int first.
    static func compareKeys(_ a: IndexEntry, _ b: IndexEntry) -> Int {
        let tagA = a.tag, tagB = b.tag
        let familyA = family(tagA), familyB = family(tagB)
        if familyA != familyB { return familyA < familyB ? -1 : 1 }
        switch familyA {
        case 0:
            let numeric = compareNumbers(tagA, a.payload, tagB, b.payload)
            if numeric != 0 { return numeric }
            return tagA == tagB ? 0 : (tagA == intTag ? -1 : 1)
        case 1:
            return compareBytes(stringBytes(a), stringBytes(b))
        case 2:
            return a.payload == b.payload ? 0 : (a.payload < b.payload ? -1 : 1)
        default:
            return orderCompare(boxedValue(a), boxedValue(b))
        }
    }

    /// Compares entries: key, then gid.
    @inline(__always)
    static func compare(_ a: IndexEntry, _ b: IndexEntry) -> Int {
        let keys = compareKeys(a, b)
        if keys != 0 { return keys }
        return a.gid == b.gid ? 0 : (a.gid < b.gid ? -1 : 1)
    }

    static func compareNumbers(_ tagA: UInt8, _ a: UInt64, _ tagB: UInt8, _ b: UInt64) -> Int {
        switch (tagA == intTag, tagB == intTag) {
        case (true, true):
            let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
            return x == y ? 0 : (x < y ? -1 : 1)
        case (false, false):
            return compareDoubles(Double(bitPattern: a), Double(bitPattern: b))
        case (true, false):
            return compareIntDouble(Int64(bitPattern: a), Double(bitPattern: b))
        case (false, true):
            return -compareIntDouble(Int64(bitPattern: b), Double(bitPattern: a))
        }
    }

    /// Doubles with NaN greater than everything and -0.0 equal to 0.0.
    static func compareDoubles(_ x: Double, _ y: Double) -> Int {
        if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
        return x == y ? 0 : (x < y ? -1 : 1)
    }

    /// Exact comparison of an Int64 with a Double.
    static func compareIntDouble(_ x: Int64, _ y: Double) -> Int {
        if y.isNaN { return -1 }
        if y >= 9_223_372_036_854_775_808.0 { return -1 }
        if y < -9_223_372_036_854_775_808.0 { return 1 }
        let truncated = Int64(y.rounded(.towardZero))
        if x != truncated { return x < truncated ? -1 : 1 }
        let fraction = y - y.rounded(.towardZero)
        return fraction == 0 ? 0 : (fraction > 0 ? -1 : 1)
    }

    static func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return result < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    static func orderCompare(_ a: Value, _ b: Value) -> Int {
        switch Value.orderCompare(a, b) {
        case .less: -1
        case .equal: 0
        case .greater: 1
        }
    }

    /// Whether a visible property value is exactly the key of `entry` (same kind, equal).
    static func matches(_ value: Value, _ entry: IndexEntry) -> Bool {
        switch (value, entry.tag) {
        case (.int(let int), intTag): return UInt64(bitPattern: int) == entry.payload
        case (.float(let float), floatTag): return compareDoubles(float, Double(bitPattern: entry.payload)) == 0
        case (.bool(let bool), boolTag): return (bool ? 1 : 0) == entry.payload
        case (.string(var string), stringTag):
            let key = stringBytes(entry)
            return string.withUTF8 { compareBytes(UnsafeRawBufferPointer($0), key) == 0 }
        case (_, boxedTag): return family(of: value) == 3 && orderCompare(value, boxedValue(entry)) == 0
        default: return false
        }
    }
}

/// glibc's chunk size for a malloc request: 8 bytes of header, 16-byte granularity, 32 minimum.
@inline(__always)
func quiverMallocChunk(_ request: Int) -> Int {
    max(32, (request + 8 + 15) & ~15)
}
