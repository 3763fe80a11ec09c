// NamedGraphs: the upstream named graphs (`tck/graphs/<name>/`) as lists of Cypher statements
// for `Given the <name> graph` — the scripts a graph's `<name>.json` lists (or `<name>.cypher`),
// split into statements at top-level semicolons.
import Foundation

public struct NamedGraphs: Sendable, Equatable {
    /// Graph name → statements to run on an empty database, in order.
    public var statements: [String: [String]]

    public init(statements: [String: [String]] = [:]) {
        self.statements = statements
    }

    /// Reads every subfolder of `directory` (e.g. `tck/graphs`); a missing folder gives no graphs.
    public static func load(from directory: URL) throws -> NamedGraphs {
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory.path) else { return NamedGraphs() }
        var statements: [String: [String]] = [:]
        for name in try manager.contentsOfDirectory(atPath: directory.path).sorted() {
            let folder = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            var graph: [String] = []
            for script in try scriptNames(in: folder, graph: name) {
                let text = try String(contentsOf: folder.appendingPathComponent(script + ".cypher"), encoding: .utf8)
                graph += split(text)
            }
            statements[name] = graph
        }
        return NamedGraphs(statements: statements)
    }

    /// The `scripts` of `<name>.json`, or just `<name>` when there is no metadata file.
    private static func scriptNames(in folder: URL, graph name: String) throws -> [String] {
        let metadata = folder.appendingPathComponent(name + ".json")
        guard FileManager.default.fileExists(atPath: metadata.path) else { return [name] }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: metadata))
        guard let scripts = (object as? [String: Any])?["scripts"] as? [String] else { return [name] }
        return scripts
    }

    /// Statements separated by `;` outside string literals and backticked names; blank
    /// statements are dropped.
    public static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in script {
            current.append(character)
            if let open = quote {
                if escaped { escaped = false } else if character == "\\" && open != "`" { escaped = true } else if character == open { quote = nil }
            } else if character == "'" || character == "\"" || character == "`" {
                quote = character
            } else if character == ";" {
                current.removeLast()
                statements.append(current)
                current = ""
            }
        }
        statements.append(current)
        return statements.map { $0.trimmingBlankLines() }.filter { !$0.isEmpty }
    }
}

extension String {
    /// Trims whitespace and newlines at both ends.
    fileprivate func trimmingBlankLines() -> String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
