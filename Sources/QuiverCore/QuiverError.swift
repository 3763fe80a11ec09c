// QuiverError: the one error type that crosses module boundaries. It carries a code (which the
// Bolt layer maps to a failure class by one table), a user-facing message and where it was raised.

public struct QuiverError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Stable error codes. The Bolt layer maps `isTransient` codes to Memgraph's transient class.
    public enum Code: String, Sendable, CaseIterable {
        // Storage outcomes.
        case serializationConflict
        case deletedObject
        case vertexHasEdges
        case nonexistentObject
        case propertiesOnEdgesDisabled
        case storageAccessTimeout
        case storageModeInvalidOperation
        case limitExceeded
        case memoryLimitExceeded
        case indexAlreadyExists
        case indexDoesNotExist
        case transactionNotActive
        case constraintViolation
        /// TERMINATE TRANSACTIONS, the query execution timeout or shutdown stopped the query.
        case transactionAborted
        // Values and queries.
        case typeError
        case invalidArgument
        case syntaxError
        case semanticError
        case notSupported
        case internalError

        /// Transient errors tell drivers that retrying the transaction may succeed.
        public var isTransient: Bool {
            switch self {
            case .serializationConflict, .storageAccessTimeout, .memoryLimitExceeded, .transactionAborted: true
            default: false
            }
        }
    }

    public var code: Code
    public var message: String
    /// openCypher's name for the precise failure (`UndefinedVariable`, `NumberOutOfRange`, …),
    /// when one applies; the TCK checks it, Bolt clients never see it.
    public var detail: String?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, detail: String? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.detail = detail
        self.file = file
        self.line = line
    }

    public var description: String { message }

    public static func == (lhs: QuiverError, rhs: QuiverError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}

extension QuiverError {
    /// Memgraph's exact text for a write-write conflict.
    public static let conflictMessage =
        "Cannot resolve conflicting transactions. Retry this transaction when the conflicting transaction is finished. For more details, visit https://memgraph.com/docs"

    public static func conflict(file: String = #fileID, line: Int = #line) -> QuiverError {
        QuiverError(.serializationConflict, conflictMessage, file: file, line: line)
    }
}
