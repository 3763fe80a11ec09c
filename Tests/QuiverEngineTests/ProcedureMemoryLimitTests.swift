// CALL … PROCEDURE MEMORY LIMIT n KB|MB / PROCEDURE MEMORY UNLIMITED: what a procedure returns
// counts against its limit (100 MiB by default, as in Memgraph); over it the query fails with
// Memgraph's "Memory limit exceeded! …" text and the session keeps working; a zero limit is
// refused with Memgraph's text.
import QuiverCore
import QuiverCypher
import QuiverEngine
import Testing

@Suite struct ProcedureMemoryLimitTests {
    /// `test.strings(n)`: n rows, each a string of 1 MiB (logically; the rows share one buffer).
    func database() -> Database {
        let database = Database()
        let megabyte = String(repeating: "x", count: 1 << 20)
        database.register(Procedure(name: "test.strings", inputs: [ProcedureField(name: "n", type: "INTEGER")],
                                    outputs: [ProcedureField(name: "s", type: "STRING")]) { arguments, _ in
            guard case .int(let count) = arguments[0] else { return [] }
            return Array(repeating: [.string(megabyte)], count: Int(count))
        })
        return database
    }

    func failure(_ session: Session, _ query: String) -> QuiverError? {
        do {
            _ = try session.run(query).all()
            return nil
        } catch {
            return error
        }
    }

    @Test func limitsApplyToWhatTheProcedureReturns() throws {
        let session = database().session()
        #expect(try session.run("CALL test.strings(3) YIELD s RETURN count(s)").all() == [[.int(3)]])
        let small = failure(session, "CALL test.strings(3) PROCEDURE MEMORY LIMIT 2 MB YIELD s RETURN count(s)")
        #expect(small?.code == .memoryLimitExceeded)
        #expect(small?.message.hasPrefix("Memory limit exceeded! Attempting to allocate a chunk of 3.00MiB") == true, "\(String(describing: small))")
        #expect(small?.message.hasSuffix("while the maximum allowed size for allocation is set to 2.00MiB.") == true)
        #expect(try session.run("CALL test.strings(3) PROCEDURE MEMORY LIMIT 4096 KB YIELD s RETURN count(s)").all() == [[.int(3)]])
        // The default is 100 MiB.
        let big = failure(session, "CALL test.strings(101) YIELD s RETURN count(s)")
        #expect(big?.code == .memoryLimitExceeded)
        #expect(big?.message.hasSuffix("set to 100.00MiB.") == true)
        #expect(try session.run("CALL test.strings(101) PROCEDURE MEMORY UNLIMITED YIELD s RETURN count(s)").all() == [[.int(101)]])
        // The session keeps working after a failure.
        #expect(try session.run("RETURN 1 AS one").all() == [[.int(1)]])
    }

    @Test func zeroLimitsAreRefused() throws {
        let session = database().session()
        for query in ["CALL test.strings(1) PROCEDURE MEMORY LIMIT 0 KB YIELD s RETURN s", "RETURN 1 QUERY MEMORY LIMIT 0 MB"] {
            let error = failure(session, query)
            #expect(error?.message == "Memory limit must be a non-negative integer.", "\(query)")
        }
    }
}
