// ServerFlags: Memgraph-style command lines turned into what ArgumentParser reads: config files
// (`--flag-file`, `$MEMGRAPH_CONFIG`, lines `--flag=value`), underscores read as dashes, boolean
// forms (`--flag`, `--flag=false`, `--noflag`), Memgraph flags Quiver accepts but does not act on
// yet (collected for a log line), and unknown flags refused with the nearest known name as a hint.
import Foundation

enum ServerFlags {
    /// Flags the server acts on, with whether they are booleans.
    static let known: [String: Bool] = [
        "bolt-address": false, "bolt-port": false, "bolt-num-workers": false, "bolt-cert-file": false,
        "bolt-key-file": false, "bolt-server-name-for-init": false, "data-directory": false,
        "storage-mode": false, "storage-properties-on-edges": true, "storage-gc-cycle-sec": false,
        "isolation-level": false, "memory-limit": false, "query-execution-timeout-sec": false,
        "log-level": false, "log-file": false, "also-log-to-stderr": true, "help": true,
        "storage-access-timeout-sec": false, "data-recovery-on-startup": true, "storage-wal-enabled": true,
        "storage-snapshot-interval-sec": false, "storage-snapshot-retention-count": false, "storage-snapshot-on-exit": true,
        "storage-wal-file-size-kib": false, "storage-wal-file-flush-every-n-tx": false,
    ]

    /// Older Memgraph spellings read as the current flag.
    static let renamed: [String: String] = ["storage-recover-on-startup": "data-recovery-on-startup"]

    /// Memgraph flags accepted for compatibility whose feature does not exist in Quiver yet.
    static let notYetEffective: [String: Bool] = [
        "storage-snapshot-interval": false, "storage-items-per-batch": false,
        "storage-parallel-schema-recovery": true, "storage-recovery-thread-count": false, "storage-gc-aggressive": true,
        "storage-enable-schema-metadata": true, "schema-info-enabled": true,
        "storage-automatic-label-index-creation-enabled": true, "storage-automatic-edge-type-index-creation-enabled": true,
        "storage-enable-edges-metadata": true, "storage-delta-on-identical-property-update": true,
        "storage-property-store-compression-enabled": true, "memory-warning-threshold": false,
        "hops-limit-partial-results": true, "cartesian-product-enabled": true, "query-plan-cache-max-size": false,
        "allow-load-csv": true, "query-modules-directory": false, "timezone": false, "init-file": false,
        "init-data-file": false, "telemetry-enabled": true, "logger-type": false, "log-retention-days": false,
        "auth-password-permit-null": true, "auth-password-strength-regex": false, "auth-user-or-role-name-regex": false,
        "password-encryption-algorithm": false, "monitoring-address": false, "monitoring-port": false,
        "metrics-address": false, "metrics-port": false, "replication-restore-state-on-startup": true,
        "experimental-enabled": false, "storage-light-edge": true,
    ]

    struct Normalised: Equatable {
        var arguments: [String]
        /// `--name=value` of accepted flags that have no effect yet.
        var ignored: [String]
    }

    struct UnknownFlag: Error, CustomStringConvertible {
        var flag: String
        var suggestion: String?
        var description: String {
            var text = "unknown flag '--\(flag)'"
            if let suggestion { text += "; did you mean '--\(suggestion)'?" }
            return text + " (see 'quiver --help'; Memgraph's dash and underscore spellings are both accepted)"
        }
    }

    /// Config-file lines first (`$MEMGRAPH_CONFIG`, then each `--flag-file` where it appears),
    /// then the command line; later values win, as with gflags.
    static func normalise(_ arguments: [String], environment: [String: String]) throws -> Normalised {
        var expanded: [String] = []
        if let file = environment["MEMGRAPH_CONFIG"], !file.isEmpty { expanded += try flagFile(file) }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let (name, value) = split(argument)
            if name == "flag-file" || name == "flagfile" {
                if let value {
                    expanded += try flagFile(value)
                } else if index + 1 < arguments.count {
                    index += 1
                    expanded += try flagFile(arguments[index])
                }
            } else {
                expanded.append(argument)
            }
            index += 1
        }
        return try rewrite(expanded)
    }

    static func rewrite(_ arguments: [String]) throws -> Normalised {
        var result = Normalised(arguments: [], ignored: [])
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-", argument != "--" else {
                result.arguments.append(argument)
                continue
            }
            var (name, value) = split(argument)
            if let current = renamed[name] { name = current }
            var isBoolean = known[name] ?? notYetEffective[name]
            if isBoolean == nil, name.hasPrefix("no"), (known[String(name.dropFirst(2))] ?? notYetEffective[String(name.dropFirst(2))]) == true {
                name = String(name.dropFirst(2))
                value = "false"
                isBoolean = true
            }
            if name == "h" { name = "help" }
            guard let isBoolean else { throw UnknownFlag(flag: name, suggestion: suggestion(for: name)) }
            if isBoolean {
                value = value ?? "true"
            } else if value == nil, index < arguments.count {
                value = arguments[index]
                index += 1
            }
            if known[name] == nil {
                result.ignored.append("--\(name)=\(value ?? "")")
            } else if name == "help" {
                result.arguments.append("--help")
            } else {
                result.arguments.append("--\(name)=\(value ?? "")")
            }
        }
        return result
    }

    /// `--bolt_port=1` → ("bolt-port", "1"); `-x` → ("x", nil).
    static func split(_ argument: String) -> (name: String, value: String?) {
        let body = argument.drop { $0 == "-" }
        let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).replacingOccurrences(of: "_", with: "-").lowercased()
        return (name, parts.count > 1 ? String(parts[1]) : nil)
    }

    static func flagFile(_ path: String) throws -> [String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationFailure("cannot read flag file \(path): \(error.localizedDescription)")
        }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed.hasPrefix("#") ? nil : trimmed
        }
    }

    static func suggestion(for name: String) -> String? {
        let candidates = Array(known.keys) + Array(notYetEffective.keys)
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(name, candidate)
            if distance < best?.distance ?? Int.max { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(3, name.count / 3) else { return nil }
        return best.name
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
