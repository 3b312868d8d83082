#!/usr/bin/env bash
# Makes sure a systemd-journald listens on /run/systemd/journal/socket, so that the
# journal round-trip tests run for real (they skip, saying so, where there is none).
#
# On a machine booted with systemd this finds the running journald and does nothing.
# In a bare container or CI runner (no init system) it starts a standalone
# systemd-journald as root and waits for its socket; that journald keeps running after
# the tests, as a system service would. Idempotent: safe to run any number of times.
set -u
socket=/run/systemd/journal/socket
journald=/lib/systemd/systemd-journald

# A socket file is not a journald: one that died (killed with its session, a crashed
# runner) leaves its sockets behind, and every entry sent to them is refused. So ask it:
# systemd-cat connects to journald's stream socket and fails at once when nobody listens.
alive() { [ -S "$socket" ] && systemd-cat -t gazette-journald-probe true 2>/dev/null; }

if alive; then
  echo "journald: listening on $socket"
  exit 0
fi
if [ -S "$socket" ]; then
  echo "journald: $socket is left over from a journald that is gone (connection refused)"
fi
if [ "$(id -u)" != 0 ]; then
  echo "journald: SKIPPED starting one (not root); journal round-trip tests will be skipped"
  exit 0
fi
if [ ! -x "$journald" ]; then
  echo "journald: SKIPPED ($journald missing: apt-get install systemd); journal tests will be skipped"
  exit 0
fi

mkdir -p /run/systemd/journal
# setsid + closed stdio: the journald outlives this script and make does not wait for it.
setsid "$journald" </dev/null >/dev/null 2>&1 &
for _ in $(seq 1 50); do            # at most 5 s
  if alive; then
    echo "journald: started standalone $journald (pid $!), listening on $socket"
    exit 0
  fi
  sleep 0.1
done
echo "journald: $journald did not create $socket within 5 s; journal tests will be skipped" >&2
exit 0
