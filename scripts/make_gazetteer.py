#!/usr/bin/env python3
"""Builds the place gazetteer that PlaceFinder compiles in.

Run from the repository root (the tables live in data/places, outside the Swift target;
only the generated Swift file is compiled):

    pip download --no-deps cpca==0.5.5 -d /tmp/cpca && unzip -o /tmp/cpca/*.whl -d /tmp/cpca/x
    pip download --no-deps jieba==0.42.1 -d /tmp/jieba && tar xzf /tmp/jieba/*.tar.gz -C /tmp/jieba
    python3 scripts/make_gazetteer.py \
        /tmp/cpca/x/cpca/resources/adcodes.csv /tmp/cpca/x/cpca/resources/56_nations.csv \
        /tmp/jieba/jieba-0.42.1/jieba/dict.txt

Inputs (both MIT licensed):
  * cpca 0.5.5 (PyPI, https://github.com/DQinYuan/chinese_province_city_area_mapper):
    adcodes.csv, the Chinese administrative divisions (province, prefecture, county) with
    their 12-digit codes; 56_nations.csv, the ethnic group names used in autonomous
    divisions' names.
  * jieba 0.42.1 (PyPI, https://github.com/fxsjy/jieba): dict.txt, a word list with
    frequencies and part-of-speech tags, used only to decide which short forms are
    ordinary words and which neighbouring characters make a name part of another word.

Outputs:
  * data/places/gazetteer.tsv     code, name, short forms, level, parent code (human-readable)
  * data/places/word_guards.tsv   per-name context guards derived from the word list
  * Sources/GazetteCore/Places/GazetteerData.swift
                                  both tables as string literals, parsed once at run time
"""
import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLES = os.path.join(ROOT, "data", "places")
SWIFT = os.path.join(ROOT, "Sources", "GazetteCore", "Places")

# Short forms of provinces that are not simply the name minus 省/市.
PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}

# Placeholder rows of the code table, not places.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Full names that are ordinary words or so generic that a match says nothing
# (城区 "urban area", 郊区 "suburb", 矿区 "mining area", 东区/西区 "east/west part").
GENERIC_FULL_NAMES = {"城区", "郊区", "矿区", "东区", "西区", "新区", "市中区",
                      # X县 where X县 is mostly a piece of a longer phrase (市委和县委, 新县城).
                      "和县", "新县"}

# Prefecture short forms that are ordinary words or names of other things in news text
# (朝阳产业, 新乡村/新乡贤, 中山路/中山大学, 各位来宾, 周年大庆, 小兴安岭, 海西经济区,
# 阿里巴巴, 白银价格, 长治久安, 大同小异, 日照充足, 四平八稳, 三明治, 玉树临风, 白山黑水).
PREFECTURE_STOP = {"朝阳", "新乡", "中山", "来宾", "大庆", "兴安", "海西", "阿里", "白银",
                   "长治", "大同", "日照", "四平", "三明", "玉树", "白山"}

# County short forms that are ordinary words, generic directions or landmarks; the word-list
# rule below catches most, this list the ones it misses or that are too ambiguous to use.
COUNTY_STOP = {"城关", "城中", "城东", "城西", "城南", "城北", "市中", "市南", "市北",
               "新城", "老城", "东城", "西城", "南城", "北城", "河东", "河西", "河北",
               "江北", "江南", "江东", "江海", "桥东", "桥西", "铁东", "铁西", "长安",
               "鼓楼", "和平", "白云", "南山", "新华", "通道", "东方", "安定", "平安",
               "光明", "前进", "友好", "解放", "红旗", "向阳", "长寿", "新兴", "共和",
               "大方", "吉利", "和顺", "南岸", "石柱", "青山", "永定", "西湖", "宝山",
               "普陀", "海州", "西安", "通州", "朝阳", "滨海", "开发", "高新", "新都",
               "城厢", "郊区", "矿区", "东区", "西区", "中原", "中山", "上城", "下城",
               "红山", "东山", "西山", "北塔", "白塔", "金山", "银海", "海港", "港口",
               "港南", "港北", "沙市", "东湖", "西峰",
               # ordinary words the word list tags as names or rates as rare
               "凤凰", "古城", "新建", "高明", "小店", "南海", "惠民", "富民", "河口", "平原",
               "商城", "安居", "江山", "威信", "五峰", "台前", "民权", "太平", "复兴", "振兴",
               "富裕", "方正", "友谊", "工农", "东风", "红星", "爱民", "宏伟", "元宝", "龙凤",
               "丰满", "平房", "回民", "永和", "平定", "无为", "大通", "大观", "清流", "光泽",
               "万安", "博爱", "七星", "海棠", "天涯", "前锋", "名山", "九龙", "白玉", "盘龙",
               "麒麟", "三元", "龙泉", "南湖", "钟楼", "文峰", "芙蓉", "南岳", "洞口", "中方",
               "会同", "资源", "公安", "石门", "桃源", "紫金", "长子", "新民", "太和", "六合",
               "建华", "木兰", "平和", "万年", "永新", "定远", "二七", "石龙", "金平", "玉龙",
               "石林", "安龙", "镇远", "黑水", "石棉", "梁山", "文成", "三门", "龙口", "华容",
               "双城", "兴国", "兴业", "大新", "大悟", "天河"}

# Short forms the word list rates as ordinary words but that news uses for the place.
COUNTY_KEEP = {"神农架", "石首", "监利", "仙桃", "天门", "武昌", "汉阳", "江夏", "黄陂",
               "常熟", "余姚", "如皋", "顺德", "昌平", "大兴", "洪湖", "麻城", "大冶"}

# Superstrings that the part-of-speech rule misses (tagged as names of other things).
EXTRA_RIGHT_BLOCKERS = {"三明": ["三明治"], "阿里": ["阿里巴巴"], "新乡": ["新乡贤"],
                        "大理": ["大理石"]}

# Divisions renamed after the cpca snapshot (State Council approvals 2016-2021): the new
# name is the official one; the old one is still matched (older text, habit).
RENAMES = {"610928": "旬阳市", "500228": "梁平区", "500232": "武隆区", "510124": "郫都区",
           "520222": "盘州市", "610427": "彬州市", "610125": "鄠邑区", "130223": "滦州市",
           "360721": "赣县区"}

# Joint names of several provinces used in news (川渝合作, 京津冀协同): a mention counts
# for every member. Written as region rows: -, name, -, region, member codes, 1.
REGIONS = {
    "川渝": ["510000", "500000"], "成渝": ["510000", "500000"],
    "京津冀": ["110000", "120000", "130000"], "京津": ["110000", "120000"],
    "粤港澳": ["440000", "810000", "820000"], "港澳": ["810000", "820000"],
    "江浙沪": ["320000", "330000", "310000"], "苏浙沪": ["320000", "330000", "310000"],
    "沪苏浙": ["310000", "320000", "330000"], "沪苏浙皖": ["310000", "320000", "330000", "340000"],
    "江浙沪皖": ["320000", "330000", "310000", "340000"], "两广": ["440000", "450000"],
    "陕甘宁": ["610000", "620000", "640000"], "黑吉辽": ["230000", "220000", "210000"],
    "东三省": ["230000", "220000", "210000"], "两湖": ["420000", "430000"],
}

ETHNIC_EXTRA = ["蒙古", "柯尔克孜", "哈萨克", "维吾尔", "土家", "各族"]

# jieba part-of-speech tags for names (place, organisation, person, other proper name,
# abbreviation): a short form tagged so may still be a place; any other tag means a word.
NAME_TAGS = {"ns", "nt", "nr", "nrt", "nrfg", "nz", "j"}

LEVEL_NAMES = {0: "province", 1: "prefecture", 2: "county"}


def load_nations(path):
    names = []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.strip()
            if line:
                names.append(line)
                if line.endswith("族"):
                    names.append(line[:-1])
    names += ETHNIC_EXTRA
    # Longest first so 布依族 is stripped before 族-less fragments.
    return sorted(set(n for n in names if len(n) >= 1), key=len, reverse=True)


def strip_ethnic(stem, nations):
    changed = True
    while changed and stem:
        changed = False
        for n in nations:
            if len(n) >= 2 and stem.endswith(n) and len(stem) - len(n) >= 2:
                stem = stem[: -len(n)]
                changed = True
                break
    return stem


def short_form(name, level, nations):
    if level == 0:
        if name in PROVINCE_SHORT:
            return PROVINCE_SHORT[name]
        return name[:-1] if name[-1] in "省市" else None
    for suffix in ("自治州", "自治县", "自治旗", "联合旗", "新区", "林区", "特区", "地区",
                   "盟", "市", "区", "县", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = strip_ethnic(name[: -len(suffix)], nations)
            return stem if len(stem) >= 2 else None
    return None


def load_words(path):
    words = {}
    with open(path, encoding="utf8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def is_common_word(short, words, level):
    """A short form that the word list knows mostly as an ordinary word, not a place."""
    freq, tag = words.get(short, (0, ""))
    if level == 1 or short in COUNTY_KEEP:
        return False  # prefectures: only the explicit stop list
    return tag not in NAME_TAGS and freq >= 100


def main():
    adcodes, nations_path, dict_path = sys.argv[1:4]
    nations = load_nations(nations_path)
    words = load_words(dict_path)

    rows = {}
    with open(adcodes, encoding="utf8") as f:
        for rec in csv.DictReader(f):
            code = rec["adcode"][:6]
            name = rec["name"].strip()
            if name in PLACEHOLDERS or "群岛" in name:
                continue
            level = 0 if code.endswith("0000") else 1 if code.endswith("00") else 2
            rows[code] = [name, level, None]
    for code, new_name in RENAMES.items():
        if code in rows:
            rows[code] = [new_name, rows[code][1], rows[code][0]]

    def parent(code, level):
        if level == 0:
            return ""
        if level == 2 and code[:4] + "00" in rows:
            return code[:4] + "00"
        return code[:2] + "0000"

    entries = []
    for code in sorted(rows):
        name, level, former = rows[code]
        entries.append({"code": code, "name": name, "level": level,
                        "parent": parent(code, level),
                        "short": short_form(name, level, nations), "former": former})

    province_shorts = {e["short"] for e in entries if e["level"] == 0}
    prefecture_shorts = {e["short"] for e in entries if e["level"] == 1}
    full_names = {e["name"] for e in entries}
    by_code = {e["code"]: e for e in entries}
    dropped = []
    for e in entries:
        s = e["short"]
        if not s:
            continue
        reason = None
        if s in full_names and s != e["name"]:
            reason = "is another division's full name"
        elif e["level"] == 1 and (s in PREFECTURE_STOP or s in province_shorts):
            reason = "stop list" if s in PREFECTURE_STOP else "province short form"
        elif e["level"] == 2:
            par = by_code.get(e["parent"], {})
            if s in COUNTY_STOP:
                reason = "stop list"
            elif s in province_shorts or s in prefecture_shorts:
                reason = "collides with a province/prefecture short form"
            elif par.get("short") == s:
                reason = "same as its prefecture"
            elif is_common_word(s, words, 2):
                reason = "common word %s" % (words.get(s),)
        if reason:
            dropped.append((e["name"], s, reason))
            e["short"] = None

    # Context guards. A key is any string PlaceFinder matches outside a longer full name:
    # a short form, or a two-character full name (康县, 单县).
    keys = sorted({e["short"] for e in entries if e["short"]} | set(REGIONS) |
                  {e["name"] for e in entries if len(e["name"]) == 2
                   and e["name"] not in GENERIC_FULL_NAMES})
    # Left guard: a frequent two-character word P+F (健康, 示范, 隆重, 其中, 长江) ending in the
    # key's first character F means the key's first character belongs to the word before it.
    left = {}
    for w, (freq, tag) in words.items():
        if len(w) == 2 and freq >= 100:
            left.setdefault(w[1], set()).add(w[0])
    first_chars = sorted({k[0] for k in keys})
    left_rows = [(c, "".join(sorted(left.get(c, ())))) for c in first_chars if left.get(c)]
    # Overlap guard: a frequent common word L+N made of a short form's last character L and
    # the character N after it (医保定点 → 定点, 国庆安全 → 安全, 网站和政务 → 政务). Function
    # characters that normally follow a place name (江门将, 青岛上半年) never count as N.
    overlap = {}
    function_chars = set("上下中内外里前后的了是在有和与及将把被为对向从到等人市县区省州镇乡村"
                         "街路也都就还又已再所要能会可今年月日以由并而但或即")
    for w, (freq, tag) in words.items():
        if len(w) == 2 and freq >= 200 and tag not in NAME_TAGS and w[1] not in function_chars:
            overlap.setdefault(w[0], set()).add(w[1])
    short_keys = {e["short"] for e in entries if e["short"]} | set(REGIONS)
    last_chars = sorted({k[-1] for k in short_keys})
    overlap_rows = [(c, "".join(sorted(overlap[c]))) for c in last_chars if overlap.get(c)]
    # Right guard: an idiom or a one-character-longer common word that starts with the key
    # and means something else (长治久安, 千山万水, 双城记, 代县长). Words that are the place
    # plus a noun (四川话, 南通人, 北京烤鸭) still name the place and are not guards.
    right = {}
    for w, (freq, tag) in words.items():
        if len(w) < 3 or tag in NAME_TAGS or freq < 3 or w in full_names:
            continue
        for n in (2, 3, 4):
            if n < len(w) and w[:n] in keys:
                idiom = tag in ("i", "l")
                word = len(w) == n + 1 and w[-1] not in "人话菜籍省市县区镇乡村路街站"
                org = w.endswith(("队", "话", "大学", "学院", "中心", "公司", "网", "人"))
                if (idiom or word) and not org:
                    right.setdefault(w[:n], set()).add(w)
    for k, ws in EXTRA_RIGHT_BLOCKERS.items():
        right.setdefault(k, set()).update(ws)
    right_rows = [(k, ",".join(sorted(v))) for k, v in sorted(right.items()) if k in keys]

    header = ("# Chinese administrative divisions (provinces, prefectures, counties) for PlaceFinder.\n"
              "# Source: cpca 0.5.5 (PyPI), resources/adcodes.csv, MIT licence, (c) 2018 QinYuan Du,\n"
              "#   https://github.com/DQinYuan/chinese_province_city_area_mapper (codes of about 2016).\n"
              "# Amended by make_gazetteer.py: divisions renamed since (RENAMES, e.g. 旬阳县 -> 旬阳市,\n"
              "#   old name kept as another name) and joint regions (REGIONS: 川渝, 京津冀 ...).\n"
              "# Generated by make_gazetteer.py; edit the script, not this file.\n"
              "# Columns: code, name, short forms and former names (comma-separated, or -), level (province|prefecture|county), parent code (or -),\n"
              "#   1 if the full name is matched in text, 0 if it is too generic (城区, 郊区, 矿区).\n"
              "# Region rows (川渝, 京津冀) have no code and list their member provinces as parents.\n")
    with open(os.path.join(TABLES, "gazetteer.tsv"), "w", encoding="utf8") as f:
        f.write(header)
        for e in entries:
            matched = "0" if e["name"] in GENERIC_FULL_NAMES else "1"
            forms = list(dict.fromkeys(x for x in (e["short"], e["former"]) if x))
            f.write("\t".join([e["code"], e["name"], ",".join(forms) or "-",
                               LEVEL_NAMES[e["level"]], e["parent"] or "-", matched]) + "\n")
        for name, members in REGIONS.items():
            assert all(m in rows for m in members), name
            f.write("\t".join(["-", name, "-", "region", ",".join(members), "1"]) + "\n")
    guards_header = ("# Word-context guards for PlaceFinder short forms.\n"
                     "# Source: jieba 0.42.1 (PyPI) dict.txt, MIT licence, https://github.com/fxsjy/jieba.\n"
                     "# Generated by make_gazetteer.py; edit the script, not this file.\n"
                     "# L<TAB>first char<TAB>chars that form a frequent word with it when written just before it\n"
                     "# O<TAB>last char<TAB>chars that form a frequent common word with it when written just after it\n"
                     "# R<TAB>key<TAB>comma-separated common words that start with the key\n")
    with open(os.path.join(TABLES, "word_guards.tsv"), "w", encoding="utf8") as f:
        f.write(guards_header)
        for c, ps in left_rows:
            f.write("L\t%s\t%s\n" % (c, ps))
        for c, ns in overlap_rows:
            f.write("O\t%s\t%s\n" % (c, ns))
        for k, ws in right_rows:
            f.write("R\t%s\t%s\n" % (k, ws))

    def literal(path):
        with open(path, encoding="utf8") as f:
            body = "".join(l for l in f if not l.startswith("#"))
        assert '"""' not in body and "\\" not in body
        return body

    with open(os.path.join(SWIFT, "GazetteerData.swift"), "w", encoding="utf8") as f:
        f.write("// Generated by make_gazetteer.py from gazetteer.tsv and word_guards.tsv; do not edit.\n"
                "// Sources and licences are in the header of those files.\n\n"
                "/// The gazetteer and word guards as text, parsed once by `Gazetteer.shared`: a big string\n"
                "/// literal compiles fast and keeps Core free of file I/O.\n"
                "enum GazetteerData {\n"
                "    static let divisions = \"\"\"\n")
        f.write(literal(os.path.join(TABLES, "gazetteer.tsv")))
        f.write("\"\"\"\n\n    static let wordGuards = \"\"\"\n")
        f.write(literal(os.path.join(TABLES, "word_guards.tsv")))
        f.write("\"\"\"\n}\n")

    print("entries: %d (provinces %d, prefectures %d, counties %d); keys with short form %d"
          % (len(entries), sum(e["level"] == 0 for e in entries),
             sum(e["level"] == 1 for e in entries), sum(e["level"] == 2 for e in entries),
             sum(1 for e in entries if e["short"])), file=sys.stderr)
    print("left guards %d, overlap guards %d, right guards %d"
          % (len(left_rows), len(overlap_rows), len(right_rows)), file=sys.stderr)
    if os.environ.get("SHOW_DROPPED"):
        for d in dropped:
            print("dropped", *d, file=sys.stderr)


if __name__ == "__main__":
    main()
