// FakeDatabase: an in-memory TCKDatabase for executor tests. It answers from a dictionary keyed
// by query text (or a closure), logs every call with its parameters, counts resets and keeps
// registered procedures, so every pass/fail rule can be tested without the engine.
@testable import QuiverTCK

struct FakeDatabase: TCKDatabase {
    var answers: [String: TCKOutcome] = [:]
    /// Consulted before `answers`; return nil to fall through.
    var responder: ((String, [String: TCKValue]) -> TCKOutcome?)?
    var supportsProcedures = true

    private(set) var log: [(query: String, parameters: [String: TCKValue])] = []
    private(set) var resets = 0
    private(set) var procedures: [TCKProcedure] = []

    init(_ answers: [String: TCKOutcome] = [:]) {
        self.answers = answers
    }

    var queries: [String] { log.map(\.query) }

    mutating func reset() {
        resets += 1
        procedures = []
    }

    mutating func execute(_ query: String, parameters: [String: TCKValue]) -> TCKOutcome {
        log.append((query, parameters))
        if let outcome = responder?(query, parameters) { return outcome }
        if let outcome = answers[query] { return outcome }
        return .error(TCKError(type: nil, phase: nil, detail: nil, message: "fake: no answer for \(query)"))
    }

    mutating func register(_ procedure: TCKProcedure) -> String? {
        guard supportsProcedures else { return "fake: no procedures" }
        procedures.append(procedure)
        return nil
    }
}

/// Outcome helpers for tests.
extension TCKOutcome {
    static func ok(_ sideEffects: TCKSideEffects = .none) -> TCKOutcome { .rows([], [], sideEffects: sideEffects) }

    static func fail(_ type: TCKErrorType?, _ phase: TCKErrorPhase?, _ detail: String?) -> TCKOutcome {
        .error(TCKError(type: type, phase: phase, detail: detail, message: "boom"))
    }
}

extension TCKSideEffects {
    static func with(_ counts: [String: Int]) -> TCKSideEffects {
        var effects = TCKSideEffects()
        for (key, path) in TCKSideEffects.keys { effects[keyPath: path] = counts[key] ?? 0 }
        return effects
    }
}
