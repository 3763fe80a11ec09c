// TimeZoneDatabase: IANA zone ids ("Europe/Stockholm") to UTC offsets, from the TZif files under
// /usr/share/zoneinfo (Debian package `tzdata`: `dpkg -S /usr/share/zoneinfo/UTC` → tzdata).
// Owns the one file read (a seam tests can replace) and a per-zone cache; parsing is elsewhere.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Without tzdata installed every named zone is unknown (nil): install the `tzdata` package.
/// Fixed offsets ("+01:00", "Z") never need the files: parse them with `ZoneOffset.parse`.
public final class TimeZoneDatabase: Sendable {
    public static let defaultDirectory = "/usr/share/zoneinfo"
    /// The process-wide database over the default directory.
    public static let shared = TimeZoneDatabase()

    /// Reads a whole file; nil when it does not exist or cannot be read.
    public typealias FileReader = @Sendable (_ path: String) -> [UInt8]?

    public let directory: String
    private let readFile: FileReader
    /// Only zones that loaded are cached, so unknown names cannot grow it past the zone count.
    private let cache = Mutex<[String: TimeZoneRules]>([:])

    public init(directory: String = TimeZoneDatabase.defaultDirectory, readFile: FileReader? = nil) {
        self.directory = directory
        self.readFile = readFile ?? TimeZoneDatabase.readFileFromDisk
    }

    /// The rules of a zone; nil when the id is malformed, unknown or its file is not TZif.
    public func rules(zoneID: String) -> TimeZoneRules? {
        if let cached = cache.withLock({ $0[zoneID] }) { return cached }
        guard TimeZoneDatabase.isWellFormedZoneID(zoneID),
              let bytes = readFile(directory + "/" + zoneID),
              let data = TZifParser.parse(bytes),
              let rules = TimeZoneRules(data) else { return nil }
        // Two threads may load one zone at once; both get equal rules, the first one is kept.
        return cache.withLock { cache in
            if let existing = cache[zoneID] { return existing }
            cache[zoneID] = rules
            return rules
        }
    }

    public func contains(zoneID: String) -> Bool { rules(zoneID: zoneID) != nil }

    /// The offset in force at an instant; nil for an unknown zone.
    public func offset(zoneID: String, utcSeconds: Int64) -> Int32? {
        rules(zoneID: zoneID)?.offset(utcSeconds: utcSeconds)
    }

    /// The offset in force at the instant a local wall-clock time resolves to (java.time's
    /// choice: the earlier offset in an overlap, the later one in a gap, where the wall clock
    /// moves forward). In a gap `localSeconds - offset` is not that instant; use `resolve` to get
    /// the instant. nil for an unknown zone.
    public func offset(zoneID: String, localSeconds: Int64) -> Int32? {
        rules(zoneID: zoneID)?.resolve(localSeconds: localSeconds).offsetSeconds
    }

    /// The instant and offset of a local wall-clock time (see `TimeZoneRules.resolve`).
    public func resolve(zoneID: String, localSeconds: Int64) -> ResolvedLocalTime? {
        rules(zoneID: zoneID)?.resolve(localSeconds: localSeconds)
    }

    /// Zone ids are relative paths of letters, digits, '_', '-' and '+' ("America/Port-au-Prince",
    /// "Etc/GMT+5"); anything that could leave the directory ("..", a leading '/') is refused.
    public static func isWellFormedZoneID(_ zoneID: String) -> Bool {
        let bytes = zoneID.utf8
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        var componentLength = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "/"):
                if componentLength == 0 { return false }
                componentLength = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"):
                componentLength += 1
            default:
                return false
            }
        }
        return componentLength > 0
    }

    /// The default reader: the whole file through open/read, at most 1 MiB (TZif files are a few
    /// kilobytes). This is the only file access in QuiverCore.
    public static let readFileFromDisk: FileReader = { path in
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let sizeMax = 1 << 20
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > sizeMax { return nil }
        }
    }
}
