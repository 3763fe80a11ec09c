// ConsoleCommand: `quiver console`, like mgconsole: connects over Bolt (host, port, user,
// password, TLS); on a terminal it reads statements interactively (multi-line until `;`,
// history); otherwise, or with --file, it runs a .cypherl script with a progress line on stderr,
// a summary, and a non-zero exit status when a statement fails.
import ArgumentParser
import Foundation
import QuiverBolt
import QuiverServer

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "An interactive Bolt console (like mgconsole); also runs .cypherl files.")

    @Option(help: "Server host.") var host = "127.0.0.1"
    @Option(help: "Server port.") var port = 7687
    @Option(help: "User name (none: no authentication).") var username: String?
    @Option(help: "Password.") var password: String?
    @Flag(name: [.customLong("use-ssl"), .customLong("use-tls")], help: "Connect with TLS.") var useSSL = false
    @Option(name: .customLong("output-format"), help: "table or csv.") var outputFormat = "table"
    @Option(help: "A .cypherl file to run instead of reading standard input.") var file: String?
    @Flag(name: .customLong("continue-on-error"), help: "In a script, go on after a failing statement.")
    var continueOnError = false
    @Flag(name: .customLong("no-history"), help: "Do not read or write ~/.quiver_history.") var noHistory = false

    func run() async throws {
        let format: ConsoleFormat.Output
        switch outputFormat.lowercased() {
        case "table", "tabular": format = .table
        case "csv": format = .csv
        default: throw ValidationError("--output-format must be table or csv")
        }
        let interactive = file == nil && isatty(STDIN_FILENO) != 0
        let script: String?
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ValidationError("cannot read \(file)") }
            script = text
        } else {
            script = interactive ? nil : String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let failed: Bool
        do {
            failed = try await BoltClient.withConnection(host: host, port: port, user: username, password: password, useTLS: useSSL) { client in
                if let script { return try await runScript(script, client: client, format: format) }
                try await runInteractive(client: client, format: format)
                return false
            }
        } catch let error as BoltClientError {
            FileHandle.standardError.write(Data("quiver console: \(error.message) (\(error.code))\n".utf8))
            throw ExitCode(1)
        } catch where !(error is ExitCode) {
            FileHandle.standardError.write(Data("quiver console: cannot connect to \(host):\(port): \(error)\n".utf8))
            throw ExitCode(1)
        }
        if failed { throw ExitCode(1) }
    }

    // MARK: Script mode

    /// Runs every statement; returns whether one failed.
    private func runScript(_ text: String, client: BoltClient, format: ConsoleFormat.Output) async throws -> Bool {
        var splitter = StatementSplitter()
        var statements = splitter.feed(text)
        if let last = splitter.finish() { statements.append(last) }
        let progress = ProgressLine(total: statements.count, enabled: isatty(STDERR_FILENO) != 0)
        let started = Date()
        var errors = 0, rows = 0
        for (index, statement) in statements.enumerated() {
            do {
                let result = try await client.run(statement)
                rows += result.rows.count
                if !result.fields.isEmpty {
                    progress.clear()
                    emit(result, format: format, header: true)
                }
            } catch let error as BoltClientError {
                errors += 1
                progress.clear()
                let preview = statement.count > 80 ? String(statement.prefix(77)) + "..." : statement
                FileHandle.standardError.write(Data("Failed statement \(index + 1): \(preview)\n  \(error.message)\n".utf8))
                if !continueOnError {
                    summarise(done: index + 1, of: statements.count, errors: errors, rows: rows, since: started)
                    return true
                }
            }
            progress.update(index + 1)
        }
        progress.clear()
        summarise(done: statements.count, of: statements.count, errors: errors, rows: rows, since: started)
        return errors > 0
    }

    private func summarise(done: Int, of total: Int, errors: Int, rows: Int, since started: Date) {
        let seconds = Date().timeIntervalSince(started)
        let text = "Executed \(done) of \(total) statements, \(errors) error\(errors == 1 ? "" : "s"), \(rows) rows returned "
            + "in \(String(format3: seconds)) sec\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    private func emit(_ result: BoltClient.Result, format: ConsoleFormat.Output, header: Bool) {
        let text = format == .csv ? ConsoleFormat.csv(fields: result.fields, rows: result.rows, header: header)
            : ConsoleFormat.table(fields: result.fields, rows: result.rows)
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    // MARK: Interactive mode

    private func runInteractive(client: BoltClient, format: ConsoleFormat.Output) async throws {
        let historyFile = noHistory ? nil : (ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.quiver_history" })
        let editor = ConsoleLineEditor(historyFile: historyFile)
        print("quiver console, connected to \(host):\(port) (Bolt \(client.version), \(client.serverAgent))")
        print("Type :help for help. Statements end with ';'.")
        var splitter = StatementSplitter()
        while true {
            let prompt = splitter.hasPartialStatement ? "      -> " : "quiver> "
            switch editor.readLine(prompt: prompt) {
            case .endOfInput:
                return
            case .interrupted:
                splitter.clear()
            case .line(let line):
                let trimmed = line.trimmingWhitespace
                if !splitter.hasPartialStatement, trimmed.hasPrefix(":") {
                    if trimmed == ":quit" || trimmed == ":exit" { return }
                    print("Commands: :help, :quit. Enter Cypher statements ending with ';' (they may span lines).")
                    continue
                }
                for statement in splitter.feed(line + "\n") {
                    editor.remember(statement + ";")
                    await runInteractively(statement, client: client, format: format)
                }
            }
        }
    }

    private func runInteractively(_ statement: String, client: BoltClient, format: ConsoleFormat.Output) async {
        let started = Date()
        do {
            let result = try await client.run(statement)
            emit(result, format: format, header: true)
            let stats = result.summary["stats"]?.mapValue
            print(ConsoleFormat.summary(rows: result.rows.count, fields: result.fields.count,
                                        seconds: Date().timeIntervalSince(started), stats: stats))
        } catch let error as BoltClientError {
            print("Client received query exception: \(error.message)")
        } catch {
            print("Error: \(error)")
        }
    }
}

/// The `[=====     ] 120/300` line on stderr while a script runs (only on a terminal).
final class ProgressLine {
    private let total: Int
    private let enabled: Bool
    private var lastDrawn = Date.distantPast

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled, done == total || Date().timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = Date()
        let width = 40, filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
