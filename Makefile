# Quiver's entry points. Every target installs what it needs on a fresh Debian machine with the
# Swift toolchain, so `make test` is the whole set-up for a newcomer and for CI.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build and tests need (tzdata: IANA zones for DateTime values);
# installed by `make deps` when missing.
APT_PACKAGES ?= tzdata

.PHONY: deps build test tck tck-baseline bench release clean

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
# TCK through the engine, failing on any test case of the committed baseline that regresses.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory tck

tck:
	@if [ -d "$(TCK_FEATURES)" ]; then \
	  .build/debug/quiver-tck $(TCK_FEATURES) --baseline Tests/TCK/baseline.txt; \
	else echo "TCK features not found at $(TCK_FEATURES): skipping the TCK run"; fi

# Rewrites the committed list of passing TCK test cases (after an improvement).
tck-baseline:
	.build/debug/quiver-tck $(TCK_FEATURES) --baseline Tests/TCK/baseline.txt --update-baseline

release: deps
	$(SWIFT) build -c release

# Storage benchmark on the Pokec-like graph (release build; not part of `make test`).
# BENCH_ARGS="--vertices 100000" for a quick run.
bench: release
	.build/release/quiver-bench $(BENCH_ARGS)

clean:
	rm -rf .build
