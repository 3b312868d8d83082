#!/usr/bin/env bash
# Retrain the parser's article-boundary model (Sources/GazetteCore/Layout/BoundaryWeights.swift).
#
# usage: scripts/pagegen/retrain.sh [ARTICLES_JSONL]
#   ARTICLES_JSONL  real labelled articles, default ../shared/devset/articles.jsonl
#   GEN=DIR         where the generated pages go (default /tmp/gazette-boundary), outside git
#   BIN=PATH        the gazette binary whose features are used (default .build/debug/gazette,
#                   built first): the weights must match the features of the code they ship with
#
# Steps: assemble 300 one-paragraph-per-line and 300 column-wrapped OCR-like pages from the
# training share of the articles (fixed seeds, so the pages are the same on every run), dump the
# parser's candidate title blocks with their features (`gazette parse --boundary-features`),
# fit the logistic regression (5-fold by page, L2 and threshold chosen out of fold) and write the
# Swift weights. Then score: scripts/pagegen/score_all.sh BIN GEN after make_sets.sh GEN.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ARTICLES="${1:-$REPO/../shared/devset/articles.jsonl}"
GEN="${GEN:-/tmp/gazette-boundary}"
BIN="${BIN:-$REPO/.build/debug/gazette}"
[ -f "$ARTICLES" ] || { echo "retrain: no articles at $ARTICLES" >&2; exit 2; }
if [ "$BIN" = "$REPO/.build/debug/gazette" ]; then (cd "$REPO" && swift build --product gazette); fi
mkdir -p "$GEN"
for fmt in lines ocr; do
  rm -rf "$GEN/train-$fmt"
  python3 "$HERE/assemble.py" "$ARTICLES" --format "$fmt" --pages 300 --seed 11 --split train --out "$GEN/train-$fmt" >/dev/null
done
"$BIN" parse --boundary-features "$GEN"/train-lines/*.txt "$GEN"/train-ocr/*.txt > "$GEN/train.tsv"
python3 "$HERE/train_boundaries.py" --features "$GEN/train.tsv" \
  --gold "$GEN/train-lines/gold.json" --gold "$GEN/train-ocr/gold.json" \
  --swift "$REPO/Sources/GazetteCore/Layout/BoundaryWeights.swift" --report
echo "retrain: wrote Sources/GazetteCore/Layout/BoundaryWeights.swift; rebuild, then score with scripts/pagegen/score_all.sh"
