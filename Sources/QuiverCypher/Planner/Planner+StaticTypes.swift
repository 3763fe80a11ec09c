// Planner, static type checks: operands whose type the query text fixes and an operator cannot
// take are compile-time errors, as openCypher's TCK expects (`NOT 0`, `[] AND true`, a `%` on
// the elements of a list of strings in a quantifier). Only literals are judged (their types are
// part of the plan-cache key); anything else is checked when evaluated.

import QuiverCore

extension QueryPlanner {
    /// Rejects a literal operand of NOT / AND / OR / XOR that is not a boolean (or null).
    func checkBooleanOperands(_ operands: [Expression], _ op: String) throws(QuiverError) {
        for operand in operands {
            switch operand.kind {
            case .integer, .float, .string, .list, .map:
                throw QuiverError(.semanticError, "Invalid argument type for '\(op)': a boolean is expected.",
                                  detail: "InvalidArgumentType")
            default:
                continue
            }
        }
    }

    /// Rejects arithmetic on the variable of a quantifier over a literal list of strings or
    /// booleans (`none(x IN ['a'] WHERE x % 2 = 0)`).
    func checkQuantifierTypes(_ body: Quantifier) throws(QuiverError) {
        guard case .list(let elements) = body.list.kind, !elements.isEmpty, let predicate = body.predicate else { return }
        let allText = elements.allSatisfy { if case .string = $0.kind { true } else { false } }
        let allBoolean = elements.allSatisfy { if case .boolean = $0.kind { true } else { false } }
        guard allText || allBoolean else { return }
        let name = body.variable.text
        var misused = false
        visit(predicate) { node in
            guard case .binary(let op, let lhs, let rhs) = node.kind else { return }
            let arithmetic: Bool
            switch op {
            case .subtract, .multiply, .divide, .modulo, .power: arithmetic = true
            case .add: arithmetic = allBoolean
            default: arithmetic = false
            }
            guard arithmetic else { return }
            for operand in [lhs, rhs] {
                if case .variable(name) = operand.kind { misused = true }
            }
        }
        if misused {
            throw QuiverError(.semanticError, "Invalid argument type: arithmetic on the elements of a list of \(allText ? "strings" : "booleans").",
                              detail: "InvalidArgumentType")
        }
    }
}
