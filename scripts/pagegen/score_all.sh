#!/usr/bin/env bash
# Score a gazette binary on the dev pages, the dev OCR pages and the generated sets, one line each.
#
# usage: scripts/pagegen/score_all.sh BIN [GEN_DIR]
#   BIN      e.g. .build/release/gazette
#   GEN_DIR  default /work/gen (as written by make_sets.sh); sets that are missing are skipped
# Prints: set, articles segmented, headlines right, spurious articles (and pages per set).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:?usage: score_all.sh BIN [GEN_DIR]}"
GEN="${2:-/work/gen}"
DEV="$REPO/../shared/devset"
SCORE="$DEV/score.py"
[ -x "$BIN" ] || { echo "score_all: $BIN is not an executable" >&2; exit 2; }
line() {  # name dir gold
  local name="$1" dir="$2" gold="$3"
  [ -f "$gold" ] || { printf '%-20s (missing: %s)\n' "$name" "$gold"; return; }
  local out
  if ! out="$(python3 "$SCORE" "$BIN" "$dir" --gold="$gold" 2>&1)"; then
    printf '%-20s (score.py failed: %s)\n' "$name" "$(printf '%s' "$out" | tail -1)"
    return
  fi
  printf '%s\n' "$out" | python3 "$HERE/score_summary.py" "$name" "$gold"
}
line dev-lines "$DEV/pages" "$DEV/gold.json"
line dev-ocr   "$DEV/ocr"   "$DEV/ocr/gold.json"
for s in lines ocr lines-eval ocr-eval tess tess-eval tess-ruled tess-ruled-eval; do
  [ -d "$GEN/$s" ] && line "gen-$s" "$GEN/$s" "$GEN/$s/gold.json"
done
for d in "$GEN"/*/; do   # any other set with a gold.json (e.g. rendered OCR pages)
  s="$(basename "$d")"
  case "$s" in lines|ocr|lines-eval|ocr-eval|tess|tess-eval|tess-ruled|tess-ruled-eval) continue ;; esac
  [ -f "$d/gold.json" ] && line "gen-$s" "$d" "$d/gold.json"
done
exit 0
