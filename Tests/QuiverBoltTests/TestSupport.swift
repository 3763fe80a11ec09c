// Helpers for the Bolt tests: hex byte literals, one-call encode/decode, message building.
import NIOCore
import QuiverCore
@testable import QuiverBolt

func bytes(_ hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }
    var result: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        result.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return result
}

func hexString(_ data: [UInt8]) -> String {
    data.map { hex($0) }.joined(separator: " ")
}

func encode(_ value: BoltValue, format: PackStreamFormat = .v5) throws -> [UInt8] {
    var buffer = ByteBuffer()
    try buffer.writePackStream(value, format: format)
    return Array(buffer.readableBytesView)
}

func decode(_ data: [UInt8], limits: BoltLimits = BoltLimits()) throws -> BoltValue {
    try PackStreamDecoder.decode(ByteBuffer(bytes: data), limits: limits)
}

/// A request message body (structure with fields), unchunked.
func messageBody(tag: UInt8, _ fields: [BoltValue], format: PackStreamFormat = .v5) -> [UInt8] {
    var buffer = ByteBuffer()
    buffer.writeStructureHeader(fields: fields.count, tag: tag)
    for field in fields { try! buffer.writePackStream(field, format: format) }
    return Array(buffer.readableBytesView)
}

/// A request message, chunked.
func chunkedMessage(tag: UInt8, _ fields: [BoltValue], maxChunkBytes: Int = 65_535) -> [UInt8] {
    var buffer = ByteBuffer()
    buffer.writeChunkedMessage(maxChunkBytes: maxChunkBytes) { (body: inout ByteBuffer) in
        body.writeBytes(messageBody(tag: tag, fields))
    }
    return Array(buffer.readableBytesView)
}

/// Decodes one response message body into (tag, fields).
func decodeResponse(_ body: ByteBuffer) throws -> (tag: UInt8, fields: [BoltValue]) {
    var decoder = PackStreamDecoder(buffer: body)
    let (count, tag) = try decoder.readStructureHeader()
    var fields: [BoltValue] = []
    for _ in 0..<count { fields.append(try decoder.decodeValue()) }
    return (tag, fields)
}

extension BoltValue {
    /// Wraps a value `depth` lists deep without recursion (for nesting tests).
    static func nestedList(depth: Int) -> [UInt8] {
        Array(repeating: UInt8(0x91), count: depth) + [0x01]
    }
}
