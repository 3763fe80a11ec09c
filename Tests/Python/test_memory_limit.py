# Memory limits against a real server (issue 6): under --memory-limit 512, queries that would
# need several GB (a huge write, a huge collect, a huge list) fail with Memgraph's transient
# "Memory limit exceeded!" error and roll back, another session keeps answering meanwhile,
# and the process stays under 1 GB resident throughout.
import multiprocessing
import threading
import time

import mgclient
import pytest

from conftest import QuiverProcess

HUGE_QUERIES = [
    "UNWIND range(1, 20000) AS a UNWIND range(1, 2000) AS b "
    "CREATE (:Big {a: a, b: b, pad: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'})",
    "UNWIND range(1, 100000) AS a UNWIND range(1, 1000) AS b RETURN size(collect(a))",
    "RETURN size(range(1, 100000000))",
]


def resident_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def connect(port):
    connection = mgclient.connect(host="127.0.0.1", port=port)
    connection.autocommit = True
    return connection


@pytest.fixture(scope="module")
def limited(quiver_binary, tmp_path_factory):
    process = QuiverProcess(tmp_path_factory.mktemp("memory"), ["--memory-limit=512"], name="memory")
    yield process
    process.stop()


def other_session(port, answered, failed, stop):
    # A separate process: pymgclient holds the GIL while it waits for the server.
    cursor = connect(port).cursor()
    while not stop.is_set():
        try:
            # An indexed lookup: its cost does not grow with the big transaction's vertices.
            cursor.execute("MATCH (n:Keep {v: 1}) RETURN n.v")
            assert cursor.fetchall() == [(1,)]
            with answered.get_lock():
                answered.value += 1
        except Exception:
            with failed.get_lock():
                failed.value += 1
        time.sleep(0.02)


def test_huge_queries_abort_cleanly_under_the_limit(limited):
    peak = [resident_bytes(limited.process.pid)]
    stop_watch = threading.Event()

    def watch():
        while not stop_watch.is_set():
            peak[0] = max(peak[0], resident_bytes(limited.process.pid))
            time.sleep(0.02)

    setup = connect(limited.port).cursor()
    setup.execute("CREATE INDEX ON :Keep(v)")
    setup.execute("CREATE (:Keep {v: 1})")
    answered, failed, stop = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0), multiprocessing.Event()
    watcher = threading.Thread(target=watch)
    other = multiprocessing.Process(target=other_session, args=(limited.port, answered, failed, stop))
    watcher.start()
    other.start()
    try:
        connection = connect(limited.port)
        cursor = connection.cursor()
        for query in HUGE_QUERIES:
            before = answered.value
            with pytest.raises(mgclient.DatabaseError, match="Memory limit exceeded!"):
                cursor.execute(query)
                cursor.fetchall()
            assert answered.value > before or query.startswith("RETURN"), "the other session stalled"
        cursor.execute("MATCH (n:Big) RETURN count(n)")
        assert cursor.fetchall() == [(0,)]
        cursor.execute("RETURN 1")
        assert cursor.fetchall() == [(1,)]
    finally:
        stop.set()
        stop_watch.set()
        other.join(timeout=10)
        watcher.join()
    assert failed.value == 0
    assert answered.value > 10
    assert peak[0] < 1 << 30, f"peak resident {peak[0] / 2**20:.0f} MiB"
    print(f"\nmemory limit test: peak resident {peak[0] / 2**20:.0f} MiB, other session answered {answered.value} times")
