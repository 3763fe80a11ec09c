// Query memory limits: `QUERY MEMORY LIMIT n KB|MB` stops a query whose buffers or big lists
// exceed it with Memgraph's transient error, rolls its writes back, and leaves the session
// usable; UNLIMITED and small queries are unaffected; the global limit stops a growing write.
import QuiverCore
import QuiverEngine
import QuiverStorage
import Testing

@Suite struct MemoryLimitTests {
    func outcome(_ session: Session, _ query: String) -> Result<[[Value]], QuiverError> {
        Result { () throws(QuiverError) in try session.run(query).all() }
    }

    func expectMemoryError(_ result: Result<[[Value]], QuiverError>, _ comment: Comment? = nil) {
        guard case .failure(let error) = result else {
            Issue.record("expected a memory limit error", sourceLocation: #_sourceLocation)
            return
        }
        #expect(error.code == .memoryLimitExceeded && error.code.isTransient, comment)
        #expect(error.message.hasPrefix("Memory limit exceeded!"), comment)
    }

    @Test func queryLimitStopsBuffersAndBigLists() throws {
        let session = Database().session()
        expectMemoryError(outcome(session, "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b RETURN collect(a) QUERY MEMORY LIMIT 1 MB"))
        expectMemoryError(outcome(session, "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b RETURN a ORDER BY a DESC QUERY MEMORY LIMIT 1 MB"))
        let bigList = outcome(session, "RETURN size(range(1, 10000000)) QUERY MEMORY LIMIT 10 MB")
        expectMemoryError(bigList)
        if case .failure(let error) = bigList { #expect(error.message.contains("Query memory use would be")) }
        let small = try session.run("UNWIND range(1, 10) AS x RETURN size(collect(x)) QUERY MEMORY LIMIT 1 KB").all()
        #expect(small == [[.int(10)]])
        let unlimited = try session.run("UNWIND range(1, 100000) AS x RETURN size(collect(x)) QUERY MEMORY UNLIMITED").all()
        #expect(unlimited == [[.int(100000)]])
    }

    @Test func queryLimitRollsBackWrites() throws {
        let session = Database().session()
        // Small lists (no big allocation up front): the sort buffer after the writes trips the limit.
        let query = "UNWIND range(1, 400) AS a UNWIND range(1, 500) AS b CREATE (:N {x: a * b}) WITH a * b AS x ORDER BY x RETURN collect(x) QUERY MEMORY LIMIT 1 MB"
        let failed = outcome(session, query)
        expectMemoryError(failed)
        if case .failure(let error) = failed { #expect(error.message.contains("Query memory use")) }
        #expect(try session.run("MATCH (n:N) RETURN count(n)").all() == [[.int(0)]])
    }

    @Test func globalLimitStopsAGrowingWriteAndSparesOthers() throws {
        let probe = Database()
        var config = DatabaseConfig()
        config.storage.memoryLimitBytes = probe.storage.memoryGuard.currentUse + (24 << 20)
        config.storage.garbageCollectionIntervalSeconds = nil
        let database = Database(config: config)
        let big = database.session(), other = database.session()
        _ = try other.run("CREATE (:Keep {v: 1})").all()
        let failed = outcome(big, "UNWIND range(1, 3000) AS a UNWIND range(1, 1000) AS b CREATE (:N {x: a, pad: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'})")
        expectMemoryError(failed)
        if case .failure(let error) = failed { #expect(error.message.contains("Current use is")) }
        #expect(try other.run("MATCH (n:Keep) RETURN n.v").all() == [[.int(1)]])
        #expect(try big.run("MATCH (n:N) RETURN count(n)").all() == [[.int(0)]])
        database.storage.collectGarbage()
        #expect(!database.storage.memoryGuard.sampleNow())
    }
}
