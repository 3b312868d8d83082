#!/usr/bin/env python3
"""Assemble synthetic newspaper pages from real articles, with gold for score.py and for the
boundary model.

usage:
  assemble.py ARTICLES.jsonl [MORE.jsonl ...] --out DIR [--format lines|ocr] [--pages N]
              [--seed S] [--prefix g] [--no-seeds] [--seeds-jsonl config/training/seeds.jsonl]

Inputs are real articles only: ../shared/devset/articles.jsonl (fields text, headline,
reporters, correspondents, topic, alt_topic) and, unless --no-seeds, the repo's
config/training/seeds.jsonl (text, headline?, category). Article text is never invented:
headlines, kickers, subtitles and subheads are cut from the articles' own headlines and
paragraphs. Only page furniture (folios, subscription boxes, public-service notices, photo
captions, bylines around real names) is written from templates, because that is what it is
on a real page: boilerplate.

Output: DIR/gNNN.txt and DIR/gold.json, in the format ../shared/devset/score.py reads
(`pages: [{file, articles: [{headline, kind, category, alt, reporters, correspondents,
anchor, tail, join?, once?, kicker?, subtitle?}]}]`, `"match": "loose"` for --format ocr),
plus, per page, for the learned boundary model:
  starts     0-based indices over ALL lines of the file (blank ones included) of the first
             line of each article: kicker or headline line, else its first byline/body line;
  furniture  indices of folio and notice lines;
  captions, subheads, bylines   indices of those lines (inside articles; never starts).
Reporter/correspondent gold is null (not scored) where a byline form is ambiguous.

Everything is driven by one random.Random(seed): the same arguments give the same pages.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

FINAL = set('。！？!?…”」』）)')
CJK = re.compile(r'[\u4e00-\u9fff]')

# ---------------------------------------------------------------- loading and cleaning

# A news lead at the start of the first paragraph: `本报讯`, `湘阴融媒讯(记者 项涛)`,
# `红网湘乡市分站12月15日讯(…)`, `新华社北京3月2日电`, `湖北日报消息`. `通讯员` is not one.
LEAD_RE = re.compile(
    r'^\s*[□■●◆]?[^\s,，。:：、“”]{0,22}?(?:(?<!通)讯(?!员)|电|消息)\s*'
    r'(?:[(（][^()（）]{0,40}[)）])?\s*')
# A byline paragraph (first or last line of an article): short, holding a reporter word.
BYLINE_PARA_RE = re.compile(r'(记者|通讯员|实习生|摄影|文/图|文/摄|采写|编辑|供稿|摄$)')
# A name credit closing the last paragraph: `(程兆伟)`, `(通讯员 罗莉)`, `首席记者 孔庆蕾`.
TAIL_CREDIT_RE = re.compile(
    r'(?:\s*[(（][^()（）。,，]{2,30}[)）]|\s*(?:首席)?(?:记者|通讯员)[:：]?\s*[\u4e00-\u9fff ]{2,12})\s*$')


def clean_text(text):
    text = text.replace('**', '').replace('\r', '')
    lines = [l.strip() for l in text.split('\n')]
    lines = [l for l in lines if l]
    # Rejoin lines an earlier OCR pass cut mid-sentence (seen in the seeds): a long line that
    # does not end a sentence continues on the next one.
    out = []
    for l in lines:
        if out and len(out[-1]) >= 16 and out[-1][-1] not in FINAL and out[-1][-1] not in '：:' \
                and not BYLINE_PARA_RE.search(out[-1][:12]):
            out[-1] += l
        else:
            out.append(l)
    return out


def load_articles(paths, seeds_path):
    arts = []
    for path in paths:
        for i, line in enumerate(open(path, encoding='utf-8')):
            if not line.strip():
                continue
            r = json.loads(line)
            arts.append({
                'id': f'{os.path.basename(path)}:{i}',
                'headline': (r.get('headline') or None),
                'paras': clean_text(r['text']),
                'reporters': list(r.get('reporters') or []),
                'correspondents': list(r.get('correspondents') or []),
                'names_known': 'reporters' in r,
                'category': r.get('topic') or r.get('category'),
                'alt': r.get('alt_topic'),
            })
    if seeds_path and os.path.exists(seeds_path):
        for i, line in enumerate(open(seeds_path, encoding='utf-8')):
            if not line.strip():
                continue
            r = json.loads(line)
            arts.append({
                'id': f'seeds:{i}', 'headline': (r.get('headline') or None),
                'paras': clean_text(r['text']), 'reporters': [], 'correspondents': [],
                'names_known': False, 'category': r.get('category'), 'alt': None,
            })
    arts = [a for a in arts if a['paras'] and sum(len(p) for p in a['paras']) >= 60]
    # a text repeated inside a longer one (the seeds hold such pieces) would put one gold anchor
    # in two articles: keep the longer
    flat = [re.sub(r'\s', '', ''.join(a['paras'])) for a in arts]
    keep = []
    for i, a in enumerate(arts):
        probe = flat[i][len(flat[i]) // 3:len(flat[i]) // 3 + 20]
        if any(j != i and probe in flat[j] and (len(flat[j]) > len(flat[i]) or (len(flat[j]) == len(flat[i]) and j < i))
               for j in range(len(arts))):
            continue
        keep.append(a)
    return keep


def is_credit_para(p):
    """A paragraph that only credits people: `记者 彭加权`, `(许光虎 李刚)`, `□晚报记者 朱东一 文/图`."""
    return len(p) <= 32 and (bool(BYLINE_PARA_RE.search(p)) or bool(re.fullmatch(r'[(（][^()（）]{2,30}[)）]', p)))


def name_pool(arts):
    names = set()
    for a in arts:
        for n in a['reporters'] + a['correspondents']:
            n = n.replace(' ', '')
            if 2 <= len(n) <= 4 and all(CJK.match(c) for c in n):
                names.add(n)
    return sorted(names)


GAZETTEER = os.path.join(REPO, 'Sources', 'GazetteCore', 'Places', 'gazetteer.tsv')


def place_pool(arts):
    """Real county/prefecture names from the repo's gazetteer (for furniture only: paper names,
    融媒体中心, 新闻网 leads); falls back to none when the file is missing."""
    places = []
    if os.path.exists(GAZETTEER):
        for line in open(GAZETTEER, encoding='utf-8'):
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            name, level = cols[1], cols[3]
            if level in ('county', 'prefecture') and name[-1] in '县市区' and 3 <= len(name) <= 4 \
                    and cols[-1] == '1':
                places.append((name[:-1], name[-1]))
    return sorted(set(places))


def text_places(text):
    """Gazetteer names that occur in a text (for `地名:` headlines, cut from the article's own words)."""
    global _GAZ_NAMES
    if _GAZ_NAMES is None:
        # full names only: short forms are often ordinary words (中方 'the Chinese side', 永和, 和平)
        _GAZ_NAMES = {s + u for s, u in place_pool([])}
    found = []
    for n in range(2, 5):
        for i in range(len(text) - n + 1):
            if text[i:i + n] in _GAZ_NAMES:
                found.append(text[i:i + n])
    return found


_GAZ_NAMES = None


def strip_lead(paras):
    """Return (paras without the original lead/byline credits, True when something looked like
    a credit but could not be removed cleanly)."""
    ps = list(paras)
    # byline paragraphs at the start/end
    while ps and len(ps[0]) <= 32 and BYLINE_PARA_RE.search(ps[0]):
        ps.pop(0)
    while len(ps) > 1 and len(ps[-1]) <= 32 and (BYLINE_PARA_RE.search(ps[-1])
                                                 or re.fullmatch(r'[(（][^()（）]{2,30}[)）]', ps[-1])):
        ps.pop()
    if not ps:
        return ps, True
    m = LEAD_RE.match(ps[0])
    if m and m.end() < len(ps[0]) - 10:
        ps[0] = ps[0][m.end():].lstrip(' ,，')
    m = TAIL_CREDIT_RE.search(ps[-1])
    if m and m.start() > 10:
        ps[-1] = ps[-1][:m.start()].rstrip()
    return ps, False


# For gold anchors only: also skip web leads such as `本网25日11:00直击报道(记者 …)`. Skipping too
# much is harmless there (the anchor is still inside the body), skipping too little is not.
ANCHOR_SKIP_RE = re.compile(
    r'^\s*[□■●◆]?(?:[^\s,，。:：、“”]|\d[:：]\d){0,22}?(?:(?<!通)讯(?!员)|电|消息|报道)\s*'
    r'(?:[(（][^()（）]{0,40}[)）])?\s*')


HOUSE_LEAD_RE = re.compile(r'^\s*[□■●◆]?[\u4e00-\u9fff]{1,12}?[报社台网]讯')


def lead_length(p):
    """Length of a news lead at the start of a paragraph (0 when none)."""
    m = ANCHOR_SKIP_RE.match(p)
    if m and m.end() < len(p) - 10:
        return m.end()
    return 0


# ---------------------------------------------------------------- furniture templates

WEEKDAYS = '一二三四五六日'
SECTIONS = ['要闻', '综合新闻', '民生', '县域经济', '社会', '时政', '乡村振兴', '综合', '本地新闻',
            '城市', '经济', '专版', '基层', '视点', '新闻']
PAPER_SUFFIX = ['日报', '晚报', '报', '时报', '融媒', '新闻', '都市报']
PUBLIC = [['文明城市 你我共建', '{place}市文明办 宣'],
          ['讲文明 树新风', '{place}{unit}精神文明建设指导委员会办公室'],
          ['创建全国文明城市', '共建美好幸福家园'],
          ['垃圾分类 从我做起', '{place}{unit}城市管理局 宣'],
          ['文明交通 安全出行', '{place}{unit}公安局交警大队'],
          ['厉行节约 反对浪费', '{place}{unit}文明办'],
          ['防范电信网络诈骗', '不听 不信 不转账', '{place}{unit}公安局 宣'],
          ['公益广告'],
          ]


def rand_date(rng):
    d = datetime.date(rng.randint(2016, 2026), 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
    return d


def paper_name(rng, places):
    stem, unit = rng.choice(places)
    return stem + rng.choice(['', unit]) + rng.choice(PAPER_SUFFIX)


def folio_lines(rng, paper, date, pageno):
    wd = WEEKDAYS[date.weekday()] if rng.random() < 0.8 else rng.choice(WEEKDAYS)
    dstr = f'{date.year}年{date.month}月{date.day}日'
    dline = rng.choice([f'{dstr} 星期{wd}', f'{dstr}  星期{wd}', f'{dstr} 周{wd}', f'{dstr}星期{wd}'])
    sec = rng.choice(SECTIONS)
    pline = rng.choice([f'第{pageno}版 {sec}', f'第{pageno}版{sec}', f'{pageno:02d}版 {sec}',
                        f'{"AB"[rng.randint(0, 1)]}{pageno} {sec}', f'第 {pageno} 版', f'{sec} 第{pageno}版'])
    shape = rng.random()
    if shape < 0.55:
        lines = [paper, dline, pline]
        if rng.random() < 0.3:
            lines = [dline, pline] if rng.random() < 0.5 else [paper, pline, dline]
    elif shape < 0.8:
        lines = [f'{paper} {dline}', pline] if rng.random() < 0.5 else [f'{pline} {dline}']
    else:
        lines = [f'{paper}  {dline}  {pline}']
    return lines, sec


def bottom_folio(rng, names, paper, date, pageno):
    a, b = rng.sample(names, 2)
    return rng.choice([
        [f'责任编辑:{a}  美术编辑:{b}'],
        [f'责任编辑 {a}', f'版式设计 {b}'],
        [f'本版编辑:{a} 校对:{b}'],
        [f'{paper}  第{pageno}版'],
        [f'编辑 {a}  组版 {b}  校对 {rng.choice(names)}'],
    ])


def phone(rng):
    return f'0{rng.randint(300, 999)}-{rng.randint(2000000, 8999999)}'


def notice_lines(rng, paper, places):
    """A notice box; never one whose first line already stands on this page (rng.used_notices),
    so that every notice's gold anchor is unique on its page."""
    used = getattr(rng, 'used_notices', None)
    if used is None:
        used = rng.used_notices = set()
    for _ in range(20):
        lines = _notice_lines(rng, paper, places)
        key = re.sub(r'\s', '', lines[0])
        if key not in used:
            break
    used.add(re.sub(r'\s', '', lines[0]))
    return lines


def _notice_lines(rng, paper, places):
    stem, unit = rng.choice(places)
    if rng.random() < 0.5:
        lines = [rng.choice([f'欢迎订阅{paper}', f'欢迎订阅 {paper}', f'{paper} 欢迎订阅', '欢迎订阅 欢迎投稿'])]
        extra = [f'订阅热线:{phone(rng)}', f'邮发代号:{rng.randint(1, 99)}-{rng.randint(1, 199)}',
                 f'全年定价{rng.choice([180, 240, 288, 300, 360, 396])}元', '全国各地邮局均可订阅',
                 f'广告热线 {phone(rng)}', f'新闻热线:{phone(rng)}']
        lines += rng.sample(extra, rng.randint(1, 3))
    else:
        t = rng.choice(PUBLIC)
        lines = [x.format(place=stem, unit=unit) for x in t]
    return lines


CAPTION_WHAT = ['会议', '活动', '检查', '培训', '座谈会', '签约仪式', '启动仪式', '施工', '调研', '演练', '比赛',
                '宣传', '志愿服务', '慰问', '项目建设']


def caption_line(rng, art, names):
    text = ''.join(art['paras'])
    found = [w for w in CAPTION_WHAT if w in text] or ['活动']
    w = rng.choice(found)
    base = rng.choice([f'图为{w}现场。', f'图为{w}现场', f'▲{w}现场。', f'图为{w}现场。 ', f'图:{w}现场'])
    n = rng.choice(names)
    credit = rng.choice(['', '', f' 本报记者 {n} 摄', f'(摄影 {n})', f' {n} 摄', f'(本报记者 {n} 摄)'])
    return (base.rstrip() + credit).strip()


# ---------------------------------------------------------------- bylines

def pick_names(rng, names, k):
    return rng.sample(names, k)


def make_byline(rng, names, places, date):
    """Return (prefix to glue before the first paragraph or None, separate line before body or None,
    separate line after body or None, suffix glued to last paragraph or None, reporters|None,
    correspondents|None)."""
    r = pick_names(rng, names, rng.choice([1, 1, 1, 2]))
    c = pick_names(rng, [n for n in names if n not in r], rng.choice([0, 1, 1, 2]))
    R, C = ' '.join(r), ' '.join(c)
    Rs, Cs = '、'.join(r), ' '.join(c)
    stem, unit = rng.choice(places)
    md = f'{date.month}月{date.day}日'
    lp, rp = rng.choice([('(', ')'), ('（', '）'), (' (', ') ')])
    form = rng.randrange(12)
    if form == 0:
        inner = f'记者 {R}' + (f' 通讯员 {C}' if c else '')
        return (f'本报讯{lp}{inner}{rp}', None, None, None, r, c)
    if form == 1:
        inner = f'记者/{R}' + (f' 通讯员/{C}' if c else '')
        return (f'{stem}{unit}融媒体中心讯{lp}{inner}{rp}', None, None, None, r, c)
    if form == 2:
        site = rng.choice([f'{stem}新闻网', f'{stem}{unit}新闻网', f'{stem}网', f'{stem}融媒'])
        if rng.random() < 0.5:
            return (f'{site}{md}讯 ', None, None, None, [], [])
        return (f'{site}{md}讯{lp}记者 {R}{rp}', None, None, None, r, [])
    if form == 3:
        city = rng.choice(['北京', '上海', '广州', '成都', '武汉', '西安', '长沙', '南京', stem])
        if rng.random() < 0.5:
            return (f'新华社{city}{md}电 ', None, None, None, [], [])
        return (f'新华社{city}{md}电{lp}记者{R}{rp}', None, None, None, r, [])
    if form == 4:
        return (f'本报讯 记者{r[0]} ', None, None, None, r[:1], [])
    if form == 5:
        mark = rng.choice(['□', '■', '●', '', '□'])
        line = f'{mark}本报记者 {R}' + (f' 通讯员 {C}' if c else '')
        return (rng.choice(['本报讯 ', '', '']) or None, line, None, None, r, c)
    if form == 6:
        return (rng.choice(['本报讯 ', None]), f'文/图 {r[0]}', None, None, None, None)
    if form == 7:
        return ('本报讯 ', None, None, f' ({R}{" " + C if c else ""})', None, None)
    if form == 8:
        return (None, None, f'({Rs})', None, None, None)
    if form == 9:
        return (rng.choice(['本报讯 ', None]), None, f'记者 {R}' + (f' 通讯员 {C}' if c else ''), None, r, c)
    if form == 10:
        inner = f'通讯员 {C or R}'
        return (f'本报讯{lp}{inner}{rp}', None, None, None, [], c or r)
    return (None, None, None, None, [], [])   # headline followed directly by the body


# ---------------------------------------------------------------- headline shapes

def headline_shape(rng, art, places):
    """Return (header lines [(text, role)], gold headline, kicker, subtitle)."""
    h = art['headline']
    if not h:
        return [], None, None, None
    h = re.sub(r'\s+', ' ', h.strip())
    parts = [p for p in re.split(r'\s+', h) if p]
    roll = rng.random()
    if h.count('——') == 1 and not h.startswith('——') and roll < 0.8:
        main, sub = h.split('——')
        main = main.strip()
        return [(main, 'headline'), ('——' + sub.strip(), 'subtitle')], main, None, '——' + sub.strip()
    if len(parts) >= 2 and roll < 0.35 and 4 <= len(parts[0]) <= len(''.join(parts[1:])):
        kicker, main = parts[0], ' '.join(parts[1:])
        return [(kicker, 'kicker'), (main, 'headline')], main, kicker, None
    if roll < 0.45:
        # `原标题:` repeats the headline under it, as reposted web items do
        return [(h, 'headline'), (rng.choice(['原标题:', '原标题：', '原标题 ']) + h, 'orig')], h, None, None
    if roll < 0.55 and ':' not in h and '：' not in h:
        cands = text_places(''.join(art['paras'][:2]))
        if cands:
            p = rng.choice(cands)
            h2 = p + rng.choice([':', '：', ' ']) + h
            return [(h2, 'headline')], h2, None, None
    if roll < 0.7 and len(parts) == 1 and len(h) >= 12:
        # two parts on one line, separated by spaces, split at a real comma if there is one
        m = re.search(r'[,，]', h)
        if m and 4 <= m.start() <= len(h) - 4:
            h2 = h[:m.start()] + rng.choice(['  ', ' ', '   ']) + h[m.end():]
            return [(h2, 'headline')], h2, None, None
    return [(h, 'headline')], h, None, None


# ---------------------------------------------------------------- subheads

SUBHEAD_NUM = re.compile(r'^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|'
                         r'场景[一二三四五六七八九十]+[:：]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[,，、])')


def subhead_split(rng, paras):
    """Split the short first sentence of later paragraphs into a subhead line when the article
    has them (numbered or parallel openers). Returns list of (text, role)."""
    out = [(paras[0], 'body')]
    cands = []
    for i, p in enumerate(paras[1:], 1):
        m = re.match(r'^(.{4,22}?)([。：:！])(.+)$', p)
        if m and not re.search(r'[,，]{2}', m.group(1)):
            cands.append((i, m))
    numbered = [c for c in cands if SUBHEAD_NUM.match(c[1].group(1))]
    use = numbered if len(numbered) >= 2 else (cands if len(cands) >= 3 else [])
    use = {i: m for i, m in use}
    for i, p in enumerate(paras[1:], 1):
        if i in use and rng.random() < 0.85 and len(use[i].group(3)) >= 20:
            m = use[i]
            head = m.group(1) + (m.group(2) if rng.random() < 0.3 else '')
            out.append((head, 'subhead'))
            out.append((m.group(3), 'body'))
        elif len(p) <= 20 and p[-1] not in FINAL and p[-1] not in '。:：;；,，' and not is_credit_para(p) \
                and i < len(paras) - 1:
            out.append((p, 'subhead'))      # the article's own short heading line (seen in the seeds)
        else:
            out.append((p, 'body'))
    return out


# ---------------------------------------------------------------- OCR-like noise

CONFUSE = {'己': '已', '已': '己', '未': '末', '末': '未', '人': '入', '入': '人', '土': '士', '日': '曰',
           '千': '干', '天': '夭', '贝': '见', '鸟': '乌', '戊': '戍', '体': '休', '拨': '拔', '候': '侯',
           '籍': '藉', '辨': '辩', '岗': '冈', '察': '祭', '管': '营', '设': '没', '项': '顶', '综': '绽',
           '副': '剧', '镇': '锁', '县': '具', '服': '股', '部': '郜', '书': '韦', '工': '土', '作': '昨'}
PUNCT_SWAP = {',': '，', '，': ',', ':': '：', '：': ':', '(': '（', '（': '(', ')': '）', '）': ')',
              ';': '；', '；': ';', '!': '！', '！': '!', '?': '？', '？': '?'}
MARK_MISREAD = {'□': ['口', '国', '□'], '■': ['国', '口', '■'], '●': ['。', '0', '●', '']}


def ocr_noise(rng, s, rate, protect=()):
    """Character-level OCR noise, length-preserving except for stray spaces; `protect` holds
    (start, end) spans left untouched (gold anchors and tails)."""
    out = []
    for i, ch in enumerate(s):
        if ch not in MARK_MISREAD and any(a <= i < b for a, b in protect):
            out.append(ch)
            continue
        if ch in MARK_MISREAD and rng.random() < 0.6:
            out.append(rng.choice(MARK_MISREAD[ch]))
            continue
        if ch in PUNCT_SWAP and rng.random() < rate * 10:
            out.append(PUNCT_SWAP[ch])
            continue
        if ch in CONFUSE and rng.random() < rate:
            out.append(CONFUSE[ch])
            continue
        out.append(ch)
        if rng.random() < rate * 0.5 and CJK.match(ch):
            out.append(rng.choice([' ', '  ', '   ']))
    return ''.join(out)


def display_width(ch):
    return 0.5 if ord(ch) < 0x2000 and ch != ' ' else 1.0


def wrap(text, width, indent):
    """Wrap like an OCR engine reading a justified column: full-width characters fill the line,
    digits/Latin/half-width punctuation take half a cell; the first line is indented."""
    lines, cur, w = [], '', indent
    for ch in text:
        dw = display_width(ch)
        if w + dw > width and cur:
            # punctuation that may not start a line stays on the line before (kinsoku)
            if ch in '，。、；：？！,.;:?!）)”」' and w + dw <= width + 1:
                cur += ch
                w += dw
                continue
            lines.append(cur)
            cur, w = '', 0
        cur += ch
        w += dw
    if cur:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------- page assembly

class Page:
    def __init__(self):
        self.lines = []          # text of each line
        self.tags = []           # role of each line
        self.items = []          # index of the gold item (article or notice) a line belongs to, -1 for none
        self.cur = -1

    def add(self, text, tag):
        self.lines.append(text)
        self.tags.append(tag)
        self.items.append(-1 if tag in ('blank', 'folio') else self.cur)

    def blank(self):
        if self.lines and self.lines[-1] != '':
            self.add('', 'blank')


def snippet_anchor(s, n=16):
    return s[:n]


def snippet_tail(s, n=16):
    return s[-n:]


def build_article(rng, art, names, places, date, fmt):
    """Return a structured article: list of blocks (role, text) + gold dict."""
    use_orig = rng.random() < 0.3
    paras = list(art['paras'])
    reporters = art['reporters'] if art['names_known'] else None
    correspondents = art['correspondents'] if art['names_known'] else None
    byl = (None, None, None, None, None, None)
    if not use_orig:
        stripped, bad = strip_lead(paras)
        all_names = art['reporters'] + art['correspondents']
        joined_head = stripped[0][:30] if stripped else ''
        joined_tail = stripped[-1][-25:] if stripped else ''
        if (not bad and stripped and not any(n.replace(' ', '') in ''.join(stripped).replace(' ', '') for n in all_names)
                and not re.search(r'记者|通讯员|实习生', joined_head + joined_tail)
                and (art['names_known'] or lead_length(paras[0]) == 0 or stripped[0] != paras[0])):
            paras = stripped
            byl = make_byline(rng, names, places, date)
            reporters, correspondents = byl[4], byl[5]
        else:
            use_orig = True
    prefix, line_before, line_after, suffix = byl[:4]
    # anchor: body text after any lead (the parser may or may not keep the lead in the body)
    fi = 1 if (use_orig and len(paras) > 1 and is_credit_para(paras[0])) else 0
    first = paras[fi]
    skip = lead_length(first) if use_orig else 0
    anchor = first[skip:skip + 16]
    # The dev gold's convention: only the paper's own lead (`本报讯`, `X日报讯`) is not body text;
    # another sender's lead (`新华社X电`, `X网3月2日讯`, `X融媒体中心讯`) stays in the body.
    if use_orig and skip and not HOUSE_LEAD_RE.match(first):
        anchor = first[:16]
    elif (not use_orig and prefix and not HOUSE_LEAD_RE.match(prefix) and re.search(r'(讯|电|消息)', prefix[:24])
          and not first.startswith(('(上接', '（上接'))):
        anchor = (prefix + first)[:16]
    li = -2 if (use_orig and len(paras) > 1 + fi and is_credit_para(paras[-1])) else -1
    last = paras[li]
    tm = TAIL_CREDIT_RE.search(last) if use_orig else None
    tail_end = tm.start() if (tm and tm.start() > 20) else len(last)
    tail = last[max(0, tail_end - 16):tail_end]
    if paras[li] is paras[fi] and tail_end - 16 < skip + 16:
        tail = None
    body = subhead_split(rng, paras) if rng.random() < 0.8 else [
        (p, 'subhead' if i and len(p) <= 20 and p[-1] not in FINAL and p[-1] not in '。:：;；,，'
         and not is_credit_para(p) and i < len(paras) - 1 else 'body') for i, p in enumerate(paras)]
    if prefix and not body[0][0].startswith(('(上接', '（上接')):
        body[0] = (prefix + body[0][0], 'body')
    if suffix:
        body[-1] = (body[-1][0] + suffix, 'body')
    header, hl, kicker, subtitle = headline_shape(rng, art, places)
    blocks = [(t, r) for t, r in header]
    if line_before:
        blocks.append((line_before, 'byline'))
    caption_at = None
    if rng.random() < 0.25:
        caption_at = rng.choice(['top', 'mid'])
        if caption_at == 'top' and header:
            blocks.append((caption_line(rng, art, names), 'caption'))
    body_start = len(blocks)
    blocks += body
    if line_after:
        blocks.append((line_after, 'byline'))
    gold = {'headline': hl, 'kind': 'news', 'category': art['category'], 'alt': art['alt'],
            'reporters': reporters, 'correspondents': correspondents, 'anchor': anchor, 'tail': tail}
    if kicker:
        gold['kicker'] = kicker
    if subtitle:
        gold['subtitle'] = subtitle
    return {'blocks': blocks, 'body_start': body_start, 'gold': gold, 'art': art,
            'caption_mid': caption_at == 'mid' or (caption_at == 'top' and not header),
            'protect': (anchor, tail), 'prefix': len(prefix or '')}


def notice_gold(nl):
    """A notice box is gold as its own item of kind `notice` (as in the dev OCR gold)."""
    return {'anchor': re.sub(r'\s', '', nl[0])[:10], 'kind': 'notice', 'headline': None, 'reporters': None,
            'correspondents': None, 'category': None, 'alt': None}


def maybe_break(rng, ab, names, paper, places, fmt):
    """Column break: cut one long body paragraph in two, sometimes with a caption or a notice
    between, sometimes doubling the continuation (a block read twice). Records join/once."""
    blocks = ab['blocks']
    gold = ab['gold']
    idx = [i for i, (t, r) in enumerate(blocks) if r == 'body' and len(t) >= 50]
    if not idx:
        return
    i = rng.choice(idx)
    t = blocks[i][0]
    a, b = 20, len(t) - 20
    # keep the gold anchor and tail whole
    if gold['anchor'] and t.find(gold['anchor']) >= 0:
        a = max(a, t.find(gold['anchor']) + len(gold['anchor']) + 2)
    if gold['tail'] and t.rfind(gold['tail']) >= 0:
        b = min(b, t.rfind(gold['tail']) - 2)
    if b - a < 10:
        return
    cut = rng.randint(a, b)
    left, right = t[:cut], t[cut:]
    between = []
    roll = rng.random()
    if roll < 0.3:
        between = [(caption_line(rng, ab['art'], names), 'caption')]
    elif roll < 0.4:
        nl = notice_lines(rng, paper, places)
        between = [(x, 'notice') for x in nl]
        ab.setdefault('extra_gold', []).append(notice_gold(nl))
    blocks[i:i + 1] = [(left, 'body_cut')] + between + [(right, 'body')]
    gold.setdefault('join', []).append(t[max(0, cut - 8):cut + 8])
    if rng.random() < 0.2 and len(right) >= 24:
        j = i + 1 + len(between)
        blocks.insert(j + 1, (right, 'body'))
        gold.setdefault('once', []).append(right[:16])


def emit_lines(page, ab, notices_gold):
    """One paragraph per line, blank line between, like devset/pages."""
    starts = None
    for t, r in ab['blocks']:
        page.blank()
        if starts is None:
            starts = len(page.lines)
        page.add(t, r)
    return starts


def emit_ocr(rng, page, ab, width, noise):
    starts = None
    gold = ab['gold']
    anchor, tail = ab['protect']
    hw = rng.choice([width, int(width * 1.3), width * 2, int(width * 1.6)])
    new_hl = []
    prev_role = None
    for k, (t, r) in enumerate(ab['blocks']):
        if r in ('kicker', 'headline', 'subtitle', 'orig'):
            nt = ocr_noise(rng, t, noise * 0.5)
            if r == 'headline':
                gold['headline'] = nt if gold['headline'] is not None else None
            elif r == 'kicker':
                gold['kicker'] = nt
            elif r == 'subtitle':
                gold['subtitle'] = nt
            page.blank()
            if starts is None:
                starts = len(page.lines)
            if len(nt) > hw:
                # a long headline prints on two lines, sometimes read as two blocks
                m = re.search(r'\s+', nt)
                if m and abs(m.start() - len(nt) / 2) < len(nt) / 3:
                    parts = [nt[:m.start()], nt[m.end():]]
                else:
                    cut = rng.randint(len(nt) // 3, 2 * len(nt) // 3)
                    parts = [nt[:cut], nt[cut:]]
                page.add(parts[0], r)
                if rng.random() < 0.3:
                    page.blank()
                page.add(parts[1], r + '_cont')
            else:
                page.add(nt, r)
            prev_role = r
            continue
        if r in ('byline', 'caption', 'notice'):
            page.blank()
            if starts is None:
                starts = len(page.lines)
            w = width if r != 'notice' else rng.randint(8, width)
            nt = ocr_noise(rng, t, noise, [(0, len(t))] if r == 'byline' else ())
            for x in wrap(nt, w, 0):
                page.add(x, r)
            page.blank()
            prev_role = r
            continue
        # body / subhead / body_cut
        prot = []
        for s in (anchor, tail):
            if s:
                p = t.find(s)
                if p >= 0:
                    prot.append((p, p + len(s)))
        if k == ab['body_start'] and ab['prefix']:
            prot.append((0, ab['prefix']))
        nt = ocr_noise(rng, t, noise, prot)
        if r == 'subhead' or prev_role in ('headline', 'subtitle', 'orig', 'kicker', 'headline_cont', None):
            page.blank()
        indent = 2 if rng.random() < 0.85 else 0
        if r == 'subhead':
            indent = 0
        for x in wrap(nt, width, indent):
            if starts is None:
                page.blank()
                starts = len(page.lines)
            page.add(x, r)
            if rng.random() < 0.09:
                page.blank()       # a block boundary, often mid-sentence
        if r == 'subhead':
            page.blank()
        if r == 'body_cut':
            page.blank()
        prev_role = r
    return starts


def assemble_page(rng, arts, names, places, fmt, pidx):
    page = Page()
    paper = paper_name(rng, places)
    date = rand_date(rng)
    pageno = rng.randint(1, 16)
    width = rng.randint(12, 20)
    noise = rng.choice([0.0, 0.003, 0.006, 0.01, 0.02]) if fmt == 'ocr' else 0.0
    gold_arts, starts, furniture = [], [], []
    if fmt == 'ocr' or rng.random() < 0.15:
        fl, _ = folio_lines(rng, paper, date, pageno)
        for x in fl:
            page.add(ocr_noise(rng, x, noise) if fmt == 'ocr' else x, 'folio')
            if fmt == 'ocr' or rng.random() < 0.5:
                page.add('', 'blank')
    n = rng.choice([3, 4, 4, 5, 5, 6])
    chosen = rng.sample(arts, min(n, len(arts)))
    notice_slot = rng.randrange(len(chosen) + 1) if rng.random() < 0.45 else None
    for k, art in enumerate(chosen + [None]):
        if k == notice_slot:
            nl = notice_lines(rng, paper, places)
            page.cur = len(gold_arts)
            page.blank()
            first = len(page.lines)
            if fmt == 'ocr':
                for x in nl:
                    for y in wrap(ocr_noise(rng, x, noise), rng.randint(max(8, width - 4), width + 4), 0):
                        page.add(y, 'notice')
            else:
                for j, x in enumerate(nl):
                    if j:
                        page.blank()
                    page.add(x, 'notice')
            gold_arts.append(notice_gold(nl))
        if art is None:
            break
        ab = build_article(rng, art, names, places, date, fmt)
        if rng.random() < 0.35:
            maybe_break(rng, ab, names, paper, places, fmt)
        if ab['caption_mid']:
            bodies = [i for i, (t, r) in enumerate(ab['blocks']) if r == 'body' and i > ab['body_start']]
            if bodies:
                ab['blocks'].insert(rng.choice(bodies), (caption_line(rng, art, names), 'caption'))
        page.cur = len(gold_arts)
        if fmt == 'lines':
            s = emit_lines(page, ab, gold_arts)
        else:
            s = emit_ocr(rng, page, ab, width + (rng.choice([0, 0, 0, -1, 1])), noise)
        starts.append(s)
        g = ab['gold']
        if g['tail'] is None:
            g.pop('tail')
        gold_arts.append(g)
        gold_arts += ab.get('extra_gold', [])
    if fmt == 'ocr' and rng.random() < 0.3:
        page.blank()
        for x in bottom_folio(rng, names, paper, date, pageno):
            page.add(ocr_noise(rng, x, noise), 'folio')
    while page.lines and page.lines[-1] == '':
        page.lines.pop()
        page.tags.pop()
    # the file's lines: a line holding only spaces counts as blank for the reader, keep it so
    for i, t in enumerate(page.tags):
        if t in ('folio', 'notice'):
            furniture.append(i)
    rec = {'file': None, 'articles': gold_arts, 'starts': starts, 'furniture': furniture}
    for key, roles in (('captions', ('caption',)), ('subheads', ('subhead',)), ('bylines', ('byline',))):
        rec[key] = [i for i, t in enumerate(page.tags) if t in roles]
    rec['roles'] = list(page.tags)
    rec['format'] = fmt
    rec['width'] = width if fmt == 'ocr' else None
    return page, rec


def provenance():
    """The command line and the repo commit that made a set, kept in its gold.json: the same arguments
    at the same commit give the same pages."""
    import subprocess
    try:
        commit = subprocess.run(['git', '-C', REPO, 'rev-parse', '--short', 'HEAD'], capture_output=True,
                                text=True, timeout=10).stdout.strip() or 'unknown'
        dirty = subprocess.run(['git', '-C', REPO, 'status', '--porcelain', '--', 'scripts/pagegen'],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = 'unknown', ''
    return {'script': os.path.basename(sys.argv[0]), 'args': sys.argv[1:],
            'commit': commit + ('+uncommitted' if dirty else '')}


def check_page(lines, rec, fmt):
    """Assert the gold is consistent with the text: every start is a non-blank line, every anchor and
    tail occurs in the page text (loosely for ocr), starts are increasing."""
    def loose(s):
        import unicodedata
        return ''.join(c for c in unicodedata.normalize('NFKC', s) if c.isalnum())
    whole = loose(''.join(lines)) if fmt == 'ocr' else re.sub(r'\s', '', ''.join(lines))
    for s in rec['starts']:
        assert lines[s].strip(), (rec['file'], s)
    assert rec['starts'] == sorted(rec['starts']), rec['file']
    for g in rec['articles']:
        for key in ('anchor', 'tail'):
            v = g.get(key)
            if v:
                v2 = loose(v) if fmt == 'ocr' else re.sub(r'\s', '', v)
                assert v2 in whole, (rec['file'], key, v)
                # score.py needs each anchor in exactly one article
                assert key != 'anchor' or whole.count(v2) == 1, (rec['file'], 'anchor twice', v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('articles', nargs='+', help='JSONL files of real articles (e.g. ../shared/devset/articles.jsonl)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--format', choices=['lines', 'ocr'], default='lines')
    ap.add_argument('--pages', type=int, default=60)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--prefix', default='g')
    ap.add_argument('--seeds-jsonl', default=os.path.join(REPO, 'config', 'training', 'seeds.jsonl'))
    ap.add_argument('--no-seeds', action='store_true', help='do not use config/training/seeds.jsonl')
    ap.add_argument('--headlined-only', action='store_true', help='use only articles that carry a headline')
    ap.add_argument('--split', choices=['all', 'train', 'eval'], default='all',
                    help='use all articles, or only the training or the held-out share (a fixed hash of '
                         'each article\'s text, so the two never share an article whatever the seed)')
    ap.add_argument('--eval-share', type=float, default=0.25, help='share of articles held out for --split eval')
    args = ap.parse_args()
    all_arts = load_articles(args.articles, None if args.no_seeds else args.seeds_jsonl)
    names = name_pool(all_arts)
    places = place_pool(all_arts)
    arts = all_arts
    if args.split != 'all':
        def held_out(a):
            h = hashlib.sha256(''.join(a['paras']).encode('utf-8')).digest()
            return int.from_bytes(h[:4], 'big') / 2 ** 32 < args.eval_share
        arts = [a for a in all_arts if held_out(a) == (args.split == 'eval')]
    if args.headlined_only:
        arts = [a for a in arts if a['headline']]
    if len(names) < 6 or not places or len(arts) < 6:
        sys.exit(f'assemble: too little input ({len(arts)} articles, {len(names)} names, {len(places)} places)')
    os.makedirs(args.out, exist_ok=True)
    pages = []
    for p in range(args.pages):
        rng = random.Random(f'{args.seed}:{args.format}:{p}')
        page, rec = assemble_page(rng, arts, names, places, args.format, p)
        fname = f'{args.prefix}{p:03d}.txt'
        rec['file'] = fname
        check_page(page.lines, rec, args.format)
        with open(os.path.join(args.out, fname), 'w', encoding='utf-8') as f:
            f.write('\n'.join(page.lines) + '\n')
        pages.append(rec)
    gold = {'_about': f'synthetic pages assembled by scripts/pagegen/assemble.py from real articles '
                      f'(format {args.format}, seed {args.seed}, split {args.split}, {len(arts)} articles); starts/furniture are '
                      f'0-based line indices over all lines of the file',
            'generator': provenance(), 'pages': pages}
    if args.format == 'ocr':
        gold['match'] = 'loose'
    with open(os.path.join(args.out, 'gold.json'), 'w', encoding='utf-8') as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
    na = sum(len(p['articles']) for p in pages)
    print(f'assemble: {len(pages)} {args.format} pages, {na} gold items, {len(arts)} source articles -> {args.out}')


if __name__ == '__main__':
    main()
