// Bolt handshake: the 20-byte client preamble (magic 60 60 B0 17 + four proposals) → the
// version both sides speak, or a reason to close. Pure functions over bytes; the NIO handler
// sends the reply. Rules (docs/bolt.md §1): proposals are `00 RR mm MM` (RR = how many older
// minors also acceptable); scan in client order, answer the highest supported minor of the first
// overlapping proposal; the manifest slot 00 00 01 FF is just an unknown version (255.1).

public struct BoltVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: UInt8
    public var minor: UInt8

    public init(_ major: UInt8, _ minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    public static func < (lhs: BoltVersion, rhs: BoltVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// The 4-byte reply naming this version: 00 00 minor major.
    public var wireBytes: [UInt8] { [0, 0, minor, major] }

    // Feature switches by version (docs/bolt.md §5).
    var hasHints: Bool { self >= BoltVersion(4, 3) }
    var hasRoute: Bool { self >= BoltVersion(4, 3) }
    var routeHasExtraMap: Bool { self >= BoltVersion(4, 4) }
    var authInLogon: Bool { self >= BoltVersion(5, 1) }
    var hasTelemetry: Bool { self >= BoltVersion(5, 4) }
    var acceptsUTCPatch: Bool { self >= BoltVersion(4, 3) && major == 4 }
}

public enum BoltHandshake {
    public static let magic: [UInt8] = [0x60, 0x60, 0xB0, 0x17]
    public static let preambleBytes = 20
    /// What Quiver speaks: 4.1, 4.3, 4.4 for mgclient, 5.0–5.4 for the Neo4j drivers. Never 5.5
    /// (a withdrawn design) and nothing above 5.4 until 5.6+ error and notification shapes exist.
    public static let supportedVersions: [BoltVersion] = [
        BoltVersion(4, 1), BoltVersion(4, 3), BoltVersion(4, 4),
        BoltVersion(5, 0), BoltVersion(5, 1), BoltVersion(5, 2), BoltVersion(5, 3), BoltVersion(5, 4),
    ]
    /// The "no version" reply; the server closes right after sending it.
    public static let noVersionReply: [UInt8] = [0, 0, 0, 0]
    /// First bytes of an HTTP request: a browser or HTTP client pointed at the Bolt port.
    static let httpMethods: [[UInt8]] = ["GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "PATC", "CONN", "TRAC"].map { Array($0.utf8) }

    public enum Outcome: Sendable, Equatable {
        /// Fewer bytes than needed to decide.
        case needMoreData
        case accepted(BoltVersion)
        /// Valid preamble, but no proposal overlaps: reply `00 00 00 00` and close.
        case noCommonVersion
        /// Not Bolt at all: close without a reply.
        case wrongMagic
        /// An HTTP request on the Bolt port: answer with a plain HTTP error and close.
        case httpRequest
    }

    /// Decides from the first bytes the client sent (at least 4 for the magic/HTTP check, 20
    /// for proposals). Pure: does not consume.
    public static func evaluate(_ bytes: some Collection<UInt8>, supported: [BoltVersion] = supportedVersions) -> Outcome {
        let prefix = Array(bytes.prefix(preambleBytes))
        guard prefix.count >= 4 else {
            return magic.starts(with: prefix) || httpMethods.contains(where: { $0.starts(with: prefix) }) ? .needMoreData : .wrongMagic
        }
        if httpMethods.contains(where: { prefix.starts(with: $0) }) { return .httpRequest }
        guard prefix.starts(with: magic) else { return .wrongMagic }
        guard prefix.count == preambleBytes else { return .needMoreData }
        let proposals = stride(from: 4, to: 20, by: 4).map { Array(prefix[$0 ..< $0 + 4]) }
        guard let version = negotiate(proposals: proposals, supported: supported) else { return .noCommonVersion }
        return .accepted(version)
    }

    /// The first proposal (in client order) that overlaps `supported`, answered with the
    /// highest supported minor inside its range. Empty slots (all zero) never match.
    public static func negotiate(proposals: [[UInt8]], supported: [BoltVersion] = supportedVersions) -> BoltVersion? {
        for proposal in proposals where proposal.count == 4 {
            let range = Int(proposal[1]), highestMinor = Int(proposal[2]), major = proposal[3]
            let lowestMinor = max(0, highestMinor - range)
            let candidates = supported.filter { $0.major == major && Int($0.minor) >= lowestMinor && Int($0.minor) <= highestMinor }
            if let best = candidates.max() { return best }
        }
        return nil
    }

    /// What an HTTP client gets on the Bolt port.
    public static let httpReply: [UInt8] = Array((
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 59\r\n\r\n"
        + "This is a Bolt port: connect with a Bolt client (bolt://).\n"
    ).utf8)
}
