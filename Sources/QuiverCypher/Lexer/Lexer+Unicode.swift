// Unicode classes the lexer needs beyond ASCII: UTF-8 decoding of one scalar, Memgraph's
// whitespace set, identifier start/part (ID_Start or Pc, ID_Continue or Sc, as in
// MemgraphCypherLexer.g4) and the dash/arrow look-alikes accepted in patterns.

extension Lexer {
    /// Decodes the scalar starting at `offset`; nil (with length 1) for malformed UTF-8.
    func decodeScalar(at offset: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[offset]
        let length: Int
        var value: UInt32
        switch lead {
        case 0..<0x80: return (Unicode.Scalar(lead), 1)
        case 0xC2..<0xE0: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0..<0xF0: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0..<0xF5: length = 4; value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        guard offset + length <= bytes.count else { return (nil, 1) }
        for next in (offset + 1)..<(offset + length) {
            let byte = bytes[next]
            guard Byte.isContinuation(byte) else { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00A0, 0x1680, 0x180E, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    static func lookalikeKind(_ scalar: Unicode.Scalar) -> TokenKind? {
        switch scalar.value {
        case 0x00AD, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: .dashLookalike
        case 0x27E8, 0x3008, 0xFE64, 0xFF1C: .leftArrowLookalike
        case 0x27E9, 0x3009, 0xFE65, 0xFF1E: .rightArrowLookalike
        default: nil
        }
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isIDStart || scalar.properties.generalCategory == .connectorPunctuation
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isIDContinue || scalar.properties.generalCategory == .currencySymbol
    }
}
