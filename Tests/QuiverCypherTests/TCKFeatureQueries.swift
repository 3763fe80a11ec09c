// Reads the queries out of the openCypher TCK's .feature files: every `When executing query:`
// doc string (outlines expanded per Examples row), every setup query (`having executed:`)
// and control query, each tagged with whether its scenario expects a SyntaxError.
import Foundation

struct TCKQuery {
    enum Role { case main, setup, control }
    var file: String
    var scenario: String
    var role: Role
    var text: String
    var expectsSyntaxError: Bool
    /// The detail after "SyntaxError should be raised at compile time: ", when expected.
    var syntaxErrorDetail: String?
}

enum TCKFeatureQueries {
    /// `../shared/tck/features` next to the repository, or nil when it is not checked out.
    static var featuresDirectory: URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/tck/features")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
    }

    static func all(in directory: URL) throws -> [TCKQuery] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var queries: [TCKQuery] = []
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "feature" }
            .sorted { $0.path < $1.path }
        for file in files {
            let relative = String(file.path.dropFirst(directory.path.count + 1))
            queries += parse(try String(contentsOf: file, encoding: .utf8), file: relative)
        }
        return queries
    }

    private struct Scenario {
        var name = ""
        var queries: [(TCKQuery.Role, String)] = []
        var expectsSyntaxError = false
        var syntaxErrorDetail: String?
        var examples: [[String: String]] = []
        var isOutline = false
    }

    static func parse(_ text: String, file: String) -> [TCKQuery] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var result: [TCKQuery] = []
        var scenario: Scenario?
        var pendingRole: TCKQuery.Role?
        var index = 0
        var exampleHeader: [String]?

        func flush() {
            guard let finished = scenario else { return }
            let rows = finished.isOutline ? finished.examples : [[:]]
            for row in rows {
                for (role, query) in finished.queries {
                    var expanded = query
                    for (key, value) in row { expanded = expanded.replacingOccurrences(of: "<\(key)>", with: value) }
                    result.append(TCKQuery(file: file, scenario: finished.name, role: role, text: expanded,
                                           expectsSyntaxError: finished.expectsSyntaxError,
                                           syntaxErrorDetail: finished.syntaxErrorDetail))
                }
            }
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("Scenario:") || trimmed.hasPrefix("Scenario Outline:") || trimmed.hasPrefix("Background:") {
                flush()
                scenario = Scenario(name: trimmed, isOutline: trimmed.hasPrefix("Scenario Outline:"))
                exampleHeader = nil
                continue
            }
            if trimmed.hasPrefix("When executing query:") { pendingRole = .main }
            if trimmed.hasPrefix("When executing control query:") { pendingRole = .control }
            if trimmed.hasPrefix("And having executed:") || trimmed.hasPrefix("Given having executed:") { pendingRole = .setup }
            if trimmed.hasPrefix("Then a SyntaxError should be raised") {
                scenario?.expectsSyntaxError = true
                scenario?.syntaxErrorDetail = trimmed.components(separatedBy: ": ").last
            }
            if trimmed.hasPrefix("Examples:") {
                exampleHeader = []
                continue
            }
            if trimmed == "\"\"\"", let role = pendingRole {
                let indent = line.prefix { $0 == " " }.count
                var body: [String] = []
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "\"\"\"" {
                    body.append(String(lines[index].dropFirst(min(indent, lines[index].prefix { $0 == " " }.count))))
                    index += 1
                }
                index += 1
                scenario?.queries.append((role, body.joined(separator: "\n")))
                pendingRole = nil
                continue
            }
            if trimmed.hasPrefix("|"), let header = exampleHeader {
                let cells = tableCells(trimmed)
                if header.isEmpty {
                    exampleHeader = cells
                } else {
                    scenario?.examples.append(Dictionary(zip(header, cells), uniquingKeysWith: { first, _ in first }))
                }
            }
        }
        flush()
        return result
    }

    /// Splits a Gherkin table row on unescaped `|`, trims, and unescapes `\|`, `\\`, `\n`.
    static func tableCells(_ row: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var characters = Array(row.dropFirst())
        var offset = 0
        while offset < characters.count {
            let character = characters[offset]
            if character == "\\" && offset + 1 < characters.count {
                let next = characters[offset + 1]
                switch next {
                case "|": cell.append("|")
                case "\\": cell.append("\\")
                case "n": cell.append("\n")
                default: cell.append("\\"); cell.append(next)
                }
                offset += 2
                continue
            }
            if character == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
            offset += 1
        }
        characters.removeAll()
        return cells
    }
}
