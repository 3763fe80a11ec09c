// ImportFiles: writes the Pokec-like graph as import files for `quiver-bench import` —
// `users.csv` (id, age, completion_percentage, gender) and `friendships.csv` (from, to), the
// same rows cut into chunk files for periodic-commit imports, and a `.cypherl` script (one
// CREATE per vertex, one MATCH … CREATE per edge) for the console import. Written through a
// large buffer with hand-formatted integers: 17 M lines take seconds, not minutes.
import Foundation

/// A buffered writer of ASCII lines to one file.
final class LineWriter {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private(set) var lines = 0

    init(_ path: String) throws {
        guard let file = fopen(path, "wb") else { throw ImportBenchError("cannot write \(path)") }
        self.file = file
        buffer.reserveCapacity(1 << 20)
    }

    func text(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    func text(_ text: String) { buffer.append(contentsOf: text.utf8) }

    func int(_ value: Int64) {
        if value < 0 { buffer.append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { bytes in
            repeat {
                bytes[count] = UInt8(0x30 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(bytes[index]) }
        }
    }

    /// One CSV line of integers.
    func ints(_ values: Int64...) {
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            int(value)
        }
        endLine()
    }

    func endLine() {
        buffer.append(0x0A)
        lines += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        fclose(file)
    }
}

struct ImportBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The CSV files of one graph: whole files and chunk files of `chunkRows` data rows each.
struct CSVImportFiles {
    let directory: String
    var users: String { directory + "/users.csv" }
    var friendships: String { directory + "/friendships.csv" }
    var userChunks: [String] = []
    var friendshipChunks: [String] = []

    static let userHeader: StaticString = "id,age,completion_percentage,gender"
    static let friendshipHeader: StaticString = "from,to"

    /// Writes every file for `graph` under `directory` (created when missing).
    static func write(_ graph: PokecGraph, to directory: String, chunkRows: Int) throws -> CSVImportFiles {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var files = CSVImportFiles(directory: directory)
        let users = try LineWriter(files.users)
        var chunk = ChunkedWriter(directory: directory, prefix: "users", header: userHeader, rows: chunkRows)
        users.text(userHeader)
        users.endLine()
        for index in 0..<graph.vertexCount {
            let user = graph.user(index)
            users.ints(user.id, user.age, user.completion, user.gender)
            try chunk.writer().ints(user.id, user.age, user.completion, user.gender)
        }
        users.close()
        files.userChunks = chunk.finish()

        let friendships = try LineWriter(files.friendships)
        chunk = ChunkedWriter(directory: directory, prefix: "friendships", header: friendshipHeader, rows: chunkRows)
        friendships.text(friendshipHeader)
        friendships.endLine()
        for source in 0..<graph.vertexCount {
            try graph.forEachEdge(of: source) { target in
                friendships.ints(Int64(source), Int64(target))
                try chunk.writer().ints(Int64(source), Int64(target))
            }
        }
        friendships.close()
        files.friendshipChunks = chunk.finish()
        return files
    }

    /// The file list of an existing directory (written by an earlier `write`).
    static func existing(in directory: String) throws -> CSVImportFiles {
        var files = CSVImportFiles(directory: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        files.userChunks = names.filter { $0.hasPrefix("users-") }.map { directory + "/" + $0 }
        files.friendshipChunks = names.filter { $0.hasPrefix("friendships-") }.map { directory + "/" + $0 }
        return files
    }
}

/// Writes rows into numbered chunk files, each with the header line.
private struct ChunkedWriter {
    let directory: String, prefix: String, header: StaticString, rows: Int
    private var current: LineWriter?
    private var paths: [String] = []

    init(directory: String, prefix: String, header: StaticString, rows: Int) {
        self.directory = directory
        self.prefix = prefix
        self.header = header
        self.rows = rows
    }

    /// The writer for the next row, starting a new chunk file when the current one is full.
    mutating func writer() throws -> LineWriter {
        if let current, current.lines <= rows { return current }
        current?.close()
        let path = directory + "/\(prefix)-" + String(format: "%04d", paths.count) + ".csv"
        let next = try LineWriter(path)
        next.text(header)
        next.endLine()
        paths.append(path)
        current = next
        return next
    }

    mutating func finish() -> [String] {
        current?.close()
        current = nil
        return paths
    }
}

/// Writes the graph as a .cypherl script: the index, one CREATE per vertex, one MATCH … CREATE
/// per edge. Returns the number of statements.
func writeCypherl(_ graph: PokecGraph, to path: String) throws -> Int {
    let out = try LineWriter(path)
    out.text("CREATE INDEX ON :User(id);")
    out.endLine()
    for index in 0..<graph.vertexCount {
        let user = graph.user(index)
        out.text("CREATE (:User {id: "); out.int(user.id)
        out.text(", age: "); out.int(user.age)
        out.text(", completion_percentage: "); out.int(user.completion)
        out.text(", gender: "); out.int(user.gender)
        out.text("});")
        out.endLine()
    }
    for source in 0..<graph.vertexCount {
        graph.forEachEdge(of: source) { target in
            out.text("MATCH (a:User {id: "); out.int(Int64(source))
            out.text("}), (b:User {id: "); out.int(Int64(target))
            out.text("}) CREATE (a)-[:FRIEND]->(b);")
            out.endLine()
        }
    }
    let statements = out.lines
    out.close()
    return statements
}
