// StepClassifier: gives a Gherkin step its TCK meaning — matches the sentence against the step
// vocabulary of FORMAT.md and parses its argument (doc string, parameter table, result table,
// side-effect table, procedure signature and records) into a Step.

enum StepClassifier {
    static func classify(_ step: GherkinStep) throws(TCKStepError) -> Step {
        let text = step.text
        switch text {
        case "an empty graph": return .emptyGraph
        case "any graph": return .anyGraph
        case "having executed:": return .havingExecuted(try docString(step))
        case "parameters are:": return .parameters(try parameters(try table(step)))
        case "executing query:": return .executeQuery(try docString(step))
        case "executing control query:": return .executeControlQuery(try docString(step))
        case "the result should be empty":
            try noArgument(step)
            return .expectResult(.empty)
        case "the side effects should be:": return .expectSideEffects(try TCKSideEffects(table: try table(step).map(\.cells)))
        case "no side effects":
            try noArgument(step)
            return .expectSideEffects(.none)
        default: break
        }
        if let mode = resultModes[text] {
            return .expectResult(try result(try table(step), ordered: mode.ordered, ignoringListOrder: mode.ignoringListOrder))
        }
        if text.hasPrefix("executing query: ") {
            try noArgument(step)
            return .executeQuery(String(text.dropFirst("executing query: ".count)))
        }
        if text.hasPrefix("the "), text.hasSuffix(" graph") {
            try noArgument(step)
            let name = text.dropFirst(4).dropLast(6)
            guard !name.isEmpty, !name.contains(" ") else { throw TCKStepError("unknown step: \(text)") }
            return .namedGraph(String(name))
        }
        if text.hasPrefix("there exists a procedure "), text.hasSuffix(":") {
            let signature = String(text.dropFirst("there exists a procedure ".count).dropLast())
            return .procedure(try TCKProcedure(signature: signature, table: try table(step).map(\.cells)))
        }
        if let error = try expectedError(text) {
            try noArgument(step)
            return .expectError(error)
        }
        throw TCKStepError("unknown step: \(step.keyword) \(text)")
    }

    private static let resultModes: [String: (ordered: Bool, ignoringListOrder: Bool)] = [
        "the result should be, in any order:": (false, false),
        "the result should be:": (false, false),
        "the result should be, in order:": (true, false),
        "the result should be (ignoring element order for lists):": (false, true),
        "the result should be, in order (ignoring element order for lists):": (true, true),
    ]

    /// `a <Type> should be raised at <phase>: <Detail>`; nil when the sentence is something else.
    private static func expectedError(_ text: String) throws(TCKStepError) -> ExpectedError? {
        guard text.hasPrefix("a "), let raised = text.firstRange(of: " should be raised at ") else { return nil }
        let typeName = String(text[text.index(text.startIndex, offsetBy: 2)..<raised.lowerBound])
        let rest = text[raised.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { throw TCKStepError("error step without detail: \(text)") }
        guard let type = TCKErrorType(rawValue: typeName) else { throw TCKStepError("unknown error type \(typeName)") }
        let phaseName = String(rest[..<colon])
        guard let phase = TCKErrorPhase(rawValue: phaseName) else { throw TCKStepError("unknown error phase \(phaseName)") }
        let detail = rest[rest.index(after: colon)...].trimmingBlanks()
        guard !detail.isEmpty else { throw TCKStepError("error step without detail: \(text)") }
        return ExpectedError(type: type, phase: phase, detail: detail)
    }

    // MARK: Arguments

    private static func docString(_ step: GherkinStep) throws(TCKStepError) -> String {
        guard let text = step.docString, step.table == nil else { throw TCKStepError("\(step.text) needs a doc string") }
        return text
    }

    private static func table(_ step: GherkinStep) throws(TCKStepError) -> [GherkinRow] {
        guard let rows = step.table, step.docString == nil else { throw TCKStepError("\(step.text) needs a table") }
        return rows
    }

    private static func noArgument(_ step: GherkinStep) throws(TCKStepError) {
        guard step.table == nil, step.docString == nil else { throw TCKStepError("\(step.text) takes no argument") }
    }

    /// Two-column rows `| name | value |`, no header.
    private static func parameters(_ rows: [GherkinRow]) throws(TCKStepError) -> [String: TCKValue] {
        var result: [String: TCKValue] = [:]
        for row in rows {
            guard row.cells.count == 2 else { throw TCKStepError("parameter row needs 2 cells, line \(row.line)") }
            let value = try TCKStepError.value(row.cells[1])
            guard result.updateValue(value, forKey: row.cells[0]) == nil else {
                throw TCKStepError("parameter \(row.cells[0]) given twice")
            }
        }
        return result
    }

    /// Header row of column names, then one value per cell.
    private static func result(_ rows: [GherkinRow], ordered: Bool, ignoringListOrder: Bool) throws(TCKStepError) -> ExpectedResult {
        guard let header = rows.first else { throw TCKStepError("result table without header") }
        var values: [[TCKValue]] = []
        for row in rows.dropFirst() {
            var cells: [TCKValue] = []
            for cell in row.cells {
                do {
                    cells.append(try TCKStepError.value(cell))
                } catch {
                    throw TCKStepError("line \(row.line): \(error.message)")
                }
            }
            values.append(cells)
        }
        return ExpectedResult(columns: header.cells, rows: values, ordered: ordered, ignoringListOrder: ignoringListOrder)
    }
}
