# pymgclient (Memgraph's C client, Bolt 4.4) against a real quiver process: connect, CRUD,
# parameters, graph values, the BEGIN/COMMIT/ROLLBACK texts it sends with autocommit off,
# error classes, a 1 M-row result, 50 concurrent clients and TLS.
import datetime
from concurrent.futures import ThreadPoolExecutor

import mgclient
import pytest


def connect(server, **kwargs):
    return mgclient.connect(host="127.0.0.1", port=server.port, **kwargs)


@pytest.fixture
def conn(server):
    connection = connect(server)
    connection.autocommit = True
    yield connection
    connection.close()


def run(connection, query, params=None):
    cursor = connection.cursor()
    cursor.execute(query, params or {})
    return cursor.fetchall()


def test_connect_and_return(conn):
    assert run(conn, "RETURN 1 AS x, 'a' AS y") == [(1, "a")]


def test_crud(conn):
    run(conn, "CREATE (:MgCrud {k: 1}), (:MgCrud {k: 2})")
    assert run(conn, "MATCH (n:MgCrud) RETURN n.k ORDER BY n.k") == [(1,), (2,)]
    run(conn, "MATCH (n:MgCrud {k: 1}) SET n.k = 5")
    assert run(conn, "MATCH (n:MgCrud) RETURN n.k ORDER BY n.k") == [(2,), (5,)]
    run(conn, "MATCH (n:MgCrud) DELETE n")
    assert run(conn, "MATCH (n:MgCrud) RETURN count(n)") == [(0,)]


PARAMETERS = [
    None, True, False, 0, -1, 2**62, -(2**63), 1.5, "text ✓", "", [1, "a", None, [2.5]],
    {"k": {"nested": [1, 2]}},
    datetime.date(2023, 12, 31),
    datetime.time(1, 2, 3, 4),
    datetime.datetime(2020, 2, 29, 23, 59, 58, 123456),
    datetime.timedelta(days=2, seconds=3, microseconds=4),
]


@pytest.mark.parametrize("value", PARAMETERS, ids=[repr(v)[:30] for v in PARAMETERS])
def test_parameter_round_trip(conn, value):
    assert run(conn, "RETURN $v", {"v": value}) == [(value,)]


def test_graph_values(conn):
    run(conn, "CREATE (:MgG {name: 'a'})-[:R {w: 1.5}]->(:MgG:Other {name: 'b'})")
    (a, r, b, p), = run(conn, "MATCH p = (a:MgG)-[r:R]->(b:MgG) RETURN a, r, b, p")
    assert isinstance(a, mgclient.Node) and a.labels == {"MgG"} and a.properties == {"name": "a"}
    assert b.labels == {"MgG", "Other"}
    assert isinstance(r, mgclient.Relationship) and r.type == "R" and r.properties == {"w": 1.5}
    assert r.start_id == a.id and r.end_id == b.id
    assert isinstance(p, mgclient.Path)
    assert [n.properties["name"] for n in p.nodes] == ["a", "b"]
    assert p.relationships[0].type == "R"
    run(conn, "MATCH (n:MgG) DETACH DELETE n")


def test_transactions_with_autocommit_off(server):
    connection = connect(server)
    assert connection.autocommit is False
    cursor = connection.cursor()
    cursor.execute("CREATE (:MgTx {v: 1})")
    connection.rollback()
    cursor.execute("MATCH (n:MgTx) RETURN count(n)")
    assert cursor.fetchall() == [(0,)]
    cursor.execute("CREATE (:MgTx {v: 2})")
    connection.commit()
    other = connect(server)
    other.autocommit = True
    assert run(other, "MATCH (n:MgTx) RETURN n.v") == [(2,)]
    run(other, "MATCH (n:MgTx) DELETE n")
    other.close()
    connection.close()


def test_error_classes(server):
    first, second = connect(server), connect(server)
    first.autocommit = True
    run(first, "CREATE (:MgConflict {id: 1})")
    first.autocommit = False
    second.autocommit = False
    first.cursor().execute("MATCH (n:MgConflict) SET n.x = 1")
    with pytest.raises(mgclient.TransientError):
        second.cursor().execute("MATCH (n:MgConflict) SET n.x = 2")
    first.rollback()
    second.rollback()
    with pytest.raises(mgclient.DatabaseError) as raised:
        first.cursor().execute("MATCH (n RETURN n")
    assert not isinstance(raised.value, mgclient.TransientError)
    first.rollback()
    first.autocommit = True
    assert run(first, "RETURN 2") == [(2,)]
    run(first, "MATCH (n:MgConflict) DELETE n")
    first.close()
    second.close()


def test_million_rows(conn):
    cursor = conn.cursor()
    cursor.execute("UNWIND range(1, 1000000) AS x RETURN x")
    count = total = 0
    while True:
        rows = cursor.fetchmany(10000)
        if not rows:
            break
        count += len(rows)
        total += sum(r[0] for r in rows)
    assert count == 1_000_000 and total == 1_000_000 * 1_000_001 // 2


def test_fifty_concurrent_clients(server):
    def client(index):
        connection = connect(server)
        connection.autocommit = True
        try:
            return run(connection, "RETURN $i + 1", {"i": index})[0][0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        assert list(pool.map(client, range(50))) == [i + 1 for i in range(50)]


def test_tls(tls_server):
    connection = mgclient.connect(host="127.0.0.1", port=tls_server.port, sslmode=mgclient.MG_SSLMODE_REQUIRE)
    connection.autocommit = True
    assert run(connection, "RETURN 'tls'") == [("tls",)]
    connection.close()
