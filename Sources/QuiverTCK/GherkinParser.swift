// GherkinParser: turns the text of a `.feature` file into a GherkinDocument, line by line, as
// the TCK uses Gherkin (FORMAT.md "Gherkin layer"): comments, tags, Feature, Background,
// Scenario, Scenario Outline + Examples, steps with `"""` doc strings or `|` tables.

struct GherkinParseError: Error {
    var line: Int
    var message: String
}

struct GherkinParser {
    private let lines: [Substring]
    private var index = 0
    private var document = GherkinDocument()
    private var pendingTags: [String] = []
    private var block: Block = .none

    /// Where new steps and table rows go.
    private enum Block {
        case none, feature, background, scenario, examples
    }

    static func parse(_ text: String) throws(GherkinParseError) -> GherkinDocument {
        var parser = GherkinParser(lines: text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline))
        try parser.run()
        return parser.document
    }

    private init(lines: [Substring]) {
        self.lines = lines
    }

    private var lineNumber: Int { index + 1 }

    private mutating func run() throws(GherkinParseError) {
        while index < lines.count {
            let trimmed = lines[index].trimmingBlanks()
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                index += 1
            } else if trimmed.hasPrefix("@") {
                pendingTags += trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                index += 1
            } else if let (keyword, title) = GherkinParser.header(trimmed) {
                try open(keyword, title: title)
                index += 1
            } else if trimmed.hasPrefix("|") {
                try readExamplesTable()
            } else if let keyword = GherkinParser.stepKeyword(trimmed) {
                try readStep(keyword: keyword, text: String(trimmed.dropFirst(keyword.count)).trimmingBlanks())
            } else if block == .feature || (block == .scenario && currentScenarioIsEmpty) || block == .examples {
                index += 1 // free description text under a header
            } else {
                throw fail("unexpected line: \(trimmed)")
            }
        }
        guard block != .none else { throw GherkinParseError(line: 1, message: "no Feature: header") }
    }

    private var currentScenarioIsEmpty: Bool { document.scenarios.last?.steps.isEmpty ?? true }

    // MARK: Headers

    private static let headerKeywords = [
        "Feature", "Background", "Scenario Outline", "Scenario Template", "Scenario", "Example", "Examples", "Scenarios",
    ]

    private static func header(_ line: String) -> (String, String)? {
        for keyword in headerKeywords where line.hasPrefix(keyword + ":") {
            return (keyword, String(line.dropFirst(keyword.count + 1)).trimmingBlanks())
        }
        return nil
    }

    private mutating func open(_ keyword: String, title: String) throws(GherkinParseError) {
        let tags = pendingTags
        pendingTags = []
        switch keyword {
        case "Feature":
            guard block == .none else { throw fail("a second Feature:") }
            document.featureTags = tags
            document.featureName = title
            document.featureLine = lineNumber
            block = .feature
        case "Background":
            guard block == .feature, document.background.isEmpty else { throw fail("Background: must come before any scenario") }
            block = .background
        case "Examples", "Scenarios":
            guard block == .scenario || block == .examples, document.scenarios.last?.isOutline == true else {
                throw fail("Examples: outside a Scenario Outline")
            }
            document.scenarios[document.scenarios.count - 1].examples.append(GherkinExamples(tags: tags, line: lineNumber))
            block = .examples
        default:
            guard block != .none else { throw fail("scenario before Feature:") }
            let isOutline = keyword == "Scenario Outline" || keyword == "Scenario Template"
            document.scenarios.append(GherkinScenario(tags: tags, name: title, line: lineNumber, isOutline: isOutline))
            block = .scenario
        }
    }

    // MARK: Steps

    private static let stepKeywords = ["Given", "When", "Then", "And", "But", "*"]

    private static func stepKeyword(_ line: String) -> String? {
        stepKeywords.first { line.hasPrefix($0 + " ") }
    }

    private mutating func readStep(keyword: String, text: String) throws(GherkinParseError) {
        var step = GherkinStep(keyword: keyword, text: text, line: lineNumber)
        index += 1
        skipBlankAndComments()
        if index < lines.count {
            let next = lines[index].trimmingBlanks()
            if next.hasPrefix("\"\"\"") || next.hasPrefix("```") {
                step.docString = try readDocString()
            } else if next.hasPrefix("|") {
                step.table = try readTable()
            }
        }
        switch block {
        case .background: document.background.append(step)
        case .scenario: document.scenarios[document.scenarios.count - 1].steps.append(step)
        default: throw GherkinParseError(line: step.line, message: "step outside a scenario or background")
        }
    }

    private mutating func skipBlankAndComments() {
        while index < lines.count {
            let trimmed = lines[index].trimmingBlanks()
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else { return }
            index += 1
        }
    }

    /// Lines between an opening and a closing delimiter line. The opening line's indentation is
    /// removed from every content line (as far as each line has leading blanks).
    private mutating func readDocString() throws(GherkinParseError) -> String {
        let opening = lines[index]
        let indent = opening.prefix { $0 == " " || $0 == "\t" }.count
        let delimiter = opening.trimmingBlanks().hasPrefix("```") ? "```" : "\"\"\""
        let openingLine = lineNumber
        index += 1
        var content: [String] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.trimmingBlanks() == delimiter { return content.joined(separator: "\n") }
            var body = Substring(line)
            var removed = 0
            while removed < indent, let first = body.first, first == " " || first == "\t" {
                body = body.dropFirst()
                removed += 1
            }
            if body.last == "\r" { body = body.dropLast() }
            content.append(delimiter == "\"\"\"" ? GherkinParser.unescapeDocString(body) : String(body))
        }
        throw GherkinParseError(line: openingLine, message: "unterminated doc string")
    }

    /// `\"\"\"` inside a `"""` doc string stands for `"""`.
    private static func unescapeDocString(_ line: Substring) -> String {
        line.contains("\\\"\\\"\\\"") ? line.replacingAll("\\\"\\\"\\\"", with: "\"\"\"") : String(line)
    }

    // MARK: Tables

    /// Consecutive `|` rows (comments may sit between them); all rows need the same width.
    private mutating func readTable() throws(GherkinParseError) -> [GherkinRow] {
        var rows: [GherkinRow] = []
        while index < lines.count {
            let trimmed = lines[index].trimmingBlanks()
            if trimmed.hasPrefix("#") {
                index += 1
                continue
            }
            guard trimmed.hasPrefix("|") else { break }
            let row = GherkinRow(line: lineNumber, cells: GherkinParser.cells(of: trimmed))
            if let width = rows.first?.cells.count, width != row.cells.count {
                throw fail("table row has \(row.cells.count) cells, the header has \(width)")
            }
            rows.append(row)
            index += 1
        }
        return rows
    }

    private mutating func readExamplesTable() throws(GherkinParseError) {
        guard block == .examples, let last = document.scenarios.indices.last,
              let examples = document.scenarios[last].examples.indices.last,
              document.scenarios[last].examples[examples].table.isEmpty else {
            throw fail("table without a step or Examples:")
        }
        document.scenarios[last].examples[examples].table = try readTable()
    }

    /// Cells of one row: split on unescaped `|`, trim, then `\|` → `|`, `\\` → `\`, `\n` →
    /// newline; any other backslash stays. A bare `|` is a row of zero cells.
    static func cells(of line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var characters = line.dropFirst().makeIterator() // the leading `|`
        while let character = characters.next() {
            switch character {
            case "|":
                cells.append(current.trimmingBlanks())
                current = ""
            case "\\":
                switch characters.next() {
                case "|"?: current.append("|")
                case "\\"?: current.append("\\")
                case "n"?: current.append("\n")
                case let other?: current.append("\\"); current.append(other)
                case nil: current.append("\\")
                }
            default:
                current.append(character)
            }
        }
        return cells // text after the last `|` is not a cell
    }

    private func fail(_ message: String) -> GherkinParseError {
        GherkinParseError(line: lineNumber, message: message)
    }
}

extension StringProtocol {
    /// Every occurrence of `target` replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
