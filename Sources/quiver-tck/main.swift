// quiver-tck: runs openCypher TCK feature files against an in-process Quiver database and
// prints per-folder counts ending with `N passed, M failed`. `make test` runs it with the
// committed baseline (Tests/TCK/baseline.txt) and fails on a regression.
// Usage: quiver-tck <features> [--baseline file] [--update-baseline] [--filter text] [--failures]
//        [--on-disk]   (every test case on a fresh ON_DISK_TRANSACTIONAL database)

import Foundation
import QuiverTCK

var arguments = Array(CommandLine.arguments.dropFirst())
let onDisk = arguments.contains("--on-disk")
arguments.removeAll { $0 == "--on-disk" }
var database = EngineTCKDatabase(onDisk: onDisk)
switch TCKRunConfiguration.parse(arguments) {
case .success(let configuration):
    exit(TCKCommand.run(configuration, on: &database))
case .failure(let usage):
    print(usage)
    exit(2)
}
