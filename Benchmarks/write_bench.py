#!/usr/bin/env python3
# Commit throughput over Bolt with concurrent writers (issue 5): a release `quiver` is started
# with the WAL at its default (every commit waits for its group fsync) and again with the WAL
# disabled; W writer processes (pymgclient, one connection each) run autocommit transactions
# that write two vertices and an edge for a fixed time. Prints commits/s for each and the ratio.
#   python3 Benchmarks/write_bench.py --quiver .build/release/quiver [--writers 8] [--seconds 10]
import argparse
import multiprocessing
import os
import shutil
import socket
import subprocess
import tempfile
import time

import mgclient

WRITE = "CREATE (a:W {id: $id})-[:P]->(b:W {id: $id})"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def writer(port, index, seconds, start, counts):
    connection = mgclient.connect(host="127.0.0.1", port=port)
    connection.autocommit = True
    cursor = connection.cursor()
    start.wait()
    deadline = time.time() + seconds
    done, next_id = 0, index * 100_000_000
    while time.time() < deadline:
        cursor.execute(WRITE, {"id": next_id})
        cursor.fetchall()
        done += 1
        next_id += 1
    counts[index] = done


def run(quiver, writers, seconds, wal, extra):
    directory = tempfile.mkdtemp(prefix="quiver-write-bench-")
    port = free_port()
    process = subprocess.Popen([quiver, f"--bolt-port={port}", f"--data-directory={directory}",
                                f"--storage-wal-enabled={'true' if wal else 'false'}", "--storage-snapshot-on-exit=false", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if "listening" not in process.stdout.readline():
            raise SystemExit("quiver did not start")
        start, counts = multiprocessing.Event(), multiprocessing.Array("q", writers)
        workers = [multiprocessing.Process(target=writer, args=(port, k, seconds, start, counts)) for k in range(writers)]
        for worker in workers:
            worker.start()
        time.sleep(0.5)
        start.set()
        for worker in workers:
            worker.join()
        return sum(counts) / seconds
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quiver", default=".build/release/quiver")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--server-arg", action="append", default=[], help="an extra quiver flag (repeatable)")
    args = parser.parse_args()
    results = {True: [], False: []}
    for _ in range(args.rounds):
        for wal in (False, True):
            results[wal].append(run(args.quiver, args.writers, args.seconds, wal, args.server_arg))
    off, on = max(results[False]), max(results[True])
    print(f"{args.writers} writers, {args.seconds:.0f} s, best of {args.rounds} (2 vertices + 1 edge per transaction):")
    print(f"  WAL disabled:                 {off:9.0f} commits/s")
    print(f"  WAL default (fsync per group): {on:9.0f} commits/s")
    print(f"  ratio: {on / off:.2f} (target >= 0.50)")


if __name__ == "__main__":
    main()
