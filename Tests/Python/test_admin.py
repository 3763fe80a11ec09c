# Admin queries against a real quiver process: exact columns and texts of SHOW STORAGE INFO,
# SHOW INDEX INFO and SHOW CONSTRAINT INFO, notifications for index/constraint DDL, constraint
# violation texts, refusals inside explicit transactions, SHOW/TERMINATE TRANSACTIONS, the
# query timeout, server-side parameters, properties-on-edges off, and a storage-mode switch
# under concurrent write load.
import re
import threading
import time

import mgclient
import psutil
import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, TransientError

from conftest import QuiverProcess

AUTH = ("anyone", "anything")
MULTICOMMAND = ("is not allowed in multicommand transactions. A multicommand transaction, also known as an explicit "
                "transaction, groups multiple commands into a single atomic operation. Instead, please use an implicit "
                "transaction, also known as an auto committing transaction, in order to execute this particularquery.")


@pytest.fixture(scope="module")
def driver(server):
    with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
        driver.verify_connectivity()
        yield driver


def connect(server):
    connection = mgclient.connect(host="127.0.0.1", port=server.port)
    connection.autocommit = True
    return connection


def query(connection, text, params=None):
    cursor = connection.cursor()
    cursor.execute(text, params or {})
    return [d.name for d in cursor.description or []], cursor.fetchall()


def notifications(summary):
    raw = getattr(summary, "metadata", {}) or {}
    return [n["title"] for n in raw.get("notifications", [])]


def parse_size(text):
    match = re.fullmatch(r"([0-9.]+)(B|KiB|MiB|GiB|TiB)", text)
    assert match, text
    return float(match.group(1)) * 1024 ** ["B", "KiB", "MiB", "GiB", "TiB"].index(match.group(2))


def test_show_storage_info(server):
    connection = connect(server)
    query(connection, "UNWIND range(1, 20000) AS i CREATE (:Info {i: i, s: 'some text value'})")
    columns, rows = query(connection, "SHOW STORAGE INFO")
    assert columns == ["storage info", "value"]
    info = dict(rows)
    for name in ["name", "vertex_count", "edge_count", "average_degree", "memory_usage", "disk_usage",
                 "memory_allocated", "allocation_limit", "global_isolation_level", "session_isolation_level",
                 "next_session_isolation_level", "storage_mode"]:
        assert name in info, name
    assert info["vertex_count"] >= 20000
    assert info["storage_mode"] == "IN_MEMORY_TRANSACTIONAL"
    assert info["global_isolation_level"] == "SNAPSHOT_ISOLATION"
    assert info["session_isolation_level"] == ""
    assert re.fullmatch(r"[0-9]+(\.[0-9]{2}(KiB|MiB|GiB|TiB)|B)", info["memory_res"])
    rss = psutil.Process(server.process.pid).memory_info().rss
    assert abs(parse_size(info["memory_res"]) - rss) / rss < 0.10
    columns, rows = query(connection, "SHOW STORAGE INFO ON CURRENT DATABASE")
    assert ("storage_mode", "IN_MEMORY_TRANSACTIONAL") in rows
    query(connection, "MATCH (n:Info) DELETE n")
    connection.close()


def test_index_ddl_info_and_notifications(driver):
    with driver.session() as session:
        session.run("UNWIND range(1, 5) AS i CREATE (:Idx {id: i})").consume()
        summary = session.run("CREATE INDEX ON :Idx(id)").consume()
        assert notifications(summary) == ["Created index on label Idx on properties id."]
        summary = session.run("CREATE INDEX IF NOT EXISTS FOR (n:Idx) ON (n.id)").consume()
        assert notifications(summary) == ["Index on label Idx on properties id already exists."]
        session.run("CREATE INDEX ON :Idx").consume()
        result = session.run("SHOW INDEX INFO")
        assert result.keys() == ["index type", "label", "property", "count"]
        assert [list(r.values()) for r in result] == [["label", "Idx", None, 5], ["label+property", "Idx", ["id"], 5]]
        summary = session.run("DROP INDEX ON :Idx(missing)").consume()
        assert notifications(summary) == ["Index on label Idx on properties missing doesn't exist."]
        session.run("DROP ALL INDEXES").consume()
        assert list(session.run("SHOW INDEXES")) == []
        session.run("MATCH (n:Idx) DELETE n").consume()


def test_composite_index_ddl_info_and_lookups(driver):
    with driver.session() as session:
        session.run("UNWIND range(1, 6) AS i CREATE (:Comp {a: i % 2, b: i})").consume()
        session.run("CREATE (:Comp {a: 1})").consume()
        summary = session.run("CREATE INDEX ON :Comp(a, b)").consume()
        assert notifications(summary) == ["Created index on label Comp on properties a, b."]
        summary = session.run("CREATE INDEX FOR (n:Comp) ON (n.a, n.b)").consume()
        assert notifications(summary) == ["Index on label Comp on properties a, b already exists."]
        result = session.run("SHOW INDEX INFO")
        assert [list(r.values()) for r in result] == [["label+property", "Comp", ["a", "b"], 6]]
        plan = [r[0] for r in session.run("EXPLAIN MATCH (n:Comp {a: 1, b: 3}) RETURN n.b")]
        assert " * ScanAllByLabelProperties (n :Comp {a, b})" in plan, plan
        assert [r[0] for r in session.run("MATCH (n:Comp) WHERE n.a = 1 AND n.b = 3 RETURN n.b")] == [3]
        summary = session.run("DROP INDEX ON :Comp(b, a)").consume()
        assert notifications(summary) == ["Index on label Comp on properties b, a doesn't exist."]
        session.run("DROP INDEX ON :Comp(a, b)").consume()
        assert list(session.run("SHOW INDEXES")) == []
        session.run("MATCH (n:Comp) DELETE n").consume()


def test_zero_memory_limits_are_refused(driver):
    with driver.session() as session:
        for text in ["RETURN 1 QUERY MEMORY LIMIT 0 MB", "CALL some.proc() PROCEDURE MEMORY LIMIT 0 KB YIELD x RETURN x"]:
            with pytest.raises(ClientError, match="Memory limit must be a non-negative integer."):
                session.run(text).consume()


def test_constraints_info_and_violation_texts(driver):
    with driver.session() as session:
        session.run("CREATE CONSTRAINT ON (n:Person) ASSERT EXISTS (n.name)").consume()
        session.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.email, n.tenant IS UNIQUE").consume()
        session.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.age IS TYPED INTEGER").consume()
        summary = session.run("CREATE CONSTRAINT ON (n:Person) ASSERT EXISTS (n.name)").consume()
        assert notifications(summary) == ["Constraint EXISTS on label Person on properties name already exists."]
        result = session.run("SHOW CONSTRAINT INFO")
        assert result.keys() == ["constraint type", "label", "properties", "data_type"]
        assert [list(r.values()) for r in result] == [
            ["exists", "Person", "name", ""],
            ["unique", "Person", ["email", "tenant"], ""],
            ["data_type", "Person", "age", "INTEGER"],
        ]
        session.run("CREATE (:Person {name: 'a', email: 'a@x', tenant: 1, age: 30})").consume()
        cases = [
            ("CREATE (:Person {email: 'b@x'})", "Unable to commit due to existence constraint violation on :Person(name)"),
            ("CREATE (:Person {name: 'b', email: 'a@x', tenant: 1})",
             "Unable to commit due to unique constraint violation on :Person(email, tenant)"),
            ("MATCH (p:Person) SET p.age = 'thirty'", "IS TYPED INTEGER violation on Person(age)"),
            ("CREATE CONSTRAINT ON (n:Person) ASSERT EXISTS (n.nickname)",
             "Unable to create existence constraint :Person(nickname), because an existing node violates it."),
        ]
        for text, message in cases:
            with pytest.raises(ClientError) as raised:
                session.run(text).consume()
            assert raised.value.message == message
            assert raised.value.code == "Memgraph.ClientError.MemgraphError.MemgraphError"
        assert session.run("MATCH (p:Person) RETURN count(p) AS c").single()["c"] == 1
        session.run("DROP ALL CONSTRAINTS").consume()
        session.run("MATCH (p:Person) DELETE p").consume()


def test_concurrent_unique_commits(driver):
    with driver.session() as session:
        session.run("CREATE CONSTRAINT ON (n:Account) ASSERT n.number IS UNIQUE").consume()
    with driver.session() as first, driver.session() as second:
        tx1, tx2 = first.begin_transaction(), second.begin_transaction()
        tx1.run("CREATE (:Account {number: 7})").consume()
        tx2.run("CREATE (:Account {number: 7})").consume()
        tx1.commit()
        with pytest.raises(ClientError) as raised:
            tx2.commit()
        assert raised.value.message == "Unable to commit due to unique constraint violation on :Account(number)"
    with driver.session() as session:
        assert session.run("MATCH (a:Account) RETURN count(a) AS c").single()["c"] == 1
        session.run("DROP CONSTRAINT ON (n:Account) ASSERT n.number IS UNIQUE").consume()
        session.run("MATCH (a:Account) DELETE a").consume()


def test_admin_queries_refused_in_explicit_transactions(driver):
    for text, kind in [("STORAGE MODE IN_MEMORY_ANALYTICAL", "Modifying storage modes"),
                       ("CREATE INDEX ON :L", "Index manipulation"),
                       ("CREATE CONSTRAINT ON (n:L) ASSERT EXISTS (n.p)", "Constraint manipulation"),
                       ("SHOW STORAGE INFO", "Storage information query")]:
        with driver.session() as session:
            tx = session.begin_transaction()
            with pytest.raises(ClientError) as raised:
                tx.run(text).consume()
            assert raised.value.message == f"{kind} {MULTICOMMAND}"
            tx.rollback()


def test_show_and_terminate_transactions(driver):
    with driver.session() as worker, driver.session() as admin:
        tx = worker.begin_transaction(metadata={"job": "import"})
        tx.run("CREATE (:Running)").consume()
        rows = [r for r in admin.run("SHOW TRANSACTIONS") if r["metadata"] == {"job": "import"}]
        assert len(rows) == 1
        assert rows[0]["query"] == ["CREATE (:Running)"]
        killed = admin.run(f"TERMINATE TRANSACTIONS '{rows[0]['transaction_id']}'").single()
        assert killed["killed"] is True
        with pytest.raises(TransientError) as raised:
            tx.run("UNWIND range(1, 100000) AS i RETURN i").consume()
        assert raised.value.message == "Transaction was asked to abort by another user."
        tx.close()
    with driver.session() as session:
        assert session.run("MATCH (n:Running) RETURN count(n) AS c").single()["c"] == 0


def test_server_side_parameters(driver):
    with driver.session() as session:
        session.run("SET GLOBAL PARAMETER answer = 42").consume()
        assert session.run("RETURN $answer AS a").single()["a"] == 42
        assert [list(r.values()) for r in session.run("SHOW PARAMETERS")] == [["answer", 42, "global"]]
        session.run("DELETE ALL PARAMETERS").consume()
        assert list(session.run("SHOW PARAMETERS")) == []


def test_show_config_version_and_isolation(driver):
    with driver.session() as session:
        result = session.run("SHOW CONFIG")
        assert result.keys() == ["name", "default_value", "current_value", "description"]
        config = {r["name"]: r for r in result}
        assert config["storage_mode"]["current_value"] == "IN_MEMORY_TRANSACTIONAL"
        assert config["query_execution_timeout_sec"]["default_value"] == "600.0"
        assert session.run("SHOW VERSION").single()["version"]
        session.run("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED").consume()
        info = {r["storage info"]: r["value"] for r in session.run("SHOW STORAGE INFO")}
        assert info["session_isolation_level"] == "READ_COMMITTED"


def test_storage_mode_switch_under_concurrent_load(server):
    stop = threading.Event()
    errors, created = [], [0]

    def writer():
        connection = connect(server)
        while not stop.is_set():
            try:
                query(connection, "UNWIND range(1, 50) AS i CREATE (:Load {i: i})")
                created[0] += 50
            except mgclient.DatabaseError as error:
                errors.append(str(error))
        connection.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    admin = connect(server)
    try:
        query(admin, "STORAGE MODE IN_MEMORY_ANALYTICAL")
        _, rows = query(admin, "SHOW STORAGE INFO ON CURRENT DATABASE")
        assert ("storage_mode", "IN_MEMORY_ANALYTICAL") in rows
        time.sleep(0.5)
        query(admin, "STORAGE MODE IN_MEMORY_TRANSACTIONAL")
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
    _, rows = query(admin, "MATCH (n:Load) RETURN count(n)")
    assert rows == [(created[0],)]
    # A transaction held open blocks the switch until the access timeout, with Memgraph's text.
    holder = connect(server)
    holder.autocommit = False
    holder.cursor().execute("CREATE (:Held)")
    with pytest.raises(mgclient.DatabaseError, match="^Cannot get unique access to the storage. Try stopping other"):
        query(admin, "STORAGE MODE IN_MEMORY_ANALYTICAL")
    holder.rollback()
    query(admin, "MATCH (n:Load) DELETE n")
    admin.close()
    holder.close()


def test_drop_graph_needs_analytical_mode(server):
    connection = connect(server)
    with pytest.raises(mgclient.DatabaseError, match="^Drop graph can only be used in the analytical mode"):
        query(connection, "DROP GRAPH")
    connection.close()


@pytest.fixture(scope="module")
def limited_server(quiver_binary, tmp_path_factory):
    process = QuiverProcess(tmp_path_factory.mktemp("quiver-admin"),
                            ["--storage-properties-on-edges=false", "--query-execution-timeout-sec=1"], name="limited")
    yield process
    process.stop()


def test_edge_properties_disabled_and_query_timeout(limited_server):
    with GraphDatabase.driver(limited_server.uri, auth=AUTH) as driver, driver.session() as session:
        session.run("CREATE (:E)-[:T]->(:E)").consume()
        for text in ["MATCH ()-[r:T]->() SET r.p = 1", "CREATE ()-[:T {p: 1}]->()"]:
            with pytest.raises(ClientError) as raised:
                session.run(text).consume()
            assert raised.value.message == "Can't set property because properties on edges are disabled."
        started = time.time()
        with pytest.raises(TransientError) as raised:
            session.run("UNWIND range(1, 2000) AS a UNWIND range(1, 2000) AS b UNWIND range(1, 2000) AS c "
                        "RETURN count(*)").consume()
        assert raised.value.message == "Transaction was asked to abort because of transaction timeout."
        assert time.time() - started < 10
        assert session.run("RETURN 1 AS x").single()["x"] == 1
