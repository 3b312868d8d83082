#!/usr/bin/env bash
# End-to-end test of the Debian package (issue 16): `make deb`, then a clean Debian
# bookworm booted with systemd-nspawn — nothing of the toolchain or the build folder
# bound in — installs it with apt the way an operator would, and checks:
#   0. lintian finds no errors; the binary loads only Debian's libraries
#   1. apt-get install ./gazette_*.deb: unit enabled and active after READY; the binary
#      runs without /opt/swift (gazette --version)
#   2. seed pages dropped by a member of the gazette group are stored; gazette search finds them
#   3. journalctl -u gazette has the structured fields, journalctl -x the catalog text
#   4. an upgrade to a second build (the same binary repacked with a higher version and a
#      changed shipped gazette.toml) keeps the store and the operator's edited gazette.toml
#      (dpkg's conffile handling: the new default lands beside it as .dpkg-dist), and
#      restarts the daemon, which stores new pages
#   5. apt-get remove stops the service, keeps the store and the configuration
#   6. apt-get purge removes the configuration and keeps the store (see debian/postrm)
#
# The container's root is a debootstrap'ed bookworm (minbase + systemd + libsqlite3-0 + OCR's packages),
# cached under /var/cache/gazette-e2e (GAZETTE_E2E_CACHE) — outside the clone, so a fresh
# clone on the same machine reuses it; the first run builds it (about 3 minutes, from
# the Debian mirror). The container boots it with --volatile=overlay: every write goes
# to a tmpfs, the cached tree stays pristine. It has no network: the package's
# dependencies must already be in the root, as on a server whose apt cannot reach out.
# The package is `make deb` packed with gzip (xz costs half a minute more; nothing else
# differs); GAZETTE_DEB=path tests a given package instead.
#
# Needs root, systemd-nspawn (systemd-container), debootstrap or a cached root, dpkg-dev,
# lintian and jq; elsewhere it says SKIPPED and exits 0. Every wait is bounded; the
# container is powered off and the staging folder removed on any exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
E2E_NAME="deb e2e"
NAME="gazette-deb-$$"
# shellcheck source=Tests/e2e/lib/container.sh
. "$ROOT/Tests/e2e/lib/container.sh"

[ "$(id -u)" = 0 ] || skip "needs root (systemd-nspawn boots a container; apt installs into it)"
command -v systemd-nspawn >/dev/null || skip "systemd-nspawn missing (apt-get install systemd-container, or make deps)"
command -v nsenter >/dev/null || skip "nsenter missing (util-linux)"
command -v jq >/dev/null || skip "jq missing (apt-get install jq, or make deps)"
command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null || skip "dpkg-dev missing (make deps)"
command -v lintian >/dev/null || skip "lintian missing (make deps)"

CACHE=${GAZETTE_E2E_CACHE:-/var/cache/gazette-e2e}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
INCLUDE=systemd,systemd-sysv,dbus,libsqlite3-0,libtesseract5,tesseract-ocr-chi-sim,poppler-utils
# The cached root's name changes with what it holds, so a changed list builds a new one.
ROOTFS=$CACHE/$SUITE-minbase-$(printf '%s' "$INCLUDE" | sha1sum | cut -c1-8)

STAGE=$(mktemp -d /tmp/gazette-deb-e2e.XXXXXX)

dump() {
  [ -n "$CPID" ] || return 0
  echo "---- journalctl -u gazette (last 40 lines) ----"
  ct journalctl -u gazette --no-pager -n 40 2>&1 || true
  echo "---- systemctl status gazette ----"
  ct systemctl status gazette --no-pager 2>&1 | head -20 || true
}

trap cleanup EXIT
trap 'exit 130' INT TERM

# apt inside the container, non-interactive; its output goes to $STAGE/apt.log.
ct_apt() {
  CT_TIMEOUT=120 ct env DEBIAN_FRONTEND=noninteractive sh -c 'cd /srv/debs && apt-get "$@"' apt-get "$@" \
    >"$STAGE/apt.log" 2>&1
}
stats() { ct_as gazette /usr/bin/gazette stats --json --store /var/lib/gazette/gazette.sqlite; }
stat_of() { stats | jq -r ".$1"; }
# Drops a file from the staging folder into the inbox as the producer.
drop() { ct_as producer sh -c "umask 002; cp /srv/drop/$1 /var/lib/gazette/inbox/.$1.part && mv /var/lib/gazette/inbox/.$1.part /var/lib/gazette/inbox/$1"; }

# --------------------------------------------------------------------------- the root
mkdir -p "$CACHE"
# One run at a time builds the root; another waits for it, then reuses it.
exec 9>"$CACHE/.lock"
flock 9
if [ ! -x "$ROOTFS/lib/systemd/systemd" ]; then
  command -v debootstrap >/dev/null || skip "no cached Debian root at $ROOTFS and debootstrap missing (make deps)"
  say "debootstrapping $SUITE ($INCLUDE) into $ROOTFS (once; later runs reuse it)"
  rm -rf "$ROOTFS.tmp"
  if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$ROOTFS.tmp" "$MIRROR" >"$STAGE/debootstrap.log" 2>&1; then
    tail -5 "$STAGE/debootstrap.log"
    rm -rf "$ROOTFS.tmp"
    skip "debootstrap $SUITE from $MIRROR failed (no Debian mirror reachable? set DEBIAN_MIRROR)"
  fi
  # Each boot gets a machine id of its own.
  : >"$ROOTFS.tmp/etc/machine-id"
  mv "$ROOTFS.tmp" "$ROOTFS"
fi
exec 9>&-

# ------------------------------------------------------------------------ the package
if [ -n "${GAZETTE_DEB:-}" ]; then
  DEB=$GAZETTE_DEB
else
  say "make deb (a static release build)"
  mkdir -p "$STAGE/out"
  make -s deb DEB_COMPRESS=gzip DEB_OUT="$STAGE/out" >"$STAGE/make-deb.log" 2>&1 \
    || { tail -30 "$STAGE/make-deb.log"; fail "make deb failed"; }
  DEB=$(ls "$STAGE"/out/gazette_*.deb)
fi
[ -f "$DEB" ] || fail "no package at $DEB"
V1=$(dpkg-deb --field "$DEB" Version)
UPSTREAM=${V1%-*}
DEPENDS=$(dpkg-deb --field "$DEB" Depends)
say "   $(basename "$DEB"): $(du -h "$DEB" | cut -f1); Depends: $DEPENDS"

say "0. lintian and the binary's libraries"
lintian --fail-on error "$DEB" >"$STAGE/lintian.log" 2>&1 \
  || { cat "$STAGE/lintian.log"; fail "lintian reports errors on $(basename "$DEB")"; }
say "   lintian: no errors ($(grep -c '^W:' "$STAGE/lintian.log" || true) warnings: $(grep '^W:' "$STAGE/lintian.log" | awk '{print $3}' | sort -u | tr '\n' ' '))"
mkdir -p "$STAGE/x" "$STAGE/debs" "$STAGE/drop"
dpkg-deb -x "$DEB" "$STAGE/x"
LIBS=$(ldd "$STAGE/x/usr/bin/gazette")
# Swift's own ICU is lib_FoundationICU (static in this build); Debian's libicu72 is
# libtesseract5's, from /lib, and allowed.
if grep -Eq 'not found|/opt/|libswift|libFoundation|_FoundationICU|libicu[^ ]* => /(opt|usr/local)/' <<<"$LIBS"; then
  echo "$LIBS"; fail "the packaged binary loads libraries from outside Debian"
fi
for dep in libc6 libsqlite3-0 libsystemd0; do
  grep -q "$dep" <<<"$DEPENDS" || fail "Depends: lacks $dep ($DEPENDS)"
done

# The upgrade: the same binary repacked with a higher version, whose shipped
# gazette.toml changed — so dpkg has to decide about an operator-edited conffile.
V2="$V1+e2e1"
dpkg --compare-versions "$V2" gt "$V1" || fail "$V2 is not above $V1"
dpkg-deb -R "$DEB" "$STAGE/up"
sed -i "s/^Version: .*/Version: $V2/" "$STAGE/up/DEBIAN/control"
printf '\n# (%s: a later release changed this shipped default)\n' "$V2" >>"$STAGE/up/etc/gazette/gazette.toml"
(cd "$STAGE/up" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums)
cp "$DEB" "$STAGE/debs/"
dpkg-deb --root-owner-group -Zgzip -z1 --build "$STAGE/up" "$STAGE/debs/gazette_${V2}_$(dpkg-deb --field "$DEB" Architecture).deb" >/dev/null
rm -rf "$STAGE/up" "$STAGE/x"
cp "$ROOT"/seeds/*.txt "$STAGE/drop/"
SEEDS=$(cd "$STAGE/drop" && ls *.txt)
NSEEDS=$(echo "$SEEDS" | wc -l)

# ---------------------------------------------------------------------- the container
say "booting $SUITE in a container ($NAME): no toolchain, no build folder, no network"
systemd-nspawn --register=no --keep-unit --volatile=overlay -D "$ROOTFS" --boot --console=pipe \
  --machine="$NAME" --private-network \
  --bind-ro="$STAGE/debs":/srv/debs \
  --bind-ro="$STAGE/drop":/srv/drop \
  >"$STAGE/console.log" 2>&1 </dev/null &
NSPAWN_PID=$!
wait_container_up
ct test ! -e /opt/swift || fail "the container has /opt/swift"
ct test ! -e "$ROOT" || fail "the container sees the source tree at $ROOT"
ct sh -c '! command -v swift' >/dev/null || fail "the container has a swift on its PATH"
say "   up: $(ct systemctl is-system-running || true); no /opt/swift, no swift, no $ROOT"

# --------------------------------------------------------------------- 1. install
say "1. apt-get install ./$(basename "$DEB")"
ct_apt install -y "./$(basename "$DEB")" || { cat "$STAGE/apt.log"; fail "apt-get install of the package failed"; }
[ "$(ct dpkg-query -W -f '${Status} ${Version}' gazette)" = "install ok installed $V1" ] \
  || fail "dpkg says: $(ct dpkg-query -W -f '${Status} ${Version}' gazette)"
[ "$(ct /usr/bin/gazette --version)" = "$UPSTREAM" ] || fail "gazette --version says '$(ct /usr/bin/gazette --version 2>&1)', want $UPSTREAM"
! has 'not found' ct ldd /usr/bin/gazette || fail "a library of gazette is missing in the container: $(ct ldd /usr/bin/gazette)"
ct test -s /usr/share/man/man1/gazette.1.gz || fail "the package has no gazette(1) man page"
ct id gazette >/dev/null || fail "postinst did not create the gazette user (systemd-sysusers)"
[ "$(ct stat -c '%a %U %G' /var/lib/gazette/inbox)" = "2775 gazette gazette" ] \
  || fail "inbox is $(ct stat -c '%a %U %G' /var/lib/gazette/inbox), want 2775 gazette gazette (systemd-tmpfiles)"
[ "$(ct systemctl is-enabled gazette.service)" = enabled ] || fail "postinst did not enable gazette.service"
started() { [ "$(show ActiveState)" = active ] && [ -n "$(events $READY_ID)" ]; }
wait_for 30 started || fail "gazette.service is $(show ActiveState) 30 s after install, READY logged: $(events $READY_ID | wc -l)"
[ "$(show Type)" = notify ] || fail "unit Type is $(show Type), want notify"
[ "$(show FragmentPath)" = /lib/systemd/system/gazette.service ] || fail "unit loaded from $(show FragmentPath)"
PID1=$(show MainPID)
say "   $(ct dpkg-query -W gazette | tr '\t' ' ') installed; gazette --version: $UPSTREAM; enabled, active after READY (PID $PID1)"

# ------------------------------------------------------------------------ 2. seeds
say "2. dropping the $NSEEDS seed pages as a member of the gazette group"
ct sh -c 'mkdir -p /run/sysusers.d && printf "%s\n" "u producer - \"e2e producer\" /" "m producer gazette" > /run/sysusers.d/producer.conf && systemd-sysusers' >/dev/null 2>&1
has '(^| )gazette( |$)' ct id -nG producer || fail "producer is not in the gazette group"
for f in $SEEDS; do drop "$f"; done
wait_for 30 inbox_empty || fail "the inbox still holds files 30 s after the drop"
[ "$(stat_of pages)" = "$NSEEDS" ] || fail "store has $(stat_of pages) pages, want $NSEEDS"
HITS=$(ct_as gazette /usr/bin/gazette search --json --store /var/lib/gazette/gazette.sqlite 医保 | jq length)
[ "$HITS" -gt 0 ] || fail "gazette search 医保 finds nothing"
ARTICLES=$(stat_of articles)
say "   $NSEEDS pages, $ARTICLES articles stored; gazette search 医保: $HITS hits"

# ---------------------------------------------------------------------- 3. journal
say "3. journalctl -u gazette: structured fields and catalog"
STORED=$(events $STORED_ID)
for f in $SEEDS; do
  echo "$STORED" | jq -s -e --arg f "$f" 'any(.[]; .GAZETTE_FILE | tostring | endswith($f))' >/dev/null \
    || fail "no stored-page entry (MESSAGE_ID=$STORED_ID) with GAZETTE_FILE=…$f"
done
echo "$STORED" | jq -s -e 'all(.[]; .GAZETTE_SHA256 and .GAZETTE_ARTICLES and .SYSLOG_IDENTIFIER == "gazette" and .PRIORITY and .CODE_FILE)' >/dev/null \
  || fail "stored-page entries lack GAZETTE_SHA256/GAZETTE_ARTICLES/SYSLOG_IDENTIFIER/PRIORITY/CODE_FILE: $(echo "$STORED" | head -1)"
[ "$(events $ARTICLE_ID | grep -c .)" = "$ARTICLES" ] || fail "want one article entry (MESSAGE_ID=$ARTICLE_ID) per stored article ($ARTICLES)"
has "Subject: Gazette stored a page" ct journalctl -x -u gazette --no-pager \
  || fail "journalctl -x shows no catalog text (postinst's journalctl --update-catalog)"
say "   one entry per page and per article, with GAZETTE_* fields; journalctl -x explains them"

# ---------------------------------------------------------------------- 4. upgrade
say "4. upgrade $V1 → $V2 with an edited /etc/gazette/gazette.toml"
ct sed -i -e 's/^quiet_period_ms *=.*/quiet_period_ms = 1500  # edited by the operator/' /etc/gazette/gazette.toml
has 'edited by the operator' ct cat /etc/gazette/gazette.toml || fail "could not edit gazette.toml"
ct_apt install -y -o Dpkg::Options::=--force-confold "./gazette_${V2}_$(dpkg-deb --field "$DEB" Architecture).deb" \
  || { cat "$STAGE/apt.log"; fail "apt-get install of the upgrade failed"; }
[ "$(ct dpkg-query -W -f '${Version}' gazette)" = "$V2" ] || fail "after the upgrade dpkg has $(ct dpkg-query -W -f '${Version}' gazette)"
has '^quiet_period_ms = 1500  # edited by the operator' ct cat /etc/gazette/gazette.toml \
  || fail "the upgrade lost the operator's edit of gazette.toml"
has "a later release changed this shipped default" ct cat /etc/gazette/gazette.toml.dpkg-dist \
  || fail "the new shipped gazette.toml is not beside the edited one as gazette.toml.dpkg-dist"
ct /usr/bin/gazette config check /etc/gazette/gazette.toml >/dev/null || fail "gazette config check rejects the kept gazette.toml"
restarted() { [ "$(show ActiveState)" = active ] && [ "$(show MainPID)" != "$PID1" ] && [ "$(show MainPID)" != 0 ]; }
wait_for 30 restarted || fail "the daemon was not restarted by the upgrade (PID $PID1 → $(show MainPID), $(show ActiveState))"
[ "$(stat_of pages)" = "$NSEEDS" ] || fail "store has $(stat_of pages) pages after the upgrade, want $NSEEDS"
{ cat "$STAGE/drop/$(echo "$SEEDS" | head -1)"; echo; echo "（升级测试）"; } >"$STAGE/drop/after-upgrade.txt.new"
mv "$STAGE/drop/after-upgrade.txt.new" "$STAGE/drop/after-upgrade.txt"
drop after-upgrade.txt
wait_for 30 inbox_empty || fail "the upgraded daemon did not take a new page within 30 s"
[ "$(stat_of pages)" = $((NSEEDS + 1)) ] || fail "store has $(stat_of pages) pages, want $((NSEEDS + 1)) after a drop on the upgraded daemon"
say "   edited gazette.toml kept (new default in .dpkg-dist); store kept; restarted (PID $PID1 → $(show MainPID)), stores new pages"

# ----------------------------------------------------------------------- 5. remove
say "5. apt-get remove gazette"
ct_apt remove -y gazette || { cat "$STAGE/apt.log"; fail "apt-get remove failed"; }
[ "$(show ActiveState)" != active ] || fail "the daemon still runs after apt-get remove"
# (minbase has no procps: the process table is read from /proc)
ct sh -c 'for c in /proc/[0-9]*/comm; do [ "$(cat "$c" 2>/dev/null)" != gazette ] || exit 1; done' \
  || fail "a gazette process is left after apt-get remove"
ct test ! -e /usr/bin/gazette || fail "apt-get remove left /usr/bin/gazette"
ct test ! -e /lib/systemd/system/gazette.service || fail "apt-get remove left the unit"
ct test -s /var/lib/gazette/gazette.sqlite || fail "apt-get remove deleted the store"
[ "$(ct find /var/lib/gazette/processed -type f | wc -l)" = $((NSEEDS + 1)) ] || fail "apt-get remove touched processed/"
ct test -f /etc/gazette/gazette.toml || fail "apt-get remove deleted the configuration (only purge should)"
[ "$(ct dpkg-query -W -f '${db:Status-Abbrev}' gazette | tr -d ' ')" = rc ] || fail "dpkg status after remove: $(ct dpkg-query -W -f '${db:Status-Abbrev}' gazette)"
say "   stopped; binary and unit gone; store ($(ct stat -c %s /var/lib/gazette/gazette.sqlite) bytes), processed/ and configuration kept"

# ------------------------------------------------------------------------ 6. purge
say "6. apt-get purge gazette"
ct_apt purge -y gazette || { cat "$STAGE/apt.log"; fail "apt-get purge failed"; }
ct test ! -e /etc/gazette || fail "apt-get purge left /etc/gazette: $(ct ls -A /etc/gazette)"
ct test ! -e /var/lib/systemd/deb-systemd-helper-enabled/gazette.service.dsh-also || fail "purge left deb-systemd-helper's state"
ct test ! -e /etc/systemd/system/multi-user.target.wants/gazette.service || fail "purge left the unit enabled"
ct sh -c '! dpkg-query -W -f "\${db:Status-Abbrev}" gazette 2>/dev/null | grep -q "^[ir]"' || fail "dpkg still knows gazette after purge"
ct test -s /var/lib/gazette/gazette.sqlite || fail "purge deleted the store (it keeps the archive by design: debian/postrm)"
say "   configuration gone; /var/lib/gazette (the archive) kept, as debian/postrm documents"
