/// The opening of a news item: `本报讯（记者 高明山）9月30日，…`, `江门日报讯(记者/陈敏锐)近日,…`.
struct Lead: Equatable, Sendable {
    /// The paper before `讯` (`本报`, `江门日报`).
    var source: String
    var credits: Credits
    /// `9月30日` as printed near the start of the lead, or nil.
    var dateline: String?
    /// Where the body text starts after the lead marker and its parentheses.
    var bodyStart: Int
    /// The paper's own dateline (`本报讯`, `江门日报讯`), which is dropped from the body.
    /// Other senders' leads (`新华社北京3月2日电`, `湖北日报客户端讯`, `某某网消息`) are part of the
    /// text as syndicated, so they stay in it; their names are read all the same.
    var isHouseLead = true
}

/// Recognises the printed cues that open or continue a piece: leads, continuation marks,
/// photo credits and notice marks. Each check looks only at a bounded window at the start or
/// end of a block, so it costs O(1) per block whatever the block's length.
enum LeadParser {
    /// A lead: who sends the story, then `讯`, `电` or `消息`, within the first 24 scalars, then
    /// optionally the credits in parentheses or bare role words (`本报讯 记者 王艳 近日，…`).
    ///
    /// The sender is a paper, agency, station, site or media centre (`本报`, `江门日报`,
    /// `新华社`, `县融媒体中心`, `凤凰网`), possibly two of them (`雅安日报/北纬网`); with a
    /// date before the marker (`某某新闻网3月2日讯`, `新华社北京3月2日电`) any short name is a
    /// sender, since the date already makes the line a dateline.
    static func lead(_ text: [Unicode.Scalar]) -> Lead? {
        guard let head = header(text) else { return nil }
        var i = head.end
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
        } else if let bare = bareCredits(text, from: i) {
            credits = bare.credits
            i = bare.end
        }
        while i < text.count, Glyph.isSpace(text[i]) { i += 1 }
        credits.source = head.source
        let date = head.dateline ?? dateline(in: text, from: i)
        let house = head.dateline == nil && head.end <= 14 && text[head.end - 1] == "讯"
            && head.source.unicodeScalars.allSatisfy(Glyph.isHan)
            && ["报", "社", "台", "网"].contains { head.source.hasSuffix($0) }
        return Lead(source: head.source, credits: credits, dateline: date, bodyStart: i, isHouseLead: house)
    }

    /// The sender and the marker of a lead: where the marker ends, the sender, and a date
    /// printed before the marker.
    private static func header(_ text: [Unicode.Scalar]) -> (end: Int, source: String, dateline: String?)? {
        let window = min(text.count, 24)
        var marker = -1
        var markerEnd = -1
        var i = 0
        while i < window {
            let s = text[i]
            if s == "讯" { marker = i; markerEnd = i + 1; break }
            if s == "电", i >= 2, text[i - 1] == "日" || text[i - 1] == "社" { marker = i; markerEnd = i + 1; break }
            if s == "消", i + 1 < text.count, text[i + 1] == "息" { marker = i; markerEnd = i + 2; break }
            if Glyph.isComma(s) || Glyph.isSentenceFinal(s) || s == "(" || s == "（" { return nil }
            i += 1
        }
        guard marker >= 2 else { return nil }
        var prefix = Array(text[0..<marker]).withoutSpaces
        while let f = prefix.first, Glyph.isMark(f) { prefix.removeFirst() }
        var date: String?
        if let d = trailingDate(prefix) {
            date = Array(prefix[d...]).string
            prefix = Array(prefix[..<d])
        }
        guard prefix.count >= 2, prefix.count <= 16, let last = prefix.last,
            prefix.allSatisfy({ Glyph.isHan($0) || $0 == "/" || $0 == "／" }), Glyph.isHan(prefix[0])
        else { return nil }
        let isMessage = text[marker] == "消"
        if text[marker] == "电" {
            // `新华社电`, `新华社北京3月2日电`: an agency, then a place.
            guard let she = prefix.firstIndex(of: "社") else { return nil }
            return (markerEnd, Array(prefix[...she]).string, date)
        }
        let sender = last == "报" || last == "社" || last == "台" || last == "网" || prefix.hasSuffix("中心")
            || prefix.hasSuffix("客户端") || prefix.hasSuffix("融媒")
        if isMessage {
            guard sender, date == nil || last == "报" || last == "社" else { return nil }
        } else if !(sender || (date != nil && prefix.count <= 10)) {
            // Any short name is a sender when credits in parentheses follow (`华声在线讯(通讯员:某某)`)
            // or a space sets the marker off (`廉江讯 近日，…`).
            guard prefix.count <= 8, markerEnd < text.count else { return nil }
            let next = text[markerEnd]
            if next == "(" || next == "（" {
                let inner = text[(markerEnd + 1)...].prefix(40).prefix { $0 != ")" && $0 != "）" }
                guard CreditParser.startsWithRole(inner.drop { Glyph.isSpace($0) }) else { return nil }
            } else {
                guard Glyph.isSpace(next), prefix.count <= 6 else { return nil }
            }
        }
        return (markerEnd, prefix.string, date)
    }

    /// Start of a `M月D日` that ends `prefix`, or nil.
    private static func trailingDate(_ prefix: [Unicode.Scalar]) -> Int? {
        guard let l = prefix.last, l == "日" || l == "号" else { return nil }
        var k = prefix.count - 2
        var digits = 0
        while k >= 0, isNumeral(prefix[k]) { k -= 1; digits += 1 }
        guard digits >= 1, k >= 1, prefix[k] == "月" else { return nil }
        k -= 1
        var m = 0
        while k >= 0, isNumeral(prefix[k]), m < 3 { k -= 1; m += 1 }
        guard m >= 1 else { return nil }
        return k + 1
    }

    /// Credits printed without parentheses after the marker (`本报讯 记者 王艳 通讯员 李冉`):
    /// role words and names separated by spaces, up to the first token that is neither.
    private static func bareCredits(_ text: [Unicode.Scalar], from: Int) -> (credits: Credits, end: Int)? {
        guard from < text.count, CreditParser.startsWithRole(text[from...]) else { return nil }
        var end = from
        var best: (Credits, Int)?
        let limit = min(text.count, from + 40)
        var k = from
        while k < limit {
            // Token boundaries: spaces.
            while k < limit, !Glyph.isSpace(text[k]), !Glyph.isClauseBreak(text[k]) { k += 1 }
            // A word followed by a comma opens the sentence (`近日，`): names never are.
            if k < text.count, Glyph.isClauseBreak(text[k]) { break }
            if let c = CreditParser.names(text[from..<k]), !c.isEmpty { best = (c, k) }
            else if best != nil { break }
            guard k < limit, Glyph.isSpace(text[k]) else { break }
            while k < limit, Glyph.isSpace(text[k]) { k += 1 }
            end = k
        }
        _ = end
        guard let (c, e) = best else { return nil }
        return (c, e)
    }

    /// A line that starts a lead but breaks inside its credits (`本报讯(记者 某某 通讯员`):
    /// the next line carries the rest, and the two must be read as one.
    static func isOpenLead(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count <= 60, let head = header(text) else { return false }
        var i = head.end
        while i < text.count, Glyph.isSpace(text[i]) { i += 1 }
        guard i < text.count, text[i] == "(" || text[i] == "（" else { return false }
        return !text[i...].contains { $0 == ")" || $0 == "）" }
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
        // `图为…` / `上图：…` open a caption whether or not a credit follows.
        if text.count <= 80, text.hasPrefix("图为") || text.hasPrefix("上图") || text.hasPrefix("下图") || text.hasPrefix("图：") || text.hasPrefix("图:") {
            return (text, [])
        }
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

    /// A notice mark that labels the box rather than being its text: `…公益广告`.
    static func isNoticeLabel(_ text: [Unicode.Scalar]) -> Bool {
        var core = text
        while let l = core.last, !Glyph.isContent(l) { core.removeLast() }
        return core.hasSuffix("公益广告") && core.contentCount > 4
    }

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
