import Foundation

/// Decides whether a block of title-shaped lines with no byline or lead after it opens a new
/// article (a headline) or stays inside the one before (a subhead, a slogan line).
///
/// No single cue decides this on real pages, so the evidence is combined: the block's shape
/// (length, parallel phrases, a numbering such as `一、` or `(二)` that marks section heads),
/// whether the text before closes a story and the text after opens one (`近日，` `X月X日，`
/// `为进一步…`), and lexical cohesion across the gap, as in TextTiling: a subhead shares its
/// story's vocabulary, a new story does not, and a headline's words come back in the text
/// under it but not in the text above it. A logistic regression weighs them; its weights are
/// learned by `scripts/pagegen/train_boundaries.py` from pages assembled from real articles
/// (`BoundaryWeights.swift`, generated).
///
/// Cost: two windows of at most `window` scalars per candidate, their bigrams hashed into
/// fixed-size bit signatures, so the page stays linear in its length.
enum BoundaryModel {
    /// How much text on each side of a candidate its cohesion features look at.
    static let window = 240

    /// Feature names, in the order of `features(…)`; the generated weights name them too,
    /// which is how a stale weight file is caught (a test compares the two lists).
    static let featureNames = [
        "multi_line", "short", "long", "inner_space", "colon", "numbered", "quote",
        "prev_ends", "prev_closing", "next_opens", "cohesion", "title_after", "title_before", "page_start",
    ]

    /// The probability that the title block `blocks[range]` opens an article.
    static func probability(_ x: [Double]) -> Double {
        var z = BoundaryWeights.bias
        for (f, v) in zip(BoundaryWeights.features, x) { z += f.weight * v }
        return 1 / (1 + exp(-z))
    }

    static func opens(_ features: [Double]) -> Bool {
        probability(features) >= BoundaryWeights.probabilityThreshold
    }

    static func opensArticle(_ range: Range<Int>, in blocks: [PageLine], pageStart: Bool) -> Bool {
        opens(features(range, in: blocks, pageStart: pageStart)) || columnHeadline(range, in: blocks)
    }

    /// The unambiguous shapes: a title with a dash subtitle under it, and a title under a
    /// column label (`【时政新闻】县政府召开常务会议`) over text that opens a story, are
    /// headlines however much their words recur nearby.
    static func columnHeadline(_ range: Range<Int>, in blocks: [PageLine]) -> Bool {
        // A headline with its dash subtitle (`——访市审计局副局长某某`, `——记…`): section heads
        // inside a story never carry one.
        if range.count >= 2, blocks[range.dropFirst()].contains(where: { TitleParser.dashStart($0.text) == 0 }) {
            return true
        }
        let t = blocks[range.lowerBound].text
        guard t.first == "【", let close = t.prefix(10).firstIndex(of: "】"), close >= 2, close + 2 < t.count else {
            return false
        }
        return range.upperBound < blocks.count && opensStory(blocks[range.upperBound].text)
    }

    static func features(_ range: Range<Int>, in blocks: [PageLine], pageStart: Bool) -> [Double] {
        var title: [Unicode.Scalar] = []
        var innerSpace = false
        for b in blocks[range] {
            title += b.text
            if Joiner.hasInnerSpace(b.text) { innerSpace = true }
        }
        let length = title.contentCount
        let before = textBefore(range.lowerBound, blocks)
        let after = textAfter(range.upperBound, blocks)
        let prevBlock = range.lowerBound > 0 ? blocks[range.lowerBound - 1] : nil
        let nextText = range.upperBound < blocks.count ? blocks[range.upperBound].text : []
        let titleGrams = Bigrams(title)
        let beforeGrams = Bigrams(before)
        let afterGrams = Bigrams(after)
        return [
            range.count >= 2 ? 1 : 0,
            length <= 8 ? 1 : 0,
            length >= 16 ? 1 : 0,
            innerSpace ? 1 : 0,
            title.contains { $0 == "：" || $0 == ":" } ? 1 : 0,
            isNumbered(title) ? 1 : 0,
            title.contains { $0 == "“" || $0 == "\"" || $0 == "”" } ? 1 : 0,
            prevBlock.map { $0.text.endsSentence || !$0.isText } ?? true ? 1 : 0,
            prevBlock.map { closesStory($0) } ?? false ? 1 : 0,
            opensStory(nextText) ? 1 : 0,
            beforeGrams.overlap(afterGrams),
            titleGrams.share(in: afterGrams),
            titleGrams.share(in: beforeGrams),
            pageStart ? 1 : 0,
        ]
    }

    /// Up to `window` scalars of text blocks before `index`, nearest last.
    private static func textBefore(_ index: Int, _ blocks: [PageLine]) -> [Unicode.Scalar] {
        var parts: [ArraySlice<Unicode.Scalar>] = []
        var n = 0
        var k = index - 1
        while k >= 0, n < window {
            let t = blocks[k].text
            let take = min(t.count, window - n)
            parts.append(t[(t.count - take)...])
            n += take
            k -= 1
        }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(n)
        for p in parts.reversed() { out += p }
        return out
    }

    /// Up to `window` scalars of text blocks from `index` on.
    private static func textAfter(_ index: Int, _ blocks: [PageLine]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var k = index
        while k < blocks.count, out.count < window {
            let t = blocks[k].text
            out += t.prefix(window - out.count)
            k += 1
        }
        return out
    }

    /// `一、` `（二）` `(3)` `1.` `第一，` `场景一：` `其一` `一是`: the numbering of a section head.
    static func isNumbered(_ t: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < t.count, Glyph.isSpace(t[i]) || Glyph.isMark(t[i]) { i += 1 }
        guard i < t.count else { return false }
        let paren = t[i] == "(" || t[i] == "（"
        if paren { i += 1 }
        if i < t.count, t[i] == "第" || t[i] == "其" { i += 1 }
        let start = i
        while i < t.count, i - start < 3, isCount(t[i]) { i += 1 }
        if i > start {
            guard i < t.count else { return false }
            let s = t[i]
            if paren { return s == ")" || s == "）" }
            if s == "、" || s == "." || s == "．" || s == "是" || Glyph.isComma(s) { return true }
            return false
        }
        // `场景一：` `亮点二：`: a short label ending in a numeral and a colon.
        if let colon = t.prefix(8).firstIndex(where: { $0 == "：" || $0 == ":" }), colon >= 2, isCount(t[colon - 1]) {
            return true
        }
        return false
    }

    private static func isCount(_ s: Unicode.Scalar) -> Bool {
        if Glyph.isDigit(s) { return true }
        switch s {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": return true
        default: return false
        }
    }

    /// The block before closes a story: a closing credit `(记者 某某)`, a byline, or a last
    /// paragraph that reads as a conclusion (`下一步，` `据了解，` …).
    static func closesStory(_ b: PageLine) -> Bool {
        if case .byline = b.kind { return true }
        guard b.isText else { return false }
        return endsWithCredit(b.text) || closingFormulas.contains { b.text.hasPrefix($0) }
    }

    /// The text ends with names in parentheses (`…成果。(雷久艳)`, `…(记者 王艳)`).
    static func endsWithCredit(_ t: [Unicode.Scalar]) -> Bool {
        guard let l = t.last, l == ")" || l == "）", let open = t.lastIndex(where: { $0 == "(" || $0 == "（" }),
            t.count - open <= 24, t.count - open >= 4
        else { return false }
        let inner = t[(open + 1)..<(t.count - 1)].map { $0 == ":" || $0 == "：" ? " " : $0 }
        return CreditParser.names(inner[...]) != nil
    }

    private static let closingFormulas = ["下一步", "据了解", "据悉", "今后", "接下来", "据介绍", "此外"]

    /// The text after opens a story: a date, a time word or a purpose clause at its start,
    /// the way news leads begin when they carry no `…讯`.
    static func opensStory(_ t: [Unicode.Scalar]) -> Bool {
        guard !t.isEmpty else { return false }
        if LeadParser.lead(t) != nil { return true }
        // `3月2日，` `12月20日上午，` `2月5日下午` within the first clause.
        let head = Array(t.prefix(12))
        if let yue = head.firstIndex(of: "月"), yue >= 1, yue <= 6, let ri = head.firstIndex(where: { $0 == "日" || $0 == "号" }),
            ri > yue, ri <= yue + 3, head[..<yue].allSatisfy({ Glyph.isDigit($0) || isCount($0) || $0 == "年" || Glyph.isHan($0) })
        {
            return true
        }
        return openingWords.contains { t.hasPrefix($0) }
    }

    private static let openingWords = [
        "近日", "日前", "今年以来", "近年来", "连日来", "近期", "昨天", "今天", "昨日", "今日", "本月", "上周", "近段时间",
        "记者从", "记者日前", "记者近日", "为进一步", "为深入", "为切实", "为全面", "为加快", "为扎实", "为有效", "为推动",
        "为确保", "为充分", "为做好", "为了",
    ]
}

/// The Han bigrams of a text, as a 4,096-bit signature: what the cohesion features compare.
/// Each bigram sets one bit (a multiplicative hash of the pair), so building is one store per
/// bigram and comparing is 64 ANDs and popcounts. A window holds a few hundred bigrams, so
/// two of them share a bit now and then: the counts are slightly low, the same way for
/// training and for use, and nothing else depends on them.
struct Bigrams {
    private var bits = [UInt64](repeating: 0, count: 64)
    private(set) var count = 0

    init(_ t: [Unicode.Scalar]) {
        guard t.count >= 2 else { return }
        for i in 0..<(t.count - 1) where Glyph.isHan(t[i]) && Glyph.isHan(t[i + 1]) {
            let key = UInt64(t[i].value) << 21 | UInt64(t[i + 1].value)
            let bit = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        count = bits.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    func intersectionCount(_ other: Bigrams) -> Int {
        var n = 0
        for i in 0..<64 { n += (bits[i] & other.bits[i]).nonzeroBitCount }
        return n
    }

    /// Shared bigrams over the smaller set: 0 for unrelated texts, near 1 for one story.
    func overlap(_ other: Bigrams) -> Double {
        let m = min(count, other.count)
        return m == 0 ? 0 : Double(intersectionCount(other)) / Double(m)
    }

    /// Share of these bigrams found in `other`.
    func share(in other: Bigrams) -> Double {
        count == 0 ? 0 : Double(intersectionCount(other)) / Double(count)
    }
}
