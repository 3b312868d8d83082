#!/usr/bin/env python3
"""Reference features for the boundary model, in the TSV format train_boundaries.py reads.

usage: baseline_features.py PAGE_DIR [PAGE_DIR ...] -o OUT.tsv

It exists to test the training pipeline end to end and to give the Swift side a yardstick
(what simple line-shape and context evidence reaches); the product's features come from the
Swift side. Every non-blank line is a candidate; `line` is its 0-based index among all lines
of the file. File names are written as PAGE_DIR/NAME so sets with the same page names stay apart.
"""
import argparse
import os
import re

FINAL = set('。！？!?…”」』')
LEAD = re.compile(r'^[□■●国口]?\s*[^\s,，。]{0,22}?(?:(?<!通)讯(?!员)|电|消息)|^[□■●国口]?\s*(?:本报)?记者|^(?:文/图|通讯员)')
OPENER = re.compile(r'^(?:\d{1,2}月\d{1,2}日|近日|日前|今年以来|近年来|昨天|今天|连日来|为)')
NUMBERED = re.compile(r'^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|场景[一二三四五六七八九十]+|[一二三四五六七八九十]是)')
FOLIO = re.compile(r'\d{4}年\d{1,2}月\d{1,2}日|星期[一二三四五六日]|第\s*\d+\s*版|订阅|邮发代号|热线|责任编辑')


def bigrams(s):
    s = re.sub(r'[^\u4e00-\u9fff]', '', s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def features(lines):
    n = len(lines)
    nonblank = [i for i, l in enumerate(lines) if l.strip()]
    lens = sorted(len(lines[i].strip()) for i in nonblank) or [1]
    width = lens[int(len(lens) * 0.75)] if lens else 1   # the page's column width, roughly
    rows = []
    for k, i in enumerate(nonblank):
        t = lines[i].strip()
        prev_i = nonblank[k - 1] if k else None
        next_i = nonblank[k + 1] if k + 1 < len(nonblank) else None
        prev = lines[prev_i].strip() if prev_i is not None else ''
        nxt = lines[next_i].strip() if next_i is not None else ''
        before = ''.join(lines[j].strip() for j in nonblank[max(0, k - 6):k])
        after = ''.join(lines[j].strip() for j in nonblank[k + 1:k + 7])
        a, b = bigrams(before), bigrams(t + after)
        cohesion = len(a & b) / max(1, min(len(a), len(b)))
        f = {
            'len_rel': len(t) / max(1, width),
            'len_short': 1.0 if len(t) <= 0.7 * width else 0.0,
            'ends_final': 1.0 if t[-1] in FINAL else 0.0,
            'has_space': 1.0 if re.search(r'\S\s+\S', t) else 0.0,
            'has_colon': 1.0 if re.search(r'[:：]', t[:8]) else 0.0,
            'numbered': 1.0 if NUMBERED.match(t) else 0.0,
            'lead_here': 1.0 if LEAD.match(t) else 0.0,
            'opener_here': 1.0 if OPENER.match(t) else 0.0,
            'lead_next': 1.0 if LEAD.match(nxt) else 0.0,
            'opener_next': 1.0 if OPENER.match(nxt) else 0.0,
            'blank_before': 1.0 if i == 0 or not lines[i - 1].strip() else 0.0,
            'blank_after': 1.0 if i + 1 >= n or not lines[i + 1].strip() else 0.0,
            'prev_final': 1.0 if prev and prev[-1] in FINAL else 0.0,
            'prev_short': 1.0 if prev and len(prev) <= 0.7 * width else 0.0,
            'prev_none': 1.0 if not prev else 0.0,
            'next_short': 1.0 if nxt and len(nxt) <= 0.7 * width else 0.0,
            'folio_like': 1.0 if FOLIO.search(t) else 0.0,
            'prev_folio_like': 1.0 if prev and FOLIO.search(prev) else 0.0,
            'cohesion': cohesion,
            'digits': sum(c.isdigit() for c in t) / max(1, len(t)),
            'line_frac': i / max(1, n - 1),
        }
        rows.append((i, f))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dirs', nargs='+')
    ap.add_argument('-o', '--out', required=True)
    args = ap.parse_args()
    names = None
    with open(args.out, 'w', encoding='utf-8') as out:
        for d in args.dirs:
            for fn in sorted(os.listdir(d)):
                if not fn.endswith('.txt'):
                    continue
                lines = open(os.path.join(d, fn), encoding='utf-8').read().split('\n')
                if lines and lines[-1] == '':
                    lines.pop()
                for i, f in features(lines):
                    if names is None:
                        names = list(f)
                        out.write('\t'.join(['file', 'line'] + names) + '\n')
                    out.write('\t'.join([os.path.join(d, fn), str(i)] + [f'{f[k]:.6g}' for k in names]) + '\n')


if __name__ == '__main__':
    main()
