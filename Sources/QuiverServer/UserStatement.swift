// UserStatement: recognises and parses Memgraph's user-management texts (CREATE USER, DROP USER,
// SET PASSWORD FOR, SHOW USERS, SHOW CURRENT USER). Pure: text in, statement or syntax error
// out; texts that do not start like one of these are left to the Cypher engine (nil).

/// One user-management statement.
public enum UserStatement: Equatable, Sendable {
    case createUser(name: String, password: String?, ifNotExists: Bool)
    case dropUser(name: String)
    case setPassword(name: String, password: String?)
    case showUsers
    case showCurrentUser

    public struct SyntaxError: Error, Equatable, Sendable {
        public var message: String
    }

    /// nil when `text` is not a user statement; throws when it starts like one but is malformed.
    public static func parse(_ text: String) throws(SyntaxError) -> UserStatement? {
        var tokens = try UserStatementTokens(text)
        guard tokens.words.count >= 2 else { return nil }
        let first = tokens.keyword(0), second = tokens.keyword(1)
        switch (first, second) {
        case ("CREATE", "USER"):
            tokens.position = 2
            let ifNotExists = tokens.accept(["IF", "NOT", "EXISTS"])
            let name = try tokens.name()
            var password: String?
            if tokens.accept(["IDENTIFIED", "BY"]) { password = try tokens.password() }
            try tokens.end()
            return .createUser(name: name, password: password, ifNotExists: ifNotExists)
        case ("DROP", "USER"):
            tokens.position = 2
            let name = try tokens.name()
            try tokens.end()
            return .dropUser(name: name)
        case ("SET", "PASSWORD"):
            tokens.position = 2
            guard tokens.accept(["FOR"]) else {
                throw SyntaxError(message: "Only SET PASSWORD FOR user TO 'password' is supported.")
            }
            let name = try tokens.name()
            guard tokens.accept(["TO"]) else { throw SyntaxError(message: "Expected TO after the user name.") }
            let password = try tokens.password()
            try tokens.end()
            return .setPassword(name: name, password: password)
        case ("SHOW", "USERS"):
            tokens.position = 2
            try tokens.end()
            return .showUsers
        case ("SHOW", "CURRENT") where tokens.keyword(2) == "USER":
            tokens.position = 3
            try tokens.end()
            return .showCurrentUser
        default:
            return nil
        }
    }
}

/// The statement's tokens: bare words, backquoted names, quoted strings; a trailing `;` ends it.
struct UserStatementTokens {
    enum Token: Equatable {
        case word(String)
        case quotedName(String)
        case string(String)
    }

    var words: [Token] = []
    var position = 0

    init(_ text: String) throws(UserStatement.SyntaxError) {
        var characters = Array(text.unicodeScalars)[...]
        while let character = characters.first {
            if character.properties.isWhitespace {
                characters.removeFirst()
            } else if character == ";" {
                characters.removeFirst()
                guard characters.allSatisfy(\.properties.isWhitespace) else {
                    throw UserStatement.SyntaxError(message: "Unexpected text after ';'.")
                }
                return
            } else if character == "'" || character == "\"" || character == "`" {
                characters.removeFirst()
                let body = try Self.quoted(&characters, closing: character)
                words.append(character == "`" ? .quotedName(body) : .string(body))
            } else {
                var word = ""
                while let next = characters.first, !next.properties.isWhitespace, next != ";", next != "'", next != "\"", next != "`" {
                    word.unicodeScalars.append(next)
                    characters.removeFirst()
                }
                words.append(.word(word))
            }
        }
    }

    private static func quoted(_ characters: inout ArraySlice<Unicode.Scalar>, closing: Unicode.Scalar) throws(UserStatement.SyntaxError) -> String {
        var body = ""
        while let character = characters.popFirst() {
            if character == closing { return body }
            if character == "\\", closing != "`", let escaped = characters.popFirst() {
                switch escaped {
                case "n": body += "\n"
                case "t": body += "\t"
                default: body.unicodeScalars.append(escaped)
                }
            } else {
                body.unicodeScalars.append(character)
            }
        }
        throw UserStatement.SyntaxError(message: "Unterminated quoted text.")
    }

    func keyword(_ index: Int) -> String? {
        guard index < words.count, case .word(let word) = words[index] else { return nil }
        return word.uppercased()
    }

    /// Consumes the keywords when they all follow; otherwise consumes nothing.
    mutating func accept(_ keywords: [String]) -> Bool {
        for (offset, keyword) in keywords.enumerated() where self.keyword(position + offset) != keyword { return false }
        position += keywords.count
        return true
    }

    mutating func name() throws(UserStatement.SyntaxError) -> String {
        guard position < words.count else { throw UserStatement.SyntaxError(message: "Expected a user name.") }
        defer { position += 1 }
        switch words[position] {
        case .quotedName(let name) where !name.isEmpty: return name
        case .word(let word) where Self.isIdentifier(word): return word
        case .string(let text) where !text.isEmpty: return text
        default: throw UserStatement.SyntaxError(message: "Invalid user name.")
        }
    }

    /// A quoted password, or NULL for none.
    mutating func password() throws(UserStatement.SyntaxError) -> String? {
        guard position < words.count else { throw UserStatement.SyntaxError(message: "Expected a password.") }
        defer { position += 1 }
        switch words[position] {
        case .string(let text): return text
        case .word(let word) where word.uppercased() == "NULL": return nil
        default: throw UserStatement.SyntaxError(message: "The password must be a quoted string or NULL.")
        }
    }

    func end() throws(UserStatement.SyntaxError) {
        guard position == words.count else { throw UserStatement.SyntaxError(message: "Unexpected text at the end of the statement.") }
    }

    static func isIdentifier(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "@" || $0 == "." || $0 == "-" }
    }
}
