/// Decides whether block `b` continues the unfinished sentence of block `a` (a column or page
/// break cut it). Only called when `a` does not end its sentence.
///
/// The cues, strongest first:
/// 1. punctuation: `a` ends inside a sentence (`，、：“`), or `b` starts with punctuation or a
///    one-character clause (`作、建立…`), or `a`'s last clause is one character (`…，坚`);
/// 2. `a` ends on a function character that cannot end a sentence (`的 与 及 以 …`);
/// 3. the break doubled a few characters (`…疫情防控` / `防控前线…`);
/// 4. `a` is prose (it has clause breaks or is long): it joins unless the page shows that its
///    last word ends clauses elsewhere (then `a` merely lost its full stop) and nothing on the
///    page joins the two halves;
/// 5. `a` is short like a subhead: it joins only when the page has the character pair across
///    the break (bigram twice and trigram once) or `b` opens with a verbless `…的…。` tail.
enum Joiner {
    private static let functionChars: Set<Unicode.Scalar> = [
        "的", "之", "与", "及", "或", "把", "被", "向", "从", "对", "于", "以", "和", "并", "其", "该", "各", "每",
        "这", "那", "此",
    ]

    /// Decisive cues only; safe enough to join across a stray block in between.
    /// `overlap: false` leaves out the doubled-characters cue, which common words (`会议`)
    /// satisfy by chance: too weak to move text over a block in between.
    static func strongly(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], overlap useOverlap: Bool = true) -> Bool {
        guard let al = a.last(where: { !Glyph.isSpace($0) }), let bf = b.first(where: { !Glyph.isSpace($0) }) else {
            return false
        }
        if Glyph.isSoftStop(al) || Glyph.isOpener(al) { return true }
        // An interview's turn (`问：…`, `答：…`) opens its own paragraph; its one-character
        // first clause is not the tail of a cut word.
        if b.count > 2, b[0] == "问" || b[0] == "答", b[1] == "：" || b[1] == ":" { return false }
        if Glyph.isClauseBreak(bf) || (Glyph.isCloser(bf) && bf != "\"" && bf != "'") { return true }
        let head = b.firstClause
        if head.count == 1, head.count < b.count, Glyph.isHan(bf) { return true }
        let tail = a.lastClause
        if tail.count == 1, tail.count < a.count, Glyph.isHan(al) { return true }
        if functionChars.contains(al) { return true }
        return useOverlap && overlap(a, b) >= 2
    }

    /// Full decision for two adjacent body blocks.
    static func continues(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], stats: PageStatistics) -> Bool {
        if strongly(a, b) { return true }
        guard let al = a.last, let bf = b.first, b.count >= 2 else { return false }
        let prose = isProse(a)
        if prose, a.lastClause.contains("、") { return true }
        let bigram = stats.bigram(al, bf)
        if prose {
            if bigram >= 1 { return true }
            if Glyph.isOpener(bf) { return false }
            if a.count >= 2, Glyph.isHan(a[a.count - 2]), Glyph.isHan(al), stats.clauseEnding(a[a.count - 2], al) >= 2 {
                return false
            }
            return true
        }
        if Glyph.isOpener(bf) { return false }
        if hasInnerSpace(a) { return false }
        if opensWithNominalTail(b) { return true }
        return bigram >= 2 && stats.trigram(al, bf, b[1]) >= 1
    }

    /// Whether two lines of one headline block are one title broken in two.
    static func titleContinues(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], stats: PageStatistics) -> Bool {
        guard let al = a.last, let bf = b.first, b.count >= 2 else { return false }
        if Glyph.isCloser(al) || Glyph.isSentenceFinal(al) || Glyph.isDash(bf) { return false }
        if Glyph.isSoftStop(al) || functionChars.contains(al) { return true }
        return stats.bigram(al, bf) >= 2 && stats.trigram(al, bf, b[1]) >= 1
    }

    /// Prose, not a title: it has clause punctuation or is longer than any headline line.
    static func isProse(_ a: [Unicode.Scalar]) -> Bool {
        if a.count > 30 { return true }
        return a.contains { Glyph.isComma($0) || Glyph.isSentenceFinal($0) || $0 == "；" }
    }

    /// Characters the break printed twice (`防控` / `防控前线`): 2…8 Han scalars.
    static func overlap(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var best = 0
        var k = 2
        while k <= 8, k <= a.count, k <= b.count {
            let suffix = a[(a.count - k)...]
            let prefix = b[0..<k]
            if suffix.elementsEqual(prefix), prefix.allSatisfy(Glyph.isHan) { best = k }
            k += 1
        }
        return best
    }

    /// `a` holds a space between Han characters: parallel title phrases (`坚持顶格推动 凝聚工作合力`).
    static func hasInnerSpace(_ a: [Unicode.Scalar]) -> Bool {
        guard a.count >= 3 else { return false }
        for i in 1..<(a.count - 1) where Glyph.isSpace(a[i]) {
            if !Glyph.isSpace(a[i - 1]), !Glyph.isSpace(a[i + 1]) { return true }
        }
        return false
    }

    /// `b`'s first sentence is a short tail such as `取得的阶段性成效。`: no comma, at most
    /// twelve scalars, a `的` in it. A paragraph does not open with a bare noun phrase.
    private static func opensWithNominalTail(_ b: [Unicode.Scalar]) -> Bool {
        var i = 0
        var sawDe = false
        while i < b.count, i <= 12 {
            let s = b[i]
            if s == "的" { sawDe = true }
            if Glyph.isComma(s) || s == "、" { return false }
            if Glyph.isSentenceFinal(s) { return sawDe && i >= 3 }
            i += 1
        }
        return false
    }
}
