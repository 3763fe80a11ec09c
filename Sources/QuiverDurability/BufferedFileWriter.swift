// BufferedFileWriter: appends bytes to a file through FileIO in large writes (1 MiB by
// default), keeping a running CRC32C of everything written. The snapshot writer's output path.
import QuiverCore

struct BufferedFileWriter {
    let io: any FileIO
    let file: FileHandle
    var buffer: [UInt8] = []
    private(set) var flushedBytes: UInt64 = 0
    private(set) var crc = CRC32C()
    let flushThreshold: Int

    init(io: any FileIO, file: FileHandle, flushThreshold: Int = 1 << 20) {
        self.io = io
        self.file = file
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold + 64 * 1024)
    }

    /// Bytes written so far, buffered ones included.
    var position: UInt64 { flushedBytes + UInt64(buffer.count) }

    /// Writes the buffer out when it has grown past the threshold.
    @inline(__always)
    mutating func flushIfFull() throws(QuiverError) {
        if buffer.count >= flushThreshold { try flush() }
    }

    mutating func flush() throws(QuiverError) {
        guard !buffer.isEmpty else { return }
        crc.update(buffer)
        try io.write(file, buffer, at: flushedBytes)
        flushedBytes += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The CRC of everything written so far (flushes first).
    mutating func checksum() throws(QuiverError) -> UInt32 {
        try flush()
        return crc.value
    }
}
