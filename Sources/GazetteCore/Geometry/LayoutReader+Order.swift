/// The layout reader's repairs of an engine's reading order: titles put back above the
/// column printed under them, and the text under a title brought after it.
extension LayoutReader {
    /// Puts the text printed under a title right after it when the file reads something else
    /// first: an engine reads a page column by column, so a headline over a picture in the
    /// right half is followed by the left half's next story before the text under the
    /// picture. The text moved is the first piece printed under the title (no other title
    /// between them) and what follows it up to the next title.
    static func hangBodiesUnderTitles(_ pieces: inout [Piece]) {
        var i = 0
        while i < pieces.count {
            guard pieces[i].kind == .title, i + 1 == pieces.count || !near(pieces[i], pieces[i + 1]) else {
                i += 1
                continue
            }
            var g = i
            while g > 0, near(pieces[g - 1], pieces[g]) { g -= 1 }
            let title = LayoutWords.union(pieces[g...i].map(\.box)) ?? pieces[i].box
            let next = i + 1
            guard next < pieces.count, !isUnder(pieces[next].box, title) else {
                i += 1
                continue
            }
            var k = next
            while k < pieces.count, pieces[k].kind == .title || !isUnder(pieces[k].box, title) { k += 1 }
            let blocked = k == pieces.count || pieces.indices.contains { j in
                (j < g || j > i) && pieces[j].kind == .title && isUnder(pieces[j].box, title)
                    && pieces[j].box.maxY <= pieces[k].box.y + 0.5 * pieces[k].last.height
            }
            guard !blocked else {
                i += 1
                continue
            }
            var end = k
            while end < pieces.count, pieces[end].kind != .title { end += 1 }
            let moved = Array(pieces[k..<end])
            pieces.removeSubrange(k..<end)
            pieces.insert(contentsOf: moved, at: next)
            i = next + moved.count
        }
    }

    /// Two title pieces of one headline block: the second beside or under the first, within
    /// a line's height.
    static func near(_ a: Piece, _ b: Piece) -> Bool {
        guard a.kind == .title, b.kind == .title else { return false }
        let (l, f) = (a.last, b.first)
        let em = min(l.height, f.height)
        let sameRow = overlap(l.y, l.maxY, f.y, f.maxY) >= 0.5 * em
        let under = f.y >= l.maxY - 0.3 * em && f.y - l.maxY <= 1.0 * em && overlap(a.box.x, a.box.maxX, f.x, f.maxX) > 0
        return sameRow || under
    }

    /// `box` starts below `title` and overlaps it horizontally.
    static func isUnder(_ box: LayoutBox, _ title: LayoutBox) -> Bool {
        box.y >= title.maxY - 0.3 * min(box.height, title.height) && overlap(box.x, box.maxX, title.x, title.maxX) > 0
    }

    /// Puts a title back above the body pieces that the file lists before it but that are
    /// printed under it (an engine's reading order can take a column's text before the
    /// headline spanning it), or that come between the title's parts. Only body pieces printed
    /// under the title are stepped over; captions and other titles never are.
    static func putTitlesAbove(_ pieces: inout [Piece]) {
        var i = 0
        while i < pieces.count {
            guard pieces[i].kind == .title, i == 0 || pieces[i - 1].kind != .title else {
                i += 1
                continue
            }
            var j = i
            while j < pieces.count, pieces[j].kind == .title { j += 1 }
            let group = LayoutWords.union(pieces[i..<j].map(\.box)) ?? pieces[i].box
            let below = { (p: Piece) in p.kind == .body && p.box.y >= group.maxY - 0.3 * p.last.height }
            // The rest of a title printed beside or under its first part, the text of a column
            // read between them.
            var m = i
            while m > 0, below(pieces[m - 1]) { m -= 1 }
            if m == i || m == 0 || !near(pieces[m - 1], pieces[i]) {
                m = i
                while m > 0, below(pieces[m - 1]), overlap(pieces[m - 1].box.x, pieces[m - 1].box.maxX, group.x, group.maxX) > 0 {
                    m -= 1
                }
            }
            if m < i {
                let moved = Array(pieces[i..<j])
                pieces.removeSubrange(i..<j)
                pieces.insert(contentsOf: moved, at: m)
            }
            i = j
        }
    }
}
