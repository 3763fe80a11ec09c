# Crash test (issue 5): a real `quiver` under concurrent write load is killed with SIGKILL at
# random moments and restarted on the same data directory, again and again. Each transaction
# writes two vertices and an edge; a writer records an id only after its commit is
# acknowledged. After every restart: every acknowledged id is present, and no id is partial
# (two vertices and one edge, or nothing). QUIVER_CRASH_ROUNDS sets the number of rounds
# (20 in `make test`, 200 in `make crash-stress`). The on-disk variant runs the same load on
# ON_DISK_TRANSACTIONAL (RocksDB's WAL), QUIVER_DISK_CRASH_ROUNDS rounds (10 by default).
import os
import random
import signal
import threading
import time

import mgclient
import pytest

from conftest import QuiverProcess

ROUNDS = int(os.environ.get("QUIVER_CRASH_ROUNDS", "20"))
DISK_ROUNDS = int(os.environ.get("QUIVER_DISK_CRASH_ROUNDS", "10"))
WRITERS = 4
WRITE = "CREATE (a:W {id: $id, part: 0})-[:P {id: $id}]->(b:W {id: $id, part: 1})"


def writer(port, first_id, stride, acknowledged, stop, explicit):
    try:
        connection = mgclient.connect(host="127.0.0.1", port=port)
    except Exception:
        return
    connection.autocommit = not explicit
    next_id = first_id
    while not stop.is_set():
        try:
            cursor = connection.cursor()
            cursor.execute(WRITE, {"id": next_id})
            cursor.fetchall()
            if explicit:
                connection.commit()
        except Exception:
            return  # the server died under us: this id was never acknowledged
        acknowledged.append(next_id)
        next_id += stride


def check(port, acknowledged, mode=None):
    connection = mgclient.connect(host="127.0.0.1", port=port)
    connection.autocommit = True
    cursor = connection.cursor()
    if mode is not None:
        cursor.execute("SHOW STORAGE INFO")
        info = dict(cursor.fetchall())
        assert info["storage_mode"] == mode, info
    cursor.execute("MATCH (n:W) RETURN n.id, count(*)")
    vertices = dict(cursor.fetchall())
    cursor.execute("MATCH (:W)-[e:P]->(:W) RETURN e.id, count(*)")
    edges = dict(cursor.fetchall())
    connection.close()
    partial = [i for i in set(vertices) | set(edges) if vertices.get(i) != 2 or edges.get(i) != 1]
    lost = [i for i in acknowledged if i not in vertices]
    return lost, partial, len(vertices)


def test_kill_nine_loses_no_acknowledged_transaction(quiver_binary, tmp_path):
    crash_rounds(tmp_path, ROUNDS, [], None)


def test_kill_nine_on_disk_loses_no_acknowledged_transaction(quiver_binary, tmp_path):
    crash_rounds(tmp_path, DISK_ROUNDS, ["--storage-mode=ON_DISK_TRANSACTIONAL"], "ON_DISK_TRANSACTIONAL")


def crash_rounds(tmp_path, rounds, mode_args, mode):
    rng = random.Random(int(os.environ.get("QUIVER_CRASH_SEED", "5")))
    acknowledged_all = []
    base = 0
    for round_number in range(rounds):
        # Every few rounds a short snapshot interval, so recovery also runs snapshot + WAL tail.
        extra = ["--storage-snapshot-interval-sec=1"] if round_number % 4 == 3 and mode is None else []
        server = QuiverProcess(tmp_path, [*mode_args, *extra], name="crash")
        if round_number > 0:
            lost, partial, present = check(server.port, acknowledged_all, mode)
            assert not lost, f"round {round_number}: {len(lost)} acknowledged transactions lost, e.g. {lost[:5]}"
            assert not partial, f"round {round_number}: partial transactions {partial[:5]}"
        acknowledged, stop = [], threading.Event()
        threads = [threading.Thread(target=writer, args=(server.port, base + k, WRITERS, acknowledged, stop, k % 2 == 1))
                   for k in range(WRITERS)]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(0.1, 0.8))
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        server.stderr.close()
        acknowledged_all.extend(acknowledged)
        base += 10_000_000
    server = QuiverProcess(tmp_path, name="crash")
    try:
        lost, partial, present = check(server.port, acknowledged_all, mode)
        assert not lost and not partial
        assert present >= len(acknowledged_all)
        print(f"\ncrash test ({mode or 'IN_MEMORY_TRANSACTIONAL'}): {rounds} rounds, {len(acknowledged_all)} acknowledged, {present} present, 0 lost, 0 partial")
    finally:
        server.stop()
