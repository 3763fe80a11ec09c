// Chunk framing and handshake tests: sample streams decoded at every byte split (and byte by
// byte), NOOP keep-alives, large messages split and reassembled, the size limit, and the
// handshake table with the exact proposals real clients send (docs/bolt.md §1).
import NIOCore
import Testing
@testable import QuiverBolt

@Suite struct ChunkingTests {
    /// HELLO, a 3-chunk RUN, NOOPs in between, PULL: what a pipelining driver sends.
    static var sampleStream: [UInt8] {
        let hello = chunkedMessage(tag: 0x01, [["user_agent": "test/1.0"]])
        let run = chunkedMessage(tag: 0x10, [.string(String(repeating: "q", count: 40)), [:], [:]], maxChunkBytes: 16)
        let pull = chunkedMessage(tag: 0x3F, [["n": 1000]])
        return bytes("00 00") + hello + bytes("00 00 00 00") + run + pull + bytes("00 00")
    }

    static func decodeAll(_ pieces: [[UInt8]], limit: Int = 1 << 20) throws -> [BoltRequest] {
        var decoder = BoltChunkDecoder(maxMessageBytes: limit)
        var buffer = ByteBuffer()
        var requests: [BoltRequest] = []
        for piece in pieces {
            buffer.writeBytes(piece)
            while let message = try decoder.nextMessage(from: &buffer) {
                requests.append(try BoltRequest.decode(message, version: BoltVersion(5, 4), limits: BoltLimits()))
            }
        }
        #expect(buffer.readableBytes == 0)
        #expect(!decoder.isInsideMessage)
        return requests
    }

    @Test func everySplitDecodesTheSame() throws {
        let stream = Self.sampleStream
        let expected: [BoltRequest] = [
            .hello(extra: ["user_agent": "test/1.0"]),
            .run(query: String(repeating: "q", count: 40), parameters: [:], extra: [:]),
            .pull(n: 1000, qid: -1),
        ]
        #expect(try Self.decodeAll([stream]) == expected)
        #expect(try Self.decodeAll(stream.map { [$0] }) == expected)
        for split in 0...stream.count {
            #expect(try Self.decodeAll([Array(stream[..<split]), Array(stream[split...])]) == expected, "split at \(split)")
        }
        for first in stride(from: 0, to: stream.count, by: 7) {
            for second in first...stream.count {
                let pieces = [Array(stream[..<first]), Array(stream[first..<second]), Array(stream[second...])]
                #expect(try Self.decodeAll(pieces) == expected)
            }
        }
    }

    @Test func largeMessagesSplitIntoMaximalChunks() throws {
        let text = String(repeating: "z", count: 200_000)
        var buffer = ByteBuffer()
        try buffer.writeBoltResponse(.record([.string(text)]), format: .v5)
        // 200,008-byte body: three full chunks and a remainder, each with a 2-byte header.
        var headers: [Int] = []
        var scan = buffer
        while let length = scan.readInteger(as: UInt16.self) {
            headers.append(Int(length))
            scan.moveReaderIndex(forwardBy: Int(length))
        }
        #expect(headers == [65_535, 65_535, 65_535, 3_403, 0])
        var decoder = BoltChunkDecoder(maxMessageBytes: 1 << 20)
        let message = try #require(try decoder.nextMessage(from: &buffer))
        let (tag, fields) = try decodeResponse(message)
        #expect(tag == 0x71 && fields == [[.string(text)]])
    }

    @Test func oversizedMessagesAreRefused() {
        var decoder = BoltChunkDecoder(maxMessageBytes: 100)
        var buffer = ByteBuffer(bytes: chunkedMessage(tag: 0x10, [.string(String(repeating: "x", count: 200)), [:], [:]], maxChunkBytes: 50))
        #expect(throws: PackStreamError.messageTooLarge(limit: 100)) {
            while try decoder.nextMessage(from: &buffer) != nil {}
        }
    }

    @Test func truncatedInputWaits() throws {
        var decoder = BoltChunkDecoder(maxMessageBytes: 100)
        var buffer = ByteBuffer(bytes: bytes("00 05 B0 0F"))
        #expect(try decoder.nextMessage(from: &buffer) == nil)
        #expect(buffer.readableBytes == 4)
    }
}

@Suite struct HandshakeTests {
    static func preamble(_ proposals: String) -> [UInt8] { BoltHandshake.magic + bytes(proposals) }

    @Test func realClientsLandWhereTheyShould() {
        let table: [(client: String, proposals: String, expected: BoltVersion)] = [
            ("neo4j Python 6.4.1 / JS 6.x", "00 00 01 FF 00 08 08 05 00 02 04 04 00 00 00 03", BoltVersion(5, 4)),
            ("neo4j Java 5.26 / Go 5.x", "00 07 07 05 00 02 04 04 00 00 01 04 00 00 00 03", BoltVersion(5, 4)),
            ("pymgclient 1.6", "00 00 04 04 00 00 03 04 00 00 01 04 00 00 00 01", BoltVersion(4, 4)),
            ("mgclient <= 1.5", "00 00 01 04 00 00 00 01 00 00 00 00 00 00 00 00", BoltVersion(4, 1)),
            ("5.2-only driver", "00 00 02 05 00 00 00 00 00 00 00 00 00 00 00 00", BoltVersion(5, 2)),
            ("range 5.8-5.5 overlaps nothing then 4.3", "00 03 08 05 00 00 03 04 00 00 00 00 00 00 00 00", BoltVersion(4, 3)),
            ("4.4-4.2 range", "00 02 04 04 00 00 00 00 00 00 00 00 00 00 00 00", BoltVersion(4, 4)),
        ]
        for row in table {
            #expect(BoltHandshake.evaluate(Self.preamble(row.proposals)) == .accepted(row.expected), "\(row.client)")
        }
    }

    @Test func refusals() {
        #expect(BoltHandshake.evaluate(Self.preamble("00 00 05 05 00 00 00 03 00 00 00 01 00 00 00 00")) == .noCommonVersion)
        #expect(BoltHandshake.evaluate(Self.preamble("00 00 01 FF 00 00 00 00 00 00 00 00 00 00 00 00")) == .noCommonVersion)
        #expect(BoltHandshake.evaluate(Self.preamble("00 00 02 04 00 00 00 00 00 00 00 00 00 00 00 00")) == .noCommonVersion)
        #expect(BoltHandshake.evaluate(bytes("60 60 B0 18") + Array(repeating: 0, count: 16)) == .wrongMagic)
        #expect(BoltHandshake.evaluate(bytes("61")) == .wrongMagic)
        #expect(BoltHandshake.evaluate(Array("GET / HTTP/1.1\r\n".utf8)) == .httpRequest)
        #expect(BoltHandshake.evaluate(Array("GE".utf8)) == .needMoreData)
        #expect(BoltHandshake.evaluate(bytes("60 60 B0 17 00 00")) == .needMoreData)
        #expect(BoltHandshake.evaluate(bytes("60 60")) == .needMoreData)
    }

    @Test func neverNegotiatesAboveFivePointFour() {
        for major in UInt8(5)...6 {
            for minor in UInt8(0)...9 {
                let proposal = [0, minor, minor, major]
                if let version = BoltHandshake.negotiate(proposals: [proposal]) {
                    #expect(version <= BoltVersion(5, 4) && version != BoltVersion(5, 5))
                }
            }
        }
        #expect(BoltVersion(5, 4).wireBytes == bytes("00 00 04 05"))
    }
}
