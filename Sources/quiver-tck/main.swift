// quiver-tck: runs openCypher TCK feature files against an in-process Quiver database and
// prints per-folder counts ending with `N passed, M failed`. `make test` runs it with the
// committed baseline (Tests/TCK/baseline.txt) and fails on a regression.
// Usage: quiver-tck <features> [--baseline file] [--update-baseline] [--filter text] [--failures]

import Foundation
import QuiverTCK

var database = EngineTCKDatabase()
switch TCKRunConfiguration.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let configuration):
    exit(TCKCommand.run(configuration, on: &database))
case .failure(let usage):
    print(usage)
    exit(2)
}
