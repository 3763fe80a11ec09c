// Bolt message framing: chunks of a 2-byte big-endian length (1...65535) and payload, a message
// ended by a zero-length chunk. The decoder returns "need more data" (nil) on any partial input,
// skips NOOP keep-alives (00 00 between messages) and bounds the reassembled size; the encoder
// splits large messages. Knows nothing of PackStream.
import NIOCore

public struct BoltChunkDecoder: Sendable {
    public let maxMessageBytes: Int
    /// Payload gathered so far when a message spans several chunks; nil between messages.
    private var partial: ByteBuffer?

    public init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// True while a message has started but not ended (some of its chunks arrived).
    public var isInsideMessage: Bool { partial != nil }

    /// Takes the next complete message out of `buffer`, or returns nil when more bytes are
    /// needed. A one-chunk message that is wholly present comes back as a slice (no copy).
    public mutating func nextMessage(from buffer: inout ByteBuffer) throws(PackStreamError) -> ByteBuffer? {
        while let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) {
            let chunkLength = Int(length)
            if chunkLength == 0 {
                buffer.moveReaderIndex(forwardBy: 2)
                if let message = partial {
                    partial = nil
                    return message
                }
                continue  // NOOP keep-alive between messages
            }
            guard buffer.readableBytes >= 2 + chunkLength else { return nil }
            let gathered = partial?.readableBytes ?? 0
            guard gathered + chunkLength <= maxMessageBytes else { throw .messageTooLarge(limit: maxMessageBytes) }
            if partial == nil,
               buffer.getInteger(at: buffer.readerIndex + 2 + chunkLength, as: UInt16.self) == 0 {
                buffer.moveReaderIndex(forwardBy: 2)
                let message = buffer.readSlice(length: chunkLength)!
                buffer.moveReaderIndex(forwardBy: 2)
                return message
            }
            buffer.moveReaderIndex(forwardBy: 2)
            var chunk = buffer.readSlice(length: chunkLength)!
            if partial == nil {
                partial = ByteBuffer()
                partial!.reserveCapacity(chunkLength * 2)
            }
            partial!.writeBuffer(&chunk)
        }
        return nil
    }
}

extension ByteBuffer {
    public static let boltMaxChunkBytes = 65_535

    /// Appends one chunked message whose body `encode` writes. The common case (body fits one
    /// chunk) patches the length in place; a larger body is re-split into `maxChunkBytes` chunks.
    public mutating func writeChunkedMessage<Failure: Error>(
        maxChunkBytes: Int = ByteBuffer.boltMaxChunkBytes,
        _ encode: (inout ByteBuffer) throws(Failure) -> Void
    ) throws(Failure) {
        precondition(maxChunkBytes > 0 && maxChunkBytes <= ByteBuffer.boltMaxChunkBytes)
        let start = writerIndex
        writeInteger(UInt16(0))
        do {
            try encode(&self)
        } catch {
            moveWriterIndex(to: start)
            throw error
        }
        let bodyLength = writerIndex - start - 2
        if bodyLength <= maxChunkBytes {
            setInteger(UInt16(bodyLength), at: start)
            writeInteger(UInt16(0))
            return
        }
        var body = getSlice(at: start + 2, length: bodyLength)!
        moveWriterIndex(to: start)
        while body.readableBytes > 0 {
            let length = min(maxChunkBytes, body.readableBytes)
            writeInteger(UInt16(length))
            var chunk = body.readSlice(length: length)!
            writeBuffer(&chunk)
        }
        writeInteger(UInt16(0))
    }
}
