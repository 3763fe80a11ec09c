// IndexValueEncoding: property values as order-preserving, prefix-free bytes for the
// label+property index and unique-constraint keys (format in docs/disk-format.md).
//
//   numbers  0x10 | ordered(Double(x)) 8 B | tag (1 int, 2 float) | exact 8 B
//   strings  0x20 | UTF-8 with 0x00 escaped as 0x00 0xFF | 0x00 0x01
//   booleans 0x30 | 0 or 1
//   others   0x40 | escaped PropertyCodec bytes of the value | 0x00 0x01
//
// Numbers sort by their Double first, so ints and floats interleave numerically; ints above
// 2^53 share a Double with their neighbours and are then ordered by the exact bytes, so a
// range scan built from Double bounds is a superset that the cursor re-checks on the real
// value. Families never interleave, matching the in-memory index (numbers, strings,
// booleans, others). Lists, maps and temporal values are not ordered by their bytes: range
// and equality scans over them read the whole family and re-check.
import QuiverCore
import QuiverStorage

enum IndexValueEncoding {
    static let numberFamily: UInt8 = 0x10, stringFamily: UInt8 = 0x20, boolFamily: UInt8 = 0x30, otherFamily: UInt8 = 0x40
    static let intTag: UInt8 = 1, floatTag: UInt8 = 2

    static func family(of value: Value) -> UInt8? {
        switch value {
        case .null, .node, .relationship, .path: nil
        case .int, .float: numberFamily
        case .string: stringFamily
        case .bool: boolFamily
        default: otherFamily
        }
    }

    /// Doubles as unsigned integers in numeric order: -0.0 as 0.0, NaN after everything.
    @inline(__always)
    static func orderedBits(_ double: Double) -> UInt64 {
        if double.isNaN { return .max }
        let bits = (double == 0 ? 0.0 : double).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always)
    static func orderedBits(_ int: Int64) -> UInt64 { UInt64(bitPattern: int) ^ (1 << 63) }

    /// Appends the index encoding of `value`; false for values never indexed (null).
    @discardableResult
    static func append(_ value: Value, to key: inout [UInt8]) -> Bool {
        switch value {
        case .int(let int):
            key.append(numberFamily)
            key.appendBigEndian(orderedBits(Double(int)))
            key.append(intTag)
            key.appendBigEndian(orderedBits(int))
        case .float(let float):
            key.append(numberFamily)
            key.appendBigEndian(orderedBits(float))
            key.append(floatTag)
            key.appendBigEndian(orderedBits(float))
        case .string(var string):
            key.append(stringFamily)
            string.withUTF8 { appendEscaped($0, to: &key) }
            key.append(0)
            key.append(1)
        case .bool(let bool):
            key.append(boolFamily)
            key.append(bool ? 1 : 0)
        case .null, .node, .relationship, .path:
            return false
        default:
            guard let bytes = try? PropertyCodec.encodedBytes([(PropertyID(0), value)]) else { return false }
            key.append(otherFamily)
            bytes.withUnsafeBufferPointer { appendEscaped($0, to: &key) }
            key.append(0)
            key.append(1)
        }
        return true
    }

    /// Appends an encoding whose byte equality is Cypher equivalence for scalars (1 ≡ 1.0):
    /// integral floats that fit an Int64 are written as that int. For unique-constraint keys.
    static func appendEquality(_ value: Value, to key: inout [UInt8]) {
        if case .float(let float) = value, float == float.rounded(.towardZero),
           float >= -9_223_372_036_854_775_808.0, float < 9_223_372_036_854_775_808.0 {
            append(.int(Int64(float)), to: &key)
        } else {
            append(value, to: &key)
        }
    }

    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to key: inout [UInt8]) {
        for byte in bytes {
            key.append(byte)
            if byte == 0 { key.append(0xFF) }
        }
    }

    // MARK: Scan bounds

    /// Where a range scan starts for a lower bound `value` (inclusive or not: the cursor
    /// re-checks), appended after the index prefix.
    static func appendLowerBound(_ value: Value, to key: inout [UInt8]) {
        switch value {
        case .int(let int):
            key.append(numberFamily)
            key.appendBigEndian(orderedBits(Double(int)))
        case .float(let float):
            key.append(numberFamily)
            key.appendBigEndian(orderedBits(float))
        case .string(var string):
            key.append(stringFamily)
            string.withUTF8 { appendEscaped($0, to: &key) }
        case .bool(let bool):
            key.append(boolFamily)
            key.append(bool ? 1 : 0)
        default:
            key.append(otherFamily)
        }
    }

    /// Where a range scan ends (exclusive) for an upper bound `value`, after the index prefix.
    static func appendUpperLimit(_ value: Value, to key: inout [UInt8]) {
        let start = key.count
        switch value {
        case .int, .float:
            appendLowerBound(value, to: &key)
        case .string, .bool:
            append(value, to: &key)
        default:
            key.append(otherFamily)
        }
        // The successor of the appended bytes: every key starting with them sorts below it.
        var index = key.count - 1
        while index >= start {
            if key[index] < 0xFF {
                key[index] += 1
                key.removeSubrange((index + 1)...)
                return
            }
            index -= 1
        }
        key.removeSubrange(start...)
        key.append(0xFF)
    }
}
