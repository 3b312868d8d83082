# Gazette — the two commands of the README are `make run` and `make test`.
# Both install what is missing (Debian packages) and build.

PREFIX  ?= /usr/local
DESTDIR ?=
SWIFT   ?= swift
CONFIG  ?= release
BIN      = .build/$(CONFIG)/gazette
APT_PACKAGES = libsystemd-dev libsqlite3-dev pkg-config systemd-container

.PHONY: all deps build release run test test-unit test-e2e bench clean

all: build

## deps: install the Debian packages the build and the tests need, when absent.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## run: the daemon on the embedded default — a local inbox and a SQLite file under ./run/.
run: release
	@mkdir -p run/inbox
	@echo "gazette: drop pages into $(CURDIR)/run/inbox; search with: $(BIN) search --store run/gazette.sqlite 医保"
	$(BIN) parse seeds/*.txt

## test: the whole suite — unit tests of every module, then the end-to-end scripts.
##   (Tests/e2e/journald.sh first starts a standalone journald where none runs, for the journal round trip.)
test: deps
	$(SWIFT) build
	@bash Tests/e2e/journald.sh
	$(SWIFT) test
	@$(MAKE) --no-print-directory test-e2e

test-e2e:
	@set -e; for t in Tests/e2e/*.sh; do \
	  [ -e "$$t" ] || continue; echo "== e2e: $$t"; bash "$$t"; \
	done

clean:
	rm -rf .build run
