// Bolt requests: one decoded message → a typed BoltRequest, checked against the negotiated
// version (LOGON/LOGOFF from 5.1, ROUTE from 4.3 in two shapes, TELEMETRY from 5.4). NOOP is a
// framing matter (an empty chunk) and never reaches this file. No state, no semantics.
import NIOCore

public enum BoltRequest: Sendable, Equatable {
    /// Up to 5.0 the auth token rides in `extra` (scheme, principal, credentials).
    case hello(extra: BoltMap)
    case logon(auth: BoltMap)
    case logoff
    case goodbye
    case reset
    case run(query: String, parameters: BoltMap, extra: BoltMap)
    case begin(extra: BoltMap)
    case commit
    case rollback
    /// `n` = records wanted (-1 all); `qid` = result inside an explicit transaction (-1 latest).
    case discard(n: Int64, qid: Int64)
    case pull(n: Int64, qid: Int64)
    /// 4.3 sends the database as a string; it is folded into `extra["db"]`.
    case route(routing: BoltMap, bookmarks: [String], extra: BoltMap)
    case telemetry(api: Int64)

    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .logon: "LOGON"
        case .logoff: "LOGOFF"
        case .goodbye: "GOODBYE"
        case .reset: "RESET"
        case .run: "RUN"
        case .begin: "BEGIN"
        case .commit: "COMMIT"
        case .rollback: "ROLLBACK"
        case .discard: "DISCARD"
        case .pull: "PULL"
        case .route: "ROUTE"
        case .telemetry: "TELEMETRY"
        }
    }

    enum Tag {
        static let hello: UInt8 = 0x01
        static let goodbye: UInt8 = 0x02
        static let reset: UInt8 = 0x0F
        static let run: UInt8 = 0x10
        static let begin: UInt8 = 0x11
        static let commit: UInt8 = 0x12
        static let rollback: UInt8 = 0x13
        static let discard: UInt8 = 0x2F
        static let pull: UInt8 = 0x3F
        static let telemetry: UInt8 = 0x54
        static let route: UInt8 = 0x66
        static let logon: UInt8 = 0x6A
        static let logoff: UInt8 = 0x6B
    }

    /// Decodes one whole message (the bytes between chunk framing).
    public static func decode(_ message: ByteBuffer, version: BoltVersion, limits: BoltLimits) throws(PackStreamError) -> BoltRequest {
        var decoder = PackStreamDecoder(buffer: message, limits: limits)
        let (fieldCount, tag) = try decoder.readStructureHeader()
        let fields = try decoder.decodeFields(fieldCount, depth: 1)
        guard decoder.buffer.readableBytes == 0 else { throw .trailingBytes(decoder.buffer.readableBytes) }
        return try make(tag: tag, fields: fields, version: version)
    }

    static func make(tag: UInt8, fields: [BoltValue], version: BoltVersion) throws(PackStreamError) -> BoltRequest {
        var reader = FieldReader(tag: tag, fields: fields)
        switch tag {
        case Tag.hello:
            try reader.expectCount(1)
            return .hello(extra: try reader.map())
        case Tag.logon where version.authInLogon:
            try reader.expectCount(1)
            return .logon(auth: try reader.map())
        case Tag.logoff where version.authInLogon:
            try reader.expectCount(0)
            return .logoff
        case Tag.goodbye, Tag.reset, Tag.commit, Tag.rollback:
            try reader.expectCount(0)
            return [Tag.goodbye: .goodbye, Tag.reset: .reset, Tag.commit: .commit, Tag.rollback: .rollback][tag]!
        case Tag.run:
            try reader.expectCount(3)
            return .run(query: try reader.string(), parameters: try reader.map(), extra: try reader.map())
        case Tag.begin:
            try reader.expectCount(1)
            return .begin(extra: try reader.map())
        case Tag.pull, Tag.discard:
            try reader.expectCount(1)
            let extra = try reader.map()
            guard let n = extra["n"]?.intValue else { throw reader.invalid("missing n") }
            let qid = extra["qid"]?.intValue ?? -1
            return tag == Tag.pull ? .pull(n: n, qid: qid) : .discard(n: n, qid: qid)
        case Tag.route where version.hasRoute:
            return try route(&reader, version: version)
        case Tag.telemetry where version.hasTelemetry:
            try reader.expectCount(1)
            return .telemetry(api: try reader.int())
        default:
            throw .invalidStructure(tag: tag, reason: "not a request message in Bolt \(version)")
        }
    }

    private static func route(_ reader: inout FieldReader, version: BoltVersion) throws(PackStreamError) -> BoltRequest {
        try reader.expectCount(3)
        let routing = try reader.map()
        var bookmarks: [String] = []
        for bookmark in try reader.list() {
            guard case .string(let text) = bookmark else { throw reader.invalid("bookmark is not a string") }
            bookmarks.append(text)
        }
        if version.routeHasExtraMap { return .route(routing: routing, bookmarks: bookmarks, extra: try reader.map()) }
        var extra = BoltMap()
        switch reader.next() {
        case .string(let database): extra["db"] = .string(database)
        case .null: break
        default: throw reader.invalid("database is not a string")
        }
        return .route(routing: routing, bookmarks: bookmarks, extra: extra)
    }
}

/// Server → client messages.
public enum BoltResponse: Sendable, Equatable {
    case success(BoltMap)
    case record([BoltValue])
    case ignored
    case failure(BoltFailure)

    enum Tag {
        static let success: UInt8 = 0x70
        static let record: UInt8 = 0x71
        static let ignored: UInt8 = 0x7E
        static let failure: UInt8 = 0x7F
    }
}

extension ByteBuffer {
    /// Appends one response as a chunked message. Only a RECORD can fail to encode (a value
    /// nested deeper than the encoder allows); nothing is written then.
    public mutating func writeBoltResponse(_ response: BoltResponse, format: PackStreamFormat) throws(PackStreamError) {
        try writeChunkedMessage { (body: inout ByteBuffer) throws(PackStreamError) in
            switch response {
            case .success(let metadata):
                body.writeStructureHeader(fields: 1, tag: BoltResponse.Tag.success)
                try body.writePackStreamMap(metadata, format: format)
            case .record(let values):
                try body.writeBoltRecord(values, format: format)
            case .ignored:
                body.writeStructureHeader(fields: 0, tag: BoltResponse.Tag.ignored)
            case .failure(let failure):
                body.writeStructureHeader(fields: 1, tag: BoltResponse.Tag.failure)
                try body.writePackStreamMap(["code": .string(failure.code), "message": .string(failure.message)], format: format)
            }
        }
    }

    /// The body of a RECORD (without chunk framing): the hot path of result streaming.
    mutating func writeBoltRecord(_ values: [BoltValue], format: PackStreamFormat) throws(PackStreamError) {
        writeStructureHeader(fields: 1, tag: BoltResponse.Tag.record)
        writeListHeader(values.count)
        for value in values { try writePackStream(value, format: format, depth: 1) }
    }

    /// Appends a RECORD message for one row.
    public mutating func writeBoltRecordMessage(_ values: [BoltValue], format: PackStreamFormat) throws(PackStreamError) {
        try writeChunkedMessage { (body: inout ByteBuffer) throws(PackStreamError) in
            try body.writeBoltRecord(values, format: format)
        }
    }
}
