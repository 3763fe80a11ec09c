// Format building blocks: CRC32C known answers, varints and byte cursors, WAL segment headers,
// record framing, snapshot file names and the torn-tail / corruption rules of the segment reader.
import Testing
import QuiverCore
@testable import QuiverDurability

@Suite struct FormatTests {
    @Test func crc32cKnownAnswers() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        // Incremental updates equal one pass, across the 8-byte slicing boundary.
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var crc = CRC32C()
        crc.update(Array(bytes[0..<3]))
        crc.update(Array(bytes[3..<517]))
        crc.update(Array(bytes[517...]))
        #expect(crc.value == CRC32C.checksum(bytes))
    }

    @Test func varintsRoundTripAndOverrunsAreFlagged() {
        let values: [UInt64] = [0, 1, 127, 128, 300, 1 << 32, .max]
        var bytes: [UInt8] = []
        for value in values { bytes.appendVarint(value) }
        bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw)
            for value in values { #expect(cursor.varint() == value) }
            #expect(!cursor.overrun)
            _ = cursor.varint()
            #expect(cursor.overrun)
        }
    }

    @Test func segmentHeaderRoundTripsAndRejectsDamage() {
        let header = WALSegmentHeader(sequence: 7, firstTimestamp: 42, previousSegmentLength: 1234)
        var bytes = header.encoded()
        #expect(bytes.count == WALFormat.headerSize)
        #expect(bytes.withUnsafeBytes { WALSegmentHeader.decode($0) } == header)
        bytes[10] ^= 1
        #expect(bytes.withUnsafeBytes { WALSegmentHeader.decode($0) } == nil)
    }

    @Test func snapshotNamesFollowMemgraph() {
        // 2026-08-01 12:34:56.123456 UTC
        let micros: UInt64 = 1_785_587_696_123_456
        #expect(SnapshotFormat.fileName(creationMicroseconds: micros, timestamp: 99) == "20260801123456123456_timestamp_99")
        #expect(SnapshotFormat.isoUTC(micros) == "2026-08-01T12:34:56.123456")
    }

    /// A segment: header then records with payloads "a", "bb", "ccc".
    private func segment() -> [UInt8] {
        var bytes = WALSegmentHeader(sequence: 1, firstTimestamp: 1, previousSegmentLength: WALFormat.noPreviousSegment).encoded()
        for payload in ["a", "bb", "ccc"] {
            let start = bytes.beginRecord(.schema)
            bytes.append(contentsOf: Array(payload.utf8))
            bytes.finishRecord(at: start)
        }
        return bytes
    }

    private func scan(_ bytes: [UInt8]) -> Result<(WALSegmentScan, [String]), QuiverError> {
        var seen: [String] = []
        return Result { () throws(QuiverError) in
            let result = try bytes.withBytes { (raw) throws(QuiverError) in
                try WALSegmentReader.scan(raw, path: "wal/x.wal", limit: raw.count) { _, payload, _ in
                    seen.append(String(decoding: payload, as: UTF8.self))
                }
            }
            return (result, seen)
        }
    }

    @Test func readerFindsRecordsAndTornTails() throws {
        let whole = segment()
        let (full, payloads) = try scan(whole).get()
        #expect(payloads == ["a", "bb", "ccc"])
        #expect(full.validLength == whole.count && !full.tornTail)
        // Cut inside the last record: torn tail, the first two survive.
        let cut = Array(whole.dropLast(2))
        let (torn, kept) = try scan(cut).get()
        #expect(kept == ["a", "bb"] && torn.tornTail)
        #expect(torn.validLength == whole.count - 12)
        // Zeros after the last record (a preallocated or half-written page): torn tail too.
        let (zeros, _) = try scan(whole + [UInt8](repeating: 0, count: 100)).get()
        #expect(zeros.tornTail && zeros.validLength == whole.count)
    }

    @Test func corruptionInTheMiddleNamesFileAndOffset() {
        var bytes = segment()
        let secondRecord = WALFormat.headerSize + 10
        bytes[secondRecord + 9] ^= 0xFF  // payload byte of "bb"
        let message = scan(bytes).failureMessage ?? ""
        #expect(message.contains("wal/x.wal"))
        #expect(message.contains("offset \(secondRecord)"))
    }
}
