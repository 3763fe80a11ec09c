// EngineBackend: the BoltBackend of one connection, implemented with a QuiverEngine Session:
// authentication against the UserStore, explicit transactions, queries (user-management texts
// are answered here, everything else goes to the session) and RESET/close clean-up. The Bolt
// layer calls it from worker threads one call at a time; only `interrupt` is concurrent.
import QuiverBolt
import QuiverCore
import QuiverEngine

final class EngineBackend: BoltBackend, @unchecked Sendable {
    private let session: Session
    private let users: UserStore
    private let log: ServerLog
    private let connectionID: String
    private var userName: String?
    private let interrupted = InterruptFlag()
    /// The last engine result handed to the Bolt layer, while it may still be streaming.
    private weak var openStream: EngineResultStream?

    init(database: Database, users: UserStore, log: ServerLog, connectionID: String) {
        self.session = database.session()
        self.users = users
        self.log = log
        self.connectionID = connectionID
    }

    func authenticate(_ token: BoltAuthToken) throws(BoltFailure) {
        let principal = token.scheme == "none" ? nil : token.principal
        let credentials = token.scheme == "none" ? nil : token.credentials
        guard users.authenticate(user: principal, password: credentials) else {
            log.info("\(connectionID): authentication failed for user \(principal ?? "(none)")")
            throw BoltFailure.authenticationFailure()
        }
        userName = users.isEmpty ? nil : principal
        session.username = userName
    }

    func logoff() {
        userName = nil
        session.username = nil
    }

    func begin(_ metadata: BoltTransactionMetadata) throws(BoltFailure) {
        try adopt(metadata)
        do { try session.begin() } catch { throw BoltFailure(error) }
    }

    /// The client's `tx_metadata` and `tx_timeout` for the transaction about to start.
    private func adopt(_ metadata: BoltTransactionMetadata) throws(BoltFailure) {
        session.transactionMetadata = try ValueConversion.parameters(metadata.transactionMetadata)
        session.transactionTimeoutSeconds = metadata.timeoutMilliseconds.flatMap { $0 > 0 ? Double($0) / 1000 : nil }
    }

    func commit() throws(BoltFailure) -> String? {
        do { try session.commit() } catch { throw BoltFailure(error) }
        return nil
    }

    func rollback() throws(BoltFailure) {
        do { try session.rollback() } catch { throw BoltFailure(error) }
    }

    func run(_ query: String, parameters: BoltMap, metadata: BoltTransactionMetadata) throws(BoltFailure) -> any BoltResultStream {
        interrupted.set(false)
        let statement: UserStatement?
        do {
            statement = try UserStatement.parse(query)
        } catch {
            throw BoltFailure(code: BoltFailure.clientErrorCode, message: error.message)
        }
        if let statement { return try runUserStatement(statement) }
        let engineParameters = try ValueConversion.parameters(parameters)
        if !session.inTransaction { try adopt(metadata) }
        if session.inTransaction {
            // The session runs one result at a time; an unread one is kept in memory.
            try openStream?.bufferRemaining()
        }
        do {
            let result = try session.run(query, parameters: engineParameters)
            let stream = EngineResultStream(result: result, queryType: queryType(of: query, result: result), interrupted: interrupted)
            openStream = stream
            return stream
        } catch {
            log.debug("\(connectionID): query failed: \(error.message)")
            throw BoltFailure(error)
        }
    }

    private func queryType(of query: String, result: QueryResult) -> BoltQueryType {
        if result.isWrite { return .write }
        return result.isSchemaChange ? .schema : .read
    }

    private func runUserStatement(_ statement: UserStatement) throws(BoltFailure) -> any BoltResultStream {
        switch statement {
        case .showUsers:
            return EngineResultStream(fields: ["user"], rows: users.names.map { [.string($0)] }, queryType: .read)
        case .showCurrentUser:
            return EngineResultStream(fields: ["user"], rows: [[userName.map { .string($0) } ?? .null]], queryType: .read)
        default:
            break
        }
        guard !session.inTransaction else {
            throw BoltFailure(code: BoltFailure.clientErrorCode, message: "Managing users not allowed in multicommand transactions.")
        }
        do {
            switch statement {
            case .createUser(let name, let password, let ifNotExists):
                try users.create(name, password: password, ifNotExists: ifNotExists)
            case .dropUser(let name):
                try users.drop(name)
            case .setPassword(let name, let password):
                try users.setPassword(name, to: password)
            case .showUsers, .showCurrentUser:
                break
            }
        } catch {
            throw Self.failure(error)
        }
        return EngineResultStream(fields: [], rows: [], queryType: .schema)
    }

    static func failure(_ error: UserStore.Failure) -> BoltFailure {
        switch error {
        case .userExists(let name): BoltFailure(code: BoltFailure.clientErrorCode, message: "User '\(name)' already exists.")
        case .noSuchUser(let name): BoltFailure(code: BoltFailure.clientErrorCode, message: "User '\(name)' doesn't exist.")
        case .storage(let reason): BoltFailure(code: BoltFailure.databaseErrorCode, message: "Cannot store users: \(reason)")
        }
    }

    func reset() {
        interrupted.set(false)
        if session.inTransaction { try? session.rollback() }
    }

    func close() {
        if session.inTransaction { try? session.rollback() }
    }

    func interrupt() {
        interrupted.set(true)
    }
}
