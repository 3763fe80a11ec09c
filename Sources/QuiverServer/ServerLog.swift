// ServerLog: the server's log with Memgraph's levels (TRACE … CRITICAL), written to a file
// (`--log-file`) and/or stderr (`--also-log-to-stderr`, or stderr alone when no file is set).
// Lines are `[timestamp] [level] message`; writes are serialised by a lock. No query texts or
// passwords are logged above DEBUG.
import Foundation
import Synchronization

public final class ServerLog: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, warning, error, critical

        public init?(name: String) {
            switch name.uppercased() {
            case "TRACE": self = .trace
            case "DEBUG": self = .debug
            case "INFO": self = .info
            case "WARNING", "WARN": self = .warning
            case "ERROR": self = .error
            case "CRITICAL": self = .critical
            default: return nil
            }
        }

        public var name: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let level: Level
    private let toStderr: Bool
    private let file: Mutex<FileHandle?>

    /// Opens (appends to) `filePath` when given; stderr gets the lines when `alsoToStderr` or
    /// when there is no file.
    public init(level: Level, filePath: String? = nil, alsoToStderr: Bool = false) throws {
        self.level = level
        var handle: FileHandle?
        if let filePath, !filePath.isEmpty {
            let url = URL(fileURLWithPath: filePath)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: filePath) { _ = FileManager.default.createFile(atPath: filePath, contents: nil) }
            handle = try FileHandle(forWritingTo: url)
            handle?.seekToEndOfFile()
        }
        self.toStderr = alsoToStderr || handle == nil
        self.file = Mutex(handle)
    }

    /// A log that drops everything (tests).
    public static func silent() -> ServerLog {
        // Cannot fail without a file.
        try! ServerLog(level: .critical, filePath: nil, alsoToStderr: false)
    }

    public func log(_ messageLevel: Level, _ message: @autoclosure () -> String) {
        guard messageLevel >= level else { return }
        let line = "[\(Self.timestamp())] [\(messageLevel.name)] \(message())\n"
        file.withLock { handle in
            handle?.write(Data(line.utf8))
            if toStderr { FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    public func trace(_ message: @autoclosure () -> String) { log(.trace, message()) }
    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
    public func error(_ message: @autoclosure () -> String) { log(.error, message()) }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
