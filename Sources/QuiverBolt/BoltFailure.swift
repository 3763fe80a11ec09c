// BoltFailure: a FAILURE's code and message, and the one table that maps QuiverError codes to
// Bolt failure codes (client → Memgraph ClientError, transient → TransientError so drivers'
// managed transactions retry, internal → DatabaseError). Authentication has its own code.
import QuiverCore

public struct BoltFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Four dot-separated parts: vendor, classification, category, title.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Builds the failure for an engine error through `BoltFailure.code(for:)`.
    public init(_ error: QuiverError) {
        self.init(code: BoltFailure.code(for: error.code), message: error.message)
    }

    public var description: String { "\(code): \(message)" }

    public static let clientErrorCode = "Memgraph.ClientError.MemgraphError.MemgraphError"
    public static let transientErrorCode = "Memgraph.TransientError.MemgraphError.MemgraphError"
    public static let databaseErrorCode = "Memgraph.DatabaseError.MemgraphError.MemgraphError"
    public static let unauthenticatedCode = "Memgraph.ClientError.Security.Unauthenticated"

    /// The mapping table. Written without a default-free switch on purpose: a new QuiverError
    /// code is a client error unless it is marked transient in QuiverCore.
    public static func code(for code: QuiverError.Code) -> String {
        if code.isTransient { return transientErrorCode }
        if code == .internalError { return databaseErrorCode }
        return clientErrorCode
    }

    /// Wrong credentials: FAILURE then close (Memgraph's text).
    public static func authenticationFailure(_ message: String = "Authentication failure") -> BoltFailure {
        BoltFailure(code: unauthenticatedCode, message: message)
    }

    /// Memgraph's answer to ROUTE on a standalone instance.
    public static let routeNotSupported = BoltFailure(
        code: clientErrorCode, message: "You cannot fetch routing table from an instance which is not part of a cluster.")

    /// A message the current state does not accept, or a malformed one; the connection closes.
    public static func protocolViolation(_ message: String) -> BoltFailure {
        BoltFailure(code: clientErrorCode, message: message)
    }

    /// Any error a backend throws that is not already a BoltFailure or QuiverError.
    public static func unexpected(_ error: any Error) -> BoltFailure {
        if let failure = error as? BoltFailure { return failure }
        if let quiverError = error as? QuiverError { return BoltFailure(quiverError) }
        return BoltFailure(code: databaseErrorCode,
                           message: "An unknown exception occurred, this is unexpected. Real message should be in database logs.")
    }
}
