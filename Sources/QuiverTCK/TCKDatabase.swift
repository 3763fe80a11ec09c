// TCKDatabase: the seam between the TCK runner and a database (the engine-backed one, or a fake
// in tests): reset, run a query with parameters, register a test procedure. TCKOutcome is what
// a query returns: columns and rows, or a classified error, plus the side effects it caused.

public protocol TCKDatabase {
    /// Back to a fresh database: no data, no parameters, no registered test procedures.
    mutating func reset()
    /// Runs one query. Side effects are those of this query alone (FORMAT.md "Side effects"),
    /// all zero when it fails.
    mutating func execute(_ query: String, parameters: [String: TCKValue]) -> TCKOutcome
    /// Registers a fake procedure for the current test case; an error text when unsupported.
    mutating func register(_ procedure: TCKProcedure) -> String?
}

extension TCKDatabase {
    public mutating func register(_ procedure: TCKProcedure) -> String? {
        "test procedures are not supported (\(procedure.name))"
    }
}

/// The answer to one query.
public struct TCKOutcome: Sendable {
    public enum Result: Sendable {
        case rows(columns: [String], rows: [[TCKValue]])
        case error(TCKError)
    }

    public var result: Result
    public var sideEffects: TCKSideEffects

    public init(result: Result, sideEffects: TCKSideEffects = .none) {
        self.result = result
        self.sideEffects = sideEffects
    }

    public static func rows(_ columns: [String], _ rows: [[TCKValue]], sideEffects: TCKSideEffects = .none) -> TCKOutcome {
        TCKOutcome(result: .rows(columns: columns, rows: rows), sideEffects: sideEffects)
    }

    public static func error(_ error: TCKError) -> TCKOutcome {
        TCKOutcome(result: .error(error))
    }

    public var error: TCKError? {
        if case .error(let error) = result { return error }
        return nil
    }
}

/// A failed query as the runner sees it. Type, phase and detail are the engine's best mapping
/// onto the TCK vocabulary; nil when it has none (a strict check then fails, a lenient one passes).
public struct TCKError: Error, Sendable, Equatable, CustomStringConvertible {
    public var type: TCKErrorType?
    public var phase: TCKErrorPhase?
    public var detail: String?
    public var message: String

    public init(type: TCKErrorType?, phase: TCKErrorPhase?, detail: String?, message: String) {
        self.type = type
        self.phase = phase
        self.detail = detail
        self.message = message
    }

    public var description: String {
        let kind = [type?.rawValue, phase.map { "at \($0.rawValue)" }, detail].compactMap { $0 }.joined(separator: " ")
        return kind.isEmpty ? message : "\(kind): \(message)"
    }
}

/// The error types the TCK names.
public enum TCKErrorType: String, Sendable, CaseIterable {
    case syntaxError = "SyntaxError"
    case typeError = "TypeError"
    case argumentError = "ArgumentError"
    case semanticError = "SemanticError"
    case constraintVerificationFailed = "ConstraintVerificationFailed"
    case entityNotFound = "EntityNotFound"
    case procedureError = "ProcedureError"
    case parameterMissing = "ParameterMissing"
}

/// When an error is raised. `anyTime` only appears in expectations.
public enum TCKErrorPhase: String, Sendable, CaseIterable {
    case compileTime = "compile time"
    case runtime = "runtime"
    case anyTime = "any time"
}
