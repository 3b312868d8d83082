#!/usr/bin/env python3
"""Headlines against what was printed: for the dev OCR pages, compares each article's title
(headline and subtitle) with the title drawn on the page image (../shared/devset/ocr/_render.json),
not with the gold's, which spells it as the OCR *text* reads it (a headline broken over two rows
or read after its column loses its parts there). An article counts when the parsed article
holding its gold anchor has a title at least 80% like the printed one (letters, digits and
CJK only; OCR misreads a character here and there). Kickers are counted the same way.

  python3 scripts/score-scan-headlines.py SET_JSON_DIR   (one pNNN.json per page, `gazette parse --json`)
"""
import difflib, json, os, sys, unicodedata

here = os.path.dirname(os.path.abspath(__file__))
ocr = os.environ.get('DEVSET', os.path.join(here, '..', '..', 'shared', 'devset', 'ocr'))


def loose(s):
    s = unicodedata.normalize('NFKC', s or '')
    return ''.join(c for c in s if c.isalnum())


def like(a, b):
    a, b = loose(a), loose(b)
    if not a or not b:
        return not a and not b
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def main():
    out_dir = sys.argv[1]
    render = json.load(open(os.path.join(ocr, '_render.json')))
    gold = json.load(open(os.path.join(ocr, 'gold.json')))
    found = total = kick = kick_total = 0
    for rp, gp in zip(render['pages'], gold['pages']):
        page = os.path.splitext(rp['file'])[0]
        doc = json.loads(open(os.path.join(out_dir, page + '.json')).read().splitlines()[0])
        arts = doc.get('articles', [])
        bodies = [loose(''.join(a.get('paragraphs') or [])) for a in arts]
        golds = [g for g in gp['articles'] if g.get('kind') != 'notice']
        for r, g in zip(rp['articles'], golds):
            total += 1
            hits = [i for i, b in enumerate(bodies) if loose(g['anchor']) in b]
            a = arts[hits[0]] if len(hits) == 1 else {}
            printed = (r.get('headline') or '') + (r.get('subtitle') or '')
            parsed = (a.get('headline') or '') + (a.get('subtitle') or '')
            if like(printed, parsed):
                found += 1
            elif '--verbose' in sys.argv:
                print(f'  miss {page}: {printed} vs {parsed}')
            if r.get('kicker'):
                kick_total += 1
                kick += like(r['kicker'], a.get('kicker'))
    print(f'printed headlines found: {found}/{total}, printed kickers found: {kick}/{kick_total}')


if __name__ == '__main__':
    main()
