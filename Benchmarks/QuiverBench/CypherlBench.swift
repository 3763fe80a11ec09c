// quiver-bench import --cypherl: the console import path. Writes the graph as a .cypherl script
// (the index, one CREATE per vertex, one MATCH … CREATE per edge), starts a release `quiver`
// server on a fresh data directory with the WAL off (the import measures Bolt and the engine,
// not fsync), times `quiver console --file` over Bolt, checks the counts through a second
// console call, and prints statements per second.
import Foundation

struct CypherlBench {
    let graph: PokecGraph
    let directory: String
    let quiver: String?
    let port: Int

    func run() throws {
        let executable = quiver ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("quiver").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ImportBenchError("no quiver executable at \(executable) (swift build -c release --product quiver)")
        }
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = directory + "/graph.cypherl"
        let statements = try writeCypherl(graph, to: script)
        print("wrote \(statements) statements (\(graph.vertexCount) users, \(graph.edgeCount) friendships) to \(script)")

        let server = Process()
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = ["--bolt-address=127.0.0.1", "--bolt-port=\(port)", "--data-directory=\(directory)/data",
                            "--storage-wal-enabled=false", "--storage-snapshot-on-exit=false", "--log-level=WARNING"]
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        try waitForPort()

        let start = now()
        let status = try console(executable, ["--file", script])
        let seconds = now() - start
        guard status.code == 0 else { throw ImportBenchError("quiver console failed: \(status.stderr)") }
        let counts = try console(executable, ["--output-format", "csv"],
                                 input: "MATCH (n) RETURN count(n); MATCH ()-[r]->() RETURN count(r);")
        let numbers = counts.stdout.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .init(charactersIn: "\""))) }
        guard numbers == [graph.vertexCount, graph.edgeCount] else {
            throw ImportBenchError("counts after the import: \(counts.stdout)")
        }
        print("server=quiver (release), --storage-wal-enabled=false")
        print("statements=\(statements)")
        print("vertices=\(graph.vertexCount)")
        print("edges=\(graph.edgeCount)")
        print("console_seconds=\(String(format: "%.3f", seconds))")
        print("statements_per_second=\(String(format: "%.0f", Double(statements) / seconds))")
        print("console_summary=\(status.stderr.split(separator: "\n").last ?? "")")
    }

    /// Polls the Bolt port until the server accepts connections (10 s at most).
    private func waitForPort() throws {
        for _ in 0..<200 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return }
            usleep(50_000)
        }
        throw ImportBenchError("the server did not open port \(port)")
    }

    private func console(_ executable: String, _ arguments: [String], input: String? = nil) throws
        -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["console", "--host", "127.0.0.1", "--port", "\(port)"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let errorData = UnsafeSendable(errors.fileHandleForReading)
        var stderrText = ""
        let group = DispatchGroup()
        let box = ErrorBox()
        group.enter()
        Thread {
            box.data = errorData.value.readDataToEndOfFile()
            group.leave()
        }.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        stderrText = String(decoding: box.data, as: UTF8.self)
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), stderrText)
    }
}

private final class ErrorBox: @unchecked Sendable {
    var data = Data()
}
