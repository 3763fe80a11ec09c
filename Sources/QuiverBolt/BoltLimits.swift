// BoltLimits: the bounds every decoder in this module enforces on client input (message size,
// nesting, string and collection sizes, pipelining), and PackStreamFormat, the per-connection
// choice of structure shapes the negotiated version implies. Data only; no decoding here.

/// Bounds on what one client may send. A value outside them is a typed decode error that ends
/// in FAILURE or a closed connection, never a trap or an unbounded allocation.
public struct BoltLimits: Sendable, Equatable {
    /// Largest reassembled message, in bytes (all of its chunks together).
    public var maxMessageBytes: Int
    /// Deepest nesting of lists, maps and structures inside one message (the message's own
    /// structure and its field maps count). Clamped to `hardMaxNestingDepth` so recursion stays
    /// a few hundred kilobytes of stack at worst.
    public var maxNestingDepth: Int
    /// Longest string or byte array, in bytes.
    public var maxStringBytes: Int
    /// Most elements in one list or entries in one map.
    public var maxCollectionCount: Int
    /// Most requests decoded ahead of the one being served (pipelining); reading pauses beyond.
    public var maxQueuedRequests: Int

    public static let hardMaxNestingDepth = 1000

    public init(maxMessageBytes: Int = 64 << 20, maxNestingDepth: Int = 64, maxStringBytes: Int = 16 << 20,
                maxCollectionCount: Int = 1 << 24, maxQueuedRequests: Int = 128) {
        self.maxMessageBytes = max(16, maxMessageBytes)
        self.maxNestingDepth = min(max(2, maxNestingDepth), Self.hardMaxNestingDepth)
        self.maxStringBytes = max(0, maxStringBytes)
        self.maxCollectionCount = max(0, maxCollectionCount)
        self.maxQueuedRequests = max(1, maxQueuedRequests)
    }
}

/// How graph and DateTime structures are shaped on one connection: 5.x adds element ids and
/// sends DateTime as true UTC seconds (`I`/`i`); 4.x uses the legacy local-seconds form
/// (`F`/`f`) unless the client asked for `patch_bolt: ["utc"]` and the server echoed it.
public struct PackStreamFormat: Sendable, Equatable {
    public var elementIDs: Bool
    public var utcDateTime: Bool

    public init(elementIDs: Bool, utcDateTime: Bool) {
        self.elementIDs = elementIDs
        self.utcDateTime = utcDateTime
    }

    public init(version: BoltVersion, utcPatch: Bool = false) {
        self.init(elementIDs: version.major >= 5, utcDateTime: version.major >= 5 || utcPatch)
    }

    public static let v5 = PackStreamFormat(elementIDs: true, utcDateTime: true)
    public static let v4 = PackStreamFormat(elementIDs: false, utcDateTime: false)
}

/// Why a PackStream value or Bolt message could not be decoded (or, rarely, encoded).
public enum PackStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated
    case invalidMarker(UInt8)
    case nestingTooDeep(limit: Int)
    case stringTooLong(Int)
    case collectionTooLarge(Int)
    case invalidUTF8
    case mapKeyNotString
    case invalidStructure(tag: UInt8, reason: String)
    case unknownStructure(tag: UInt8)
    case trailingBytes(Int)
    case messageTooLarge(limit: Int)
    case valueOutOfRange(String)

    public var description: String {
        switch self {
        case .truncated: "PackStream value is truncated"
        case .invalidMarker(let marker): "invalid PackStream marker 0x\(hex(marker))"
        case .nestingTooDeep(let limit): "value nested deeper than \(limit) levels"
        case .stringTooLong(let length): "string or byte array of \(length) bytes exceeds the limit"
        case .collectionTooLarge(let count): "collection of \(count) elements exceeds the limit"
        case .invalidUTF8: "string is not valid UTF-8"
        case .mapKeyNotString: "map key is not a string"
        case .invalidStructure(let tag, let reason): "invalid structure 0x\(hex(tag)): \(reason)"
        case .unknownStructure(let tag): "unknown structure tag 0x\(hex(tag))"
        case .trailingBytes(let count): "\(count) bytes after the end of the message"
        case .messageTooLarge(let limit): "message exceeds \(limit) bytes"
        case .valueOutOfRange(let what): "\(what) is out of range"
        }
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
