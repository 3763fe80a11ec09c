// Test fixtures: where the shared TCK copy lives (`<repo>/../shared/tck`, nil when absent so
// corpus tests are skipped) and the expected counts read from its INVENTORY.md.
import Foundation

enum TCKFixtures {
    /// `<repo>/../shared/tck`: the repository root is three levels above this file.
    static let tckRoot: URL? = {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let tck = repository.deletingLastPathComponent().appendingPathComponent("shared/tck")
        var isDirectory: ObjCBool = false
        let features = tck.appendingPathComponent("features").path
        guard FileManager.default.fileExists(atPath: features, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return tck
    }()

    static var featuresRoot: URL? { tckRoot?.appendingPathComponent("features") }
    static var graphsRoot: URL? { tckRoot?.appendingPathComponent("graphs") }
    static var isAvailable: Bool { tckRoot != nil }

    /// INVENTORY.md's tables: `| clauses/match/ | files | Scenario | Outline | Examples rows | Expanded | ...`.
    /// Returns folder (without trailing slash) → (feature files, expanded tests), and the `all` row.
    static func inventory() throws -> (folders: [String: (files: Int, tests: Int)], totalFiles: Int, totalTests: Int) {
        let text = try String(contentsOf: tckRoot!.appendingPathComponent("INVENTORY.md"), encoding: .utf8)
        var folders: [String: (files: Int, tests: Int)] = [:]
        var total: (Int, Int)?
        for line in text.split(separator: "\n") where line.hasPrefix("|") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 6, let files = Int(cells[1]), let tests = Int(cells[5]) else { continue }
            let name = cells[0].replacingOccurrences(of: "*", with: "")
            if name == "all" {
                total = (files, tests)
            } else if !name.contains("total"), name.hasSuffix("/"), name.dropLast().contains("/") {
                folders[String(name.dropLast())] = (files, tests)
            }
        }
        guard let total else { throw CocoaError(.fileReadCorruptFile) }
        return (folders, total.0, total.1)
    }
}
