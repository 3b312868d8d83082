/// The layout reader: turns a page read with its geometry into what the text pipeline reads
/// — one paragraph or title line per line — with a `LineHint` per line carrying the evidence
/// text cannot: how large each line is printed relative to the body, and whether it stands
/// under a picture. The stages after it are the text path's, told by the hints.
///
/// What the geometry decides here:
/// - **Body size**: the size most of the page's characters are printed at. Lines at least
///   `LineHint.raised` times it are kicker, subtitle or headline lines; at `LineHint.display`
///   times it, headlines.
/// - **Folio band**: the lines above the rule printed across the top of the page (the
///   paper's name, the date, the page) are furniture, whatever their words.
/// - **Captions**: the lines right under a picture (its frame included), at body size or
///   smaller, up to the first line that opens a paragraph.
/// - **Paragraphs**: inside a block, a line opens a paragraph when it is indented, when the
///   line before stopped short of the column, after a vertical gap, or at a change of size;
///   otherwise it runs on. Blocks never share a paragraph here: a paragraph broken by a
///   column is joined later by the text path's reflow, on its words.
/// - **Title lines**: consecutive raised lines of one size printed side by side or one under
///   the other are one title line (a headline broken over two lines or two blocks); a change
///   of size starts another (kicker, headline, subtitle).
/// - **Reading order**: the file's, except that a title printed above body blocks that the
///   file lists before it is put back above them.
enum LayoutReader {
    struct Reading: Sendable {
        var text: [Unicode.Scalar]
        /// One per line of `text`.
        var hints: [LineHint]
        /// Folio lines dropped.
        var furniture: Int
    }

    /// One text line of the page, where it stands and how large it is printed.
    struct Placed {
        var line: LayoutLine
        var block: Int
        var ratio: Double
    }

    enum Kind { case body, title, caption }

    /// A paragraph, title line or caption line being assembled.
    struct Piece {
        var text: String
        var box: LayoutBox
        var first: LayoutBox
        var last: LayoutBox
        var ratio: Double
        var kind: Kind
        var block: Int
    }

    /// Pictures (and ten times as many rules) looked at per page: far more than any page
    /// prints, and a bound on the work a hostile file can ask of the caption and picture tests.
    static let maxFigures = 200

    static func read(_ page: LayoutPage) -> Reading {
        var placed: [Placed] = []
        for (b, block) in page.blocks.enumerated() where block.kind == .text {
            for line in block.lines where line.text.contains(where: { !$0.isWhitespace }) {
                placed.append(Placed(line: line, block: b, ratio: 1))
            }
        }
        let sizes = printedSizes(placed.map(\.line))
        let body = bodySize(zip(placed, sizes).map { ($0.line.text.unicodeScalars.count, $1) })
        for i in placed.indices where body > 0 && sizes[i] > 0 {
            placed[i].ratio = sizes[i] / body
        }
        let folio = folioBand(page, placed)
        let captions = captionLines(page, placed)
        let pictures = page.blocks.filter { $0.kind == .illustration }.prefix(maxFigures).map(\.box)
        // Each text block's left and right edges, once: what indents and short lines are judged by.
        let extents = page.blocks.map { b in
            (left: b.lines.map(\.box.x).min() ?? b.box.x, right: b.lines.map(\.box.maxX).max() ?? b.box.maxX)
        }
        var kinds: [Kind?] = placed.indices.map { i in
            let p = placed[i]
            // What an engine reads inside a picture is the picture's, not the page's text.
            if folio.contains(i) || pictures.contains(where: { inside(p.line.box, $0) }) { return nil }
            if captions.contains(i) { return .caption }
            return p.ratio >= LineHint.raised ? .title : .body
        }
        let titles = titleClusters(placed, kinds: &kinds)
        var pieces: [Piece] = []
        for (i, p) in placed.enumerated() {
            guard let kind = kinds[i] else { continue }
            if kind == .title {
                if let piece = titles[i] { pieces.append(piece) }
                continue
            }
            if pieces.last.map({ runsOn(p, kind: kind, after: $0, extents: extents) }) == true {
                // Appended in place (no copy of the piece held): a paragraph of many lines
                // costs its length, not its square.
                let n = pieces.count - 1
                LayoutWords.append(p.line.text, to: &pieces[n].text)
                pieces[n].box = LayoutWords.union([pieces[n].box, p.line.box]) ?? pieces[n].box
                pieces[n].last = p.line.box
            } else {
                pieces.append(Piece(
                    text: p.line.text, box: p.line.box, first: p.line.box, last: p.line.box, ratio: p.ratio, kind: kind,
                    block: p.block))
            }
        }
        // Reading-order repairs look at pairs of pieces: bounded to pages of sane size.
        if pieces.count <= 4000 {
            putTitlesAbove(&pieces)
            hangBodiesUnderTitles(&pieces)
        }
        var text: [Unicode.Scalar] = []
        var hints: [LineHint] = []
        for piece in pieces {
            let scalars = TextNormalizer.normalizedScalars(piece.text).map { $0 == "\n" || $0 == "\r" ? " " : $0 }
            guard scalars.contains(where: { $0 != " " }) else { continue }
            if !text.isEmpty { text.append("\n") }
            text += scalars
            hints.append(LineHint(size: piece.ratio, caption: piece.kind == .caption))
        }
        return Reading(text: text, hints: hints, furniture: folio.count)
    }

    /// Each line's printed size: the smaller of its stated size (ALTO's style, hOCR's
    /// `x_size`) and its height — the smaller of its box's and its words' median — scaled to
    /// the stated sizes' unit by the page's median ratio so that the two compare. Each errs
    /// one way: tesseract's `x_size` runs high on short display lines, a line's box grows
    /// with a tilted scan or one displaced glyph, and tesseract's word boxes run tall.
    static func printedSizes(_ lines: [LayoutLine]) -> [Double] {
        let height = { (l: LayoutLine) in min(l.box.height, l.wordHeight ?? l.box.height) }
        let ratios = lines.compactMap { l -> Double? in
            guard let s = l.fontSize, s > 0, height(l) > 0 else { return nil }
            return s / height(l)
        }.sorted()
        guard !ratios.isEmpty else { return lines.map(height) }
        let scale = ratios[ratios.count / 2]
        return lines.map { l in
            let fromBox = height(l) * scale
            guard let s = l.fontSize, s > 0 else { return fromBox }
            return min(s, fromBox)
        }
    }

    /// The size most characters are printed at: the character-weighted median line size.
    static func bodySize(_ lines: [(characters: Int, size: Double)]) -> Double {
        let sized = lines.filter { $0.size > 0 && $0.size.isFinite }.map { ($0.size, max(1, $0.characters)) }
            .sorted { $0.0 < $1.0 }
        let total = sized.reduce(0) { $0 + $1.1 }
        var seen = 0
        for (size, n) in sized {
            seen += n
            if seen * 2 >= total { return size }
        }
        return 0
    }

    /// Whether line `p` continues `last`, the piece before it in reading order.
    private static func runsOn(
        _ p: Placed, kind: Kind, after last: Piece, extents: [(left: Double, right: Double)]
    ) -> Bool {
        guard kind == last.kind, kind != .caption, sameSize(p.ratio, last.ratio) else { return false }
        let box = p.line.box
        let em = max(1, min(box.height, last.last.height))
        switch kind {
        case .body:
            // Another block runs on only straight under the line before, in its column: an
            // engine cuts one column's text into several blocks.
            let column = overlap(box.x, box.maxX, last.last.x, last.last.maxX) >= 0.8 * min(box.width, last.last.width)
            guard p.block == last.block || column else { return false }
            let left = min(extents[p.block].left, extents[last.block].left)
            let right = max(extents[p.block].right, extents[last.block].right)
            let indented = box.x - left >= 0.8 * em
            let stoppedShort = last.last.maxX < right - 1.2 * em
            let gap = box.y - last.last.maxY > 1.0 * em
            let below = box.y >= last.last.y + 0.5 * em
            return below && !indented && !stoppedShort && !gap
        case .title, .caption:
            return false
        }
    }

    /// The title lines of the page gathered into title pieces: lines of one size printed side
    /// by side (less than an em apart: a column gutter is more) or one under the other are one title line, whatever the
    /// order the file lists them in (an engine reads a headline broken over two rows and
    /// two blocks as up to four pieces, with a column's text between them). Each piece is
    /// keyed by its first line in file order, where it is put; its text reads row by row,
    /// left to right. Titles piled into too many lines to compare pairwise stay one per line.
    private static func titleClusters(_ placed: [Placed], kinds: inout [Kind?]) -> [Int: Piece] {
        let members = placed.indices.filter { kinds[$0] == .title }
        var parent = Dictionary(uniqueKeysWithValues: members.map { ($0, $0) })
        func root(_ i: Int) -> Int {
            var r = i
            while let p = parent[r], p != r { r = p }
            return r
        }
        if members.count <= 400 {
            for (n, a) in members.enumerated() {
                for b in members[(n + 1)...] where sameSize(placed[a].ratio, placed[b].ratio) {
                    let (x, y) = (placed[a].line.box, placed[b].line.box)
                    let em = min(x.height, y.height)
                    let gapX = max(y.x - x.maxX, x.x - y.maxX)
                    let gapY = max(y.y - x.maxY, x.y - y.maxY)
                    let sameRow = overlap(x.y, x.maxY, y.y, y.maxY) >= 0.5 * em && gapX <= 0.6 * em
                    let nextRow = gapY >= -0.3 * em && gapY <= 0.8 * em && overlap(x.x, x.maxX, y.x, y.maxX) > 0
                    if sameRow || nextRow {
                        let (ra, rb) = (root(a), root(b))
                        parent[max(ra, rb)] = min(ra, rb)
                    }
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        for m in members { groups[root(m), default: []].append(m) }
        var out: [Int: Piece] = [:]
        for (first, lines) in groups {
            // One character at a headline's size, alone, is a scrap of a picture: never a title.
            if lines.reduce(0, { $0 + placed[$1].line.text.filter { !$0.isWhitespace }.count }) <= 1 {
                for i in lines { kinds[i] = .body }
                continue
            }
            // Rows top to bottom, each left to right.
            var rows: [[Int]] = []
            for i in lines.sorted(by: { placed[$0].line.box.y < placed[$1].line.box.y }) {
                let b = placed[i].line.box
                if let r = rows.last?.first, overlap(placed[r].line.box.y, placed[r].line.box.maxY, b.y, b.maxY) >= 0.5 * b.height {
                    rows[rows.count - 1].append(i)
                } else {
                    rows.append([i])
                }
            }
            let ordered = rows.flatMap { $0.sorted { placed[$0].line.box.x < placed[$1].line.box.x } }
            let text = withoutWideSpaces(LayoutWords.join(ordered.map { LayoutWord(text: placed[$0].line.text) }, lineHeight: nil))
            let boxes = ordered.map { placed[$0].line.box }
            let chars = ordered.map { Double(max(1, placed[$0].line.text.count)) }
            let ratio = zip(ordered, chars).reduce(0) { $0 + placed[$1.0].ratio * $1.1 } / chars.reduce(0, +)
            out[first] = Piece(
                text: text, box: LayoutWords.union(boxes) ?? boxes[0], first: boxes[0], last: boxes[boxes.count - 1],
                ratio: ratio, kind: .title, block: placed[first].block)
        }
        return out
    }

    /// The text without the spaces between two wide characters (ideographs, CJK punctuation).
    static func withoutWideSpaces(_ t: String) -> String {
        let s = Array(t.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, c) in s.enumerated() {
            if c == " ", i > 0, i + 1 < s.count, LayoutWords.isWide(s[i - 1]), LayoutWords.isWide(s[i + 1]) { continue }
            out.append(c)
        }
        return String(out)
    }

    static func sameSize(_ a: Double, _ b: Double) -> Bool {
        max(a, b) <= min(a, b) * 1.15
    }

    static func overlap(_ a0: Double, _ a1: Double, _ b0: Double, _ b1: Double) -> Double {
        min(a1, b1) - max(a0, b0)
    }
}
