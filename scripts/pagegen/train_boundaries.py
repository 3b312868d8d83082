#!/usr/bin/env python3
"""Train the article-boundary model: L2-regularised logistic regression over candidate-line
features, weights written as a Swift source file.

usage:
  train_boundaries.py --features F.tsv [--features G.tsv ...] --gold DIR/gold.json [--gold ...]
                      [--swift OUT.swift] [--swift-type BoundaryWeights] [--folds 5]
                      [--l2 0.01,0.1,1,10] [--objective f1|accuracy] [--report] [--seed 1]
                      [--heldout-features H.tsv --heldout-gold DIR/gold.json ...]

Features TSV (written by the Swift side): a header row `file  line  NAME1  NAME2 ...`, then one
row per candidate line: the page file, the 0-based index of the line among ALL lines of the
file (blank ones included), then numeric feature values. The feature names come from the
header, so any number of features works.

Gold: gold.json files written by assemble.py (or any gold whose pages carry `starts`). A
candidate is labelled 1 when its line is in its page's `starts`, else 0. Pages without
`starts` are skipped. A TSV `file` value is joined to a gold page by its real path, else by the
longest common path suffix (so `ocr/g000.txt` and `lines/g000.txt` stay apart), else by its
base name when that is unique.

Evaluation: k-fold by page (every candidate of a page is in one fold). For each L2 strength of
--l2 the out-of-fold log-loss is measured; the best is kept, the decision threshold is chosen
on the out-of-fold probabilities (best F1 of the positive class by default), per-fold
accuracy/precision/recall are reported at that threshold, then the model is refitted on all
pages. Standardisation is folded back into raw-feature weights: the Swift side computes
score = bias + sum(weight[i] * x[i]) and starts an article when score >= scoreThreshold
(= logit of the probability threshold).
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np


# ---------------------------------------------------------------- data

def load_gold(paths):
    pages = {}
    for gp in paths:
        base = os.path.dirname(os.path.realpath(gp))
        g = json.load(open(gp, encoding='utf-8'))
        skipped = 0
        for p in g['pages']:
            if 'starts' not in p:
                skipped += 1
                continue
            key = os.path.realpath(os.path.join(base, p['file']))
            pages[key] = set(p['starts'])
        if skipped:
            print(f'note: {gp}: {skipped} pages without "starts" skipped', file=sys.stderr)
    return pages


def resolver(gold_pages):
    by_base = {}
    for k in gold_pages:
        by_base.setdefault(os.path.basename(k), []).append(k)
    cache = {}

    def resolve(name, tsv_dir):
        if name in cache:
            return cache[name]
        hit = None
        for cand in (name, os.path.join(tsv_dir, name)):
            rp = os.path.realpath(cand)
            if rp in gold_pages:
                hit = rp
                break
        if hit is None:
            parts = [x for x in name.replace('\\', '/').split('/') if x not in ('', '.')]
            best, best_n, tie = None, 0, False
            for k in by_base.get(parts[-1] if parts else name, []):
                kp = k.split('/')
                n = 0
                while n < min(len(kp), len(parts)) and kp[-1 - n] == parts[-1 - n]:
                    n += 1
                if n > best_n:
                    best, best_n, tie = k, n, False
                elif n == best_n:
                    tie = True
            if best is not None and not tie:
                hit = best
        cache[name] = hit
        return hit
    return resolve


def load_features(paths, gold_pages):
    resolve = resolver(gold_pages)
    names = None
    X, y, page = [], [], []
    unmatched = set()
    for path in paths:
        tsv_dir = os.path.dirname(os.path.realpath(path))
        with open(path, encoding='utf-8', newline='') as f:
            rd = csv.reader(f, delimiter='\t')
            header = next(rd)
            if len(header) < 3 or header[0] != 'file' or header[1] != 'line':
                sys.exit(f'{path}: the header must start with "file<TAB>line" and name at least one feature')
            fnames = header[2:]
            if names is None:
                names = fnames
            elif fnames != names:
                sys.exit(f'{path}: its feature columns differ from the first TSV\'s; generate all with one build')
            for row in rd:
                if not row or not row[0]:
                    continue
                key = resolve(row[0], tsv_dir)
                if key is None:
                    unmatched.add(row[0])
                    continue
                try:
                    vals = [float(v) for v in row[2:]]
                except ValueError:
                    sys.exit(f'{path}: non-numeric feature value in row {row[:3]}')
                if len(vals) != len(names):
                    sys.exit(f'{path}: row {row[:2]} has {len(vals)} values for {len(names)} features')
                X.append(vals)
                y.append(1.0 if int(row[1]) in gold_pages[key] else 0.0)
                page.append(key)
    if unmatched:
        print(f'note: {len(unmatched)} files in the TSV have no gold page with "starts" '
              f'(e.g. {sorted(unmatched)[:3]}); their rows are ignored', file=sys.stderr)
    if not X:
        sys.exit('no candidate rows joined to any gold page: check the file column against the gold folders')
    X = np.array(X, dtype=np.float64)
    bad = ~np.isfinite(X)
    if bad.any():
        cols = sorted({names[j] for j in np.where(bad)[1]})
        sys.exit(f'non-finite feature values (nan/inf) in column(s) {cols}: the Swift side must emit finite numbers')
    return names, X, np.array(y), np.array(page)


def missed_starts(gold_pages, y, page):
    """Gold starts that never appear as a candidate line: the Swift side cannot recover them."""
    seen = {}
    for yi, p in zip(y, page):
        if yi:
            seen[p] = seen.get(p, 0) + 1
    used = set(page)
    total = sum(len(gold_pages[p]) for p in used)
    return total, total - sum(seen.values())


# ---------------------------------------------------------------- model

def standardise(X):
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd < 1e-12] = 1.0
    return mu, sd


def fit(Z, y, l2, iters=50):
    """Newton/IRLS for L2-regularised logistic regression on standardised features; the bias
    is not penalised. Returns (w, b)."""
    n, d = Z.shape
    A = np.hstack([Z, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    pen = np.full(d + 1, l2)
    pen[-1] = 0.0
    for _ in range(iters):
        z = A @ theta
        p = 1.0 / (1.0 + np.exp(-z))
        g = A.T @ (p - y) + pen * theta
        W = p * (1 - p) + 1e-9
        H = (A * W[:, None]).T @ A + np.diag(pen) + 1e-8 * np.eye(d + 1)
        step = np.linalg.solve(H, g)
        theta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return theta[:-1], theta[-1]


def predict(Z, w, b):
    return 1.0 / (1.0 + np.exp(-(Z @ w + b)))


def logloss(p, y):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def confusion(p, y, t):
    pred = p >= t
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    acc = (tp + tn) / max(1, len(y))
    prec = tp / max(1, tp + fp)
    rec = tp / max(1, tp + fn)
    f1 = 2 * prec * rec / max(1e-12, prec + rec)
    return {'tp': tp, 'fp': fp, 'fn': fn, 'tn': tn, 'acc': acc, 'prec': prec, 'rec': rec, 'f1': f1}


def choose_threshold(p, y, objective):
    best_t, best_v = 0.5, -1.0
    for t in np.unique(np.round(np.concatenate([p, np.linspace(0.05, 0.95, 91)]), 4)):
        if t <= 0 or t >= 1:
            continue
        c = confusion(p, y, t)
        v = c['f1'] if objective == 'f1' else c['acc']
        if v > best_v + 1e-12 or (abs(v - best_v) <= 1e-12 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_v = float(t), v
    return best_t


def folds_by_page(page, k, seed):
    pages = sorted(set(page))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(pages))
    fold_of = {pages[j]: i % k for i, j in enumerate(order)}
    return np.array([fold_of[p] for p in page])


def cross_validate(X, y, page, k, l2, seed):
    fold = folds_by_page(page, k, seed)
    oof = np.zeros(len(y))
    for f in range(k):
        tr, te = fold != f, fold == f
        if not te.any() or len(set(y[tr])) < 2:
            oof[te] = y[tr].mean() if tr.any() else 0.5
            continue
        mu, sd = standardise(X[tr])
        w, b = fit((X[tr] - mu) / sd, y[tr], l2)
        oof[te] = predict((X[te] - mu) / sd, w, b)
    return oof, fold


# ---------------------------------------------------------------- output

def swift_ident_ok(s):
    return s and (s[0].isalpha() or s[0] == '_') and all(c.isalnum() or c == '_' for c in s)


def swift_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def write_swift(path, type_name, access, names, w_raw, b_raw, thr, stats, command):
    logit = math.log(thr / (1 - thr))
    width = max(len(swift_string(n)) for n in names)
    rows = '\n'.join(f'        ({swift_string(n) + ",":<{width + 1}} {w:+.10g}),' for n, w in zip(names, w_raw))
    acc = f'{access} ' if access else ''
    src = f'''// Generated by scripts/pagegen/train_boundaries.py. Do not edit by hand: re-run
//   {command}
// (features TSV from the Swift side, gold.json files with `starts` from scripts/pagegen/assemble.py).
// Trained on {stats}.

/// Weights of the learned article-boundary model (logistic regression on raw feature values,
/// standardisation already folded in): a candidate line starts an article when
/// `bias + sum(weight * feature) >= scoreThreshold`, i.e. when its probability is at least
/// `probabilityThreshold`. Feature order and names are those of the TSV the weights were fitted on.
{acc}enum {type_name} {{
    /// (feature name, weight) in the TSV's column order.
    {acc}static let features: [(name: String, weight: Double)] = [
{rows}
    ]
    {acc}static let bias: Double = {b_raw:+.10g}
    /// The decision threshold on the linear score (logit of `probabilityThreshold`).
    {acc}static let scoreThreshold: Double = {logit:+.10g}
    {acc}static let probabilityThreshold: Double = {thr:.6g}
}}
'''
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(src)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--features', action='append', required=True, help='features TSV (repeatable)')
    ap.add_argument('--gold', action='append', required=True, help='gold.json with starts (repeatable)')
    ap.add_argument('--swift', help='write the weights to this Swift file')
    ap.add_argument('--swift-type', default='BoundaryWeights')
    ap.add_argument('--swift-access', default='', help='access modifier for the type and members, e.g. public')
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--l2', default='0.01,0.1,1,10', help='L2 strength(s) on standardised features; '
                    'several: chosen by out-of-fold log-loss')
    ap.add_argument('--objective', choices=['f1', 'accuracy'], default='f1',
                    help='what the threshold maximises on the out-of-fold probabilities')
    ap.add_argument('--seed', type=int, default=1, help='seed of the page-to-fold assignment')
    ap.add_argument('--report', action='store_true', help='print per-feature weights')
    ap.add_argument('--heldout-features', action='append', default=[],
                    help='features TSV of held-out pages (e.g. the -eval sets): scored with the final model')
    ap.add_argument('--heldout-gold', action='append', default=[], help='gold.json of the held-out pages')
    args = ap.parse_args()
    if args.swift_type and not swift_ident_ok(args.swift_type):
        sys.exit('--swift-type must be a Swift identifier')

    gold_pages = load_gold(args.gold)
    names, X, y, page = load_features(args.features, gold_pages)
    npages = len(set(page))
    total_starts, unreachable = missed_starts(gold_pages, y, page)
    print(f'data: {len(y)} candidates ({int(y.sum())} starts, {len(y) - int(y.sum())} not) on {npages} pages, '
          f'{len(names)} features; gold starts with no candidate row: {unreachable}/{total_starts}')
    if len(set(y)) < 2:
        sys.exit('need both labels among the candidates')
    k = max(2, min(args.folds, npages))
    grid = [float(v) for v in args.l2.split(',') if v.strip()]
    best = None
    for l2 in grid:
        oof, fold = cross_validate(X, y, page, k, l2, args.seed)
        ll = logloss(oof, y)
        print(f'l2={l2:g}: out-of-fold log-loss {ll:.4f}')
        if best is None or ll < best[0] - 1e-9:
            best = (ll, l2, oof, fold)
    _, l2, oof, fold = best
    thr = choose_threshold(oof, y, args.objective)
    print(f'chosen: l2={l2:g}, threshold p>={thr:.4f} (max {args.objective} out of fold), {k}-fold by page')
    for f in range(k):
        m = fold == f
        c = confusion(oof[m], y[m], thr)
        print(f'  fold {f}: {int(m.sum()):6d} cand  acc {c["acc"]:.3f}  prec {c["prec"]:.3f}  rec {c["rec"]:.3f}  '
              f'f1 {c["f1"]:.3f}  (tp {c["tp"]} fp {c["fp"]} fn {c["fn"]})')
    c = confusion(oof, y, thr)
    base = max(y.mean(), 1 - y.mean())
    print(f'  all   : acc {c["acc"]:.3f} (majority {base:.3f})  prec {c["prec"]:.3f}  rec {c["rec"]:.3f}  '
          f'f1 {c["f1"]:.3f}  (tp {c["tp"]} fp {c["fp"]} fn {c["fn"]})')

    mu, sd = standardise(X)
    w, b = fit((X - mu) / sd, y, l2)
    w_raw = w / sd
    b_raw = b - float(np.sum(w * mu / sd))
    # the folded weights must reproduce the standardised model exactly
    assert np.allclose(X @ w_raw + b_raw, ((X - mu) / sd) @ w + b, atol=1e-6)
    c_in = confusion(predict((X - mu) / sd, w, b), y, thr)
    print(f'refit on all pages: in-sample acc {c_in["acc"]:.3f} prec {c_in["prec"]:.3f} rec {c_in["rec"]:.3f}')
    if args.heldout_features:
        if not args.heldout_gold:
            sys.exit('--heldout-features needs --heldout-gold')
        hg = load_gold(args.heldout_gold)
        hnames, HX, hy, hpage = load_features(args.heldout_features, hg)
        if hnames != names:
            sys.exit('the held-out TSV has other feature columns than the training TSV')
        ch = confusion(predict((HX - mu) / sd, w, b), hy, thr)
        print(f'held out ({len(set(hpage))} pages, {len(hy)} candidates, {int(hy.sum())} starts): acc {ch["acc"]:.3f}  '
              f'prec {ch["prec"]:.3f}  rec {ch["rec"]:.3f}  f1 {ch["f1"]:.3f}  (tp {ch["tp"]} fp {ch["fp"]} fn {ch["fn"]})')
    if args.report:
        print('feature weights (raw = per unit of the feature as the Swift side computes it; std = per '
              'standard deviation, comparable across features):')
        order = np.argsort(-np.abs(w))
        for i in order:
            print(f'  {names[i]:<32} std {w[i]:+8.3f}   raw {w_raw[i]:+12.6g}   mean {mu[i]:10.4g}  sd {sd[i]:10.4g}')
        print(f'  {"(bias)":<32}                raw {b_raw:+12.6g}')
    if args.swift:
        cmd = 'python3 scripts/pagegen/train_boundaries.py ' + ' '.join(
            [f'--features {p}' for p in args.features] + [f'--gold {p}' for p in args.gold] +
            [f'--swift {args.swift}', f'--swift-type {args.swift_type}', f'--folds {args.folds}',
             f'--l2 {args.l2}', f'--objective {args.objective}', f'--seed {args.seed}'] +
            ([f'--swift-access {args.swift_access}'] if args.swift_access else []))
        stats = (f'{len(y)} candidates ({int(y.sum())} starts) on {npages} pages; l2={l2:g}; {k}-fold by page '
                 f'out of fold: acc {c["acc"]:.3f}, precision {c["prec"]:.3f}, recall {c["rec"]:.3f}')
        write_swift(args.swift, args.swift_type, args.swift_access, names, w_raw, b_raw, thr, stats, cmd)
        print(f'wrote {args.swift}')


if __name__ == '__main__':
    main()
