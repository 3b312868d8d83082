/// Re-joins paragraphs cut by a column or page break, also across a photo caption or a stray
/// line printed between the two halves (those are moved after the joined paragraph).
///
/// Lines that open a piece (headline lines leading to a byline or lead, bylines, leads,
/// continuation marks) are never joined, and nothing is joined inside a notice.
enum Reflow {
    static func reflow(
        _ lines: [PageLine], stats: PageStatistics, candidates: UnsafeMutablePointer<[Segmenter.Candidate]>? = nil
    ) -> [PageLine] {
        let heads = headlineFlags(lines, candidates: candidates)
        var out: [PageLine] = []
        out.reserveCapacity(lines.count)
        var inNotice = false
        var i = 0
        while i < lines.count {
            let line = lines[i]
            switch line.kind {
            case .notice: inNotice = true
            case .byline, .continuation: inNotice = false
            default: if line.isAnchorText { inNotice = false }
            }
            guard line.isText, !inNotice, !heads[i] else {
                out.append(line)
                i += 1
                continue
            }
            var current = line
            var moved: [PageLine] = []
            var next = i + 1
            // A closing credit `(记者 某某)` ends its story's last paragraph.
            while !current.text.endsSentence, !BoundaryModel.endsWithCredit(current.text) {
                var k = next
                var skipped: [PageLine] = []
                while k < lines.count, skipped.count < 2, case .caption = lines[k].kind {
                    skipped.append(lines[k])
                    k += 1
                }
                guard joinable(k, lines, heads) else { break }
                if Joiner.strongly(current.text, lines[k].text) {
                    append(lines[k], to: &current)
                    moved += skipped
                    next = k + 1
                    continue
                }
                // A stray line (a caption without credit, a scrap) between the two halves:
                // the block after it continues the sentence unmistakably.
                if lines[k].text.count <= 80 {
                    var k2 = k + 1
                    var skipped2 = skipped + [lines[k]]
                    while k2 < lines.count, skipped2.count < 3, case .caption = lines[k2].kind {
                        skipped2.append(lines[k2])
                        k2 += 1
                    }
                    if joinable(k2, lines, heads), Joiner.strongly(current.text, lines[k2].text, overlap: false) {
                        append(lines[k2], to: &current)
                        moved += skipped2
                        next = k2 + 1
                        continue
                    }
                }
                guard Joiner.continues(current.text, lines[k].text, stats: stats) else { break }
                append(lines[k], to: &current)
                moved += skipped
                next = k + 1
            }
            out.append(current)
            out += moved
            i = next
        }
        return out
    }

    private static func joinable(_ k: Int, _ lines: [PageLine], _ heads: [Bool]) -> Bool {
        k < lines.count && lines[k].isText && !heads[k] && !lines[k].isAnchorText
    }

    private static func append(_ next: PageLine, to current: inout PageLine) {
        let overlap = Joiner.overlap(current.text, next.text)
        current.text += next.text.dropFirst(overlap)
        current.joins += 1 + next.joins
        current.overlaps += next.overlaps + (overlap > 0 ? 1 : 0)
    }

    /// Marks the title-shaped lines that lead (within five lines) to a byline, a lead or a
    /// continuation mark, or that the boundary model takes for a headline over prose: they
    /// are a headline block, never part of a paragraph.
    static func headlineFlags(_ lines: [PageLine], candidates: UnsafeMutablePointer<[Segmenter.Candidate]>? = nil) -> [Bool] {
        var flags = [Bool](repeating: false, count: lines.count)
        var i = 0
        while i < lines.count {
            guard lines[i].isTitleShaped else {
                i += 1
                continue
            }
            var k = i
            while k < lines.count, k - i < 5, lines[k].isTitleShaped { k += 1 }
            // A photo's caption may stand between a headline and the byline or lead under it.
            var b = k
            while b < lines.count, b - k < 2, case .caption = lines[b].kind { b += 1 }
            if b < lines.count, opensPiece(lines[b]) || lines[i..<k].contains(where: \.isDisplay) {
                // A line printed at a headline's size is a headline: the geometry says so.
                for f in i..<k { flags[f] = true }
            } else if k < lines.count, i > 0, lines[k].isText, Joiner.isProse(lines[k].text),
                !lines[i..<k].dropLast().contains(where: \.hasComma),
                !(k..<min(lines.count, k + 2)).contains(where: { Joiner.strongly(lines[k - 1].text, lines[$0].text) })
            {
                // A headline with no byline or lead under it when the evidence says a story starts.
                let features = BoundaryModel.features(i..<k, in: lines, pageStart: false)
                candidates?.pointee.append(Segmenter.Candidate(line: lines[i].index, features: features))
                if BoundaryModel.opens(features) || BoundaryModel.columnHeadline(i..<k, in: lines) {
                    for f in i..<k { flags[f] = true }
                }
            }
            i = max(k, i + 1)
        }
        return flags
    }

    static func opensPiece(_ line: PageLine) -> Bool {
        switch line.kind {
        case .byline, .continuation: true
        case .text: line.isAnchorText
        case .caption, .notice: false
        }
    }
}
