# Durability through a real server (issue 5): CREATE SNAPSHOT / SHOW SNAPSHOTS columns, a
# restart that recovers data, indexes and constraints from a snapshot plus the WAL after it,
# DUMP DATABASE replayed into an empty server giving the same graph, the data-directory lock,
# and a server started with the WAL disabled keeping only what a snapshot holds.
import subprocess

import mgclient
import pytest

from conftest import QUIVER, QuiverProcess, free_port


def run(port, *queries):
    connection = mgclient.connect(host="127.0.0.1", port=port)
    connection.autocommit = True
    cursor = connection.cursor()
    results = []
    for query in queries:
        cursor.execute(query)
        results.append(cursor.fetchall())
    connection.close()
    return results


def graph(port):
    return run(port, "MATCH (n) RETURN labels(n), properties(n) ORDER BY n.id",
               "MATCH (a)-[r]->(b) RETURN a.id, type(r), properties(r), b.id ORDER BY a.id, b.id")


def test_snapshot_then_wal_recovered_after_restart(quiver_binary, tmp_path):
    server = QuiverProcess(tmp_path, name="d1")
    run(server.port, "CREATE INDEX ON :P(id)", "CREATE INDEX ON :P(id, when)", "CREATE CONSTRAINT ON (n:P) ASSERT n.id IS UNIQUE",
        "UNWIND range(1, 500) AS i CREATE (:P {id: i, when: date('2024-01-01') + duration({days: i})})")
    created = run(server.port, "CREATE SNAPSHOT")[0]
    assert len(created) == 1 and "/snapshots/" in created[0][0]
    connection = mgclient.connect(host="127.0.0.1", port=server.port)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute("SHOW SNAPSHOTS")
    assert [column.name for column in cursor.description] == ["path", "timestamp", "creation_time", "size"]
    rows = cursor.fetchall()
    assert rows[0][0] == created[0][0] and isinstance(rows[0][1], int)
    connection.close()
    run(server.port, "MATCH (a:P {id: 1}), (b:P {id: 2}) CREATE (a)-[:R {w: 1.5}]->(b)", "MATCH (n:P {id: 500}) DELETE n")
    before = graph(server.port)
    server.stop()

    restarted = QuiverProcess(tmp_path, name="d1")
    try:
        assert graph(restarted.port) == before
        assert run(restarted.port, "SHOW INDEX INFO")[0] == [("label+property", "P", ["id"], 499),
                                                            ("label+property", "P", ["id", "when"], 499)]
        with pytest.raises(mgclient.DatabaseError, match="unique constraint violation"):
            run(restarted.port, "CREATE (:P {id: 7})")
    finally:
        restarted.stop()


def test_dump_database_rebuilds_the_graph(quiver_binary, tmp_path):
    source = QuiverProcess(tmp_path, name="dump-source")
    target = QuiverProcess(tmp_path, name="dump-target")
    try:
        run(source.port, "CREATE INDEX ON :P(id)",
            "CREATE (a:P:Q {id: 1, tags: ['x', 'y'], m: 'it\\'s'})-[:R {since: 2020}]->(b:P {id: 2, t: localtime('12:00')}), (b)-[:S]->(a)")
        statements = [row[0] for row in run(source.port, "DUMP DATABASE")[0]]
        assert statements[0] == "CREATE INDEX ON :P(id);"
        run(target.port, *statements)
        assert graph(target.port) == graph(source.port)
        assert [row[0] for row in run(target.port, "DUMP DATABASE")[0]] == statements
    finally:
        source.stop()
        target.stop()


def test_second_server_on_the_same_directory_is_refused(quiver_binary, tmp_path):
    server = QuiverProcess(tmp_path, name="locked")
    try:
        done = subprocess.run([str(QUIVER), f"--bolt-port={free_port()}", f"--data-directory={server.data}"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode != 0
        assert "is in use by another Quiver process" in done.stderr
    finally:
        server.stop()


def test_without_the_wal_only_snapshots_persist(quiver_binary, tmp_path):
    args = ["--storage-wal-enabled=false", "--storage-snapshot-on-exit=false"]
    server = QuiverProcess(tmp_path, args, name="nowal")
    run(server.port, "CREATE (:Kept)", "CREATE SNAPSHOT", "CREATE (:Lost)")
    server.stop()
    restarted = QuiverProcess(tmp_path, args, name="nowal")
    try:
        assert run(restarted.port, "MATCH (n) RETURN labels(n)")[0] == [(["Kept"],)]
    finally:
        restarted.stop()
