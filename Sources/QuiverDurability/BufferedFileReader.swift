// BufferedFileReader: reads a file through FileIO in large chunks (8 MiB) into one reusable
// buffer and hands out ByteCursor windows over it, refilling (and growing for oversized items)
// on demand. Recovery parses snapshots through it: a few hundred reads for a whole graph, not a
// syscall per record.
import QuiverCore

final class BufferedFileReader {
    let io: any FileIO
    let file: FileHandle
    let path: String
    let fileSize: UInt64
    /// Bytes at the end of the file the parser must not consume (the snapshot footer).
    let reservedTail: UInt64
    private var storage: UnsafeMutableRawBufferPointer
    /// File offset of `storage[0]`.
    private var bufferFileOffset: UInt64 = 0
    /// Valid bytes in `storage`.
    private var filled = 0
    /// Parse position in `storage`.
    var position = 0

    init(io: any FileIO, file: FileHandle, path: String, fileSize: UInt64, reservedTail: UInt64 = 0, chunkSize: Int = 8 << 20) {
        self.io = io
        self.file = file
        self.path = path
        self.fileSize = fileSize
        self.reservedTail = reservedTail
        storage = .allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The file offset of the parse position.
    var fileOffset: UInt64 { bufferFileOffset + UInt64(position) }

    private var limit: UInt64 { fileSize - min(fileSize, reservedTail) }

    /// Bytes available from the parse position without reading.
    var available: Int { filled - position }

    /// Whether every parseable byte is in the buffer (nothing more can be read).
    var exhausted: Bool { bufferFileOffset + UInt64(filled) >= limit }

    /// Whether every parseable byte has been consumed.
    var atEnd: Bool { fileOffset >= limit }

    /// Makes at least `count` bytes available unless the parseable end comes first; returns
    /// whether they are.
    @discardableResult
    func ensure(_ count: Int) throws(QuiverError) -> Bool {
        if filled - position >= count { return true }
        // Move the unread rest to the front, grow if needed, and read more.
        let rest = filled - position
        if position > 0 {
            if rest > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + position, byteCount: rest) }
            bufferFileOffset += UInt64(position)
            position = 0
            filled = rest
        }
        if count > storage.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, storage.count * 2), alignment: 16)
            if filled > 0 { grown.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: filled) }
            storage.deallocate()
            storage = grown
        }
        while filled < storage.count {
            let readOffset = bufferFileOffset + UInt64(filled)
            if readOffset >= limit { break }
            let want = Int(min(UInt64(storage.count - filled), limit - readOffset))
            let got = try io.read(file, into: UnsafeMutableRawBufferPointer(rebasing: storage[filled..<(filled + want)]), at: readOffset)
            if got == 0 { break }
            filled += got
        }
        return filled - position >= count
    }

    /// A cursor over the available bytes; advance with `consume(cursor.position)`.
    @inline(__always)
    func cursor() -> ByteCursor {
        ByteCursor(UnsafeRawBufferPointer(start: storage.baseAddress! + position, count: filled - position))
    }

    @inline(__always)
    func consume(_ count: Int) { position += count }

    /// The whole available window (for oversized items: grow with `ensure`).
    var window: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.baseAddress! + position, count: filled - position)
    }

    func corrupt(_ what: String, at offset: UInt64? = nil) -> QuiverError {
        QuiverError(.internalError, "Snapshot file \(path) is corrupt at offset \(offset ?? fileOffset): \(what).")
    }
}
