// StatementSplitter: cuts console input into statements at `;` outside string literals,
// backquoted names and comments (`//` to end of line, `/* … */`). Fed line by line, so the
// interactive console knows when a multi-line statement is complete. Pure.

struct StatementSplitter {
    private enum Mode { case code, single, double, backtick, lineComment, blockComment }

    private var mode = Mode.code
    private var current = ""
    private var escaped = false

    /// True while a statement has started but has no `;` yet.
    var hasPartialStatement: Bool { !current.trimmingWhitespace.isEmpty }

    /// Adds text (usually one line with its newline); returns the statements it completed,
    /// without their `;`, trimmed, empty ones dropped.
    mutating func feed(_ text: String) -> [String] {
        var completed: [String] = []
        var previous: Character = "\0"
        for character in text {
            switch mode {
            case .code:
                if character == ";" {
                    let statement = current.trimmingWhitespace
                    if !statement.isEmpty { completed.append(statement) }
                    current = ""
                    previous = "\0"
                    continue
                }
                if character == "'" { mode = .single }
                if character == "\"" { mode = .double }
                if character == "`" { mode = .backtick }
                if previous == "/" && character == "/" { mode = .lineComment }
                if previous == "/" && character == "*" { mode = .blockComment }
            case .single, .double:
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == (mode == .single ? "'" : "\"") {
                    mode = .code
                }
            case .backtick:
                if character == "`" { mode = .code }
            case .lineComment:
                if character == "\n" { mode = .code }
            case .blockComment:
                if previous == "*" && character == "/" {
                    mode = .code
                    current.append(character)
                    previous = "\0"
                    continue
                }
            }
            current.append(character)
            previous = character
        }
        return completed
    }

    /// Whatever is left at the end of input (a last statement without `;`).
    mutating func finish() -> String? {
        let rest = current.trimmingWhitespace
        current = ""
        mode = .code
        return rest.isEmpty || rest.isOnlyComments ? nil : rest
    }

    mutating func clear() {
        current = ""
        mode = .code
        escaped = false
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// True for text made only of `//` comment lines.
    var isOnlyComments: Bool {
        split(whereSeparator: \.isNewline).allSatisfy { $0.trimmingWhitespace.isEmpty || $0.trimmingWhitespace.hasPrefix("//") }
    }
}

extension Substring {
    var trimmingWhitespace: String { String(self).trimmingWhitespace }
}
