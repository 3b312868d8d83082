#!/usr/bin/env python3
"""Render assembled pages as newspaper page images and read them back with a real OCR engine.

usage:
  render_ocr.py ARTICLES.jsonl --out DIR [--pages N] [--seed S] [--split all|train|eval]
                [--keep-png] [--no-seeds]

Needs: apt-get install tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk; pip install pillow.
Each page is assembled by assemble.py (same article handling, bylines, headline shapes,
captions, notices, column breaks, doubled paragraphs), laid out on an A4 page at 300 dpi —
a folio band (paper, date with weekday, page), 3 or 4 columns, each article a module spanning
one or more columns with its headline across them, justified body text, photo boxes with
captions, boxed notices, sometimes mild blur, tilt and specks — and read by
`tesseract IMG - -l chi_sim --psm 3 --dpi 300` (one page at a time, one thread, nice 10).

Output DIR/pNNN.txt (the OCR text, unedited), DIR/pNNN.png with --keep-png, and DIR/gold.json
("match": "loose") located in the OCR text after the fact: every OCR line is assigned to the
drawn item (article, notice, folio) whose text it shares most character bigrams with; an
article's `anchor` and `tail` are 12-character windows of its first/last paragraph that the OCR
read exactly (letters, digits, CJK), its `headline`/`kicker`/`subtitle` are the OCR lines that
read them (only when they read them closely, else null: not scored), its names only when the
OCR read them exactly. `starts` are the OCR line indices of each article's first line (0-based
over all lines, blank ones included), `furniture` the folio and notice lines. Articles whose
anchor the OCR garbled beyond finding are left out of the gold and listed under `unscored`.
"""
import argparse
import difflib
import json
import os
import random
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import assemble as asm  # noqa: E402

try:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
except ImportError:
    sys.exit('render_ocr: needs Pillow (pip install pillow)')

FONT_DIR = '/usr/share/fonts/opentype/noto'
W, H = 2480, 3508          # A4 at 300 dpi
MARGIN = 130
RULES = True               # --no-rules: modules without separating rules (the first sets were made so)


def font(name, size):
    return ImageFont.truetype(os.path.join(FONT_DIR, name), size, index=2)   # index 2 = SC


def loose(s):
    s = unicodedata.normalize('NFKC', (s or '').translate(str.maketrans({'，': ',', '：': ':'})))
    return ''.join(c for c in s if c.isalnum())


def bigrams(s):
    s = loose(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


# ---------------------------------------------------------------- layout

def wrap_px(text, fnt, width, indent_px=0):
    """Wrap text to a pixel width; punctuation that may not start a line stays on the line before."""
    lines, cur, w = [], '', indent_px
    for ch in text:
        cw = fnt.getlength(ch)
        if w + cw > width and cur and not (ch in '，。、；：？！,.;:?!）)”」' and w + cw <= width + cw * 0.9):
            lines.append(cur)
            cur, w = '', 0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def draw_justified(draw, x, y, text, fnt, width, justify, ink=0):
    if not text:
        return
    if not justify or len(text) < 2:
        draw.text((x, y), text, font=fnt, fill=ink)
        return
    tw = sum(fnt.getlength(c) for c in text)
    extra = max(0.0, (width - tw) / (len(text) - 1))
    if extra > fnt.size * 0.6:       # a short last line: do not stretch it across the column
        draw.text((x, y), text, font=fnt, fill=ink)
        return
    cx = x
    for c in text:
        draw.text((cx, y), c, font=fnt, fill=ink)
        cx += fnt.getlength(c) + extra


class Layout:
    def __init__(self, rng, shrink=1.0):
        self.rng = rng
        self.ncol = rng.choice([3, 4, 4])
        self.gap = rng.randint(45, 70)
        self.colw = (W - 2 * MARGIN - (self.ncol - 1) * self.gap) // self.ncol
        self.fs = max(28, int(rng.randint(34, 42) * shrink))
        self.lh = int(self.fs * rng.uniform(1.4, 1.6))
        self.body = font('NotoSerifCJK-Regular.ttc', self.fs)
        self.bold = font('NotoSansCJK-Bold.ttc', self.fs)
        self.small = font('NotoSansCJK-Regular.ttc', int(self.fs * 0.85))
        self.hfs = rng.randint(int(self.fs * 1.6), int(self.fs * 2.2))
        self.head = font(rng.choice(['NotoSansCJK-Bold.ttc', 'NotoSerifCJK-Bold.ttc']), self.hfs)
        self.kick = font('NotoSansCJK-Regular.ttc', int(self.hfs * 0.6))
        self.rules = RULES
        self.top = None
        self.tops = None

    def colx(self, c):
        return MARGIN + c * (self.colw + self.gap)


def draw_folio(draw, rng, lay, folio):
    """Paper name large at the left, date and page line at the right, a rule under them."""
    y = MARGIN
    big = font('NotoSerifCJK-Bold.ttc', rng.randint(80, 110))
    mid = font('NotoSansCJK-Regular.ttc', rng.randint(34, 42))
    paper, rest = folio[0], folio[1:]
    draw.text((MARGIN, y), paper, font=big, fill=0)
    ry = y + 10
    for t in rest:
        tw = mid.getlength(t)
        draw.text((W - MARGIN - tw, ry), t, font=mid, fill=0)
        ry += int(mid.size * 1.5)
    y = max(y + big.size + 40, ry + 20)
    draw.line([(MARGIN, y), (W - MARGIN, y)], fill=0, width=6)
    draw.line([(MARGIN, y + 12), (W - MARGIN, y + 12)], fill=0, width=2)
    return y + 50


def module_lines(item, lay, span):
    """Turn one item's blocks into drawable pieces: ('head', lines, font) spanning the module,
    then a flow of ('text', line, font, justify) and ('photo', height) in the columns."""
    width = span * lay.colw + (span - 1) * lay.gap
    head, flow = [], []
    prev = None
    for text, role in item['blocks']:
        if role in ('kicker', 'subtitle', 'orig'):
            head.append((wrap_px(text, lay.kick, width), lay.kick, role))
        elif role == 'headline':
            head.append((wrap_px(text, lay.head, width), lay.head, role))
        elif role == 'notice':
            lines = wrap_px(text, lay.bold, lay.colw - 40)
            if flow and flow[-1][0] == 'box' and prev == 'notice':
                flow[-1][1].extend(lines)       # one box holds the notice's lines
            else:
                flow.append(('box', lines, role))
        elif role == 'caption':
            flow.append(('photo', lay.rng.randint(260, 480), role))
            for ln in wrap_px(text, lay.small, lay.colw):
                flow.append(('text', ln, lay.small, False, role))
        elif role == 'byline':
            for ln in wrap_px(text, lay.bold, lay.colw):
                flow.append(('text', ln, lay.bold, False, role))
        elif role == 'subhead':
            for ln in wrap_px(text, lay.bold, lay.colw):
                flow.append(('text', ln, lay.bold, False, role))
        else:
            indent = 0 if prev == 'body_cut' else 2 * lay.fs
            lines = wrap_px(text, lay.body, lay.colw, indent)
            for j, ln in enumerate(lines):
                last = j == len(lines) - 1 and role != 'body_cut'
                flow.append(('text', ('\u3000\u3000' if j == 0 and indent else '') + ln, lay.body,
                             not last, role))
        prev = role
    return head, flow, width


def flow_height(piece, lay):
    if piece[0] == 'photo':
        return piece[1] + 20
    if piece[0] == 'box':
        return len(piece[1]) * lay.lh + 60
    return lay.lh


def place_items(rng, draw, lay, items, y0):
    """Skyline packing of modules; returns the items placed (index list)."""
    tops = [y0] * lay.ncol
    bottom = H - MARGIN
    placed = []
    for k, item in enumerate(items):
        total = item['chars']
        if item['kind'] == 'notice':
            spans = [1]
        else:
            spans = [s for s in (1, 2, 3, 4) if s <= lay.ncol]
            if total > 900:
                spans = [s for s in spans if s >= 2] or spans
            rng.shuffle(spans)
        done = False
        for span in spans:
            head, flow, width = module_lines(item, lay, span)
            hh = sum(len(ls) * int(f.size * 1.3) for ls, f, _ in head) + (30 if head else 0)
            fh = sum(flow_height(p, lay) for p in flow)
            col_h = fh / span + lay.lh * 2
            best = None
            for c in range(lay.ncol - span + 1):
                top = max(tops[c:c + span])
                if top + hh + col_h <= bottom and (best is None or top < best[1]):
                    best = (c, top)
            if best is None:
                continue
            c, top = best
            y = top
            if lay.rules and top > y0 + 5:
                # a rule over the module, as papers separate stories; it also keeps the OCR engine's
                # layout analysis from reading the story above and this one as one column
                draw.line([(lay.colx(c), y - lay.lh), (lay.colx(c) + width, y - lay.lh)], fill=0, width=3)
            x0 = lay.colx(c)
            for ls, f, role in head:
                for ln in ls:
                    tw = f.getlength(ln)
                    hx = x0 + (width - tw) / 2 if role == 'headline' and rng.random() < 0.5 else x0
                    draw.text((hx, y), ln, font=f, fill=0)
                    y += int(f.size * 1.3)
            if head:
                y += 30
            # balance the flow over the span's columns
            target = fh / span
            col, cy, acc = 0, y, 0.0
            for p in flow:
                h = flow_height(p, lay)
                if acc + h / 2 > target * (col + 1) and col < span - 1:
                    col += 1
                    cy = y
                cx = lay.colx(c + col)
                if p[0] == 'photo':
                    draw.rectangle([cx, cy, cx + lay.colw, cy + p[1]], fill=rng.randint(150, 200))
                    for _ in range(12):
                        a = rng.randint(int(cx), int(cx) + lay.colw - 40)
                        b = rng.randint(int(cy), int(cy) + p[1] - 40)
                        draw.ellipse([a, b, a + rng.randint(20, 120), b + rng.randint(20, 80)],
                                     fill=rng.randint(90, 230))
                    cy += p[1] + 20
                elif p[0] == 'box':
                    bh = len(p[1]) * lay.lh + 40
                    draw.rectangle([cx, cy + 10, cx + lay.colw, cy + 10 + bh], outline=0, width=4)
                    ty = cy + 30
                    for ln in p[1]:
                        tw = lay.bold.getlength(ln)
                        draw.text((cx + (lay.colw - tw) / 2, ty), ln, font=lay.bold, fill=0)
                        ty += lay.lh
                    cy += bh + 20
                else:
                    _, ln, f, just, role = p
                    draw_justified(draw, cx, cy, ln, f, lay.colw, just)
                    cy += lay.lh
                acc += h
                tops[c + col] = max(tops[c + col], cy)
            for cc in range(c, c + span):
                tops[cc] = max(tops[cc], y + (target if cc - c < span else 0)) + lay.lh * (3 if lay.rules else 2)
            placed.append(k)
            done = True
            break
        if not done and len(placed) >= 3 and min(tops) > bottom - 400:
            break
    return placed


def degrade(rng, img):
    kind = rng.random()
    if kind < 0.5:
        return img, 0.0
    if kind < 0.7:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.1)))
    angle = rng.uniform(-0.35, 0.35) if rng.random() < 0.6 else 0.0
    if angle:
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255, expand=False)
    if rng.random() < 0.6:
        d = ImageDraw.Draw(img)
        for _ in range(rng.randint(50, 300)):
            x, y = rng.randint(0, W - 1), rng.randint(0, H - 1)
            r = rng.randint(1, 3)
            d.ellipse([x, y, x + r, y + r], fill=rng.randint(0, 120))
    return img, angle


# ---------------------------------------------------------------- building a page

def items_of(page, rec):
    """Group the assembled lines-format page into items (gold order), dropping its own folio."""
    n = len(rec['articles'])
    items = [{'blocks': [], 'gold': rec['articles'][i], 'kind': rec['articles'][i]['kind'], 'chars': 0}
             for i in range(n)]
    for text, tag, it in zip(page.lines, page.tags, page.items):
        if tag in ('blank', 'folio') or it < 0:
            continue
        items[it]['blocks'].append((text, tag))
        items[it]['chars'] += len(text)
    # a notice inside a column break is its own gold item too; it is drawn inside the article
    return [x for x in items if x['blocks']]


def run_tesseract(png):
    env = dict(os.environ, OMP_THREAD_LIMIT='1')
    p = subprocess.run(['nice', '-n', '10', 'tesseract', png, '-', '-l', 'chi_sim', '--psm', '3', '--dpi', '300'],
                       capture_output=True, text=True, env=env, timeout=900)
    if p.returncode != 0:
        raise RuntimeError(f'tesseract failed on {png}: {p.stderr[-300:]}')
    return p.stdout


def assign_lines(ocr_lines, items, folio_text):
    """Index of the item (or -2 folio, -1 none) each OCR line shares most bigrams with."""
    sets = [bigrams(''.join(t for t, _ in it['blocks'])) for it in items]
    fset = bigrams(''.join(folio_text))
    out = []
    for ln in ocr_lines:
        b = bigrams(ln)
        if len(b) < 2:
            out.append(None)
            continue
        best, score = -1, 0.0
        for i, s in enumerate(sets):
            v = len(b & s) / len(b)
            if v > score:
                best, score = i, v
        fv = len(b & fset) / len(b)
        if fv > score and fv >= 0.5:
            best, score = -2, fv
        out.append(best if score >= 0.4 else -1)
    # a line too short to judge belongs with the line before it
    last = -1
    for i, a in enumerate(out):
        if a is None:
            out[i] = last if ocr_lines[i].strip() else -1
        elif ocr_lines[i].strip():
            last = a
    return out


def find_window(src, text_loose, from_end=False, width=12, reach=60, unique=True):
    s = loose(src)
    if len(s) < width:
        return s if s and s in text_loose else None
    rng_ = range(0, min(reach, len(s) - width) + 1)
    for off in rng_:
        w = s[len(s) - width - off:len(s) - off] if from_end else s[off:off + width]
        c = text_loose.count(w)
        if c == 1 or (c >= 1 and not unique):
            return w
    return None


def gold_from_ocr(ocr_text, items, folio):
    lines = ocr_text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    assign = assign_lines(lines, items, folio)
    whole = loose(''.join(lines))
    offsets = [0]                       # offsets[i] = where line i starts in `whole`
    for ln in lines:
        offsets.append(offsets[-1] + len(loose(ln)))
    arts, starts, unscored = [], [], []
    furniture = [i for i, a in enumerate(assign) if a == -2 and lines[i].strip()]
    for k, it in enumerate(items):
        g = it['gold']
        mine = [i for i, a in enumerate(assign) if a == k and lines[i].strip()]
        if not mine:
            unscored.append(g.get('anchor'))
            continue
        if it['kind'] == 'notice':
            furniture += mine
            a = loose(lines[mine[0]])[:8]
            if len(a) >= 4 and whole.count(a) == 1:
                arts.append({'anchor': a, 'kind': 'notice', 'headline': None, 'reporters': None,
                             'correspondents': None, 'category': None, 'alt': None})
            continue
        bodies = [t for t, r in it['blocks'] if r in ('body', 'body_cut')]
        if not bodies:
            unscored.append(g.get('anchor'))
            continue
        first = next((b for b in bodies if g.get('anchor') and g['anchor'] in b), bodies[0])
        pos = first.find(g['anchor']) if g.get('anchor') else 0
        anchor = find_window(first[max(0, pos):], whole)
        last_src = bodies[-1]
        if g.get('tail') and last_src.rfind(g['tail']) >= 0:
            last_src = last_src[:last_src.rfind(g['tail']) + len(g['tail'])]
        tail = find_window(last_src, whole, from_end=True, unique=False)
        if not anchor:
            unscored.append(g.get('anchor'))
            continue
        out = {'headline': None, 'kind': 'news', 'category': g['category'], 'alt': g['alt'],
               'reporters': None, 'correspondents': None, 'anchor': anchor}
        if tail:
            out['tail'] = tail
        # headline / kicker / subtitle as the OCR read them: lines of this article before its anchor
        apos = whole.find(anchor)
        anchor_line = next((i for i in range(len(lines)) if offsets[i + 1] > apos), mine[-1])
        roles = [(r, bigrams(t)) for t, r in it['blocks'] if r in ('headline', 'kicker', 'subtitle', 'orig')]
        by_role = {}
        for i in mine:
            if i >= anchor_line:
                break
            b = bigrams(lines[i])
            if not b or not roles:
                continue
            r, v = max(((r, len(b & hb) / len(b)) for r, hb in roles), key=lambda x: x[1])
            if v >= 0.5:
                by_role.setdefault(r, []).append(i)
        # the article starts at its first header line as read; without one, at its first line
        # that opens a run of its own lines (a stray fragment read out of order does not count)
        nb = [i for i in range(len(lines)) if lines[i].strip()]
        heads = sorted(i for v in by_role.values() for i in v)
        start = heads[0] if heads else None
        if start is None:
            start = mine[0]
            for i in mine:
                j = nb.index(i)
                nxt = nb[j + 1:j + 3]
                if nxt and all(assign[x] == k for x in nxt):
                    start = i
                    break
        starts.append(start)
        for key in ('headline', 'kicker', 'subtitle'):
            drawn = [t for t, r in it['blocks'] if r == key]
            got = by_role.get(key)
            if not drawn or not got or g.get(key) is None:
                continue
            # the lines must follow one another (blank lines aside)
            if any(lines[x].strip() and x not in got for x in range(got[0], got[-1] + 1)):
                continue
            read = ' '.join(lines[i].strip() for i in got)
            if difflib.SequenceMatcher(None, loose(read), loose(drawn[0])).ratio() >= 0.6:
                out[key] = read
        for key in ('reporters', 'correspondents'):
            names = g.get(key)
            if names is not None and all(loose(n) in loose(''.join(lines[i] for i in mine)) for n in names):
                out[key] = names
        for o in g.get('once', []):
            w = find_window(o, whole, unique=False)
            if w and whole.count(w) == 2:
                out.setdefault('once', []).append(w)
        arts.append(out)
    # an anchor must sit in one article only: drop later duplicates (rare)
    seen, final = set(), []
    for a in arts:
        if a['anchor'] in seen:
            continue
        seen.add(a['anchor'])
        final.append(a)
    return lines, final, sorted(set(starts)), sorted(set(furniture)), unscored


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('articles', nargs='+')
    ap.add_argument('--out', required=True)
    ap.add_argument('--pages', type=int, default=10)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--split', choices=['all', 'train', 'eval'], default='all')
    ap.add_argument('--eval-share', type=float, default=0.25)
    ap.add_argument('--keep-png', action='store_true')
    ap.add_argument('--no-seeds', action='store_true')
    ap.add_argument('--resume', action='store_true',
                    help='keep the pages already in DIR/gold.json and render the rest (each page has its own seed, '
                         'so the result is the same as one uninterrupted run)')
    ap.add_argument('--no-rules', action='store_true',
                    help='no rules between stories and tighter gaps (more interleaved reading order)')
    args = ap.parse_args()
    global RULES
    RULES = not args.no_rules
    all_arts = asm.load_articles(args.articles, None if args.no_seeds else os.path.join(
        asm.REPO, 'config', 'training', 'seeds.jsonl'))
    names, places = asm.name_pool(all_arts), asm.place_pool(all_arts)
    arts = all_arts
    if args.split != 'all':
        import hashlib

        def held_out(a):
            h = hashlib.sha256(''.join(a['paras']).encode('utf-8')).digest()
            return int.from_bytes(h[:4], 'big') / 2 ** 32 < args.eval_share
        arts = [a for a in all_arts if held_out(a) == (args.split == 'eval')]
    os.makedirs(args.out, exist_ok=True)
    gold_path = os.path.join(args.out, 'gold.json')
    pages = []
    if args.resume and os.path.exists(gold_path):
        pages = json.load(open(gold_path, encoding='utf-8'))['pages']
    done = {x['file'] for x in pages}
    for p in range(args.pages):
        if f'p{p:03d}.txt' in done:
            continue
        rng = random.Random(f'{args.seed}:render:{p}')
        page, rec = asm.assemble_page(rng, arts, names, places, 'lines', p)
        items = items_of(page, rec)
        paper = asm.paper_name(rng, places)
        date = asm.rand_date(rng)
        folio, _ = asm.folio_lines(rng, paper, date, rng.randint(1, 16))
        folio = [paper] + [x for x in folio if x != paper]
        best = None
        for attempt in range(5):
            # a page that does not hold every item is laid out again with smaller type
            lay = Layout(rng, shrink=1.0 - 0.08 * attempt)
            img = Image.new('L', (W, H), 255)
            draw = ImageDraw.Draw(img)
            y0 = draw_folio(draw, rng, lay, folio)
            placed = place_items(rng, draw, lay, items, y0)
            if best is None or len(placed) > len(best[2]):
                best = (lay, img, placed)
            if len(placed) == len(items):
                break
        lay, img, placed = best
        items = [items[k] for k in placed]
        img, angle = degrade(rng, img)
        png = os.path.join(args.out, f'p{p:03d}.png')
        img.save(png)
        text = run_tesseract(png)
        if not args.keep_png:
            os.remove(png)
        lines, garts, starts, furniture, unscored = gold_from_ocr(text, items, folio)
        fname = f'p{p:03d}.txt'
        with open(os.path.join(args.out, fname), 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        pages.append({'file': fname, 'articles': garts, 'starts': starts, 'furniture': furniture,
                      'unscored': unscored, 'render': {'columns': lay.ncol, 'font_px': lay.fs,
                                                       'column_px': lay.colw, 'angle': round(angle, 3)}})
        na = sum(1 for a in garts if a['kind'] == 'news')
        nh = sum(1 for a in garts if a.get('headline'))
        print(f'{fname}: {len(lines)} OCR lines, {na} articles ({nh} headlines), {len(unscored)} unscored, '
              f'{lay.ncol} columns', flush=True)
        # write the gold after every page, so an interrupted run still leaves a usable set
        gold = {'_about': f'pages assembled by scripts/pagegen/assemble.py, rendered by render_ocr.py and read by '
                          f'tesseract (chi_sim, psm 3, 300 dpi); seed {args.seed}, split {args.split}; gold located '
                          f'in the OCR text; match loose', 'match': 'loose', 'generator': asm.provenance(), 'pages': pages}
        with open(gold_path, 'w', encoding='utf-8') as f:
            json.dump(gold, f, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main()
