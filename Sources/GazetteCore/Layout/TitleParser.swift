/// Splits a headline block (one to four printed lines) into kicker 引题, headline 主题 and
/// subtitle 副题.
///
/// Rules, in order: a part opening with a dash (`——访…`, also inside a line) is the subtitle;
/// lines one title broken in two are re-joined first; one part is the headline; two parts are
/// kicker + headline unless the second reads like a subtitle (figures, clause punctuation,
/// a reporting verb, or much longer than the first) and the first is not an exclamation
/// (`顶格推动!`); three parts are kicker/headline/subtitle unless the first two are short
/// slogans (a two-line kicker); more parts put the rest in the subtitle.
enum TitleParser {
    struct Title: Equatable {
        var kicker: String?
        var headline: String?
        var subtitle: String?
    }

    private static let reportingVerbs = [
        "主持", "召开", "举行", "出席", "签署", "启动", "完成", "发布", "印发", "获悉", "会见", "考察", "调研", "部署", "通过",
    ]

    /// `wrapped`: the page is column-wrapped OCR text, where a title too wide for its column
    /// runs on to the next line (see `rewrapped`).
    ///
    /// `sizes`, one per line when the page was read with its geometry, decide first: see
    /// `sizedSplit`.
    static func split(
        _ lines: [[Unicode.Scalar]], stats: PageStatistics, wrapped: Bool = false, sizes: [Double] = []
    ) -> Title {
        if let title = sizedSplit(lines, sizes: sizes) { return title }
        var parts: [[Unicode.Scalar]] = []
        var subtitle: [[Unicode.Scalar]] = []
        // `原标题：…` repeats the headline as first published: not a part of this title.
        let printed = (wrapped ? rewrapped(lines) : lines).filter { !$0.trimmed.hasPrefix("原标题") }
        for raw in printed {
            let line = raw.trimmed
            guard !line.isEmpty else { continue }
            if !subtitle.isEmpty {
                subtitle.append(line)
                continue
            }
            if let d = dashStart(line) {
                let head = Array(line[..<d]).trimmed
                if !head.isEmpty { merge(head, into: &parts, stats: stats) }
                subtitle.append(Array(line[d...]))
                continue
            }
            merge(line, into: &parts, stats: stats)
        }
        var title = Title()
        if !subtitle.isEmpty { title.subtitle = joined(subtitle) }
        switch parts.count {
        case 0:
            if let s = title.subtitle { title.headline = s; title.subtitle = nil }
        case 1:
            title.headline = parts[0].string
        case 2:
            if title.subtitle != nil || !readsAsSubtitle(parts[1], after: parts[0]) {
                title.kicker = parts[0].string
                title.headline = parts[1].string
            } else {
                title.headline = parts[0].string
                title.subtitle = parts[1].string
            }
        default:
            if isSlogan(parts[0]), isSlogan(parts[1]), parts.count == 3,
                parts[2].contentCount > max(parts[0].contentCount, parts[1].contentCount)
            {
                title.kicker = joined([parts[0], parts[1]])
                title.headline = parts[2].string
            } else {
                title.kicker = parts[0].string
                title.headline = parts[1].string
                let rest = Array(parts[2...]) + subtitle
                title.subtitle = joined(rest)
            }
        }
        return title
    }

    /// The lines of a wrapped title put back together: a line as wide as the block's widest
    /// (within an em and a half) was cut by the column and runs on to the next, unless the
    /// next opens a subtitle with a dash or the line ends on a closing mark. A kicker is set
    /// narrower than the headline under it, so it stays a line of its own.
    static func rewrapped(_ lines: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        let trimmed = lines.map(\.trimmed).filter { !$0.isEmpty }
        guard trimmed.count >= 2 else { return trimmed }
        let widest = trimmed.map(LineModel.width).max() ?? 0
        var out: [[Unicode.Scalar]] = [trimmed[0]]
        var lastWidth = LineModel.width(trimmed[0])
        for line in trimmed.dropFirst() {
            let prev = out[out.count - 1]
            if lastWidth >= widest - 1.5, let l = prev.last, !Glyph.isSentenceFinal(l), l != "!", l != "！",
                let f = line.first, !Glyph.isDash(f), !line.hasPrefix("原标题")
            {
                out[out.count - 1] = prev + line
            } else {
                out.append(line)
            }
            lastWidth = LineModel.width(line)
        }
        return out
    }

    /// Re-joins a title broken over two printed lines (`…全面提升` / `消费者满意度…`).
    /// A headline is printed larger than its kicker and its subtitle: where the sizes say so
    /// (the largest lines at least 15% above the smallest, and together), the largest lines
    /// are the headline, the smaller ones above it the kicker, those below it the subtitle.
    /// Nil where the sizes do not tell (one size, or the largest lines apart): the words decide.
    static func sizedSplit(_ lines: [[Unicode.Scalar]], sizes: [Double]) -> Title? {
        guard sizes.count == lines.count, lines.count >= 2, let top = sizes.max(), let low = sizes.min(), top >= low * 1.15
        else { return nil }
        let head = sizes.indices.filter { sizes[$0] * 1.15 >= top }
        guard let first = head.first, let last = head.last, head.count == last - first + 1 else { return nil }
        func part(_ r: Range<Int>) -> String? {
            let t = lines[r].map { $0.trimmed }.filter { !$0.isEmpty }
            return t.isEmpty ? nil : joined(t)
        }
        return Title(kicker: part(0..<first), headline: part(first..<(last + 1)), subtitle: part((last + 1)..<lines.count))
    }

    private static func merge(_ line: [Unicode.Scalar], into parts: inout [[Unicode.Scalar]], stats: PageStatistics) {
        if let last = parts.last, Joiner.titleContinues(last, line, stats: stats) {
            parts[parts.count - 1] = last + line
        } else {
            parts.append(line)
        }
    }

    private static func joined(_ parts: [[Unicode.Scalar]]) -> String {
        parts.map(\.string).joined(separator: " ")
    }

    /// Index of a dash run (`——`, `—`) that opens a subtitle: at the line start or after a space.
    static func dashStart(_ line: [Unicode.Scalar]) -> Int? {
        var i = 0
        while i < line.count {
            if Glyph.isDash(line[i]), i == 0 || Glyph.isSpace(line[i - 1]) {
                var k = i
                while k < line.count, Glyph.isDash(line[k]) { k += 1 }
                if k < line.count, Glyph.isHan(line[k]) { return i }
            }
            i += 1
        }
        return nil
    }

    private static func readsAsSubtitle(_ b: [Unicode.Scalar], after a: [Unicode.Scalar]) -> Bool {
        if let l = a.last(where: { !Glyph.isSpace($0) }), l == "!" || l == "！" || l == "?" || l == "？" { return false }
        if b.contains(where: Glyph.isDigit) { return true }
        if b.contains(where: { Glyph.isComma($0) || $0 == "、" || $0 == "；" }) { return true }
        if reportingVerbs.contains(where: { b.contains($0) }) { return true }
        let la = a.contentCount, lb = b.contentCount
        return lb >= 18 && lb * 10 >= la * 13
    }

    /// A short slogan line (`强化统筹协调`): at most ten letters, no figures.
    private static func isSlogan(_ p: [Unicode.Scalar]) -> Bool {
        p.contentCount <= 10 && !p.contains(where: Glyph.isDigit)
    }
}
