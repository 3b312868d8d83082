#!/usr/bin/env bash
# Instructions per page for each stage of the ingest path, counted by valgrind's callgrind:
# the same binary and pages give the same counts whatever else the machine is doing, so a
# change to a hot path is judged here, and `gazette-bench` gives the seconds.
#
#   scripts/profile-ingest.sh [PAGES=300] [BATCH=32]    (or: make profile)
#
# Runs `gazette-bench profile` (Sources/GazetteBench/ProfileCommand.swift: generate PAGES distinct pages from seeds/,
# then hash, parse, classify and store them, one stage after another on one thread) under
# callgrind, and prints each stage's inclusive instruction count divided by the pages. The
# raw profile is kept in .build/profile/ for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-300}
batch=${2:-32}
out=.build/profile
mkdir -p "$out"
rm -f "$out"/store.sqlite*

command -v valgrind >/dev/null || { echo "profile-ingest: valgrind is missing: apt-get install valgrind" >&2; exit 2; }
swift build -c release --product gazette-bench >&2
# valgrind 3.19 cannot read the DWARF 5 debug information Swift 6 writes and gives up:
# profile a copy without it (the symbol table, which is all callgrind needs, stays).
objcopy --strip-debug .build/release/gazette-bench "$out/gazette-bench"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  "$out/gazette-bench" profile seeds "$out/store.sqlite" "$pages" "$batch" > "$out/totals" 2> "$out/valgrind.log" \
  || { tail -20 "$out/valgrind.log" >&2; exit 1; }
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" 2>/dev/null \
  | swift demangle --simplified > "$out/inclusive.txt"

# Each row: label, then the pattern of the functions whose inclusive counts are summed
# (the functions one pattern matches never call one another, so a row counts nothing
# twice). The indented rows are parts of the store and may contain one another: the
# tokens are made inside the FTS5 insert. sqlite3VdbeHalt ends every statement; nearly
# all of its count is the COMMIT's (FTS5 flushing and merging segments, the WAL).
awk -v totals="$(cat "$out/totals")" '
  BEGIN {
    n = split(totals, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); t[p[1]] = p[2] }
    rows = 0
    row("hash (SHA-256 of the page: the floor)", "ProfileStage\\.stageHash\\(")
    row("parse", "ProfileStage\\.stageParse\\(")
    row("classify", "ProfileStage\\.stageClassify\\(")
    row("store (one transaction per batch)", "ProfileStage\\.stageStore\\(")
    row("  index tokens, made in Swift", "SearchTokens\\.text\\(")
    row("  index rows, FTS5 insert (tokens included)", "SearchText\\.insert\\(")
    row("  commit: FTS5 flush and merges, WAL", ":sqlite3VdbeHalt ")
    row("  article content hash", "ArticleHash\\.hex\\(")
    row("  JSON columns", "JSONColumn\\.text\\(")
  }
  function row(label, pattern) { rows++; labels[rows] = label; patterns[rows] = pattern }
  /^ *[0-9,]+ \(/ {
    count = $1; gsub(",", "", count)
    for (r = 1; r <= rows; r++) if ($0 ~ patterns[r]) sum[r] += count
  }
  END {
    printf "%d pages (%.1f KB each), %d articles, batch %d\n", t["pages"], t["bytes"] / t["pages"] / 1000, t["articles"], t["batch"]
    printf "%-46s %14s %10s\n", "stage", "instr/page", "instr/byte"
    for (r = 1; r <= rows; r++)
      printf "%-46s %14.0f %10.1f\n", labels[r], sum[r] / t["pages"], sum[r] / t["bytes"]
  }' "$out/inclusive.txt"
