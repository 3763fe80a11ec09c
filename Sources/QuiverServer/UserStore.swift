// UserStore: the server's users and their password hashes (PBKDF2-HMAC-SHA256 with a random
// 16-byte salt, via swift-crypto), authentication (open while no user exists, as in Memgraph),
// and the users file under the data directory (`auth/users`, one line per user, rewritten whole
// through a temporary file and rename). Never keeps or logs a clear-text password.
import Crypto
import CryptoExtras
import Foundation
import Synchronization

public final class UserStore: Sendable {
    /// One user: name and, unless the user has none, the salted password hash.
    struct Record: Sendable, Equatable {
        var name: String
        var password: PasswordHash?
    }

    struct PasswordHash: Sendable, Equatable {
        var rounds: Int
        var salt: [UInt8]
        var hash: [UInt8]
    }

    public enum Failure: Error, Equatable, Sendable {
        case userExists(String)
        case noSuchUser(String)
        case storage(String)
    }

    /// PBKDF2 rounds for new hashes (swift-crypto's minimum; OWASP's figure for SHA-256 is 600 k).
    public static let defaultRounds = 210_000
    private let rounds: Int
    private let file: URL?
    private let users: Mutex<[String: Record]>

    /// `directory` nil keeps users in memory only (tests). Reads an existing users file.
    public init(directory: URL?, rounds: Int = UserStore.defaultRounds) throws {
        self.rounds = rounds
        self.file = directory?.appendingPathComponent("users")
        var loaded: [String: Record] = [:]
        if let file, let text = try? String(contentsOf: file, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let record = Self.parse(line) else { throw Failure.storage("unreadable line in \(file.path)") }
                loaded[record.name] = record
            }
        }
        users = Mutex(loaded)
    }

    public var isEmpty: Bool { users.withLock { $0.isEmpty } }

    public var names: [String] { users.withLock { $0.keys.sorted() } }

    public func create(_ name: String, password: String?, ifNotExists: Bool) throws(Failure) {
        let hash = password.map { makeHash($0) }
        try update { users throws(Failure) in
            if users[name] != nil {
                if ifNotExists { return false }
                throw .userExists(name)
            }
            users[name] = Record(name: name, password: hash)
            return true
        }
    }

    public func drop(_ name: String) throws(Failure) {
        try update { users throws(Failure) in
            guard users.removeValue(forKey: name) != nil else { throw .noSuchUser(name) }
            return true
        }
    }

    public func setPassword(_ name: String, to password: String?) throws(Failure) {
        let hash = password.map { makeHash($0) }
        try update { users throws(Failure) in
            guard users[name] != nil else { throw .noSuchUser(name) }
            users[name]?.password = hash
            return true
        }
    }

    /// Whether these credentials may connect: anything goes while no user exists; otherwise the
    /// user must exist and the password match (a user without a password accepts any).
    public func authenticate(user: String?, password: String?) -> Bool {
        let record: Record?? = users.withLock { users in users.isEmpty ? .none : .some(user.flatMap { users[$0] }) }
        guard case .some(let found) = record else { return true }
        guard let found else { return false }
        guard let stored = found.password else { return true }
        guard let password, let derived = Self.derive(password, salt: stored.salt, rounds: stored.rounds) else { return false }
        return Self.constantTimeEqual(derived, stored.hash)
    }

    // MARK: Hashing

    private func makeHash(_ password: String) -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // derive only fails for rounds below the minimum, which `rounds` never is.
        let hash = Self.derive(password, salt: salt, rounds: rounds) ?? []
        return PasswordHash(rounds: rounds, salt: salt, hash: hash)
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int) -> [UInt8]? {
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256,
                                                           outputByteCount: 32, unsafeUncheckedRounds: rounds) else { return nil }
        return key.withUnsafeBytes { Array($0) }
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    // MARK: Persistence

    /// Applies `change` under the lock and, when it changed something, rewrites the file.
    private func update(_ change: (inout [String: Record]) throws(Failure) -> Bool) throws(Failure) {
        try users.withLock { users throws(Failure) in
            var copy = users
            guard try change(&copy) else { return }
            try write(copy)
            users = copy
        }
    }

    private func write(_ users: [String: Record]) throws(Failure) {
        guard let file else { return }
        let text = users.values.sorted { $0.name < $1.name }.map(Self.format).joined()
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = file.appendingPathExtension("tmp")
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, file.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw .storage("cannot write \(file.path): \(error)")
        }
    }

    /// `name<TAB>pbkdf2-sha256<TAB>rounds<TAB>salt hex<TAB>hash hex`, or `name<TAB>-` without a password;
    /// the name is percent-escaped so tabs and newlines cannot break the line.
    static func format(_ record: Record) -> String {
        let name = record.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? record.name
        guard let hash = record.password else { return "\(name)\t-\n" }
        return "\(name)\tpbkdf2-sha256\t\(hash.rounds)\t\(hex(hash.salt))\t\(hex(hash.hash))\n"
    }

    static func parse(_ line: Substring) -> Record? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard let first = fields.first, let name = String(first).removingPercentEncoding else { return nil }
        if fields.count == 2, fields[1] == "-" { return Record(name: name, password: nil) }
        guard fields.count == 5, fields[1] == "pbkdf2-sha256", let rounds = Int(fields[2]),
              let salt = bytes(fromHex: fields[3]), let hash = bytes(fromHex: fields[4]) else { return nil }
        return Record(name: name, password: PasswordHash(rounds: rounds, salt: salt, hash: hash))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    static func bytes(fromHex text: Substring) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = hexDigit(characters[index]), let low = hexDigit(characters[index + 1]) else { return nil }
            result.append(high << 4 | low)
        }
        return result
    }

    private static func hexDigit(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
