// Number literals: decimal, hexadecimal (0x), octal (0o and the legacy leading 0) integers and
// floats with fraction and/or exponent. The lexer only delimits and validates them; values are
// computed by `NumberLiteral` when the parser (which knows about a leading minus) asks.

import QuiverCore

extension Lexer {
    mutating func scanNumber() throws(QuiverError) -> (TokenKind, Keyword) {
        let position = currentPosition
        let start = index
        var kind = TokenKind.integer
        let first = bytes[index]
        let second = byte(at: index + 1)
        if first == Byte.zero && (second | 0x20) == Byte.lowerX {
            index += 2
            let digits = index
            while index < bytes.count && Byte.isHexDigit(bytes[index]) { index += 1 }
            if index == digits { return try invalidNumber(from: start, at: position) }
        } else if first == Byte.zero && (second | 0x20) == Byte.lowerO {
            index += 2
            let digits = index
            while index < bytes.count && bytes[index] &- Byte.zero < 8 { index += 1 }
            if index == digits { return try invalidNumber(from: start, at: position) }
        } else {
            while index < bytes.count && Byte.isDigit(bytes[index]) { index += 1 }
            if byte(at: index) == Byte.dot && Byte.isDigit(byte(at: index + 1)) {
                kind = .float
                index += 1
                while index < bytes.count && Byte.isDigit(bytes[index]) { index += 1 }
            }
            // An exponent, possibly after a bare dot (`1.e5`, as Memgraph's FloatingLiteral).
            let bareDot = kind == .integer && byte(at: index) == Byte.dot ? 1 : 0
            if (byte(at: index + bareDot) | 0x20) == Byte.lowerE {
                var offset = index + bareDot + 1
                if byte(at: offset) == Byte.minus || byte(at: offset) == Byte.plus { offset += 1 }
                if Byte.isDigit(byte(at: offset)) {
                    kind = .float
                    index = offset
                    while index < bytes.count && Byte.isDigit(bytes[index]) { index += 1 }
                }
            }
            if kind == .integer && first == Byte.zero && index - start > 1 {
                // Legacy octal (`017`): every digit after the leading zero must be octal.
                if bytes[(start + 1)..<index].contains(where: { $0 > Byte.seven }) {
                    return try invalidNumber(from: start, at: position)
                }
            }
        }
        if index < bytes.count && (Byte.isWordByte(bytes[index]) || bytes[index] >= 0x80 || bytes[index] == Byte.dollar) {
            return try invalidNumber(from: start, at: position)
        }
        return (kind, .nonKeyword)
    }

    private mutating func invalidNumber(from start: Int, at position: SourcePosition) throws(QuiverError) -> (TokenKind, Keyword) {
        var end = index
        while end < bytes.count && (Byte.isWordByte(bytes[end]) || bytes[end] >= 0x80) { end += 1 }
        throw error(at: position, "invalid number literal '\(excerpt(from: start, upTo: end))'")
    }
}

/// Values of number tokens. Integers come back as magnitudes so that the parser can accept
/// `-9223372036854775808` (a minus applied to 2^63).
enum NumberLiteral {
    /// The magnitude of an integer token, or nil when it does not fit in 64 bits.
    static func integerMagnitude(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var start = bytes.startIndex
        var radix: UInt64 = 10
        if bytes.count > 1 && bytes[start] == Byte.zero {
            switch bytes[start + 1] | 0x20 {
            case Byte.lowerX: radix = 16; start += 2
            case Byte.lowerO: radix = 8; start += 2
            default: radix = 8; start += 1
            }
        }
        var value: UInt64 = 0
        for byte in bytes[start...] {
            let digit: UInt64 = Byte.isDigit(byte) ? UInt64(byte - Byte.zero) : UInt64((byte | 0x20) - Byte.lowerA + 10)
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            if overflow || carry { return nil }
            value = sum
        }
        return value
    }

    /// The value of a float token, or nil when it is out of the range of a Double.
    static func floatValue(_ bytes: ArraySlice<UInt8>) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
