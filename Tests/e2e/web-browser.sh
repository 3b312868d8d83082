#!/usr/bin/env bash
# The reading room in a real browser: headless Chromium (Debian's `chromium`) against a
# running `gazette web` over a store filled from the seeds.
#
#   Tests/e2e/web-browser.sh        # ~1 min after the build; output in .build/e2e-web/
#
# It opens the search page with a two-character query (医保) as a browser renders it, reads
# the rendered DOM (--dump-dom), follows the first hit's link to its article page, then
# dumps the overview; checks the hits, the article's fields and the chart; and saves a
# screenshot of each page. Skipped (exit 0, with a message) where Chromium is missing and
# cannot be installed (not root, or no package). Stops the server it started; exits
# non-zero on any failed check.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${E2E_WEB_DIR:-$root/.build/e2e-web}
cd "$root"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "web-browser: installing chromium (Debian package)" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 || true
        browser=$(command -v chromium || true)
    fi
    if [ -z "$browser" ]; then
        echo "web-browser: SKIPPED: chromium is not installed and cannot be installed here (needs root and apt-get: apt-get install chromium)"
        exit 0
    fi
fi
# A CJK font, so the screenshots show the Chinese text (the DOM checks do not need one).
if ! fc-list :lang=zh 2>/dev/null | grep -q . && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >&2 || echo "web-browser: no CJK font: screenshots show boxes" >&2
fi

swift build --product gazette >&2
gazette=$root/.build/debug/gazette

rm -rf "$out"
mkdir -p "$out"
store=$out/gazette.sqlite
"$gazette" ingest --store "$store" --source 四川日报 seeds/*.txt >"$out/ingest.log"

server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# Port 0: the kernel picks a free port; the server prints the address it got.
"$gazette" web --store "$store" --listen 127.0.0.1:0 >"$out/server.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 1 100); do
    base=$(sed -n 's|^gazette web: listening on \(http://[^ ]*\)/ .*|\1|p' "$out/server.log" | head -n 1)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$out/server.log" >&2; echo "web-browser: FAILED: the server exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$base" ] || { cat "$out/server.log" >&2; echo "web-browser: FAILED: the server did not start" >&2; exit 1; }
echo "web-browser: server at $base, browser $browser" >&2

failures=0
check() { # check NAME FILE PATTERN: the dumped DOM holds the (extended) regex
    if grep -Eq -- "$3" "$2"; then echo "  ok   $1"; else echo "  FAIL $1 (no /$3/ in $2)"; failures=$((failures + 1)); fi
}
browse() { # browse URL NAME: the rendered DOM to NAME.html and a screenshot to NAME.png
    local profile
    profile=$(mktemp -d)
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
        --dump-dom "$1" >"$out/$2.html" 2>>"$out/chromium.log"
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --hide-scrollbars \
        --window-size=1280,1600 --screenshot="$out/$2.png" "$1" >>"$out/chromium.log" 2>&1
    rm -rf "$profile"
    [ -s "$out/$2.html" ] || { echo "web-browser: FAILED: chromium rendered nothing for $1 (see $out/chromium.log)" >&2; exit 1; }
}

# 1. Search: 医保, as the form would submit it.
browse "$base/search?q=%E5%8C%BB%E4%BF%9D" search
check "search: result count" "$out/search.html" '找到 <b class="total">[1-9][0-9]*</b> 篇文章'
check "search: a hit" "$out/search.html" '<li class="hit">'
check "search: the match marked" "$out/search.html" '<mark>医保</mark>'
check "search: the query kept in the box" "$out/search.html" 'name="q" value="医保"'
check "search: the paper" "$out/search.html" '<span class="paper">四川日报</span>'
hit=$(grep -o 'href="/articles/[0-9]*"' "$out/search.html" | head -n 1 | sed 's/href="\(.*\)"/\1/')
[ -n "$hit" ] || { echo "web-browser: FAILED: no article link among the hits" >&2; exit 1; }

# 2. The first hit's article page.
browse "$base$hit" article
check "article: headline" "$out/article.html" '<h1 class="headline">[^<]+</h1>'
check "article: paper" "$out/article.html" '<dd class="paper">四川日报</dd>'
check "article: topic and confidence" "$out/article.html" '<span class="confidence">[0-9]+%</span>'
check "article: provinces as search links" "$out/article.html" '<a href="/search\?province=%[0-9A-F]{2}'
check "article: paragraphs" "$out/article.html" '<div class="body"><p>'
check "article: the page it came from" "$out/article.html" '来源版面'

# 3. The overview.
browse "$base/overview?days=30" overview
check "overview: stacked chart" "$out/overview.html" '<svg class="chart stacked"'
check "overview: bar segments" "$out/overview.html" '<rect class="seg"'
check "overview: bars by province" "$out/overview.html" '<svg class="chart bars"'
check "overview: newest pages" "$out/overview.html" '<table class="pages">'

for shot in search article overview; do
    [ -s "$out/$shot.png" ] || { echo "  FAIL screenshot $shot.png missing"; failures=$((failures + 1)); }
done

if [ "$failures" -gt 0 ]; then
    echo "web-browser: $failures checks FAILED (DOM dumps and screenshots in $out)"
    exit 1
fi
echo "web-browser: all checks passed (DOM dumps and screenshots in $out)"
