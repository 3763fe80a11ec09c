// ChildScenario: runs one benchmark scenario as a child `quiver-bench` process (so resident
// memory figures never mix), echoes its output and returns its `key=value` lines.
import ArgumentParser
import Foundation

enum ChildScenario {
    static func run(_ executable: String, _ arguments: [String]) throws -> [String: String] {
        print("$ quiver-bench \(arguments.joined(separator: " "))")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        guard process.terminationStatus == 0 else {
            throw ValidationError("scenario failed with status \(process.terminationStatus)")
        }
        var results: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { results[String(parts[0]).trimmingCharacters(in: .whitespaces)] = String(parts[1]).trimmingCharacters(in: .whitespaces) }
        }
        return results
    }
}
