#!/usr/bin/env python3
"""Condense score.py output (stdin) to one line: usage score_summary.py NAME GOLD.json (used by score_all.sh)."""
import json
import re
import sys

name, gold = sys.argv[1], sys.argv[2]
m = {}
for line in sys.stdin:
    r = re.match(r'^(segmented|headline|spurious articles): (\d+)(?:/(\d+))?', line)
    if r:
        m[r.group(1)] = (int(r.group(2)), int(r.group(3) or 0))


def pct(k):
    ok, n = m.get(k, (0, 0))
    return f'{ok:4d}/{n:<4d} {100.0 * ok / n:5.1f}%' if n else '   -/-          '


pages = len(json.load(open(gold, encoding='utf-8'))['pages'])
spur = m.get('spurious articles', (0, 0))[0]
print(f'{name:<20} segmented {pct("segmented")}  headline {pct("headline")}  spurious {spur:3d}  ({pages} pages)')
