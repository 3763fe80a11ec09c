# Quiver's entry points. Every target installs what it needs on a fresh Debian machine with the
# Swift toolchain, so `make test` is the whole set-up for a newcomer and for CI.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build and tests need (tzdata: IANA zones for DateTime values);
# installed by `make deps` when missing.
APT_PACKAGES ?= tzdata

.PHONY: deps build test bench release clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

# The whole test suite: unit, MVCC matrix, concurrency stress and architecture checks.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

release: deps
	$(SWIFT) build -c release

# Storage benchmark on the Pokec-like graph (release build; not part of `make test`).
# BENCH_ARGS="--vertices 100000" for a quick run.
bench: release
	.build/release/quiver-bench $(BENCH_ARGS)

clean:
	rm -rf .build
