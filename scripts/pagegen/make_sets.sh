#!/usr/bin/env bash
# Generate the synthetic page sets for the boundary model, outside git, with fixed seeds.
#
# usage: scripts/pagegen/make_sets.sh [OUT_DIR] [ARTICLES_JSONL]
#   OUT_DIR         default /work/gen (created; each set is a folder of gNNN.txt + gold.json)
#   ARTICLES_JSONL  default ../shared/devset/articles.jsonl (relative to the repo root)
#   PAGES=60 EVAL_PAGES=30 in the environment change the set sizes.
#   RENDER=1 also renders real-OCR sets with render_ocr.py (needs tesseract-ocr, tesseract-ocr-chi-sim,
#   fonts-noto-cjk and Pillow; 15-60 s of one core per page): tess-ruled/ (RENDER_PAGES=30, seed 7,
#   training articles) and tess-ruled-eval/ (RENDER_EVAL_PAGES=20, seed 107, held-out articles).
#
# Sets:  lines/  ocr/           training pages (seed 1) from the training share of the articles
#        lines-eval/ ocr-eval/  held-out pages (seed 101) from the held-out share (25% of the
#                               articles, chosen by a hash of their text: no article is in both)
# The repo's config/training/seeds.jsonl articles are used too (assemble.py --no-seeds drops them).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="${1:-/work/gen}"
ARTICLES="${2:-$REPO/../shared/devset/articles.jsonl}"
PAGES="${PAGES:-60}"
EVAL_PAGES="${EVAL_PAGES:-30}"
[ -f "$ARTICLES" ] || { echo "make_sets: no articles file at $ARTICLES (pass it as the second argument)" >&2; exit 2; }
mkdir -p "$OUT"
run() { nice -n 10 python3 "$HERE/assemble.py" "$ARTICLES" "$@"; }
for fmt in lines ocr; do
  rm -rf "$OUT/$fmt" "$OUT/$fmt-eval"
  run --format "$fmt" --pages "$PAGES"      --seed 1   --split train --out "$OUT/$fmt"
  run --format "$fmt" --pages "$EVAL_PAGES" --seed 101 --split eval  --out "$OUT/$fmt-eval"
done
echo "make_sets: sets in $OUT: lines ocr lines-eval ocr-eval"
if [ "${RENDER:-0}" = 1 ]; then
  rm -rf "$OUT/tess-ruled" "$OUT/tess-ruled-eval"
  nice -n 10 python3 "$HERE/render_ocr.py" "$ARTICLES" --pages "${RENDER_PAGES:-30}" --seed 7 --split train --out "$OUT/tess-ruled"
  nice -n 10 python3 "$HERE/render_ocr.py" "$ARTICLES" --pages "${RENDER_EVAL_PAGES:-20}" --seed 107 --split eval --out "$OUT/tess-ruled-eval"
  echo "make_sets: real-OCR sets in $OUT: tess-ruled tess-ruled-eval"
fi
