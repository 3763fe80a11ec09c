// AdminParser: the recursive-descent recogniser behind AdminStatement.parse. It returns nil as
// soon as the words do not start an admin statement (so `CREATE (n)` stays Cypher), and throws
// a syntax error once they do but the rest is malformed. Forms are Memgraph's grammar
// (MemgraphCypher.g4) plus the Neo4j-style index and constraint DDL Memgraph accepts.
import QuiverCore
import QuiverStorage

struct AdminParser {
    let tokens: [AdminToken]
    let text: [UInt8]
    var position = 0

    init(tokens: [AdminToken], text: [UInt8]) {
        self.tokens = tokens
        self.text = text
    }

    // MARK: Token helpers

    var current: AdminToken? { position < tokens.count ? tokens[position] : nil }
    var atEnd: Bool { position >= tokens.count }

    func peek(_ offset: Int = 0) -> String {
        position + offset < tokens.count ? tokens[position + offset].keyword : ""
    }

    mutating func accept(_ words: String...) -> Bool {
        for (offset, word) in words.enumerated() where peek(offset) != word { return false }
        position += words.count
        return true
    }

    mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard let current, current.kind == .symbol, current.text == symbol else { return false }
        position += 1
        return true
    }

    mutating func expect(_ words: String...) throws(QuiverError) {
        for word in words {
            guard peek() == word else { throw syntaxError("expected \(word)") }
            position += 1
        }
    }

    mutating func expectSymbol(_ symbol: String) throws(QuiverError) {
        guard acceptSymbol(symbol) else { throw syntaxError("expected '\(symbol)'") }
    }

    mutating func name() throws(QuiverError) -> String {
        guard let current, current.isName else { throw syntaxError("expected a name") }
        position += 1
        return current.text
    }

    mutating func expectEnd() throws(QuiverError) {
        guard atEnd else { throw syntaxError("unexpected '\(current!.text)'") }
    }

    func syntaxError(_ detail: String) -> QuiverError {
        let where_ = current.map { "at '\($0.text)'" } ?? "at the end of the query"
        return QuiverError(.syntaxError, "Invalid admin query \(where_): \(detail).")
    }

    // MARK: Statements

    mutating func statement() throws(QuiverError) -> AdminStatement? {
        switch peek() {
        case "CREATE": return try create()
        case "DROP": return try drop()
        case "SHOW": return try show()
        case "STORAGE":
            guard peek(1) == "MODE" else { return nil }
            position += 2
            let mode = try name().uppercased()
            try expectEnd()
            return .storageMode(mode)
        case "EDGE":
            guard accept("EDGE", "IMPORT", "MODE") else { return nil }
            let word = try name().uppercased()
            guard word == "ACTIVE" || word == "INACTIVE" else { throw syntaxError("expected ACTIVE or INACTIVE") }
            try expectEnd()
            return .edgeImportMode(active: word == "ACTIVE")
        case "SET": return try set()
        case "UNSET":
            position += 1
            let global = accept("GLOBAL")
            try expect("PARAMETER")
            let parameter = try name()
            try expectEnd()
            return .unsetParameter(name: parameter, global: global)
        case "DELETE":
            guard accept("DELETE", "ALL", "PARAMETERS") else { return nil }
            try expectEnd()
            return .deleteAllParameters
        case "FREE":
            guard accept("FREE", "MEMORY") else { return nil }
            try expectEnd()
            return .freeMemory
        case "TERMINATE":
            guard accept("TERMINATE", "TRANSACTIONS") else { return nil }
            return .terminateTransactions(try stringList())
        default:
            return nil
        }
    }

    mutating func create() throws(QuiverError) -> AdminStatement? {
        switch peek(1) {
        case "INDEX", "RANGE":
            position += 1
            _ = accept("RANGE")
            try expect("INDEX")
            return try createIndex()
        case "CONSTRAINT":
            position += 2
            return try constraint(create: true)
        case "SNAPSHOT":
            position += 2
            try expectEnd()
            return .createSnapshot
        case "EDGE", "GLOBAL", "POINT", "TEXT", "VECTOR":
            guard peek(2) == "INDEX" || (peek(2) == "EDGE" && peek(3) == "INDEX") else { return nil }
            throw QuiverError(.notSupported, "\(peek(1).capitalizedWord) indexes are not supported yet.")
        default:
            return nil
        }
    }

    mutating func drop() throws(QuiverError) -> AdminStatement? {
        switch peek(1) {
        case "INDEX":
            position += 2
            guard accept("ON") else {
                throw QuiverError(.notSupported, "Dropping an index by name is not supported: index names are not kept.")
            }
            let (label, properties) = try classicIndexTarget()
            try expectEnd()
            return .dropIndex(label: label, properties: properties)
        case "CONSTRAINT":
            position += 2
            return try constraint(create: false)
        case "ALL":
            position += 2
            if accept("INDEXES") || accept("INDICES") { try expectEnd(); return .dropAllIndexes }
            if accept("CONSTRAINTS") { try expectEnd(); return .dropAllConstraints }
            throw syntaxError("expected INDEXES or CONSTRAINTS")
        case "GRAPH":
            position += 2
            try expectEnd()
            return .dropGraph
        case "EDGE", "GLOBAL", "POINT", "TEXT", "VECTOR":
            guard peek(2) == "INDEX" || (peek(2) == "EDGE" && peek(3) == "INDEX") else { return nil }
            throw QuiverError(.notSupported, "\(peek(1).capitalizedWord) indexes are not supported yet.")
        default:
            return nil
        }
    }

    mutating func show() throws(QuiverError) -> AdminStatement? {
        let statement: AdminStatement
        if accept("SHOW", "INDEX", "INFO") || accept("SHOW", "INDEXES") {
            statement = .showIndexes
        } else if accept("SHOW", "CONSTRAINT", "INFO") || accept("SHOW", "CONSTRAINTS") {
            statement = .showConstraints
        } else if accept("SHOW", "STORAGE", "INFO") {
            var current = accept("ON", "CURRENT", "DATABASE")
            if !current && accept("ON", "DATABASE") {
                _ = try name()
                current = true
            }
            statement = .showStorageInfo(currentDatabase: current)
        } else if accept("SHOW", "CONFIG") {
            statement = .showConfig
        } else if accept("SHOW", "PARAMETERS") {
            statement = .showParameters
        } else if accept("SHOW", "SNAPSHOTS") {
            statement = .showSnapshots
        } else if accept("SHOW", "VERSION") {
            statement = .showVersion
        } else if accept("SHOW", "BUILD", "INFO") {
            statement = .showBuildInfo
        } else if peek() == "SHOW", transactionsAhead() {
            position = tokens.count
            statement = .showTransactions
        } else {
            return nil
        }
        try expectEnd()
        return statement
    }

    /// `SHOW [RUNNING|COMMITTING|ABORTING[, …]] TRANSACTIONS`.
    func transactionsAhead() -> Bool {
        guard tokens.last?.keyword == "TRANSACTIONS" else { return false }
        return tokens.dropFirst().dropLast().allSatisfy {
            ["RUNNING", "COMMITTING", "ABORTING"].contains($0.keyword) || ($0.kind == .symbol && $0.text == ",")
        }
    }

    mutating func set() throws(QuiverError) -> AdminStatement? {
        if ["GLOBAL", "SESSION", "NEXT"].contains(peek(1)) && (peek(2) == "TRANSACTION" || peek(2) == "ISOLATION") {
            position += 1
            let scope: AdminStatement.IsolationScope
            if accept("GLOBAL") { scope = .global } else if accept("SESSION") { scope = .session } else {
                position += 1
                scope = .next
            }
            _ = accept("TRANSACTION")
            try expect("ISOLATION", "LEVEL")
            let level: IsolationLevel
            if accept("SNAPSHOT", "ISOLATION") { level = .snapshotIsolation }
            else if accept("READ", "COMMITTED") { level = .readCommitted }
            else if accept("READ", "UNCOMMITTED") { level = .readUncommitted }
            else { throw syntaxError("expected SNAPSHOT ISOLATION, READ COMMITTED or READ UNCOMMITTED") }
            try expectEnd()
            return .setIsolation(scope, level)
        }
        guard peek(1) == "PARAMETER" || (peek(1) == "GLOBAL" && peek(2) == "PARAMETER") else { return nil }
        position += 1
        let global = accept("GLOBAL")
        try expect("PARAMETER")
        let parameter = try name()
        try expectSymbol("=")
        guard let first = current else { throw syntaxError("expected a value") }
        let valueText = String(decoding: text[first.start..<tokens.last!.end], as: UTF8.self)
        return .setParameter(name: parameter, valueText: valueText, global: global)
    }

    mutating func stringList() throws(QuiverError) -> [String] {
        var ids: [String] = []
        repeat {
            guard let current, current.kind == .string else { throw syntaxError("expected a transaction id string") }
            ids.append(current.text)
            position += 1
        } while acceptSymbol(",")
        try expectEnd()
        return ids
    }
}

extension String {
    /// "EDGE" → "Edge".
    var capitalizedWord: String { prefix(1).uppercased() + dropFirst().lowercased() }
}
