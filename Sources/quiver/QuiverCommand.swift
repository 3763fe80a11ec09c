// The `quiver` executable's entry point: `quiver [flags]` runs the server (Memgraph-style flags,
// normalised by ServerFlags before ArgumentParser sees them), `quiver console` the Bolt console.
import ArgumentParser
import Foundation

@main
struct QuiverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiver",
        abstract: "Quiver: an in-memory property-graph database speaking Memgraph's openCypher over Bolt.",
        subcommands: [ServeCommand.self, ConsoleCommand.self],
        defaultSubcommand: ServeCommand.self)

    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first != "console" && arguments.first != "serve" && arguments.first != "help" {
            do {
                let normalised = try ServerFlags.normalise(arguments, environment: ProcessInfo.processInfo.environment)
                ServeCommand.ignoredFlags = normalised.ignored
                arguments = ["serve"] + normalised.arguments
            } catch {
                FileHandle.standardError.write(Data("quiver: \(error)\n".utf8))
                Foundation.exit(2)
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
