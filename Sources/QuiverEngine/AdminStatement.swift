// AdminStatement: Memgraph's admin queries (index and constraint DDL, storage mode, isolation
// levels, info queries, transaction management, server-side parameters), recognised from the
// query text by a small hand-written parser before the Cypher parser sees it. `parse` returns
// nil for anything that is not an admin statement, so ordinary Cypher pays one first-word test.
// New statements (snapshots, memory limits, …) add a case, a recogniser branch and an executor.
import QuiverCore
import QuiverStorage

enum AdminStatement: Equatable {
    enum ConstraintSpec: Equatable {
        case existence(label: String, property: String)
        case unique(label: String, properties: [String])
        case typed(label: String, property: String, type: ConstraintDataType)
    }

    enum IsolationScope: Equatable { case global, session, next }

    /// `properties` empty = a label index. `name` is the ignored Neo4j-style index name.
    case createIndex(label: String, properties: [String], name: String?)
    case dropIndex(label: String, properties: [String])
    case dropAllIndexes
    case showIndexes
    case createConstraint(ConstraintSpec, name: String?)
    case dropConstraint(ConstraintSpec)
    case dropAllConstraints
    case showConstraints
    case storageMode(String)
    case edgeImportMode(active: Bool)
    case dropGraph
    case setIsolation(IsolationScope, IsolationLevel)
    case showStorageInfo(currentDatabase: Bool)
    case freeMemory
    case showConfig
    case showTransactions
    case terminateTransactions([String])
    /// `valueText` is the Cypher expression after `=` (a literal, a `$parameter` or a map).
    case setParameter(name: String, valueText: String, global: Bool)
    case unsetParameter(name: String, global: Bool)
    case showParameters
    case deleteAllParameters
    case showVersion
    case showBuildInfo
    case createSnapshot
    case showSnapshots

    /// What Memgraph's "… is not allowed in multicommand transactions" text calls this kind.
    var multicommandKind: String {
        switch self {
        case .createIndex, .dropIndex, .dropAllIndexes: "Index manipulation"
        case .createConstraint, .dropConstraint, .dropAllConstraints: "Constraint manipulation"
        case .showIndexes, .showConstraints, .showStorageInfo: "Storage information query"
        case .storageMode: "Modifying storage modes"
        case .edgeImportMode: "Edge import mode query"
        case .dropGraph: "Dropping the graph"
        case .setIsolation: "Modifying isolation levels"
        case .freeMemory: "Free memory query"
        case .showConfig: "Configuration information query"
        case .showTransactions, .terminateTransactions: "Querying transaction status"
        case .setParameter, .unsetParameter, .showParameters, .deleteAllParameters: "Managing server-side parameters"
        case .showVersion, .showBuildInfo: "Version information query"
        case .createSnapshot: "Creating snapshots"
        case .showSnapshots: "Show snapshots query"
        }
    }

    /// Memgraph's refusal of this statement inside an explicit transaction.
    var multicommandError: QuiverError {
        QuiverError(.notSupported, "\(multicommandKind) is not allowed in multicommand transactions. A multicommand transaction, "
            + "also known as an explicit transaction, groups multiple commands into a single atomic operation. Instead, please "
            + "use an implicit transaction, also known as an auto committing transaction, in order to execute this particular"
            + "query.")
    }

    static let leadingWords: Set<String> = ["CREATE", "DROP", "SHOW", "STORAGE", "SET", "UNSET", "DELETE", "FREE", "TERMINATE", "EDGE"]

    /// A first-word test without copying the text (a comment first defers to the full path).
    static func mayStartAdmin(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let start = utf8.firstIndex(where: { !($0 == 0x20 || (0x09...0x0D).contains($0)) }) else { return false }
        if utf8[start] == 0x2F { return true }  // a leading comment: let the tokenizer skip it
        let end = utf8[start...].firstIndex(where: { !AdminTokenizer.isWordByte($0) }) ?? utf8.endIndex
        guard utf8.distance(from: start, to: end) <= 9 else { return false }
        return leadingWords.contains(String(decoding: utf8[start..<end], as: UTF8.self).uppercased())
    }

    /// The admin statement in `text`, nil for anything else; a malformed admin statement is a
    /// syntax error.
    static func parse(_ text: String) throws(QuiverError) -> AdminStatement? {
        guard mayStartAdmin(text) else { return nil }
        let bytes = Array(text.utf8)
        guard let first = AdminTokenizer.firstWord(bytes), leadingWords.contains(first),
              var tokens = AdminTokenizer.tokenize(bytes) else { return nil }
        if tokens.last?.text == ";" && tokens.last?.kind == .symbol { tokens.removeLast() }
        var parser = AdminParser(tokens: tokens, text: bytes)
        return try parser.statement()
    }
}
