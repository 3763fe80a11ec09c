# Quiver's entry points. Every target installs what it needs on a fresh Debian machine with the
# Swift toolchain, so `make test` is the whole set-up for a newcomer and for CI.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build and tests need (tzdata: IANA zones for DateTime values;
# librocksdb-dev: the ON_DISK_TRANSACTIONAL storage mode);
# installed by `make deps` when missing.
APT_PACKAGES ?= tzdata librocksdb-dev

.PHONY: deps build test tck tck-baseline bench bench-cypher bench-import bench-import-cypherl bench-disk tck-disk release clean run pytest venv bench-bolt bench-write bench-recovery crash-stress

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

# The openCypher TCK (CI has it beside the checkout); skipped with a note when absent.
TCK_FEATURES ?= ../shared/tck/features

# The whole test suite: unit, MVCC matrix, concurrency stress, architecture checks, then the
# TCK through the engine (failing on any test case of the committed baseline that regresses),
# then the Python client tests against real quiver processes.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory tck
	$(MAKE) --no-print-directory tck-disk
	$(MAKE) --no-print-directory pytest

tck:
	@if [ -d "$(TCK_FEATURES)" ]; then \
	  .build/debug/quiver-tck $(TCK_FEATURES) --baseline Tests/TCK/baseline.txt; \
	else echo "TCK features not found at $(TCK_FEATURES): skipping the TCK run"; fi

# Rewrites the committed list of passing TCK test cases (after an improvement).
tck-baseline:
	.build/debug/quiver-tck $(TCK_FEATURES) --baseline Tests/TCK/baseline.txt --update-baseline

# The same TCK with every test case on ON_DISK_TRANSACTIONAL (a RocksDB store per case),
# checked against the same baseline: a case that passes in memory must pass on disk.
tck-disk:
	@if [ -d "$(TCK_FEATURES)" ]; then \
	  .build/debug/quiver-tck $(TCK_FEATURES) --on-disk --baseline Tests/TCK/baseline.txt; \
	else echo "TCK features not found at $(TCK_FEATURES): skipping the on-disk TCK run"; fi

release: deps
	$(SWIFT) build -c release

# Storage benchmark on the Pokec-like graph (release build; not part of `make test`).
# BENCH_ARGS="--vertices 100000" for a quick run.
bench: release
	.build/release/quiver-bench $(BENCH_ARGS)

# Query-engine benchmark in process (point read, 2-hop, grouped count, edge count).
bench-cypher: release
	.build/release/quiver-bench cypher $(BENCH_ARGS)

# LOAD CSV import of the Pokec-like graph (users.csv + friendships.csv under IMPORT_DIR), each of
# IN_MEMORY_TRANSACTIONAL (one transaction per file), the same with a commit per 1 M-row chunk
# file, and IN_MEMORY_ANALYTICAL in its own child process; prints seconds, edges/s, peak RSS and
# the speed-up. BENCH_ARGS="--vertices 100000" for a quick run; see docs/benchmarks.md.
IMPORT_DIR ?= /tmp/quiver-bench-import
bench-import: release
	.build/release/quiver-bench import --directory $(IMPORT_DIR) $(BENCH_ARGS)

# The same graph (100 k users by default: it goes over Bolt) as a .cypherl script, run by
# `quiver console --file` against a release server started on a temporary data directory with
# the WAL off; prints statements/s. CYPHERL_ARGS="--vertices 20000" for a quick run.
CYPHERL_ARGS ?= --vertices 100000
bench-import-cypherl: release
	.build/release/quiver-bench import --cypherl --directory $(IMPORT_DIR)-cypherl $(CYPHERL_ARGS)

# The on-disk mode (issue 7): LOAD CSV import on RocksDB under --memory-limit with EDGE IMPORT
# MODE, answers against in memory and after a restart, point-read and 1-hop throughput.
# DISK_ARGS="--vertices 100000" for a quick run.
DISK_ARGS ?=
bench-disk: release
	.build/release/quiver-bench disk --directory /tmp/quiver-bench-disk $(DISK_ARGS)

clean:
	rm -rf .build

# ---- Server, console and Python client tests (issue 4) -------------------------------------
# `make run`: the server with embedded defaults (in-memory, data under ./data, Bolt on
# 127.0.0.1:7687). RUN_ARGS adds Memgraph-style flags, e.g. RUN_ARGS="--bolt-port=7688".
RUN_ARGS ?=
run: deps
	$(SWIFT) build --product quiver
	.build/debug/quiver --bolt-address=127.0.0.1 --bolt-port=7687 --data-directory=./data --log-level=INFO $(RUN_ARGS)

# A virtual environment with the real clients (neo4j 6.x, pymgclient, gqlalchemy without its
# heavy optional dependencies, pytest). Rebuilt when this Makefile changes.
VENV ?= .venv
PYTHON ?= python3
PY_PACKAGES ?= "neo4j>=6,<7" pymgclient pytest pytz pydantic networkx dacite psutil numpy
# Debian packages the Python tests need (venv support; openssl makes the TLS test certificate).
PY_APT_PACKAGES ?= python3-venv openssl
venv: $(VENV)/.installed
$(VENV)/.installed: Makefile
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(PY_APT_PACKAGES)"
	@$(PYTHON) -m venv $(VENV) || { echo "make: cannot create a virtual environment (install python3-venv)"; exit 1; }
	@$(VENV)/bin/pip install -q --disable-pip-version-check $(PY_PACKAGES) \
	  && $(VENV)/bin/pip install -q --disable-pip-version-check --no-deps gqlalchemy \
	  || { echo "make: pip could not install the Python test clients from PyPI (is PyPI reachable?)"; exit 1; }
	@touch $@

# Python integration tests against real quiver processes (each test module starts its own).
PYTEST_ARGS ?=
pytest: deps venv
	$(SWIFT) build --product quiver
	QUIVER_BIN=$(CURDIR)/.build/debug/quiver $(VENV)/bin/python -m pytest -q Tests/Python $(PYTEST_ARGS)

# Pokec-like workload over Bolt (release build, pymgclient, 4 client processes); not in `make test`.
# BOLT_BENCH_ARGS="--users 20000" for a quick run.
BOLT_BENCH_ARGS ?=
bench-bolt: deps venv
	$(SWIFT) build -c release --product quiver
	$(VENV)/bin/python Benchmarks/bolt_bench.py --quiver .build/release/quiver $(BOLT_BENCH_ARGS)

# ---- Durability (issue 5) ------------------------------------------------------------------
# The kill -9 crash test at full length (make test runs 20 rounds).
CRASH_ROUNDS ?= 200
crash-stress: deps venv
	$(SWIFT) build --product quiver
	QUIVER_CRASH_ROUNDS=$(CRASH_ROUNDS) QUIVER_BIN=$(CURDIR)/.build/debug/quiver $(VENV)/bin/python -m pytest -q -s Tests/Python/test_crash.py

# Commit throughput over Bolt, 8 writers, WAL at its default versus disabled (release build).
WRITE_BENCH_ARGS ?=
bench-write: deps venv
	$(SWIFT) build -c release --product quiver
	$(VENV)/bin/python Benchmarks/write_bench.py --quiver .build/release/quiver $(WRITE_BENCH_ARGS)

# Recovery of the Pokec-like graph from a snapshot and from the WAL alone, in process.
bench-recovery: release
	.build/release/quiver-bench recovery $(BENCH_ARGS)
