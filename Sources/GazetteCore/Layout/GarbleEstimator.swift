/// Flags OCR garbage: paragraphs where columns were read across (`李沧泽 大作、开展情况。据了解,
/// 李泽泽 大时,对位军,对位军,对位军`). The text is kept; the flag feeds `Quality.garbledRatio`.
///
/// Four independent signals; a paragraph is garbled when at least two fire, one of them a
/// cheap one (3 or 4), because each one alone also occurs in clean text (a term repeated in
/// parentheses, a wrapped line's spaces):
/// 1. a run of six scalars recurs within the next 40 (fragments read twice);
/// 2. a short unit repeated three times in a row (`对位军,对位军,对位军`);
/// 3. unbalanced quotation marks;
/// 4. three or more spaces between Han characters (columns read across).
/// Only the first 4000 scalars are examined: the estimate needs no more.
enum GarbleEstimator {
    static func isGarbled(_ text: [Unicode.Scalar]) -> Bool {
        // Shares the paragraph's storage unless it must be cut (copying every paragraph showed).
        let s = text.count <= 4000 ? text : Array(text.prefix(4000))
        guard s.count >= 20 else { return false }
        // Cheap signals first. Text read across columns always leaves one of them (spaces
        // or broken quotes), so without one the costly scans are skipped.
        var signals = 0
        if hasUnbalancedQuotes(s) { signals += 1 }
        if innerSpaces(s) >= 3 { signals += 1 }
        if signals == 0 { return false }
        if signals >= 2 || hasNearRepeat(s) { return true }
        return hasTripleUnit(s)
    }

    private static func hasNearRepeat(_ s: [Unicode.Scalar]) -> Bool {
        let k = 6
        guard s.count > 2 * k else { return false }
        var table = [Int32](repeating: -1, count: 256)
        var run = 0
        for i in 0..<s.count {
            run = Glyph.isHan(s[i]) || Glyph.isClauseBreak(s[i]) ? run + 1 : 0
            guard run >= k else { continue }
            let start = i - k + 1
            let slot = Int(BodyCleaner.hash(s, start, k) & 255)
            let p = Int(table[slot])
            if p >= 0, start - p >= k, start - p <= 40, BodyCleaner.equal(s, p, start, k) { return true }
            table[slot] = Int32(truncatingIfNeeded: start)
        }
        return false
    }

    private static func hasTripleUnit(_ s: [Unicode.Scalar]) -> Bool {
        for d in 3...7 where s.count >= 3 * d {
            for i in 0...(s.count - 3 * d) where Glyph.isHan(s[i]) {
                if BodyCleaner.equal(s, i, i + d, d), BodyCleaner.equal(s, i, i + 2 * d, d) { return true }
            }
        }
        return false
    }

    private static func hasUnbalancedQuotes(_ s: [Unicode.Scalar]) -> Bool {
        var ascii = 0, open = 0, close = 0
        for c in s {
            switch c {
            case "\"": ascii += 1
            case "“": open += 1
            case "”": close += 1
            default: break
            }
        }
        return ascii % 2 == 1 || open != close
    }

    private static func innerSpaces(_ s: [Unicode.Scalar]) -> Int {
        guard s.count >= 3 else { return 0 }
        var n = 0
        for i in 1..<(s.count - 1) where Glyph.isSpace(s[i]) {
            if !Glyph.isSpace(s[i - 1]), !Glyph.isLatin(s[i - 1]), !Glyph.isDigit(s[i - 1]), Glyph.isHan(s[i + 1]) { n += 1 }
        }
        return n
    }
}
