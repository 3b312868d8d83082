#!/usr/bin/env bash
# Scores the layout reader on the dev OCR pages (../shared/devset/ocr/p*.png) read by the
# tesseract CLI into hOCR and ALTO, side by side with the same pages' text through the text
# path. The OCR outputs are cached in $SCAN_DIR (default /work/gen-scan), never in the repo:
#
#   scripts/score-scans.sh [hocr|alto|txt|img]...      (default: txt hocr alto img)
#
# Each set goes through `gazette-fuzz --json` (the parser without the classifier: only the
# segmentation figures matter here), ../shared/devset/score.py with the OCR gold, and
# scripts/score-scan-headlines.py (titles against what was printed on the page image).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
devset=${DEVSET:-$here/../shared/devset/ocr}
scan=${SCAN_DIR:-/work/gen-scan}
fuzz=${GAZETTE_FUZZ:-$here/.build/debug/gazette-fuzz}
gazette=${GAZETTE_BIN:-$here/.build/debug/gazette}

# As score.py's BINARY: `parse --json DIR/pNNN.txt` → the page's JSON from the chosen set.
if [[ "${1:-}" == parse ]]; then
    page=$(basename "$3" .txt)
    case "$SCORE_SET" in
        txt) exec "$fuzz" --json "$devset/$page.txt" ;;
        hocr) exec "$fuzz" --json "$scan/$page.hocr" ;;
        alto) exec "$fuzz" --json "$scan/$page.xml" ;;
        # The page image as the inbox reads it: tesseract through its C API (GazetteOCR).
        img)
            cached="$scan/$page.img.json"
            [[ -s "$cached" ]] || OMP_THREAD_LIMIT=1 "$gazette" parse --json --no-classify "$devset/$page.png" > "$cached"
            exec cat "$cached" ;;
    esac
fi

mkdir -p "$scan"
for png in "$devset"/p*.png; do
    page=$(basename "$png" .png)
    [[ -s "$scan/$page.hocr" && -s "$scan/$page.xml" ]] && continue
    OMP_THREAD_LIMIT=1 tesseract "$png" "$scan/$page" -l chi_sim --psm 3 --dpi 300 hocr alto >/dev/null 2>&1
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for set in "${@:-txt hocr alto img}"; do
    for s in $set; do
        echo "== $s"
        SCORE_SET=$s python3 "$devset/../score.py" "$0" "$devset" --gold="$devset/gold.json" ${VERBOSE:+--verbose}
        mkdir -p "$out/$s"
        for txt in "$devset"/p*.txt; do
            page=$(basename "$txt" .txt)
            SCORE_SET=$s "$0" parse --json "$txt" > "$out/$s/$page.json" || true
        done
        DEVSET=$devset python3 "$here/scripts/score-scan-headlines.py" "$out/$s" ${VERBOSE:+--verbose}
    done
done
