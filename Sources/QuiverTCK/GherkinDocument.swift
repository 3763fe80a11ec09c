// GherkinDocument: the Gherkin layer of a feature file before any TCK meaning is given to it —
// feature, background, scenarios and outlines with their tags, steps, doc strings, tables and
// Examples. GherkinParser.swift builds it; FeatureReader.swift expands and classifies it.

struct GherkinDocument {
    var featureTags: [String] = []
    var featureName = ""
    var featureLine = 0
    var background: [GherkinStep] = []
    var scenarios: [GherkinScenario] = []
}

struct GherkinScenario {
    var tags: [String]
    var name: String
    var line: Int
    var isOutline: Bool
    var steps: [GherkinStep] = []
    var examples: [GherkinExamples] = []
}

struct GherkinExamples {
    var tags: [String]
    var line: Int
    /// First row is the header; nil until the table starts.
    var table: [GherkinRow] = []
}

struct GherkinRow {
    var line: Int
    var cells: [String]
}

struct GherkinStep {
    /// `Given`, `When`, `Then`, `And`, `But` or `*`.
    var keyword: String
    var text: String
    var line: Int
    var docString: String?
    var table: [GherkinRow]?

    /// The step with `<name>` placeholders replaced in its text, doc string and table cells.
    func substituting(_ values: [String: String]) -> GherkinStep {
        var copy = self
        copy.text = Placeholders.substitute(text, values)
        copy.docString = docString.map { Placeholders.substitute($0, values) }
        copy.table = table?.map { GherkinRow(line: $0.line, cells: $0.cells.map { Placeholders.substitute($0, values) }) }
        return copy
    }
}

/// Outline placeholder substitution: `<name>` is replaced by the Examples cell of column `name`,
/// in one pass (a pasted value is never substituted again); unknown `<...>` stays as written.
enum Placeholders {
    static func substitute(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("<") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: ">"),
               let value = values[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("<")
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }
}

extension StringProtocol {
    /// Drops leading and trailing spaces, tabs and carriage returns.
    func trimmingBlanks() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }) else { return "" }
        let last = lastIndex(where: { !blank($0) })!
        return String(self[first...last])
    }
}
