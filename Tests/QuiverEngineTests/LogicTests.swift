// Logic tests as data: every `Logic/*.test` file is a script of statements and queries run
// through one Database, with expected rows (in order or as a multiset), expected errors (by
// openCypher detail or code) and several sessions. Format:
//
//   # comment
//   session <name>                 switch to (or open) a named session; "default" at start
//   statement ok                   the next line(s) up to a blank line run and must succeed
//   statement error <detail|code>  … must fail with that detail (or QuiverError code)
//   query ordered|unordered        … then `----`, then one expected row per line, cells
//                                  rendered by `LogicTests.render` and joined by " | "
//
// Every script runs twice: in memory and on disk (ON_DISK_TRANSACTIONAL, a private RocksDB
// store), except scripts whose first line is `# memory-only: <why>`.

import Foundation
import QuiverCore
import QuiverEngine
import Testing

@Suite struct LogicTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Logic")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".test") }.sorted()
    }

    @Test(arguments: LogicTests.files) func script(_ name: String) throws {
        try run(name, onDisk: false)
    }

    @Test(arguments: LogicTests.files) func scriptOnDisk(_ name: String) throws {
        try run(name, onDisk: true)
    }

    private func run(_ name: String, onDisk: Bool) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        if onDisk && text.hasPrefix("# memory-only") { return }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let database = Database()
        if onDisk { try database.enableDiskMode() }
        var sessions = ["default": database.session()]
        var current = "default"
        var index = 0
        var checked = 0
        func isBlank(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).isEmpty }
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let words = trimmed.split(separator: " ").map(String.init)
            if words[0] == "session" {
                current = words[1]
                if sessions[current] == nil { sessions[current] = database.session() }
                continue
            }
            var body: [String] = []
            while index < lines.count, !isBlank(lines[index]), lines[index] != "----" {
                body.append(lines[index])
                index += 1
            }
            var expected: [String] = []
            if index < lines.count, lines[index] == "----" {
                index += 1
                while index < lines.count, !isBlank(lines[index]) {
                    expected.append(lines[index].trimmingCharacters(in: .whitespaces))
                    index += 1
                }
            }
            try check(words, body.joined(separator: "\n"), expected, sessions[current]!, onDisk ? "\(name) (on disk)" : name)
            checked += 1
        }
        #expect(checked > 0, "\(name) checks nothing")
    }

    private func check(_ words: [String], _ query: String, _ expected: [String], _ session: Session,
                       _ name: String) throws {
        let location = "\(name): \(query)"
        let result: Result<[[Value]], QuiverError>
        do {
            result = .success(try session.run(query).all())
        } catch {
            result = .failure(error)
        }
        switch (words[0], words.count > 1 ? words[1] : "", result) {
        case ("statement", "ok", .failure(let error)):
            Issue.record("\(location) failed: \(error)")
        case ("statement", "ok", .success):
            break
        case ("statement", "error", .success):
            Issue.record("\(location) succeeded, expected \(words[2])")
        case ("statement", "error", .failure(let error)):
            #expect(error.detail == words[2] || error.code.rawValue == words[2],
                    "\(location): \(error.detail ?? "-") \(error.message)")
        case ("query", _, .failure(let error)):
            Issue.record("\(location) failed: \(error)")
        case ("query", let order, .success(let rows)):
            let rendered = rows.map { $0.map(Self.render).joined(separator: " | ") }
            if order == "ordered" {
                #expect(rendered == expected, "\(location)")
            } else {
                #expect(rendered.sorted() == expected.sorted(), "\(location)")
            }
        default:
            Issue.record("\(name): unknown directive \(words.joined(separator: " "))")
        }
    }

    /// A compact rendering: null, true, 1, 1.5, 'text', [a, b], {k: v}, node(<labels>), rel(<type>).
    static func render(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return "\(flag)"
        case .int(let number): return "\(number)"
        case .float(let number): return "\(number)"
        case .string(let text): return "'\(text)'"
        case .list(let elements): return "[" + elements.map(render).joined(separator: ", ") + "]"
        case .map(let entries):
            return "{" + entries.keys.sorted().map { "\($0): \(render(entries[$0]!))" }.joined(separator: ", ") + "}"
        case .node: return "node"
        case .relationship: return "relationship"
        case .path(let path): return "path(\(path.relationships.count))"
        default: return "\(value)"
        }
    }
}
