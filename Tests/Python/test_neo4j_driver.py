# The official neo4j Python driver (6.x) against a real quiver process: connect, CRUD, every
# parameter type round-tripped, graph values, explicit and managed transactions (a conflict
# retried to success), error classification, a 1 M-row stream, 50 concurrent clients, TLS.
import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import pytz
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, TransientError
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time

AUTH = ("anyone", "anything")  # auth is open while no user exists


@pytest.fixture(scope="module")
def driver(server):
    with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
        driver.verify_connectivity()
        yield driver


def test_connects_on_bolt_5(driver):
    with driver.session() as session:
        assert session.run("RETURN 1 AS x").single()["x"] == 1
    info = driver.get_server_info()
    assert info.protocol_version >= (5, 0)
    assert info.agent.startswith("Neo4j/")


def test_create_match_update_delete(driver):
    with driver.session() as session:
        summary = session.run("CREATE (:Crud {name: 'a', n: 1}), (:Crud {name: 'b', n: 2})").consume()
        assert summary.counters.nodes_created == 2
        names = [r["name"] for r in session.run("MATCH (c:Crud) RETURN c.name AS name ORDER BY name")]
        assert names == ["a", "b"]
        summary = session.run("MATCH (c:Crud {name: 'a'}) SET c.n = 10").consume()
        assert summary.counters.properties_set == 1
        assert session.run("MATCH (c:Crud {name: 'a'}) RETURN c.n AS n").single()["n"] == 10
        summary = session.run("MATCH (c:Crud) DELETE c").consume()
        assert summary.counters.nodes_deleted == 2
        assert session.run("MATCH (c:Crud) RETURN count(c) AS n").single()["n"] == 0


PARAMETERS = {
    "null": None,
    "true": True,
    "false": False,
    "int_small": 7,
    "int_negative": -17,
    "int_big": 2**62,
    "int_min": -(2**63),
    "float": 3.25,
    "float_negative": -1e300,
    "string": "héllo wörld ✓",
    "empty_string": "",
    "list": [1, "two", 3.0, None, [4]],
    "map": {"a": 1, "b": {"c": ["d"]}},
    "date": Date(2024, 2, 29),
    "local_time": Time(12, 34, 56, 789000000),
    "local_datetime": DateTime(2024, 1, 2, 3, 4, 5, 6000),
    "datetime_offset": DateTime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    "datetime_zone": pytz.timezone("Europe/Zagreb").localize(DateTime(2024, 7, 1, 12, 0, 0)),
    "duration": Duration(days=3, seconds=4, nanoseconds=5),
}


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_parameter_round_trip(driver, name):
    value = PARAMETERS[name]
    with driver.session() as session:
        got = session.run("RETURN $value AS value", value=value).single()["value"]
    if name == "datetime_zone":
        assert got == value and got.tzinfo.zone == "Europe/Zagreb"
    elif name == "duration":
        assert (got.months, got.days, got.seconds, got.nanoseconds) == (0, 3, 4, 5)
    else:
        assert got == value


def test_parameters_stored_and_read_back(driver):
    with driver.session() as session:
        stored = {k: v for k, v in PARAMETERS.items() if k not in ("null", "map") and not isinstance(v, list)}
        session.run("CREATE (n:Params) SET n = $props", props=stored).consume()
        node = session.run("MATCH (n:Params) RETURN n").single()["n"]
        for key, value in stored.items():
            if key == "duration":
                continue
            assert node[key] == value, key
        session.run("MATCH (n:Params) DELETE n").consume()


def test_nodes_relationships_paths(driver):
    with driver.session() as session:
        session.run("CREATE (:G {name: 'a'})-[:KNOWS {since: 2020}]->(:G:H {name: 'b'})").consume()
        record = session.run("MATCH p = (a:G)-[r:KNOWS]->(b:G) RETURN a, r, b, p").single()
        a, r, b, p = record["a"], record["r"], record["b"], record["p"]
        assert isinstance(a, Node) and a.labels == {"G"} and a["name"] == "a"
        assert b.labels == {"G", "H"}
        assert isinstance(r, Relationship) and r.type == "KNOWS" and r["since"] == 2020
        assert r.start_node.element_id == a.element_id and r.end_node.element_id == b.element_id
        assert a.element_id and isinstance(a.element_id, str)
        assert isinstance(p, Path) and len(p) == 1
        assert [n["name"] for n in p.nodes] == ["a", "b"]
        assert p.relationships[0].type == "KNOWS"
        reverse = session.run("MATCH p = (b:H)<-[:KNOWS]-(a:G) RETURN p").single()["p"]
        assert [n["name"] for n in reverse.nodes] == ["b", "a"]
        assert reverse.relationships[0].start_node["name"] == "a"
        session.run("MATCH (n:G) DETACH DELETE n").consume()


def test_explicit_transaction_commit_and_rollback(driver):
    with driver.session() as session:
        with session.begin_transaction() as tx:
            tx.run("CREATE (:Tx {v: 1})").consume()
            assert tx.run("MATCH (t:Tx) RETURN count(t) AS n").single()["n"] == 1
            tx.rollback()
        assert session.run("MATCH (t:Tx) RETURN count(t) AS n").single()["n"] == 0
        with session.begin_transaction() as tx:
            tx.run("CREATE (:Tx {v: 2})").consume()
            first = tx.run("RETURN 1 AS a")
            second = tx.run("RETURN 2 AS b")
            assert second.single()["b"] == 2 and first.single()["a"] == 1
            tx.commit()
        assert session.run("MATCH (t:Tx) RETURN t.v AS v").single()["v"] == 2
        session.run("MATCH (t:Tx) DELETE t").consume()


def test_managed_write_retries_after_conflict(driver, server):
    with driver.session() as setup:
        setup.run("CREATE (:Counter {id: 1, v: 0})").consume()
    blocker_session = driver.session()
    blocker = blocker_session.begin_transaction()
    blocker.run("MATCH (c:Counter {id: 1}) SET c.v = 100").consume()
    attempts = []

    def release():
        time.sleep(0.5)
        blocker.commit()

    releaser = threading.Thread(target=release)

    def work(tx):
        attempts.append(1)
        if len(attempts) == 1:
            releaser.start()
        return tx.run("MATCH (c:Counter {id: 1}) SET c.v = c.v + 1 RETURN c.v AS v").single()["v"]

    with driver.session() as session:
        value = session.execute_write(work)
    releaser.join()
    blocker_session.close()
    assert len(attempts) >= 2, "the first attempt should have hit the open writer"
    assert value == 101
    with driver.session() as session:
        session.run("MATCH (c:Counter) DELETE c").consume()


def test_conflict_is_transient_and_syntax_error_is_client_error(driver):
    with driver.session() as session:
        session.run("CREATE (:Conflict {id: 1})").consume()
    with driver.session() as first, driver.session() as second:
        tx1 = first.begin_transaction()
        tx1.run("MATCH (c:Conflict) SET c.x = 1").consume()
        tx2 = second.begin_transaction()
        with pytest.raises(TransientError) as raised:
            tx2.run("MATCH (c:Conflict) SET c.x = 2").consume()
        assert raised.value.code == "Memgraph.TransientError.MemgraphError.MemgraphError"
        assert raised.value.is_retryable()
        tx1.rollback()
        with pytest.raises(ClientError) as raised:
            first.run("MATCH (n RETURN n").consume()
        assert raised.value.code == "Memgraph.ClientError.MemgraphError.MemgraphError"
        assert not raised.value.is_retryable()
        assert first.run("RETURN 1 AS x").single()["x"] == 1
    with driver.session() as session:
        session.run("MATCH (c:Conflict) DELETE c").consume()


def test_million_rows_stream(driver):
    with driver.session() as session:
        result = session.run("UNWIND range(1, 1000000) AS x RETURN x")
        count = total = 0
        for record in result:
            count += 1
            total += record[0]
    assert count == 1_000_000
    assert total == 1_000_000 * 1_000_001 // 2


def test_fifty_concurrent_clients(server):
    def client(index):
        with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
            with driver.session() as session:
                session.run("CREATE (:Concurrent {i: $i})", i=index).consume()
                return session.run("RETURN $i * 2 AS x", i=index).single()["x"]

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(client, range(50)))
    assert results == [i * 2 for i in range(50)]
    with GraphDatabase.driver(server.uri, auth=AUTH) as driver, driver.session() as session:
        assert session.run("MATCH (c:Concurrent) RETURN count(c) AS n").single()["n"] == 50
        session.run("MATCH (c:Concurrent) DELETE c").consume()


def test_tls_connection(tls_server):
    uri = f"bolt+ssc://127.0.0.1:{tls_server.port}"
    with GraphDatabase.driver(uri, auth=AUTH) as driver, driver.session() as session:
        assert session.run("RETURN 'secure' AS s").single()["s"] == "secure"
