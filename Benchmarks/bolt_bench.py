#!/usr/bin/env python3
# Bolt benchmark: the Pokec-like workload (point read, 1-hop, 2-hop, aggregates, single writes)
# over Bolt with pymgclient from several client processes against a quiver server it starts
# (or --host/--port of a running one). Reports per-query p50/p99 latency and throughput, with
# `RETURN 1` as the protocol floor. Numbers, not pass/fail; not part of `make test`.
import argparse
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import mgclient

QUERIES = {
    "return_1": ("RETURN 1", lambda r, n: {}),
    "point_read": ("MATCH (n:User {id: $id}) RETURN n", lambda r, n: {"id": r.randrange(n)}),
    "one_hop": ("MATCH (s:User {id: $id})-->(n:User) RETURN n.id", lambda r, n: {"id": r.randrange(n)}),
    "two_hop": ("MATCH (s:User {id: $id})-->()-->(n:User) RETURN DISTINCT n.id", lambda r, n: {"id": r.randrange(n)}),
    "aggregate_count": ("MATCH (n:User) RETURN n.age, count(*)", lambda r, n: {}),
    "aggregate_min_max_avg": ("MATCH (n:User) RETURN min(n.age), max(n.age), avg(n.age)", lambda r, n: {}),
    "single_vertex_write": ("CREATE (n:UserTemp {id: $id}) RETURN n", lambda r, n: {"id": r.randrange(1 << 40)}),
    "single_edge_write": ("MATCH (a:User {id: $a}), (b:User {id: $b}) CREATE (a)-[e:Temp]->(b) RETURN e",
                          lambda r, n: {"a": r.randrange(n), "b": r.randrange(n)}),
}


def connect(host, port):
    connection = mgclient.connect(host=host, port=port)
    connection.autocommit = True
    return connection


def execute(connection, query, params=None):
    cursor = connection.cursor()
    cursor.execute(query, params or {})
    return cursor.fetchall()


def load(host, port, users, friendships, seed):
    connection = connect(host, port)
    rng = random.Random(seed)
    started = time.time()
    execute(connection, "CREATE INDEX ON :User(id)")
    batch = 10_000
    for start in range(0, users, batch):
        rows = [{"id": i, "age": rng.randrange(14, 80), "gender": rng.choice(["m", "f"]),
                 "completion_percentage": rng.randrange(0, 101), "region": f"region{rng.randrange(200)}"}
                for i in range(start, min(users, start + batch))]
        execute(connection, "UNWIND $rows AS u CREATE (:User {id: u.id, age: u.age, gender: u.gender, "
                            "completion_percentage: u.completion_percentage, region: u.region})", {"rows": rows})
    vertices_done = time.time()
    for start in range(0, friendships, batch):
        pairs = [[rng.randrange(users), rng.randrange(users)] for _ in range(min(batch, friendships - start))]
        execute(connection, "UNWIND $pairs AS p MATCH (a:User {id: p[0]}), (b:User {id: p[1]}) CREATE (a)-[:Friend]->(b)",
                {"pairs": pairs})
    done = time.time()
    count = execute(connection, "MATCH (n:User) RETURN count(n)")[0][0]
    connection.close()
    print(f"loaded {count} users in {vertices_done - started:.1f} s and {friendships} friendships in "
          f"{done - vertices_done:.1f} s over Bolt", flush=True)


def execute_retrying(connection, query, params, conflicts):
    """Runs a query, retrying write-write conflicts (transient errors) as a driver would."""
    while True:
        try:
            return execute(connection, query, params)
        except mgclient.TransientError:
            conflicts[0] += 1


def client(host, port, name, users, seconds, warmup, seed, out):
    query, params = QUERIES[name]
    rng = random.Random(seed)
    connection = connect(host, port)
    conflicts = [0]
    deadline = time.perf_counter() + warmup
    while time.perf_counter() < deadline:
        execute_retrying(connection, query, params(rng, users), conflicts)
    conflicts = [0]
    latencies = []
    started = time.perf_counter()
    deadline = started + seconds
    while True:
        before = time.perf_counter()
        if before >= deadline:
            break
        execute_retrying(connection, query, params(rng, users), conflicts)
        latencies.append(time.perf_counter() - before)
    out.put((latencies, time.perf_counter() - started, conflicts[0]))
    connection.close()


def measure(host, port, name, users, clients, seconds, warmup):
    out = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=client, args=(host, port, name, users, seconds, warmup, 1000 + i, out))
                 for i in range(clients)]
    for process in processes:
        process.start()
    results = [out.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(l for result, _, _ in results for l in result)
    elapsed = max(e for _, e, _ in results)
    conflicts = sum(c for _, _, c in results)
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    return {"query": name, "count": len(latencies), "p50_ms": p50, "p99_ms": p99,
            "throughput": len(latencies) / elapsed, "mean_ms": statistics.fmean(latencies) * 1000,
            "conflicts": conflicts}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, data_directory):
    port = free_port()
    process = subprocess.Popen([binary, f"--bolt-port={port}", f"--data-directory={data_directory}",
                                "--storage-properties-on-edges=false"], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if "listening" not in line:
        process.kill()
        sys.exit(f"quiver did not start: {line!r}")
    return process, port


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quiver", default=".build/release/quiver", help="server binary to start")
    parser.add_argument("--host", help="use a running server instead of starting one")
    parser.add_argument("--port", type=int, default=7687)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--friendships", type=int, help="default: 17 per user")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0, help="measured time per query kind")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--queries", default=",".join(QUERIES), help="comma-separated subset")
    args = parser.parse_args()
    friendships = args.friendships if args.friendships is not None else args.users * 17
    server = None
    host, port = args.host, args.port
    if host is None:
        host = "127.0.0.1"
        server, port = start_server(args.quiver, tempfile.mkdtemp(prefix="quiver-bench-"))
    try:
        load(host, port, args.users, friendships, seed=42)
        print(f"{args.clients} client processes, {args.seconds:.0f} s per query kind (pymgclient, autocommit)")
        print(f"{'query':<24}{'count':>9}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}{'queries/s':>12}")
        floor = None
        for name in args.queries.split(","):
            row = measure(host, port, name, args.users, args.clients, args.seconds, args.warmup)
            floor = row["p50_ms"] if name == "return_1" else floor
            ratio = f"  ({row['p50_ms'] / floor:.2f}x floor)" if floor and name != "return_1" else ""
            if row["conflicts"]:
                ratio += f", {row['conflicts']} conflicts retried"
            print(f"{name:<24}{row['count']:>9}{row['p50_ms']:>10.3f}{row['p99_ms']:>10.3f}{row['mean_ms']:>10.3f}"
                  f"{row['throughput']:>12.0f}{ratio}", flush=True)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
