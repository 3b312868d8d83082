# Gazette — the two commands of the README are `make run` and `make test`.
# Both install what is missing (Debian packages) and build.

PREFIX  ?= /usr/local
DESTDIR ?=
SWIFT   ?= swift
CONFIG  ?= release
BIN      = .build/$(CONFIG)/gazette
# A release build carries the Swift runtime and Foundation inside the binary, so it runs
# (and installs, and ships in the .deb) on a machine without the toolchain; ldd lists only
# libraries Debian provides (libc, libstdc++, libsqlite3, libsystemd).
# Its symbols are also bound at load time (-z now: full RELRO, as Debian's hardening asks).
STATIC_FLAGS = --static-swift-stdlib -Xlinker -z -Xlinker now
SWIFT_BUILD_FLAGS = -c $(CONFIG) $(if $(filter release,$(CONFIG)),$(STATIC_FLAGS))
# What `make deb` and its end-to-end test (Tests/e2e/deb.sh) need besides the build's.
DEB_PACKAGES = dpkg-dev debootstrap lintian
APT_PACKAGES = libsystemd-dev libsqlite3-dev pkg-config systemd-container jq postgresql wrk $(DEB_PACKAGES)
# Scans in (issue #21): tesseract's C API and leptonica to build, the Chinese model, poppler's
# pdftotext/pdftoppm/pdfinfo and the CJK fonts the OCR tests and benchmark draw with.
APT_PACKAGES += libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim poppler-utils fonts-noto-cjk

# The one version: `static let version` in Sources/gazette/Gazette.swift (gazette --version).
VERSION := $(shell sed -n 's/^ *static let version = "\(.*\)"$$/\1/p' Sources/gazette/Gazette.swift)

.PHONY: all deps build release run test test-unit test-e2e bench profile clean install uninstall catalog deb version

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
	$(SWIFT) build -c release $(STATIC_FLAGS)

version:
	@echo $(VERSION)

## run: the daemon on the embedded default — a local inbox and a SQLite file under ./run/.
##   On the first run the seed pages are dropped into the inbox as a demo.
run: release
	@mkdir -p run/inbox
	@if [ ! -e run/gazette.sqlite ]; then cp seeds/*.txt run/inbox/; echo "gazette: first run: the seed pages were dropped into run/inbox as a demo"; fi
	@echo "gazette: drop pages into $(CURDIR)/run/inbox (subfolder = paper name); Ctrl-C stops"
	@echo "gazette: in another shell: $(BIN) search --store run/gazette.sqlite 医保"
	exec $(BIN) serve --inbox run/inbox --store run/gazette.sqlite --log stderr

## test: the whole suite — unit tests of every module, then the end-to-end scripts.
##   (Tests/e2e/journald.sh first starts a standalone journald where none runs, for the journal round trip.)
test: deps
	$(SWIFT) build
	@bash Tests/e2e/journald.sh
	@# One OpenMP thread per tesseract page, as the unit runs it: four spinning threads per
	@# OCR test would starve the daemon tests' timed waits on a 2-core machine.
	OMP_THREAD_LIMIT=1 $(SWIFT) test
	@$(MAKE) --no-print-directory test-e2e

test-e2e:
	@passed=0; failed=0; for t in Tests/e2e/*.sh; do \
	  [ -e "$$t" ] || continue; echo "== e2e: $$t"; \
	  if bash "$$t"; then passed=$$((passed+1)); else failed=$$((failed+1)); echo "== e2e: $$t FAILED"; fi; \
	done; \
	echo "e2e: $$passed passed, $$failed failed"; [ $$failed = 0 ]

## bench: the README's Performance table — a release build, then every benchmark part
## (parse, classify, store, e2e, backlog, idle, scale; ~25 min) by gazette-bench, which runs
## the gazette built beside it. BENCH_FLAGS=--quick for a few minutes, BENCH_FLAGS=--json
## for machine output. Benchmarks are not tests: nothing here fails on a missed target; the
## table marks it.
bench: release
	.build/$(CONFIG)/gazette-bench all $(BENCH_FLAGS)

## profile: instructions per page for each stage of the ingest path (hash, parse, classify,
## store and its parts), counted by valgrind's callgrind — stable on a noisy machine, so
## a change to a hot path is judged by it. PROFILE_PAGES (300) and PROFILE_BATCH (32).
PROFILE_PAGES ?= 300
PROFILE_BATCH ?= 32
profile: deps
	@$(MAKE) --no-print-directory deps APT_PACKAGES=valgrind
	bash scripts/profile-ingest.sh $(PROFILE_PAGES) $(PROFILE_BATCH)

clean:
	rm -rf .build run gazette_*.deb

# ---------------------------------------------------------------------------------------
# Installing as a systemd service. systemd reads units, sysusers.d, tmpfiles.d and the
# catalog from /usr/lib and /usr/local/lib, so PREFIX=/usr/local (default) or /usr work
# as they are; for another PREFIX, pass UNITDIR=/etc/systemd/system and so on.
# DESTDIR stages the tree (packaging, the end-to-end test); with an empty DESTDIR the
# user, folders, catalog and unit are also activated on this machine.
BINDIR      ?= $(PREFIX)/bin
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
CATALOGDIR  ?= $(PREFIX)/lib/systemd/catalog
SHAREDIR    ?= $(PREFIX)/share/gazette
CONFDIR     ?= /etc/gazette
CONFIGS      = $(wildcard config/*.toml)

## install: the binary (built with CONFIG, release by default; NO_BUILD=1 installs the one
## already built), unit, sysusers/tmpfiles snippets, catalog, default configuration.
## An existing /etc/gazette/*.toml is kept; the shipped defaults also go to $(SHAREDIR).
install:
	@[ -n "$(NO_BUILD)" ] || $(SWIFT) build $(SWIFT_BUILD_FLAGS) --product gazette
	@[ -x "$(BIN)" ] || { echo "install: $(BIN) missing: run make release first" >&2; exit 1; }
	install -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/gazette
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/local/bin/gazette|$(BINDIR)/gazette|g; s|/etc/gazette/|$(CONFDIR)/|g' \
	  systemd/gazette.service > $(DESTDIR)$(UNITDIR)/gazette.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/gazette.service
	sed 's|/usr/local/bin/gazette|$(BINDIR)/gazette|g; s|/etc/gazette/|$(CONFDIR)/|g' \
	  systemd/gazette-web.service > $(DESTDIR)$(UNITDIR)/gazette-web.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/gazette-web.service
	install -D -m 0644 systemd/gazette.sysusers $(DESTDIR)$(SYSUSERSDIR)/gazette.conf
	install -D -m 0644 systemd/gazette.tmpfiles $(DESTDIR)$(TMPFILESDIR)/gazette.conf
	install -D -m 0644 systemd/gazette.catalog $(DESTDIR)$(CATALOGDIR)/gazette.catalog
	install -d -m 0755 $(DESTDIR)$(CONFDIR) $(DESTDIR)$(SHAREDIR)
	@for f in $(CONFIGS); do \
	  name=$$(basename $$f); install -m 0644 $$f $(DESTDIR)$(SHAREDIR)/$$name; \
	  if [ -e $(DESTDIR)$(CONFDIR)/$$name ]; then \
	    echo "install: kept $(DESTDIR)$(CONFDIR)/$$name (the shipped default is $(SHAREDIR)/$$name)"; \
	  else install -m 0644 $$f $(DESTDIR)$(CONFDIR)/$$name; echo "install: $(DESTDIR)$(CONFDIR)/$$name"; fi; \
	done
	@if [ -z "$(DESTDIR)" ]; then \
	  set -x; systemd-sysusers gazette.conf && systemd-tmpfiles --create gazette.conf \
	  && journalctl --update-catalog \
	  && if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	  { set +x; } 2>/dev/null; \
	  echo "install: done. Start it with: systemctl enable --now gazette; watch it: journalctl -u gazette -f"; \
	fi

## uninstall: reverses install. Keeps the store and inbox (/var/lib/gazette), the gazette
## user, and any configuration that differs from the shipped default.
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  systemctl disable --now gazette.service gazette-web.service 2>/dev/null || true; fi
	rm -f $(DESTDIR)$(BINDIR)/gazette $(DESTDIR)$(UNITDIR)/gazette.service $(DESTDIR)$(UNITDIR)/gazette-web.service \
	  $(DESTDIR)$(SYSUSERSDIR)/gazette.conf $(DESTDIR)$(TMPFILESDIR)/gazette.conf \
	  $(DESTDIR)$(CATALOGDIR)/gazette.catalog
	@for f in $(CONFIGS); do \
	  name=$$(basename $$f); conf=$(DESTDIR)$(CONFDIR)/$$name; \
	  if [ -e $$conf ] && ! cmp -s $$conf $(DESTDIR)$(SHAREDIR)/$$name; then echo "uninstall: kept edited $$conf"; \
	  else rm -f $$conf; fi; rm -f $(DESTDIR)$(SHAREDIR)/$$name; \
	done
	-rmdir $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(CONFDIR) 2>/dev/null
	@if [ -z "$(DESTDIR)" ]; then \
	  journalctl --update-catalog; if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	  echo "uninstall: kept /var/lib/gazette (the store and inbox) and the gazette user"; \
	fi

## catalog: regenerate systemd/gazette.catalog from the event registry.
catalog:
	$(SWIFT) build --product gazette
	.build/debug/gazette catalog > systemd/gazette.catalog

# ---------------------------------------------------------------------------------------
# The Debian package. Built with dpkg's own tools from debian/ (no debhelper, no source
# package): `make install` stages the tree (PREFIX=/usr, the unit in /lib/systemd/system
# as bookworm's packages have it), dpkg-shlibdeps reads the Depends: line off the binary,
# dpkg-gencontrol writes DEBIAN/control from debian/control and debian/changelog.
# (DEB_VERSION is read when used: `make deb` on a new machine installs dpkg-dev first.)
DEB_VERSION  = $(shell dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
DEB_ARCH    := $(shell dpkg --print-architecture 2>/dev/null)
DEB_OUT     ?= .
DEB          = $(DEB_OUT)/gazette_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_BUILD    = .build/deb
DEB_ROOT     = $(DEB_BUILD)/gazette
DOCDIR       = $(DEB_ROOT)/usr/share/doc/gazette
# xz, as Debian's archive has it (17 MB; about 30 s of CPU); the end-to-end test packs
# with gzip (26 MB, 6 s): the compression is all that differs.
DEB_COMPRESS ?= xz

## deb: gazette_VERSION_ARCH.deb in this folder (or DEB_OUT), from the static release build.
##   debian/changelog's newest entry must be this source's version (Gazette.swift).
deb: deps
	@case "$(DEB_VERSION)" in "$(VERSION)"|"$(VERSION)"-*) ;; \
	  *) echo "deb: debian/changelog is at $(DEB_VERSION) but Gazette.swift says $(VERSION):" \
	       "add a changelog entry for $(VERSION)-1 (dch -v $(VERSION)-1)" >&2; exit 1 ;; esac
	$(SWIFT) build -c release $(STATIC_FLAGS) --product gazette
	@! ldd .build/release/gazette | grep -E 'not found|/opt/|swift' \
	  || { echo "deb: the binary above still loads libraries from outside Debian" >&2; exit 1; }
	rm -rf $(DEB_BUILD) && mkdir -p $(DEB_ROOT)/DEBIAN
	$(MAKE) --no-print-directory install NO_BUILD=1 CONFIG=release DESTDIR=$(CURDIR)/$(DEB_ROOT) \
	  PREFIX=/usr UNITDIR=/lib/systemd/system >/dev/null
	strip --remove-section=.comment --remove-section=.note --strip-unneeded $(DEB_ROOT)/usr/bin/gazette
	@# gazette(1), generated from the binary's own help by swift-argument-parser's tool,
	@# so it lists every subcommand and option of this build.
	$(SWIFT) build --product generate-manual
	mkdir -p $(DEB_BUILD)/man && .build/debug/generate-manual .build/release/gazette --section 1 \
	  --date $$(date -u -d @$$(dpkg-parsechangelog -l debian/changelog -S Timestamp) +%F) \
	  --output-directory $(DEB_BUILD)/man
	install -D -m 0644 $(DEB_BUILD)/man/gazette.1 $(DEB_ROOT)/usr/share/man/man1/gazette.1
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/gazette.1
	install -D -m 0644 debian/copyright $(DOCDIR)/copyright
	gzip -9n < debian/changelog > $(DOCDIR)/changelog.Debian.gz && chmod 0644 $(DOCDIR)/changelog.Debian.gz
	install -m 0755 debian/postinst debian/prerm debian/postrm $(DEB_ROOT)/DEBIAN/
	install -m 0644 debian/conffiles $(DEB_ROOT)/DEBIAN/
	dpkg-shlibdeps -T$(DEB_BUILD)/substvars $(DEB_ROOT)/usr/bin/gazette
	dpkg-gencontrol -pgazette -T$(DEB_BUILD)/substvars -f$(DEB_BUILD)/files -P$(DEB_ROOT)
	cd $(DEB_ROOT) && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
	  | xargs -0 md5sum > DEBIAN/md5sums && chmod 0644 DEBIAN/md5sums
	SOURCE_DATE_EPOCH=$$(dpkg-parsechangelog -l debian/changelog -S Timestamp) \
	  dpkg-deb --root-owner-group -Z$(DEB_COMPRESS) --build $(DEB_ROOT) $(DEB)
	@dpkg-deb --field $(DEB) Package Version Depends Installed-Size
	@echo "deb: $(DEB). Lint it: lintian $(DEB)"
