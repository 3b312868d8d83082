/// One article's share of the page before its fields are extracted.
struct ArticleDraft: Sendable {
    enum Opening: Sendable { case headline, anchor, notice, photo, pageStart }
    /// Block index of its first block: the reading order on the page.
    var position: Int
    var opening: Opening
    var titleLines: [[Unicode.Scalar]] = []
    /// The title lines' printed sizes over the body's, when the page was read with its
    /// geometry (one per title line); empty for a text page.
    var titleSizes: [Double] = []
    /// Bylines, leads and continuation text/marks, and body blocks, in page order.
    var blocks: [PageLine] = []
}

/// Cuts the reflowed page into articles.
///
/// A piece opens at an *anchor* — a byline, a lead (`本报讯…`) or a continuation mark — together
/// with the headline block printed right above it (up to four title-shaped lines; a line with
/// a comma can only be the subtitle next to the anchor). Without an anchor, a piece opens at a
/// notice mark, at a block of two or more title lines followed by prose, or at a title block
/// that starts the page. A single short line between paragraphs with no anchor after it is a
/// subhead and stays inside its article. A byline directly followed by another piece's
/// headline is a stray: its names go to the previous article if that has none.
enum Segmenter {
    /// A title block the boundary model was asked about: where it starts in the file and
    /// the evidence it saw (the boundary model's training data).
    struct Candidate: Sendable {
        var line: Int
        var features: [Double]
    }

    static func segment(_ blocks: [PageLine]) -> [ArticleDraft] {
        segment(blocks, candidates: nil)
    }

    /// The same, also collecting every candidate title block when `candidates` is given.
    static func segment(_ blocks: [PageLine], candidates: UnsafeMutablePointer<[Candidate]>?) -> [ArticleDraft] {
        var starts: [Int: ArticleDraft] = [:]
        var claimed = [Bool](repeating: false, count: blocks.count)
        // 1. Anchored pieces.
        var i = 0
        while i < blocks.count {
            guard Reflow.opensPiece(blocks[i]) else {
                i += 1
                continue
            }
            var end = i
            while end < blocks.count, Reflow.opensPiece(blocks[end]), isByline(blocks[end]) { end += 1 }
            if end < blocks.count, Reflow.opensPiece(blocks[end]) { end += 1 }
            let group = titleGroup(before: i, in: blocks, claimed: claimed)
            let first = group.first ?? i
            for g in group { claimed[g] = true }
            for k in i..<end { claimed[k] = true }
            starts[first] = ArticleDraft(
                position: first, opening: group.isEmpty ? .anchor : .headline,
                titleLines: group.map { blocks[$0].text }, titleSizes: sizes(group.map { blocks[$0] }))
            i = max(end, i + 1)
        }
        // 1b. Public-service slogan boxes: the slogan lines above their sponsor line
        // (`防范电信网络诈骗` / `不听 不信 不转账` / `潜山县公安局 宣`) are the box, which the
        // sponsor line closes; prose right under it is another piece.
        for s in blocks.indices where !claimed[s] && Furniture.isSponsorLine(blocks[s].text) {
            var first = s
            while first > 0, s - first < 3, !claimed[first - 1], blocks[first - 1].isText,
                blocks[first - 1].text.contentCount <= 16, !blocks[first - 1].text.endsSentence,
                !blocks[first - 1].hasComma
            {
                first -= 1
            }
            starts[first] = ArticleDraft(position: first, opening: .notice)
            for k in first...s { claimed[k] = true }
            let next = s + 1
            if next < blocks.count, !claimed[next], blocks[next].isText, Joiner.isProse(blocks[next].text),
                !blocks[next].isAnchorText
            {
                starts[next] = ArticleDraft(position: next, opening: .pageStart)
                claimed[next] = true
            }
        }
        // 2. Notices, photos, unanchored headline blocks.
        var inNotice = false
        let firstText = blocks.firstIndex(where: \.isText) ?? blocks.count
        i = 0
        while i < blocks.count {
            let block = blocks[i]
            if starts[i] != nil { inNotice = false }
            switch block.kind {
            case .notice:
                if starts[i] == nil, !claimed[i] { starts[i] = ArticleDraft(position: i, opening: .notice) }
                inNotice = starts[i + 1]?.opening != .pageStart
            case .caption:
                starts[i] = ArticleDraft(position: i, opening: .photo, blocks: [block])
            case .text where !claimed[i] && block.isTitleShaped:
                var k = i
                while k < blocks.count, k - i < 4, !claimed[k], blocks[k].isTitleShaped { k += 1 }
                let pageStart = i == firstText
                var b = k
                while b < blocks.count, b - k < 2, case .caption = blocks[b].kind { b += 1 }
                // Printed at a headline's size over text, a title block is a headline whatever
                // its words: the size is the evidence the boundary model stands in for.
                let display = b < blocks.count && blocks[i..<k].contains(where: \.isDisplay) && blocks[b].kind != .notice
                let eligible = b < blocks.count && blocks[b].isText && Joiner.isProse(blocks[b].text)
                    && !blocks[i..<k].dropLast().contains(where: \.hasComma)
                if eligible, let candidates {
                    candidates.pointee.append(Candidate(
                        line: blocks[i].index, features: BoundaryModel.features(i..<k, in: blocks, pageStart: pageStart)))
                }
                // A box is a few short lines: a headline over prose after it is the next story.
                if display || (eligible && (pageStart || inNotice || BoundaryModel.opensArticle(i..<k, in: blocks, pageStart: pageStart))) {
                    starts[i] = ArticleDraft(
                        position: i, opening: .headline, titleLines: blocks[i..<k].map(\.text),
                        titleSizes: sizes(Array(blocks[i..<k])))
                    for g in i..<k { claimed[g] = true }
                    i = k
                    continue
                }
            default: break
            }
            i += 1
        }
        // 3. Stray bylines: a byline-only piece whose next block opens another piece.
        var drafts: [ArticleDraft] = []
        var order = starts.keys.sorted()
        if let firstStart = order.first, firstText < firstStart {
            starts[0] = ArticleDraft(position: 0, opening: .pageStart)
            order.insert(0, at: 0)
        } else if order.isEmpty, blocks.contains(where: { $0.isText }) {
            starts[0] = ArticleDraft(position: 0, opening: .pageStart)
            order = [0]
        }
        // A photo caption printed inside an article does not end it: its text runs on after
        // the caption, and the photo follows the article in reading order.
        let textStarts = order.filter { starts[$0]?.opening != .photo }
        var nextText = 0
        for s in order {
            guard var draft = starts[s] else { continue }
            while nextText < textStarts.count, textStarts[nextText] <= s { nextText += 1 }
            let end = nextText < textStarts.count ? textStarts[nextText] : blocks.count
            if draft.opening == .photo {
                drafts.append(draft)
                continue
            }
            var k = s
            while k < end {
                let b = blocks[k]
                let isTitle = claimed[k] && b.isText && !b.isAnchorText && k < s + draft.titleLines.count
                if case .caption = b.kind {
                } else if !isTitle {
                    draft.blocks.append(b)
                }
                k += 1
            }
            if draft.opening == .anchor || draft.opening == .headline, isStray(draft), end < blocks.count,
                starts[end]?.opening == .headline
            {
                if let p = drafts.lastIndex(where: { $0.opening != .photo }),
                    !drafts[p].blocks.contains(where: { isByline($0) || $0.isAnchorText })
                {
                    drafts[p].blocks.insert(contentsOf: draft.blocks, at: 0)
                }
                continue
            }
            drafts.append(draft)
        }
        return drafts
    }

    /// The lines' hinted sizes, when every one has a hint.
    private static func sizes(_ lines: [PageLine]) -> [Double] {
        let s = lines.compactMap { $0.hint?.size }
        return s.count == lines.count ? s : []
    }

    private static func isByline(_ b: PageLine) -> Bool {
        if case .byline = b.kind { return true }
        return false
    }

    /// One character alone on a line, no sentence: OCR's reading of a picture.
    static func isSpeck(_ b: PageLine) -> Bool {
        b.isText && b.text.contentCount <= 1 && !b.text.contains { Glyph.isSentenceFinal($0) }
    }

    /// A caption, or a single short sentence that reads like one (`工作人员正在现场查看情况。`).
    static func isCaptionLike(_ b: PageLine) -> Bool {
        if case .caption = b.kind { return true }
        guard b.isText, b.text.count <= 30, let l = b.text.last, l == "。" || l == ".", !b.isAnchorText else { return false }
        return !b.text.dropLast().contains { Glyph.isComma($0) || Glyph.isSentenceFinal($0) }
    }

    /// A piece with no headline and nothing but bylines.
    private static func isStray(_ d: ArticleDraft) -> Bool {
        d.titleLines.isEmpty && !d.blocks.isEmpty && d.blocks.allSatisfy(isByline)
    }

    /// The headline block right above an anchor: title-shaped text lines, at most four; a line
    /// carrying a comma may only be the one next to the anchor (a subtitle).
    private static func titleGroup(before anchor: Int, in blocks: [PageLine], claimed: [Bool]) -> [Int] {
        var group: [Int] = []
        var k = anchor - 1
        // A photo's caption is often printed between the headline and the lead, and OCR
        // reads the photo itself as a stray character or two (`7`, `碟`).
        while k > 0, k >= anchor - 4, isCaptionLike(blocks[k]) || isSpeck(blocks[k]),
            blocks[k - 1].isTitleShaped || isSpeck(blocks[k - 1]) || isCaptionLike(blocks[k - 1])
        {
            k -= 1
        }
        while k >= 0, group.count < 4, !claimed[k], blocks[k].isTitleShaped {
            if blocks[k].hasComma, !group.isEmpty { break }
            group.insert(k, at: 0)
            k -= 1
        }
        return group
    }
}
