/// Builds a `LayoutLine` from the words a layout file lists on it (ALTO `String`s, hOCR
/// `ocrx_word`s): the shared half of the two readers.
struct LayoutWord: Sendable {
    var text: String
    var box: LayoutBox?
    var fontSize: Double?
    var confidence: Double?
}

enum LayoutWords {
    /// Joins a line's words: Chinese words without a space, Latin words (and digits) with
    /// one. OCR engines cut Chinese into words of one or two characters that print without
    /// spaces, so a space there would be noise — except where the print shows a gap: a
    /// byline sets its role apart from the names (`本报记者  某某`), and the text path
    /// relies on that space. A gap counts when it is wider than twice the line's usual gap
    /// between words and than half the line's height.
    static func join(_ words: [LayoutWord], lineHeight: Double?) -> String {
        let kept = words.filter { !$0.text.isEmpty }
        guard var out = kept.first?.text else { return "" }
        var gaps: [Double] = []
        for (a, b) in zip(kept, kept.dropFirst()) {
            if let ab = a.box, let bb = b.box { gaps.append(max(0, bb.x - ab.maxX)) }
        }
        let usual = gaps.isEmpty ? 0 : gaps.sorted()[gaps.count / 2]
        let height = lineHeight ?? kept.compactMap { $0.box?.height }.max() ?? 0
        for (a, b) in zip(kept, kept.dropFirst()) {
            if height > 0, let ab = a.box, let bb = b.box, bb.x - ab.maxX > 2 * usual, bb.x - ab.maxX > height / 2 {
                out += " " + b.text
            } else {
                append(b.text, to: &out)
            }
        }
        return out
    }

    /// Appends a word or line: with a space between two Latin words, without one where either
    /// side is Chinese.
    static func append(_ word: String, to text: inout String) {
        guard !word.isEmpty else { return }
        if !text.isEmpty, !isWide(text.unicodeScalars.last), !isWide(word.unicodeScalars.first) { text += " " }
        text += word
    }

    /// Ideographs, kana, hangul, CJK and full-width punctuation: scripts printed without spaces.
    static func isWide(_ s: Unicode.Scalar?) -> Bool {
        guard let v = s?.value else { return false }
        return (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFFEF) || (v >= 0x20000 && v <= 0x3FFFF)
    }

    /// The line a reader hands on: its words joined, its font size the one most of its
    /// characters carry, its confidence the character-weighted mean of its words'.
    static func line(
        _ words: [LayoutWord], box: LayoutBox?, fontSize: Double?, looseText: String = ""
    ) -> LayoutLine? {
        let wordBoxes = words.compactMap(\.box)
        guard let box = box ?? union(wordBoxes) else { return nil }
        let text: String
        if words.isEmpty {
            text = looseText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        } else {
            text = join(words, lineHeight: box.height)
        }
        guard !text.isEmpty else { return nil }
        var bySize: [Double: Int] = [:]
        var confidenceSum = 0.0
        var confidenceWeight = 0
        for w in words {
            let n = max(1, w.text.unicodeScalars.count)
            if let s = w.fontSize { bySize[s, default: 0] += n }
            if let c = w.confidence {
                confidenceSum += c * Double(n)
                confidenceWeight += n
            }
        }
        let wordSize = bySize.max { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }?.key
        let confidence = confidenceWeight > 0 ? confidenceSum / Double(confidenceWeight) : nil
        let heights = words.filter { $0.text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil } }
            .compactMap { $0.box?.height }.filter { $0 > 0 }.sorted()
        let wordHeight = heights.isEmpty ? nil : heights[heights.count / 2]
        return LayoutLine(
            box: box, text: text, fontSize: wordSize ?? fontSize, confidence: confidence, wordHeight: wordHeight)
    }

    static func union(_ boxes: [LayoutBox]) -> LayoutBox? {
        guard let first = boxes.first else { return nil }
        var x0 = first.x, y0 = first.y, x1 = first.maxX, y1 = first.maxY
        for b in boxes.dropFirst() {
            x0 = min(x0, b.x)
            y0 = min(y0, b.y)
            x1 = max(x1, b.maxX)
            y1 = max(y1, b.maxY)
        }
        return LayoutBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Gives every line a font size in one unit when only some lines state theirs (an ALTO
    /// file whose styles cover the headlines only): the others get their box height scaled
    /// by the median ratio of stated size to box height, so that `LayoutLine.size` never
    /// compares points with pixels. A page where no line states a size is left alone.
    static func fillFontSizes(_ blocks: inout [LayoutBlock]) {
        var ratios: [Double] = []
        var missing = false
        for b in blocks {
            for l in b.lines {
                if let s = l.fontSize, l.box.height > 0 { ratios.append(s / l.box.height) } else { missing = true }
            }
        }
        guard missing, !ratios.isEmpty else { return }
        let ratio = ratios.sorted()[ratios.count / 2]
        for b in blocks.indices {
            for l in blocks[b].lines.indices where blocks[b].lines[l].fontSize == nil {
                blocks[b].lines[l].fontSize = blocks[b].lines[l].box.height * ratio
            }
        }
    }
}

/// The pages of one file stacked top to bottom: a file of several pages reads as one tall page,
/// each page's coordinates moved down by the heights of the pages before it.
struct PageStack {
    private(set) var count = 0
    private(set) var width = 0.0
    private(set) var height = 0.0
    /// Where the current page starts.
    private(set) var yOffset = 0.0

    mutating func start(width w: Double, height h: Double) {
        yOffset = height
        count += 1
        width = max(width, w)
        height = yOffset + h
    }
}
