// A blocking Bolt client over a plain POSIX socket for end-to-end tests: sends raw bytes and
// chunked messages, reads framed responses, and tells a closed connection from a slow one.
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
@testable import QuiverBolt

final class RawBoltClient {
    let descriptor: Int32

    init(port: Int, timeoutSeconds: Int = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ClientError.socket }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw ClientError.connect
        }
    }

    deinit { close(descriptor) }

    enum ClientError: Error { case socket, connect, closed, protocolError(String) }

    func send(_ data: [UInt8]) {
        var offset = 0
        while offset < data.count {
            let written = data[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    func shutdownWrites() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Exactly `count` bytes, or nil on EOF, error or timeout.
    func read(_ count: Int) -> [UInt8]? {
        var result = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = result[offset...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received <= 0 { return nil }
            offset += received
        }
        return result
    }

    /// True when the server closed the connection (EOF or reset) within the timeout.
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        while true {
            let received = recv(descriptor, &byte, 1, 0)
            if received == 0 { return true }
            if received < 0 { return errno == ECONNRESET }
        }
    }

    func handshake(_ proposals: String) -> [UInt8]? {
        send(BoltHandshake.magic + bytes(proposals))
        return read(4)
    }

    static let python6 = "00 00 01 FF 00 08 08 05 00 02 04 04 00 00 00 03"
    static let pymgclient = "00 00 04 04 00 00 03 04 00 00 01 04 00 00 00 01"

    func request(_ tag: UInt8, _ fields: [BoltValue]) {
        send(chunkedMessage(tag: tag, fields))
    }

    /// Next response message as (tag, fields); throws on EOF.
    func response() throws -> (tag: UInt8, fields: [BoltValue]) {
        var body: [UInt8] = []
        while true {
            guard let header = read(2) else { throw ClientError.closed }
            let length = Int(header[0]) << 8 | Int(header[1])
            if length == 0 {
                if body.isEmpty { continue }
                return try decodeResponse(ByteBuffer(bytes: body))
            }
            guard let chunk = read(length) else { throw ClientError.closed }
            body += chunk
        }
    }

    /// Reads until a summary (SUCCESS, IGNORED, FAILURE); returns the records and the summary.
    func summary() throws -> (records: [[BoltValue]], tag: UInt8, metadata: BoltMap) {
        var records: [[BoltValue]] = []
        while true {
            let (tag, fields) = try response()
            if tag == 0x71 {
                records.append(fields.first?.listValue ?? [])
                continue
            }
            return (records, tag, fields.first?.mapValue ?? BoltMap())
        }
    }

    /// Handshake, HELLO (and LOGON on 5.1+), expecting success.
    func open(_ proposals: String = python6, user: String = "u", password: String = "p") throws -> BoltVersion {
        guard let reply = handshake(proposals) else { throw ClientError.closed }
        let version = BoltVersion(reply[3], reply[2])
        let auth: BoltMap = ["scheme": "basic", "principal": .string(user), "credentials": .string(password)]
        if version >= BoltVersion(5, 1) {
            request(0x01, [["user_agent": "raw/1.0"]])
            request(0x6A, [.map(auth)])
            guard try summary().tag == 0x70 else { throw ClientError.protocolError("HELLO") }
        } else {
            var hello = auth
            hello["user_agent"] = "raw/1.0"
            request(0x01, [.map(hello)])
        }
        guard try summary().tag == 0x70 else { throw ClientError.protocolError("auth") }
        return version
    }

    /// RUN + PULL all, pipelined; returns records and the final summary.
    func query(_ text: String, _ parameters: BoltMap = [:]) throws -> (records: [[BoltValue]], tag: UInt8, metadata: BoltMap) {
        request(0x10, [.string(text), .map(parameters), [:]])
        request(0x3F, [["n": -1]])
        let run = try summary()
        guard run.tag == 0x70 else { _ = try summary(); return run }
        return try summary()
    }
}
