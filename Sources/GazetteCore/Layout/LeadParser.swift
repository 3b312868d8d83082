/// The opening of a news item: `本报讯（记者 高明山）9月30日，…`, `江门日报讯(记者/陈敏锐)近日,…`.
struct Lead: Equatable, Sendable {
    /// The paper before `讯` (`本报`, `江门日报`).
    var source: String
    var credits: Credits
    /// `9月30日` as printed near the start of the lead, or nil.
    var dateline: String?
    /// Where the body text starts after the lead marker and its parentheses.
    var bodyStart: Int
}

/// Recognises the printed cues that open or continue a piece: leads, continuation marks,
/// photo credits and notice marks. Each check looks only at a bounded window at the start or
/// end of a block, so it costs O(1) per block whatever the block's length.
enum LeadParser {
    /// A lead: a paper name ending in `报`/`社`/`台`/`网` followed by `讯`, within the first
    /// twelve scalars, optionally followed by credits in half- or full-width parentheses.
    static func lead(_ text: [Unicode.Scalar]) -> Lead? {
        let window = min(text.count, 14)
        var xun = -1
        for i in 0..<window where text[i] == "讯" { xun = i; break }
        guard xun >= 2 else { return nil }
        let prefix = Array(text[0..<xun]).withoutSpaces
        guard prefix.count >= 2, prefix.allSatisfy(Glyph.isHan), let last = prefix.last,
            last == "报" || last == "社" || last == "台" || last == "网"
        else { return nil }
        var i = xun + 1
        while i < text.count, Glyph.isSpace(text[i]) || text[i] == "*" { i += 1 }
        var credits = Credits()
        if i < text.count, text[i] == "(" || text[i] == "（" {
            let limit = min(text.count, i + 60)
            var close = -1
            var k = i + 1
            while k < limit {
                if text[k] == ")" || text[k] == "）" { close = k; break }
                k += 1
            }
            if close > i {
                credits = CreditParser.names(text[(i + 1)..<close]) ?? Credits()
                i = close + 1
            }
        }
        while i < text.count, Glyph.isSpace(text[i]) { i += 1 }
        let source = prefix.string
        credits.source = source
        return Lead(source: source, credits: credits, dateline: dateline(in: text, from: i), bodyStart: i)
    }

    /// The first `M月D日` within 30 scalars of `from` (Arabic or Chinese numerals).
    static func dateline(in text: [Unicode.Scalar], from: Int) -> String? {
        guard from >= 0 else { return nil }
        let end = min(text.count, from + 30)
        var i = from
        while i < end {
            if isNumeral(text[i]) {
                var j = i
                while j < text.count, j - i < 3, isNumeral(text[j]) { j += 1 }
                if j < text.count, text[j] == "月" {
                    var k = j + 1
                    while k < text.count, k - j - 1 < 3, isNumeral(text[k]) { k += 1 }
                    if k > j + 1, k < text.count, text[k] == "日" || text[k] == "号" {
                        return Array(text[i...k]).string
                    }
                }
                i = j
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func isNumeral(_ s: Unicode.Scalar) -> Bool {
        if Glyph.isDigit(s) { return true }
        switch s {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇": return true
        default: return false
        }
    }

    /// `上接一版`, `(上接A01版)`, `（上接第2版）` at the start of a block: the page it comes
    /// from (`一版`, `A01版`) and where the remaining text starts.
    static func continuation(_ text: [Unicode.Scalar]) -> (from: String, rest: Int)? {
        var i = 0
        var paren = false
        if i < text.count, text[i] == "(" || text[i] == "（" { paren = true; i += 1 }
        guard i + 1 < text.count, text[i] == "上" || text[i] == "接", text[i + 1] == "接" || text[i + 1] == "上"
        else { return nil }
        i += 2
        let start = i
        while i < text.count, i - start < 8, text[i] != "版" {
            let s = text[i]
            guard Glyph.isDigit(s) || Glyph.isLatin(s) || isNumeral(s) || s == "第" else { return nil }
            i += 1
        }
        guard i < text.count, text[i] == "版", i > start else { return nil }
        let from = Array(text[start...i]).string
        i += 1
        if paren, i < text.count, text[i] == ")" || text[i] == "）" { i += 1 }
        while i < text.count, Glyph.isSpace(text[i]) { i += 1 }
        return (from, i)
    }

    /// Removes a trailing `(下转A02版)` / `下转第二版` mark; the body reads on without it.
    static func strippingForwardMark(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let window = Swift.max(0, text.count - 14)
        var i = text.count - 2
        while i >= window {
            if text[i] == "下", text[i + 1] == "转" {
                var start = i
                if start > 0, text[start - 1] == "(" || text[start - 1] == "（" { start -= 1 }
                let tail = Array(text[i...])
                if tail.contains("版") { return Array(text[..<start]).trimmed }
                return text
            }
            i -= 1
        }
        return text
    }

    /// A photo caption: descriptive text ending with a credit `某某 摄`. Returns the caption
    /// text without its credit and the photographers.
    static func caption(_ text: [Unicode.Scalar]) -> (text: [Unicode.Scalar], photographers: [String])? {
        var end = text.count
        while end > 0, Glyph.isSpace(text[end - 1]) || Glyph.isCloser(text[end - 1]) { end -= 1 }
        guard end > 0, text[end - 1] == "摄" else { return nil }
        // The credit is what follows the last sentence or clause break (or an opening bracket).
        var start = end - 1
        let limit = Swift.max(0, end - 30)
        while start > limit {
            let s = text[start - 1]
            if Glyph.isSentenceFinal(s) || Glyph.isComma(s) || Glyph.isOpener(s) || s == "；" { break }
            start -= 1
        }
        guard start > 0 else { return nil }
        guard let names = CreditParser.photoCredit(text[start..<end]) else { return nil }
        var body = Array(text[..<start]).trimmed
        if let l = body.last, Glyph.isOpener(l) { body.removeLast() }
        guard body.contentCount >= 6 else { return nil }
        return (body.trimmed, names)
    }

    private static let noticeMarks = ["公益广告", "广告", "启事", "公告", "通告", "声明", "讣告"]

    /// A short line announcing a notice (`讲文明 树新风 公益广告`).
    static func isNoticeMark(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count <= 24, !text.contains(where: { Glyph.isSentenceFinal($0) || Glyph.isComma($0) }) else {
            return false
        }
        var core = text
        while let l = core.last, !Glyph.isContent(l) { core.removeLast() }
        return noticeMarks.contains { core.hasSuffix($0) }
    }
}
