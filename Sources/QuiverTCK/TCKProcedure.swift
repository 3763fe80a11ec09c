// TCKProcedure: a fake procedure from `And there exists a procedure <signature>:` — the parsed
// signature (name, typed inputs and outputs) and its table of records, with the lookup an
// engine hook needs (which output records a call with given arguments emits).
import Foundation

public struct TCKProcedure: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        /// Type name as written, e.g. `INTEGER`, `NUMBER`, `STRING`.
        public var type: String
        public var nullable: Bool
    }

    /// Qualified name, e.g. `test.my.proc`.
    public var name: String
    /// The signature as written (trimmed).
    public var signature: String
    public var inputs: [Field]
    public var outputs: [Field]
    /// One entry per table row: input values then output values, in `inputs + outputs` order.
    public var records: [[TCKValue]]

    /// Parses `test.my.proc(in :: INTEGER?) :: (out :: STRING?)` and the table whose header
    /// lists the input names, then the output names.
    public init(signature: String, table: [[String]]) throws(TCKStepError) {
        let text = signature.trimmingBlanks()
        guard let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") else {
            throw TCKStepError("procedure signature without arguments: \(signature)")
        }
        self.signature = text
        self.name = String(text[..<open]).trimmingBlanks()
        self.inputs = try TCKProcedure.fields(String(text[text.index(after: open)..<close]))
        var rest = String(text[text.index(after: close)...]).trimmingBlanks()
        guard rest.hasPrefix("::") else { throw TCKStepError("procedure signature without outputs: \(signature)") }
        rest = String(rest.dropFirst(2)).trimmingBlanks()
        guard rest.hasPrefix("("), rest.hasSuffix(")") else { throw TCKStepError("bad procedure outputs: \(signature)") }
        self.outputs = try TCKProcedure.fields(String(rest.dropFirst().dropLast()))
        self.records = try TCKProcedure.records(table, columns: (inputs + outputs).map(\.name))
    }

    /// Output records (output values only) of a call with these arguments, in table order.
    public func outputs(for arguments: [TCKValue]) -> [[TCKValue]] {
        records.filter { Array($0.prefix(inputs.count)) == arguments }.map { Array($0.dropFirst(inputs.count)) }
    }

    private static func fields(_ list: String) throws(TCKStepError) -> [Field] {
        let trimmed = list.trimmingBlanks()
        if trimmed.isEmpty { return [] }
        var result: [Field] = []
        for part in trimmed.split(separator: ",") {
            let pieces = part.components(separatedBy: "::")
            guard pieces.count == 2 else { throw TCKStepError("bad procedure field: \(part)") }
            var type = pieces[1].trimmingBlanks()
            let nullable = type.hasSuffix("?")
            if nullable { type.removeLast() }
            result.append(Field(name: pieces[0].trimmingBlanks(), type: type, nullable: nullable))
        }
        return result
    }

    private static func records(_ table: [[String]], columns: [String]) throws(TCKStepError) -> [[TCKValue]] {
        guard let header = table.first else { throw TCKStepError("procedure table without header") }
        guard header == columns else {
            throw TCKStepError("procedure table header \(header) does not match signature \(columns)")
        }
        var records: [[TCKValue]] = []
        for row in table.dropFirst() {
            guard row.count == columns.count else { throw TCKStepError("procedure row has \(row.count) cells") }
            records.append(try row.map { cell throws(TCKStepError) in try TCKStepError.value(cell) })
        }
        return records
    }
}
