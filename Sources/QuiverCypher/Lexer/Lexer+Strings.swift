// String literals and backtick names: the lexer delimits and validates them (escapes
// \b \f \n \r \t \\ \' \" \uXXXX \UXXXXXXXX, surrogate pairs); `StringLiteral` decodes them
// into Swift strings, with a copy-free path for literals without escapes.

import QuiverCore

extension Lexer {
    mutating func scanString() throws(QuiverError) -> (TokenKind, Keyword) {
        let position = currentPosition
        let start = index
        let quote = bytes[index]
        var offset = index + 1
        while offset < bytes.count {
            let value = bytes[offset]
            if value == quote {
                account(from: start, to: offset + 1)
                index = offset + 1
                return (.string, .nonKeyword)
            }
            if value == Byte.backslash {
                guard let length = StringLiteral.escapeLength(UnsafeBufferPointer(rebasing: bytes[offset...])) else {
                    throw error(at: position, "invalid escape sequence '\(excerpt(from: offset, upTo: offset + 2))' in string literal")
                }
                offset += length
            } else {
                offset += 1
            }
        }
        throw error(at: position, "token recognition error at: '\(excerpt(from: start))'")
    }
}

enum StringLiteral {
    /// Byte length of the valid escape sequence at the start of `bytes` (which begins with a
    /// backslash), or nil when it is not one Cypher knows.
    static func escapeLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 2 else { return nil }
        switch bytes[1] {
        case Byte.backslash, Byte.singleQuote, Byte.doubleQuote:
            return 2
        case _ where "bfnrtBFNRT".utf8.contains(bytes[1]):
            return 2
        case Byte.lowerU:
            return hexScalar(bytes, from: 2, count: 4) == nil ? nil : 6
        case 0x55:  // U
            return hexScalar(bytes, from: 2, count: 8) == nil ? nil : 10
        default:
            return nil
        }
    }

    private static func hexScalar(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> UInt32? {
        guard bytes.count >= start + count else { return nil }
        var value: UInt32 = 0
        for offset in start..<(start + count) {
            let byte = bytes[offset]
            guard Byte.isHexDigit(byte) else { return nil }
            let digit = Byte.isDigit(byte) ? UInt32(byte - Byte.zero) : UInt32((byte | 0x20) - Byte.lowerA + 10)
            value = value << 4 | digit
        }
        return value
    }

    /// The value of a string token (quotes included in `bytes`), or nil when an escape
    /// encodes no Unicode scalar (a lone surrogate, or a value past U+10FFFF).
    static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        let body = bytes.dropFirst().dropLast()
        guard body.contains(Byte.backslash) else { return String(decoding: body, as: UTF8.self) }
        return body.withUnsafeBufferPointer { buffer in decodeEscaped(buffer) }
    }

    private static func decodeEscaped(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(buffer.count)
        var offset = 0
        var pendingHighSurrogate: UInt32?
        while offset < buffer.count {
            let byte = buffer[offset]
            guard byte == Byte.backslash, offset + 1 < buffer.count else {
                if pendingHighSurrogate != nil { return nil }
                output.append(byte)
                offset += 1
                continue
            }
            let code = buffer[offset + 1]
            var scalarValue: UInt32
            switch code {
            case Byte.lowerU, 0x55:
                let count = code == Byte.lowerU ? 4 : 8
                guard let value = hexScalar(UnsafeBufferPointer(rebasing: buffer[offset...]), from: 2, count: count) else { return nil }
                scalarValue = value
                offset += 2 + count
            default:
                scalarValue = UInt32(simpleEscape(code))
                offset += 2
            }
            if let high = pendingHighSurrogate {
                guard (0xDC00...0xDFFF).contains(scalarValue) else { return nil }
                scalarValue = 0x10000 + ((high - 0xD800) << 10) + (scalarValue - 0xDC00)
                pendingHighSurrogate = nil
            } else if (0xD800...0xDBFF).contains(scalarValue) {
                pendingHighSurrogate = scalarValue
                continue
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
            output.append(contentsOf: UTF8.encode(scalar)!)
        }
        if pendingHighSurrogate != nil { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    private static func simpleEscape(_ code: UInt8) -> UInt8 {
        switch code | 0x20 {
        case Byte.lowerB: 0x08
        case Byte.lowerF: 0x0C
        case Byte.lowerN: Byte.lineFeed
        case Byte.lowerR: Byte.carriageReturn
        case Byte.lowerT: Byte.tab
        default: code  // \\ \' \"
        }
    }
}

enum EscapedName {
    /// The name inside a backtick token: outer backticks removed, doubled backticks halved.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        let body = bytes.dropFirst().dropLast()
        guard body.contains(Byte.backtick) else { return String(decoding: body, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var previousWasBacktick = false
        for byte in body {
            if byte == Byte.backtick && previousWasBacktick {
                previousWasBacktick = false
                continue
            }
            previousWasBacktick = byte == Byte.backtick
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
