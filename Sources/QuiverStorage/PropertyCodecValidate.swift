// PropertyCodec validation: checks that untrusted bytes (a snapshot file, say) hold a run this
// codec could have produced, without ever trapping or reading out of bounds. Beyond bounds it
// checks canonical form (smallest widths, ascending ids and keys, reserved bits zero), valid
// UTF-8, and the limits on nesting depth and string length, so a run that passes decodes to
// values that re-encode to the very same bytes. Format table in PropertyCodec.swift.

import QuiverCore

extension PropertyCodec {
    /// Whether `bytes` is exactly one well-formed run (its last byte is the terminator).
    public static func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        validatedLength(bytes) == bytes.count
    }

    /// The length of the well-formed run at the start of `bytes` (terminator included; bytes
    /// after it are ignored), or nil when no well-formed run starts there.
    public static func validatedLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var validator = Validator(bytes: bytes)
        return validator.run()
    }

    /// A bounds-checked cursor over `bytes[pos..<end]`; `end` shrinks while a container body is
    /// checked, so nothing inside a list or map can reach past the body's stated length.
    struct Validator {
        let bytes: UnsafeRawBufferPointer
        var pos = 0
        var end: Int

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            self.end = bytes.count
        }

        var remaining: Int { end - pos }

        mutating func byte() -> UInt8? {
            guard pos < end else { return nil }
            defer { pos += 1 }
            return bytes[pos]
        }

        /// The raw little-endian field of width code `code`, or nil when it would pass `end`.
        mutating func raw(code: UInt8) -> UInt64? {
            let n = width(code)
            guard n <= remaining else { return nil }
            let value: UInt64
            switch code {
            case 0: value = UInt64(bytes[pos])
            case 1: value = UInt64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt16.self)))
            case 2: value = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self)))
            default: value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            }
            pos += n
            return value
        }

        /// An unsigned field stored in its smallest width.
        mutating func unsigned(code: UInt8) -> Int? {
            guard let value = raw(code: code), unsignedCode(value) == code, value <= UInt64(Int.max) else {
                return nil
            }
            return Int(value)
        }

        /// A signed field stored in its smallest width, at most `maxCode` wide.
        mutating func signed(code: UInt8, maxCode: UInt8 = 3) -> Int64? {
            guard code <= maxCode, let value = raw(code: code) else { return nil }
            let extended: Int64
            switch code {
            case 0: extended = Int64(Int8(truncatingIfNeeded: value))
            case 1: extended = Int64(Int16(truncatingIfNeeded: value))
            case 2: extended = Int64(Int32(truncatingIfNeeded: value))
            default: extended = Int64(bitPattern: value)
            }
            return signedCode(extended) == code ? extended : nil
        }

        /// A length-prefixed UTF-8 string; returns the range of its bytes.
        mutating func string(code: UInt8) -> Range<Int>? {
            guard let n = unsigned(code: code), n <= Limits.stringBytesMax, n <= remaining else { return nil }
            let range = pos..<(pos + n)
            guard String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) != nil else {
                return nil
            }
            pos += n
            return range
        }

        /// The run from the current position; returns the position after its terminator.
        mutating func run() -> Int? {
            var previous: Int64 = -1
            while true {
                guard let meta = byte() else { return nil }
                if meta == terminator { return pos }
                let idCode = meta &>> 2 & 3
                guard idCode <= 2, let id = unsigned(code: idCode), Int64(id) > previous else { return nil }
                previous = Int64(id)
                guard meta &>> 4 != Tag.null, payload(meta: meta, level: 0) else { return nil }
            }
        }

        /// The payload after META `meta`; `level` counts the enclosing lists and maps.
        mutating func payload(meta: UInt8, level: Int) -> Bool {
            let code = meta & 3
            switch meta &>> 4 {
            case Tag.null:
                return code == 0
            case Tag.bool:
                return code <= 1
            case Tag.int, Tag.date, Tag.localTime:
                return signed(code: code) != nil
            case Tag.float:
                switch code {
                case 2:
                    // Every Float32 bit pattern widens to a Double that narrows back to it.
                    return raw(code: 2) != nil
                case 3:
                    guard let bits = raw(code: 3) else { return false }
                    return !fitsFloat32(Double(bitPattern: bits))
                default:
                    return false
                }
            case Tag.string:
                return string(code: code) != nil
            case Tag.list:
                return body(code: code, level: level) { v in
                    guard let m = v.byte(), m &>> 2 & 3 == 0 else { return false }
                    return v.payload(meta: m, level: level + 1)
                }
            case Tag.map:
                var previousKey: Range<Int>? = nil
                return body(code: code, level: level) { v in
                    guard let m = v.byte(), let key = v.string(code: m &>> 2 & 3) else { return false }
                    if let previousKey {
                        guard v.bytes[previousKey].lexicographicallyPrecedes(v.bytes[key]) else { return false }
                    }
                    previousKey = key
                    return v.payload(meta: m, level: level + 1)
                }
            case Tag.localDateTime, Tag.time:
                guard code == 0, let w = byte(), w &>> 4 == 0 else { return false }
                return signed(code: w & 3) != nil && signed(code: w &>> 2 & 3, maxCode: 2) != nil
            case Tag.dateTime:
                guard code <= 1, let w = byte(), code == 1 || w &>> 6 == 0 else { return false }
                guard signed(code: w & 3) != nil, signed(code: w &>> 2 & 3, maxCode: 2) != nil,
                    signed(code: w &>> 4 & 3, maxCode: 2) != nil
                else { return false }
                return code == 0 || string(code: w &>> 6) != nil
            case Tag.duration:
                guard code == 0, let w = byte() else { return false }
                return signed(code: w & 3) != nil && signed(code: w &>> 2 & 3) != nil
                    && signed(code: w &>> 4 & 3) != nil && signed(code: w &>> 6, maxCode: 2) != nil
            default:
                return false
            }
        }

        /// A container body: its length, then `element` until the body is used up exactly.
        mutating func body(code: UInt8, level: Int, _ element: (inout Validator) -> Bool) -> Bool {
            guard level < Limits.valueNestingDepthMax, let n = unsigned(code: code), n <= remaining else {
                return false
            }
            let outerEnd = end
            end = pos + n
            while pos < end {
                guard element(&self) else { return false }
            }
            end = outerEnd
            return true
        }
    }
}
