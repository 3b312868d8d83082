# Shared by the end-to-end scripts that boot systemd in a container (deb.sh,
# systemd-nspawn.sh): logging, bounded waits, running commands inside the container, the
# journal's message ids, and the clean-up that powers the container off on any exit.
#
# The sourcing script sets E2E_NAME (how its lines start: "deb e2e"), STAGE (its staging
# folder, removed at exit) and NAME (the machine name), defines dump() (what to show when
# a check fails), and after starting systemd-nspawn in the background sets NSPAWN_PID and
# calls wait_container_up.
# shellcheck shell=bash

SECONDS=0
NSPAWN_PID=""
CPID=""
FAILED=0

say()  { printf '[%3ss] %s\n' "$SECONDS" "$*"; }
skip() { echo "$E2E_NAME: SKIPPED: $*"; exit 0; }
# `has PATTERN CMD...`: CMD's whole output matches the extended regex (no early-exit
# grep -q, whose SIGPIPE to CMD would fail the pipeline under pipefail).
has() { local pattern=$1 out; shift; out=$("$@" 2>&1) || true; grep -Eq -- "$pattern" <<<"$out"; }

# Polls `cmd` every 0.2 s for at most $1 seconds.
wait_for() {
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  while ! "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

fail() {
  FAILED=1
  echo "$E2E_NAME: FAILED: $*" >&2
  dump >&2
  exit 1
}

cleanup() {
  local rc=$?
  if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
    [ -n "$CPID" ] && timeout 10 nsenter -t "$CPID" -a systemctl poweroff >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$NSPAWN_PID" 2>/dev/null; then
      kill -TERM "$NSPAWN_PID" 2>/dev/null || true; sleep 2; kill -KILL "$NSPAWN_PID" 2>/dev/null || true
    fi
  fi
  rm -rf "$STAGE" "/run/systemd/nspawn/propagate/$NAME" 2>/dev/null || true
  if [ "$rc" = 0 ] && [ "$FAILED" = 0 ]; then echo "$E2E_NAME: PASSED in ${SECONDS}s"; fi
  exit "$rc"
}

# Runs a command inside the container (all namespaces of its PID 1), bounded.
ct() { timeout "${CT_TIMEOUT:-30}" nsenter -t "$CPID" -a "$@"; }
# As a given user inside the container, with that user's groups.
ct_as() { local user=$1; shift; ct setpriv --reuid="$user" --regid="$user" --init-groups "$@"; }

find_pid1() { CPID=$(ps -o pid=,comm= --ppid "$NSPAWN_PID" | awk '$2 == "systemd" { print $1; exit }'); [ -n "$CPID" ]; }
booted() { case "$(ct systemctl is-system-running 2>/dev/null)" in running|degraded) return 0 ;; *) return 1 ;; esac; }
# Waits for the container's systemd (started with its console in $STAGE/console.log) to
# come up and finish booting.
wait_container_up() {
  wait_for 20 find_pid1 || { cat "$STAGE/console.log"; fail "no systemd came up in the container within 20 s"; }
  find_pid1
  wait_for 60 booted || fail "the container did not finish booting within 60 s"
}

show() { ct systemctl show -P "$1" gazette.service; }
inbox_empty() { [ -z "$(ct find /var/lib/gazette/inbox -mindepth 1 -print -quit)" ]; }
journal_json() { ct journalctl -u gazette -o json --no-pager --all; }
# Entries with a given MESSAGE_ID, as compact JSON lines.
events() { journal_json | jq -c --arg id "$1" 'select(.MESSAGE_ID == $id)'; }

# The daemon's message ids (Sources/GazetteDaemon/Events/GazetteEvent.swift).
STORED_ID=098154a504364876ae7c00f315991bb4
ARTICLE_ID=679f98afd2a14d4484f3de8af0c792ce
READY_ID=eb5d058b930042c5ac83b7e5e7b5d59a
RELOADED_ID=11f0cba8c7554c428289fb4845e55392
