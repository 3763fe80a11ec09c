// WALSegmentReader: walks the records of one WAL segment held in memory. A damaged record at the
// end of the segment (cut short, or followed only by zero bytes) is a torn tail: the scan stops
// there and reports where valid data ends, so recovery can truncate it. A damaged record with
// data after it is corruption: an error naming the file and the offset.
import QuiverCore

struct WALSegmentScan {
    /// Bytes of valid data: the header and every good record.
    var validLength: Int
    /// Whether bytes after `validLength` (up to the scan limit) were a torn tail.
    var tornTail: Bool
}

enum WALSegmentReader {
    /// Calls `body(kind, payload, offset)` for each record in `bytes[headerSize..<limit]`.
    static func scan(
        _ bytes: UnsafeRawBufferPointer, path: String, limit: Int,
        _ body: (WALRecordKind, UnsafeRawBufferPointer, Int) throws(QuiverError) -> Void
    ) throws(QuiverError) -> WALSegmentScan {
        let end = min(limit, bytes.count)
        var offset = WALFormat.headerSize
        guard let base = bytes.baseAddress, end > offset else {
            return WALSegmentScan(validLength: min(offset, end), tornTail: false)
        }
        while offset < end {
            let problem: String
            var recordEnd = end
            if end - offset < WALFormat.recordHeaderSize {
                problem = "record header cut short"
            } else {
                let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                let stored = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                recordEnd = offset + 8 + length
                if length == 0 || length > WALFormat.recordLengthMax {
                    problem = "invalid record length \(length)"
                    recordEnd = end
                } else if recordEnd > end {
                    problem = "record of \(length) bytes cut short"
                } else {
                    var crc = CRC32C()
                    crc.update(UnsafeRawBufferPointer(start: base + offset, count: 4))
                    crc.update(UnsafeRawBufferPointer(start: base + offset + 8, count: length))
                    if crc.value != stored {
                        problem = "record checksum mismatch"
                    } else if let kind = WALRecordKind(rawValue: base.load(fromByteOffset: offset + 8, as: UInt8.self)) {
                        try body(kind, UnsafeRawBufferPointer(start: base + offset + 9, count: length - 1), offset)
                        offset = recordEnd
                        continue
                    } else {
                        throw corrupt(path, offset, "unknown record kind \(base.load(fromByteOffset: offset + 8, as: UInt8.self))")
                    }
                }
            }
            // A damaged record: a torn tail when nothing but zeros follows it, else corruption.
            if allZero(base, from: min(recordEnd, end), to: end) || allZero(base, from: offset + 8, to: end) {
                return WALSegmentScan(validLength: offset, tornTail: true)
            }
            throw corrupt(path, offset, problem)
        }
        return WALSegmentScan(validLength: offset, tornTail: false)
    }

    static func corrupt(_ path: String, _ offset: Int, _ problem: String) -> QuiverError {
        QuiverError(.internalError, "WAL file \(path) is corrupt at offset \(offset): \(problem). Recovery stops here; nothing was skipped.")
    }

    private static func allZero(_ base: UnsafeRawPointer, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            if base.load(fromByteOffset: index, as: UInt8.self) != 0 { return false }
            index += 1
        }
        return true
    }
}
