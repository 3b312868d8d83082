/// One printed line of the page as the file has it, before any joining.
struct SourceLine: Equatable, Sendable {
    var text: [Unicode.Scalar]
    /// 0-based index of the line in the file (blank lines counted): how a line is traced back
    /// to the page, and how the boundary model's training data names a candidate.
    var index: Int
    /// A blank line separates it from the line before: a paragraph or block boundary in
    /// one-paragraph-per-line pages, an OCR block boundary (often mid-sentence) in wrapped ones.
    var blankBefore: Bool
}

/// Recovers paragraphs from lines wrapped at the column width, the format an OCR engine
/// prints: every line of a column is cut at 13–19 characters, a paragraph's first line is
/// two characters short (its indent; three ems with the half-width digits of a date), its
/// last line is short or ends a sentence.
///
/// The page decides its own format. `columnWidth` looks for a column width that a large share
/// of the lines fill; pages that print one paragraph per line (the samples) have none and
/// pass through unchanged, so both formats reach the later stages as one paragraph per line.
///
/// Lines are only ever concatenated in the order printed: nothing here reorders text.
enum LineModel {
    /// Splits normalized text into non-blank lines, remembering blank lines before each.
    static func sourceLines(of all: [Unicode.Scalar]) -> [SourceLine] {
        var out: [SourceLine] = []
        var start = 0
        var index = 0
        var blank = false
        var i = 0
        while i <= all.count {
            if i == all.count || all[i] == "\n" || all[i] == "\r" {
                var lo = start
                var hi = i
                while lo < hi, Glyph.isSpace(all[lo]) { lo += 1 }
                while hi > lo, Glyph.isSpace(all[hi - 1]) { hi -= 1 }
                if lo < hi {
                    out.append(SourceLine(text: Array(all[lo..<hi]), index: index, blankBefore: blank || out.isEmpty))
                    blank = false
                } else {
                    blank = true
                }
                index += 1
                start = i + 1
            }
            i += 1
        }
        return out
    }

    /// Printed width in ems: ideographs and punctuation (OCR writes `,` for a full-width
    /// `，`) take one, digits and Latin letters half, a run of spaces inside the line one.
    static func width(_ text: [Unicode.Scalar]) -> Double {
        var halves = 0
        var gap = false
        for s in text {
            // A run of spaces inside the line is a gap the engine saw in print: an em.
            if Glyph.isSpace(s) { gap = true; continue }
            if gap { halves += 2; gap = false }
            if Glyph.isDigit(s) || Glyph.isLatin(s) || s == "." || s == "%" { halves += 1 } else { halves += 2 }
        }
        return Double(halves) / 2
    }

    /// The page's column width in ems when its lines are wrapped at one, else nil.
    ///
    /// The full lines of a column cluster within an em of its width; a page of paragraphs
    /// has no such cluster. A page is wrapped when at least eight lines and two fifths of its
    /// lines of some length sit in the densest one-em band, at 30 ems or less.
    static func columnWidth(_ lines: [SourceLine]) -> Double? {
        // Widths in half-ems, capped: only the band up to 30 ems can be a column.
        var histogram = [Int](repeating: 0, count: 62)
        var considered = 0
        for line in lines {
            // A line of more than 64 scalars is wider than any column: no need to measure it.
            if line.text.count > 64 { considered += 1; continue }
            let w = Int((width(line.text) * 2).rounded())
            guard w >= 8 else { continue }
            considered += 1
            if w <= 60 { histogram[w] += 1 }
        }
        guard considered >= 8 else { return nil }
        var best = 0
        var bestTop = 0
        for top in 10...61 {
            let n = histogram[top] + histogram[top - 1] + histogram[top - 2]
            if n > best || (n == best && top > bestTop) {
                best = n
                bestTop = top
            }
        }
        guard best >= 8, best * 5 >= considered * 2 else { return nil }
        return Double(bestTop) / 2
    }

    /// Re-joins wrapped lines into paragraphs (`width` from `columnWidth`).
    ///
    /// A line continues on the next when it fills the column (an indented first line
    /// included) and does not end its sentence. Across a blank line (an OCR block boundary)
    /// it continues only when the text so far is prose — three lines or more, or commas and
    /// full stops — and the block after the blank is not a short title-like block: a
    /// headline printed under a column that happens to end mid-sentence stays a headline.
    /// Lines that open something by themselves (bylines, leads, captions, notices,
    /// continuation marks, page furniture) never continue another line.
    static func unwrap(_ lines: [SourceLine], width: Double) -> [SourceLine] {
        let widths = lines.map { Self.width($0.text) }
        let local = localWidths(widths, page: width)
        var out: [SourceLine] = []
        out.reserveCapacity(lines.count)
        var i = 0
        while i < lines.count {
            var current = lines[i]
            var last = lines[i].text
            var physical = 1
            var j = i + 1
            while j < lines.count {
                let next = lines[j]
                guard widths[j - 1] >= local[j - 1] - 3.1, !last.endsSentence, !opensByItself(next.text),
                    !Furniture.isFolio(last), !opensByItself(last) || LeadParser.lead(last) != nil
                else { break }
                if next.blankBefore {
                    // A headline may carry `!` or `:`, and wraps to two lines; prose has commas
                    // or full stops, or runs longer.
                    let prose = physical >= 3
                        || current.text.contains { Glyph.isComma($0) || $0 == "。" || $0 == "；" || $0 == ";" }
                    guard prose, !startsTitleBlock(j, lines, width: width) else { break }
                }
                current.text += next.text
                last = next.text
                physical += 1
                j += 1
            }
            out.append(current)
            i = j
        }
        return out
    }

    /// The column width around each line: pages set stories in columns of different widths,
    /// so a line is judged against the lines near it. The widest width that at least three
    /// lines within five lines either side reach (within an em) is their column; a lone
    /// wider line there is a headline across columns, not the column. Where no such cluster
    /// exists, the page's width.
    static func localWidths(_ widths: [Double], page: Double) -> [Double] {
        var out = [Double](repeating: page, count: widths.count)
        for i in widths.indices {
            let window = widths[max(0, i - 5)...min(widths.count - 1, i + 5)].sorted(by: >)
            for w in window where w >= 6 {
                var n = 0
                for v in window where abs(v - w) <= 1.0 { n += 1 }
                if n >= 3 { out[i] = w; break }
            }
        }
        return out
    }

    /// A line that is never the continuation of the line above it.
    private static func opensByItself(_ t: [Unicode.Scalar]) -> Bool {
        if Furniture.isFolio(t) { return true }
        switch PageLine.classify(t) {
        case .text: return LeadParser.lead(t) != nil || LeadParser.continuation(t) != nil
        default: return true
        }
    }

    /// The block starting at `j` (up to the next blank line) is at most three lines with no
    /// clause or sentence punctuation, none of them running past the column: the shape of a
    /// headline, a kicker or a subhead, never of running text.
    private static func startsTitleBlock(_ j: Int, _ lines: [SourceLine], width: Double) -> Bool {
        var k = j
        while k < lines.count, k == j || !lines[k].blankBefore {
            let t = lines[k].text
            if k - j >= 3 { return false }
            if t.contains(where: { Glyph.isComma($0) || Glyph.isSentenceFinal($0) || $0 == "、" }) { return false }
            if let l = t.last, Glyph.isSoftStop(l) { return false }
            k += 1
        }
        return true
    }
}
