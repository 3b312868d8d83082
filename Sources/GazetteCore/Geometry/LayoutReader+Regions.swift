/// The regions of a page the layout reader reads apart from its text: the folio band at the
/// top and the captions under pictures.
extension LayoutReader {
    /// The lines above the rule printed across the top of the page: the folio band. Only a
    /// rule over half the page's width in its top seventh counts, and only a band of a few
    /// lines holding little of the page's text: otherwise the rule is a story's.
    static func folioBand(_ page: LayoutPage, _ placed: [Placed]) -> Set<Int> {
        let width = page.width > 0 ? page.width : placed.map(\.line.box.maxX).max() ?? 0
        let height = page.height > 0 ? page.height : placed.map(\.line.box.maxY).max() ?? 0
        guard width > 0, height > 0 else { return [] }
        let rules = page.blocks.filter {
            $0.kind == .other && $0.box.width >= 0.5 * width && $0.box.height <= 0.02 * height && $0.box.y <= height / 7
        }
        guard let rule = rules.min(by: { $0.box.y < $1.box.y }) else { return [] }
        let above = placed.indices.filter { placed[$0].line.box.maxY <= rule.box.y + rule.box.height / 2 }
        let chars = placed.reduce(0) { $0 + $1.line.text.count }
        let band = above.reduce(0) { $0 + placed[$1].line.text.count }
        guard !above.isEmpty, above.count <= 8, band * 10 <= chars else { return [] }
        return Set(above)
    }

    /// Lines printed right under a picture: its caption. A picture's frame (the rules an
    /// engine finds around it) is part of it, since engines often find the picture smaller
    /// than printed. A caption is at most three lines, at body size or smaller, and ends at a
    /// line that opens a paragraph (indented) or after a line that ends a sentence.
    static func captionLines(_ page: LayoutPage, _ placed: [Placed]) -> Set<Int> {
        var found: Set<Int> = []
        let rules = page.blocks.filter { $0.kind == .other }.prefix(maxFigures * 10)
        for picture in page.blocks.filter({ $0.kind == .illustration }).prefix(maxFigures) {
            var frame = picture.box
            for r in rules where intersects(r.box, frame, margin: 4) {
                frame = LayoutWords.union([frame, r.box]) ?? frame
            }
            let under = placed.indices.filter { i in
                let b = placed[i].line.box
                let em = max(1, b.height)
                return placed[i].ratio < LineHint.raised && b.y >= frame.maxY - 0.5 * em && b.y <= frame.maxY + 1.5 * em
                    && overlap(b.x, b.maxX, frame.x, frame.maxX) > 0.5 * min(b.width, frame.width)
            }
            guard var i = under.min(by: { placed[$0].line.box.y < placed[$1].line.box.y }) else { continue }
            found.insert(i)
            let first = placed[i].line.box
            var count = 1
            while count < 3, i + 1 < placed.count, placed[i + 1].block == placed[i].block {
                let prev = placed[i].line
                let next = placed[i + 1].line.box
                let em = max(1, prev.box.height)
                let ends = prev.text.last.map { "。.!！?？".contains($0) } ?? false
                guard !ends, next.x - first.x < 0.8 * em, next.y - prev.box.maxY <= 0.6 * em,
                    placed[i + 1].ratio < LineHint.raised
                else { break }
                i += 1
                count += 1
                found.insert(i)
            }
        }
        return found
    }

    /// At least half of `box` lies inside `picture`.
    static func inside(_ box: LayoutBox, _ picture: LayoutBox) -> Bool {
        let w = overlap(box.x, box.maxX, picture.x, picture.maxX)
        let h = overlap(box.y, box.maxY, picture.y, picture.maxY)
        return w > 0 && h > 0 && w * h >= 0.5 * box.width * box.height
    }

    static func intersects(_ a: LayoutBox, _ b: LayoutBox, margin: Double) -> Bool {
        a.x <= b.maxX + margin && b.x <= a.maxX + margin && a.y <= b.maxY + margin && b.y <= a.maxY + margin
    }
}
