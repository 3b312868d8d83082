/// What a printed line is, decided from the line alone before any reflow.
enum LineKind: Equatable, Sendable {
    /// Running text: a paragraph, a headline or subhead line, a lead.
    case text
    /// Only names, roles and marks (`□本报记者 赵蝶`).
    case byline(Credits)
    /// A photo caption ending in its credit; the text is without the credit.
    case caption(text: [Unicode.Scalar], photographers: [String])
    /// A short line announcing a notice (`公益广告`).
    case notice
    /// A line that only says where the piece comes from (`上接A01版`).
    case continuation(String)
}

/// One non-empty line of the normalized page with its kind, or after reflow one block of
/// re-joined lines.
struct PageLine: Equatable, Sendable {
    var text: [Unicode.Scalar] { didSet { shape = Shape(text, kind) } }
    let kind: LineKind
    /// Column breaks re-joined into this block.
    var joins = 0
    /// Characters the break printed twice and that were dropped.
    var overlaps = 0
    /// Layout facts about the text, computed once per change of the text.
    private var shape: Shape

    init(text: [Unicode.Scalar], kind: LineKind) {
        self.text = text
        self.kind = kind
        self.shape = Shape(text, kind)
    }

    private struct Shape: Equatable, Sendable {
        var anchor = false
        var title = false
        var subhead = false
        var comma = false

        init(_ text: [Unicode.Scalar], _ kind: LineKind) {
            guard kind == .text else { return }
            anchor = LeadParser.lead(text) != nil || LeadParser.continuation(text) != nil
            // Bounded work: joined paragraphs grow, and this runs after every join.
            comma = text.count <= 60 && text.contains(where: Glyph.isComma)
            title = !anchor && PageLine.titleShaped(text)
            subhead = title && text.contentCount <= 24 && !text.contains { Glyph.isComma($0) || $0 == "：" || $0 == ":" }
        }
    }

    /// What the page's geometry says about the line, when it was read with its geometry
    /// (`LayoutReader`); nil for a text page, whose reading is unchanged.
    var hint: LineHint?

    /// Where the line starts in the file (0-based, blank lines counted).
    var index = 0
    /// A blank line separates it from the line before.
    var blankBefore = true

    /// The page's lines as the later stages read them: wrapped lines re-joined into
    /// paragraphs (`LineModel`), folio lines dropped (`Furniture`), each classified alone.
    ///
    /// With `hints` (a page read with its geometry, one line per paragraph or title line),
    /// the layout has already made the paragraphs: nothing is unwrapped, and each line
    /// carries its hint.
    static func lines(of all: [Unicode.Scalar], hints: [LineHint]? = nil) -> (lines: [PageLine], furniture: Int, wrapped: Bool) {
        var source = LineModel.sourceLines(of: all)
        let width = hints == nil ? LineModel.columnWidth(source) : nil
        if let width { source = LineModel.unwrap(source, width: width) }
        var out: [PageLine] = []
        out.reserveCapacity(source.count)
        var furniture = 0
        for (n, line) in source.enumerated() {
            // The paper's name is folio only at the top, among the other folio lines.
            if Furniture.isFolio(line.text) || (n < 4 && out.isEmpty && Furniture.isMasthead(line.text)) {
                furniture += 1
                continue
            }
            if let prev = out.last, prev.isText, joinsPrevious(line.text, prev.text) {
                out[out.count - 1].text += line.text
                continue
            }
            // A byline broken over two lines (`记者 彭加权 刘娟 通讯员` / `原梓峰`): names
            // alone on the next line are the rest of it.
            if let prev = out.last, case .byline = prev.kind, line.text.count <= 24, CreditParser.endsWithRole(prev.text),
                let merged = CreditParser.byline(prev.text + [" "] + line.text), LeadParser.lead(line.text) == nil,
                CreditParser.byline(line.text) == nil
            {
                var l = PageLine(text: prev.text + [" "] + line.text, kind: .byline(merged))
                l.index = prev.index
                l.blankBefore = prev.blankBefore
                out[out.count - 1] = l
                continue
            }
            let hint = hints.flatMap { line.index < $0.count ? $0[line.index] : nil }
            var l = PageLine(text: line.text, kind: hint?.caption == true ? captionKind(line.text) : classify(line.text))
            l.hint = hint
            l.index = line.index
            l.blankBefore = line.blankBefore
            out.append(l)
        }
        return (out, furniture, width != nil)
    }

    /// Lines that are the end of the line before, whatever the layout: a closing credit
    /// printed under the last paragraph (`(雷久艳)`, `(记者:徐佳妮)`), which stays with the text
    /// it closes, and the second half of a lead broken inside its credits (`本报讯(记者 某某
    /// 通讯员` / `某某)近日…`).
    private static func joinsPrevious(_ t: [Unicode.Scalar], _ prev: [Unicode.Scalar]) -> Bool {
        if isClosingCredit(t) { return true }
        if LeadParser.isOpenLead(prev), let close = t.prefix(24).firstIndex(where: { $0 == ")" || $0 == "）" }),
            !t[..<close].contains(where: { $0 == "(" || $0 == "（" })
        {
            return true
        }
        return false
    }

    /// `(雷久艳)`, `（记者 王艳 通讯员 李冉）`: names alone in parentheses.
    static func isClosingCredit(_ t: [Unicode.Scalar]) -> Bool {
        guard t.count >= 4, t.count <= 30, let f = t.first, let l = t.last, f == "(" || f == "（", l == ")" || l == "）"
        else { return false }
        let inner = t[1..<(t.count - 1)]
        guard !inner.contains(where: { $0 == "(" || $0 == "（" || $0 == ")" || $0 == "）" }) else { return false }
        let cleaned = inner.map { $0 == ":" || $0 == "：" ? " " : $0 }
        return CreditParser.names(cleaned[...]) != nil
    }

    static func classify(_ t: [Unicode.Scalar]) -> LineKind {
        if let c = LeadParser.continuation(t), c.rest >= t.count { return .continuation(c.from) }
        if let credits = CreditParser.byline(t) { return .byline(credits) }
        if let cap = LeadParser.caption(t) { return .caption(text: cap.text, photographers: cap.photographers) }
        if LeadParser.isNoticeMark(t) || Furniture.isPaperBox(t) || Furniture.isSponsorLine(t) { return .notice }
        return .text
    }

    var isText: Bool { kind == .text }

    /// A line the geometry places under a picture: a caption whatever its words, its credit
    /// read when it ends in one.
    private static func captionKind(_ t: [Unicode.Scalar]) -> LineKind {
        if let cap = LeadParser.caption(t) { return .caption(text: cap.text, photographers: cap.photographers) }
        return .caption(text: t, photographers: [])
    }

    /// Printed at a headline's size (`LineHint.display`): a title line whatever its shape.
    var isDisplay: Bool { hint.map { $0.size >= LineHint.display } ?? false }

    /// A text block that opens a piece by itself: a lead or a `(上接…)` continuation.
    var isAnchorText: Bool { shape.anchor }

    /// A line that can be part of a headline block: short, no full stop or semicolon inside,
    /// not ending inside a sentence. Commas are tolerated (subtitles carry them).
    ///
    /// On a page read with geometry the size decides first: a line printed at the body's size
    /// is never a title line (a short last line of a paragraph, a caption), a line printed at a
    /// headline's size always is, unless it opens by itself (a lead).
    var isTitleShaped: Bool {
        guard let hint else { return shape.title }
        if hint.size < LineHint.raised { return false }
        return shape.title || (hint.size >= LineHint.display && isText && !shape.anchor && text.contentCount >= 2)
    }

    /// A line that can be a subhead inside an article: a short phrase without clause punctuation.
    var isSubheadShaped: Bool { shape.subhead }

    var hasComma: Bool { shape.comma }

    fileprivate static func titleShaped(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count <= 60, text.contentCount >= 2 else { return false }
        // An interview's turns (`问：…？`, `答：…`) are text, whatever their length.
        for turn in ["问：", "问:", "答：", "答:"] where text.hasPrefix(turn) { return false }
        var commas = 0
        for s in text {
            if s == "。" || s == "；" || s == ";" || s == "…" { return false }
            if Glyph.isComma(s) { commas += 1 }
        }
        guard commas <= 2, let last = text.last, !Glyph.isSoftStop(last) else { return false }
        return true
    }
}
