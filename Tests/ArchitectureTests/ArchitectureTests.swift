// Architecture tidy checks: each module imports only what docs/architecture.md allows (imports
// point down), Core and Storage stay free of Foundation, and no source file or function grows
// past the size where it stops being readable.
import Foundation
import Testing

private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Project modules each module may import (docs/architecture.md, "Dependency direction").
private let allowedProjectImports: [String: Set<String>] = [
    "QuiverCore": [],
    "QuiverStorage": ["QuiverCore", "CMalloc", "CPrefetch"],
    "QuiverDurability": ["QuiverCore", "QuiverStorage"],
    "QuiverDisk": ["QuiverCore", "QuiverStorage", "CRocksDB"],
    "QuiverCypher": ["QuiverCore", "QuiverStorage"],
    "QuiverProcedures": ["QuiverCore", "QuiverCypher"],
    "QuiverEngine": ["QuiverCore", "QuiverStorage", "QuiverDurability", "QuiverDisk", "QuiverCypher", "QuiverProcedures", "CMalloc"],
    "QuiverBolt": ["QuiverCore"],
    "QuiverServer": ["QuiverBolt", "QuiverEngine", "QuiverCore"],
    "quiver": ["QuiverServer", "QuiverBolt", "QuiverEngine", "QuiverCore"],
    "QuiverTCK": ["QuiverCore"],
    "quiver-tck": ["QuiverEngine", "QuiverTCK", "QuiverCypher", "QuiverStorage", "QuiverCore"],
]
private let projectModules: Set<String> = Set(allowedProjectImports.keys).union(["CMalloc", "CPrefetch", "CRocksDB"])
/// SwiftNIO modules each module may import (only the network layers touch NIO).
private let allowedNIOImports: [String: Set<String>] = [
    "QuiverBolt": ["NIOCore", "NIOPosix", "NIOSSL"],
    "QuiverServer": ["NIOCore", "NIOPosix", "NIOSSL"],
]
/// Modules that must not pull in Foundation (hot paths, small dependency surface).
private let foundationFree: Set<String> = ["QuiverCore", "QuiverStorage", "QuiverDurability", "QuiverDisk", "QuiverCypher", "QuiverEngine"]

private func swiftFiles(under directory: URL) -> [URL] {
    guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
    return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
}

private func imports(of file: URL) -> [String] {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let words = trimmed.split(separator: " ")
        guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
              words[..<index].allSatisfy({ $0.hasPrefix("@") }) else { return nil }
        return String(words[index + 1])
    }
}

@Suite struct ArchitectureTests {
    @Test func importsPointDown() throws {
        let sources = repositoryRoot.appendingPathComponent("Sources")
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path)
        #expect(modules.contains("QuiverStorage"), "sources not found at \(sources.path)")
        for module in modules {
            guard let allowed = allowedProjectImports[module] else { continue }
            for file in swiftFiles(under: sources.appendingPathComponent(module)) {
                for imported in imports(of: file) {
                    if projectModules.contains(imported) {
                        #expect(allowed.contains(imported), "\(module)/\(file.lastPathComponent) imports \(imported)")
                    }
                    if imported.hasPrefix("NIO") {
                        #expect(allowedNIOImports[module]?.contains(imported) == true, "\(module)/\(file.lastPathComponent) imports \(imported)")
                    }
                    if foundationFree.contains(module) {
                        #expect(imported != "Foundation" && imported != "FoundationEssentials",
                                "\(module)/\(file.lastPathComponent) imports Foundation")
                    }
                }
            }
        }
    }

    @Test func filesAndFunctionsStayReadable() throws {
        for directory in ["Sources", "Benchmarks"] {
            for file in swiftFiles(under: repositoryRoot.appendingPathComponent(directory)) {
                let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count <= 1000, "\(file.lastPathComponent) has \(lines.count) lines")
                #expect(lines.first?.hasPrefix("//") == true, "\(file.lastPathComponent) must open with a header comment")
                for (name, length) in functionLengths(lines) {
                    #expect(length <= 120, "\(file.lastPathComponent): \(name) is \(length) lines long")
                }
            }
        }
    }

    /// Lengths of `func` bodies by brace matching (good enough for this codebase's style).
    private func functionLengths(_ lines: [Substring]) -> [(String, Int)] {
        var results: [(String, Int)] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if let range = line.range(of: "func "), !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let name = String(line[range.upperBound...].prefix { $0 != "(" && $0 != "<" })
                var depth = 0, started = false, end = index
                scan: for lineIndex in index..<lines.count {
                    for character in lines[lineIndex] {
                        if character == "{" { depth += 1; started = true }
                        if character == "}" { depth -= 1 }
                        if started && depth == 0 { end = lineIndex; break scan }
                    }
                    end = lineIndex
                }
                if started { results.append((name, end - index + 1)) }
            }
            index += 1
        }
        return results
    }
}
