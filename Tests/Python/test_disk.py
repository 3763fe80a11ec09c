# ON_DISK_TRANSACTIONAL over Bolt (issue 7): a real `quiver` on the RocksDB store. Data survives
# a restart and the mode sticks (SPEC.md §2's switching rules), write-write conflicts between
# concurrent sessions are transient errors, EDGE IMPORT MODE refuses vertex writes with
# Memgraph's text, indexes and constraints work, SHOW STORAGE INFO reports the mode and disk use.
import mgclient
import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, TransientError

from conftest import QuiverProcess

DISK = "--storage-mode=ON_DISK_TRANSACTIONAL"


def run(port, query, params=None):
    connection = mgclient.connect(host="127.0.0.1", port=port)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute(query, params or {})
    rows = cursor.fetchall()
    connection.close()
    return rows


def failure(port, query):
    with pytest.raises(mgclient.DatabaseError) as error:
        run(port, query)
    return str(error.value)


def storage_info(port):
    return dict(run(port, "SHOW STORAGE INFO"))


def test_data_survives_restart_and_mode_sticks(quiver_binary, tmp_path):
    server = QuiverProcess(tmp_path, [DISK], name="disk")
    try:
        run(server.port, "CREATE INDEX ON :User(id)")
        run(server.port, "UNWIND range(1, 200) AS i CREATE (:User {id: i, name: 'u' + toString(i)})")
        run(server.port, "MATCH (a:User), (b:User) WHERE b.id = a.id + 1 CREATE (a)-[:NEXT {w: a.id}]->(b)")
        info = storage_info(server.port)
        assert info["storage_mode"] == "ON_DISK_TRANSACTIONAL"
        assert info["vertex_count"] == 200 and info["edge_count"] == 199
        assert info["disk_usage"] != "0B"
        assert "You cannot switch from the on-disk storage mode" in failure(server.port, "STORAGE MODE IN_MEMORY_TRANSACTIONAL")
    finally:
        server.stop()
    # Restarted without the flag: a non-empty on-disk instance stays on disk.
    server = QuiverProcess(tmp_path, name="disk")
    try:
        assert storage_info(server.port)["storage_mode"] == "ON_DISK_TRANSACTIONAL"
        assert run(server.port, "MATCH (u:User {id: 42}) RETURN u.name") == [("u42",)]
        assert run(server.port, "MATCH (:User {id: 10})-[e:NEXT]->(b) RETURN e.w, b.id") == [(10, 11)]
        assert run(server.port, "MATCH (n) RETURN count(n)") == [(200,)]
        assert [row[1] for row in run(server.port, "SHOW INDEX INFO")] == ["User"]
        plan = "\n".join(row[0] for row in run(server.port, "EXPLAIN MATCH (u:User {id: 42}) RETURN u"))
        assert "ScanAllByLabelPropertyValue" in plan or "ByLabelProperty" in plan, plan
    finally:
        server.stop()


def test_switching_rules(quiver_binary, tmp_path):
    server = QuiverProcess(tmp_path, name="switch")
    try:
        run(server.port, "CREATE (:X)")
        assert failure(server.port, "STORAGE MODE ON_DISK_TRANSACTIONAL").startswith(
            "You cannot switch from an in-memory storage mode to the on-disk storage mode when the database contains data.")
        run(server.port, "MATCH (n) DETACH DELETE n")
        run(server.port, "STORAGE MODE ON_DISK_TRANSACTIONAL")
        assert storage_info(server.port)["storage_mode"] == "ON_DISK_TRANSACTIONAL"
        # Empty on disk: switching back is allowed.
        run(server.port, "STORAGE MODE IN_MEMORY_TRANSACTIONAL")
        assert storage_info(server.port)["storage_mode"] == "IN_MEMORY_TRANSACTIONAL"
        run(server.port, "STORAGE MODE ON_DISK_TRANSACTIONAL")
        run(server.port, "CREATE (:Y {v: 1})")
        assert "multicommand" in failure_in_transaction(server.port, "STORAGE MODE IN_MEMORY_TRANSACTIONAL")
    finally:
        server.stop()
    server = QuiverProcess(tmp_path, name="switch")
    try:
        assert storage_info(server.port)["storage_mode"] == "ON_DISK_TRANSACTIONAL"
        assert run(server.port, "MATCH (n:Y) RETURN n.v") == [(1,)]
    finally:
        server.stop()


def failure_in_transaction(port, query):
    connection = mgclient.connect(host="127.0.0.1", port=port)
    cursor = connection.cursor()
    cursor.execute("RETURN 1")
    with pytest.raises(mgclient.DatabaseError) as error:
        cursor.execute(query)
    connection.close()
    return str(error.value)


def test_conflicting_sessions_get_a_transient_error(quiver_binary, tmp_path):
    server = QuiverProcess(tmp_path, [DISK], name="conflict")
    driver = GraphDatabase.driver(server.uri, auth=None)
    try:
        with driver.session() as setup:
            setup.run("CREATE (:C {id: 1, v: 0})").consume()
        with driver.session() as first, driver.session() as second:
            a, b = first.begin_transaction(), second.begin_transaction()
            a.run("MATCH (c:C {id: 1}) SET c.v = 1").consume()
            b.run("MATCH (c:C {id: 1}) SET c.v = 2").consume()
            a.commit()
            with pytest.raises(TransientError) as error:
                b.run("MATCH (c:C {id: 1}) SET c.v = 3").consume()
                b.commit()
            assert "Cannot resolve conflicting transactions" in error.value.message
        with driver.session() as check:
            assert check.run("MATCH (c:C {id: 1}) RETURN c.v").single()[0] == 1
        # Snapshot isolation: a transaction does not see a commit made after it started.
        with driver.session() as reader, driver.session() as writer:
            tx = reader.begin_transaction()
            assert tx.run("MATCH (c:C {id: 1}) RETURN c.v").single()[0] == 1
            writer.run("MATCH (c:C {id: 1}) SET c.v = 5").consume()
            assert tx.run("MATCH (c:C {id: 1}) RETURN c.v").single()[0] == 1
            tx.rollback()
    finally:
        driver.close()
        server.stop()


def test_edge_import_mode_and_constraints(quiver_binary, tmp_path):
    server = QuiverProcess(tmp_path, [DISK], name="import")
    try:
        run(server.port, "CREATE CONSTRAINT ON (u:U) ASSERT u.id IS UNIQUE")
        run(server.port, "CREATE INDEX ON :U(id)")
        run(server.port, "UNWIND range(1, 100) AS i CREATE (:U {id: i})")
        assert "Unable to commit due to unique constraint violation" in failure(server.port, "CREATE (:U {id: 7})")
        run(server.port, "EDGE IMPORT MODE ACTIVE")
        assert failure(server.port, "CREATE (:U {id: 1000})") == (
            "Write operations on nodes are forbidden while the edge import mode is active. "
            "To disable the edge import mode, run the EDGE IMPORT MODE INACTIVE; query.")
        run(server.port, "UNWIND range(1, 99) AS i MATCH (a:U {id: i}), (b:U {id: i + 1}) CREATE (a)-[:F]->(b)")
        run(server.port, "EDGE IMPORT MODE INACTIVE")
        assert run(server.port, "MATCH (:U)-[f:F]->(:U) RETURN count(f)") == [(99,)]
        assert run(server.port, "MATCH (:U {id: 50})-[:F]->(b) RETURN b.id") == [(51,)]
        run(server.port, "CREATE (:U {id: 1000})")
        assert run(server.port, "MATCH (u:U) RETURN count(u)") == [(101,)]
    finally:
        server.stop()
    memory = QuiverProcess(tmp_path, name="import-memory")
    try:
        assert failure(memory.port, "EDGE IMPORT MODE ACTIVE") == "Edge import mode is only allowed for on-disk storage mode."
    finally:
        memory.stop()
