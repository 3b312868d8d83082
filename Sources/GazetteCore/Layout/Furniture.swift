/// Page furniture: what the paper prints around its articles, never part of one.
///
/// - The folio: the date line (`2025年4月7日 星期五`), the page line (`第6版 综合新闻`,
///   `A02 要闻`), the paper's name at the top of the page, and editors' credits
///   (`责任编辑 张三`). Dropped, and counted in the first article's `quality`.
/// - Boxes a paper prints for itself (`欢迎订阅…`, `订阅热线`, `邮发代号`, `广告热线`) and
///   sponsor lines of public-service slogans (`清河市文明办 宣`): kept as notices.
///
/// Each test looks at one line and is bounded by its length; none of them can fire inside
/// running text, because every one requires the line to consist of the furniture alone.
enum Furniture {
    /// A folio line: a date, page or editor line, alone on its line.
    static func isFolio(_ t: [Unicode.Scalar]) -> Bool {
        // Every line of the page is asked: a paragraph is rejected before any allocation.
        guard t.count <= 60 else { return false }
        let c = t.filter { !Glyph.isSpace($0) }
        guard c.count >= 2, c.count <= 40 else { return false }
        if c.contains(where: { Glyph.isComma($0) || Glyph.isSentenceFinal($0) }) { return false }
        return isDateLine(c) || isPageLine(c) || isEditorLine(c) || isFolioRow(t)
    }

    /// The folio in one row (`吉木乃县日报 2020年8月15日星期六 要闻 第14版`): space-separated
    /// parts that are each a paper name, a date, a page or a short section name, with a date
    /// or a page among them.
    private static func isFolioRow(_ t: [Unicode.Scalar]) -> Bool {
        let parts = t.split(whereSeparator: { Glyph.isSpace($0) || $0 == "|" || $0 == "丨" }).map(Array.init)
        guard parts.count >= 2, parts.count <= 6 else { return false }
        var anchored = false
        for p in parts {
            if isDateLine(p) || isPageLine(p) { anchored = true; continue }
            if isWeekday(p) || isMasthead(p) || (p.count <= 4 && p.allSatisfy(Glyph.isHan)) { continue }
            return false
        }
        return anchored
    }

    private static func isWeekday(_ p: [Unicode.Scalar]) -> Bool {
        (p.count == 3 && p.hasPrefix("星期")) || (p.count == 2 && p.first == "周")
    }

    /// The paper's name printed as a line of the folio (`南山时报`, `江门日报`): short, all Han,
    /// ending in a paper's word. Only asked of the lines at the top of the page, since a
    /// headline may end in `晚报` too.
    static func isMasthead(_ t: [Unicode.Scalar]) -> Bool {
        guard t.count <= 16 else { return false }
        let c = t.filter { !Glyph.isSpace($0) }
        guard c.count >= 3, c.count <= 8, c.allSatisfy(Glyph.isHan) else { return false }
        return c.hasSuffix("报") || c.hasSuffix("刊") || c.hasSuffix("周末")
    }

    /// A line of the paper's own boxes: subscription, advertising and contact lines.
    static func isPaperBox(_ t: [Unicode.Scalar]) -> Bool {
        guard t.count <= 60 else { return false }
        for i in t.indices where boxFirsts.contains(t[i]) {
            for w in boxWords where w[0] == t[i] && i + w.count <= t.count && t[i..<(i + w.count)].elementsEqual(w) {
                return true
            }
        }
        return false
    }

    private static let boxWords = [
        "欢迎订阅", "订阅热线", "订阅电话", "邮发代号", "广告热线", "广告经营许可", "新闻热线", "投稿邮箱",
        "连续出版物号", "全年定价", "全年订价", "零售价",
    ].map { Array($0.unicodeScalars) }
    private static let boxFirsts: [Unicode.Scalar] = Array(Set(boxWords.map { $0[0] }))

    /// The sponsor line under a public-service slogan: an organisation's name, then `宣`,
    /// `宣传`, `制` or `宣制` (`清河市文明办 宣`, `县委宣传部 制`).
    static func isSponsorLine(_ t: [Unicode.Scalar]) -> Bool {
        guard t.count <= 30 else { return false }
        let c = t.trimmed
        guard c.count >= 4, c.count <= 24, c.allSatisfy({ Glyph.isHan($0) || Glyph.isSpace($0) }) else { return false }
        let words = c.split(whereSeparator: Glyph.isSpace).map(Array.init)
        guard words.count >= 2, let tail = words.last, ["宣", "制", "宣传", "宣制", "监制"].contains(tail.string),
            let org = words.dropLast().last, org.count >= 3
        else { return false }
        return ["办", "局", "委", "会", "部", "中心", "院", "队", "所", "站", "处", "政府"].contains { org.hasSuffix($0) }
    }

    /// `2025年4月7日 星期五`, `二〇二五年四月七日`, `2025年4月7日 农历三月初十 星期五`: the date
    /// fills the line, with at most a weekday and a lunar date beside it.
    private static func isDateLine(_ c: [Unicode.Scalar]) -> Bool {
        guard let nian = c.firstIndex(of: "年"), nian >= 2, nian <= 4,
            c[..<nian].allSatisfy({ Glyph.isDigit($0) || isChineseDigit($0) }),
            let ri = c.firstIndex(where: { $0 == "日" || $0 == "号" }), ri > nian, ri <= nian + 7
        else { return false }
        // What follows the date may only be a weekday, a lunar date or an issue number.
        let rest = Array(c[(ri + 1)...])
        guard rest.count <= 24 else { return false }
        if rest.isEmpty { return true }
        return rest.firstIndex(of: "星期") != nil || rest.firstIndex(of: "周") != nil || rest.firstIndex(of: "农历") != nil
            || rest.firstIndex(of: "第") != nil
    }

    /// `第6版 综合新闻`, `第4版要闻`, `A02 要闻`, `04版`: a page number, then at most a short
    /// section name.
    private static func isPageLine(_ c: [Unicode.Scalar]) -> Bool {
        // `B5 视点`, `A03要闻`: a page letter and number, then a section name.
        if c.count >= 2, Glyph.isLatin(c[0]), c[0].value < 0x61, Glyph.isDigit(c[1]) {
            var k = 1
            while k < c.count, k <= 3, Glyph.isDigit(c[k]) { k += 1 }
            let section = c[k...]
            if section.count >= 2, section.count <= 6, section.allSatisfy(Glyph.isHan) { return true }
        }
        guard let ban = c.firstIndex(of: "版"), ban >= 1, ban <= 5 else { return false }
        let number = c[..<ban].filter { $0 != "第" }
        guard !number.isEmpty, number.allSatisfy({ Glyph.isDigit($0) || Glyph.isLatin($0) || isChineseDigit($0) })
        else { return false }
        let section = c[(ban + 1)...].filter { !Glyph.isMark($0) && $0 != "|" && $0 != "/" && !Glyph.isDash($0) }
        return section.count <= 8 && section.allSatisfy(Glyph.isHan)
    }

    /// `责任编辑 张三 校对 李四`, `本版编辑:…`: the page's editors.
    private static func isEditorLine(_ c: [Unicode.Scalar]) -> Bool {
        guard c.count <= 30 else { return false }
        return ["责任编辑", "本版编辑", "责编", "版式设计", "美术编辑", "值班编委", "校对"].contains { c.hasPrefix($0) }
    }

    private static func isChineseDigit(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "O", "o": true
        default: false
        }
    }
}
