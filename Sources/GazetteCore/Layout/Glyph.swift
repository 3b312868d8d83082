/// Character classes the layout stages reason with. Newspaper OCR mixes full- and half-width
/// punctuation (`，` and `,`, `（）` and `()`), so every class accepts both forms.
///
/// Everything here works on `Unicode.Scalar` values with `switch`es: no regex, no allocation,
/// so the hot loops over a page stay linear and cheap.
enum Glyph {
    /// Han ideographs (BMP blocks, compatibility block and the supplementary planes) and `〇`.
    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x3007: true
        default: false
        }
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    static func isLatin(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }

    /// Letters of the running text: what de-duplication keys and n-gram statistics look at.
    static func isContent(_ s: Unicode.Scalar) -> Bool { isHan(s) || isDigit(s) || isLatin(s) }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0xA0, 0x3000, 0x2002...0x200A, 0x202F, 0x205F: true
        default: false
        }
    }

    /// Ends a sentence: `。！？；…` and their half-width forms.
    static func isSentenceFinal(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2026, 0x21, 0x3F, 0x3B, 0xFF0E, 0xFF61: true
        default: false
        }
    }

    /// Closing quotes and brackets, which may follow the final punctuation of a sentence.
    static func isCloser(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x300B, 0x3009, 0x3011, 0x22, 0x27, 0x3017: true
        default: false
        }
    }

    /// Closing quotation marks only: a paragraph may end on a quotation without a full stop.
    static func isClosingQuote(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x201D, 0x300D, 0x300F: true
        default: false
        }
    }

    static func isOpener(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x201C, 0x2018, 0x300C, 0x300E, 0xFF08, 0x28, 0x300A, 0x3008, 0x3010, 0x3016: true
        default: false
        }
    }

    /// Punctuation inside a sentence: a block ending on one of these was cut.
    static func isSoftStop(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0xFF0C, 0x2C, 0x3001, 0xFF1A, 0x3A, 0x2014, 0x2015, 0x2E3A, 0x2D, 0x2F, 0x00B7, 0x30FB, 0xFF5E, 0x7E, 0xFF0F: true
        default: false
        }
    }

    /// Separates clauses: commas, enumeration commas, colons, semicolons and sentence ends.
    static func isClauseBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0xFF0C, 0x2C, 0x3001, 0xFF1A, 0x3A: true
        default: isSentenceFinal(s)
        }
    }

    static func isComma(_ s: Unicode.Scalar) -> Bool { s.value == 0xFF0C || s.value == 0x2C }

    /// Byline marks printed before names: `□ ■ ● ◆ ▲ ★ ☆ ○ ◇ ◎ ▓`.
    static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x25A1, 0x25A0, 0x25CF, 0x25C6, 0x25B2, 0x2605, 0x2606, 0x25CB, 0x25C7, 0x25CE, 0x2593, 0x25AA, 0x25AB, 0x2A: true
        default: false
        }
    }

    /// Dash characters that introduce a subtitle (`——访…`).
    static func isDash(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2014, 0x2015, 0x2E3A, 0x2500, 0x2013: true
        default: false
        }
    }
}

/// Small helpers over scalar arrays, the working representation of every layout stage.
extension Array where Element == Unicode.Scalar {
    /// Number of letters (Han, digits, Latin): the length that matters for layout decisions.
    var contentCount: Int {
        var n = 0
        for s in self where Glyph.isContent(s) { n += 1 }
        return n
    }

    /// The scalars with leading and trailing whitespace removed.
    var trimmed: [Unicode.Scalar] {
        var lo = startIndex
        var hi = endIndex
        while lo < hi, Glyph.isSpace(self[lo]) { lo += 1 }
        while hi > lo, Glyph.isSpace(self[hi - 1]) { hi -= 1 }
        return Array(self[lo..<hi])
    }

    /// Last scalar that is not a space or a closing quote/bracket.
    var lastMeaningful: Unicode.Scalar? {
        var i = endIndex
        while i > startIndex {
            i -= 1
            let s = self[i]
            if Glyph.isSpace(s) || Glyph.isCloser(s) { continue }
            return s
        }
        return nil
    }

    /// True when the block closes its sentence, so the next block cannot continue it.
    var endsSentence: Bool {
        guard let last = self.last(where: { !Glyph.isSpace($0) }) else { return true }
        if Glyph.isSentenceFinal(last) || Glyph.isClosingQuote(last) { return true }
        if Glyph.isCloser(last), let m = lastMeaningful, Glyph.isSentenceFinal(m) { return true }
        return false
    }

    /// The scalars after the last clause break (the unfinished clause of a cut paragraph),
    /// looking back at most 200 scalars so repeated joins stay linear.
    var lastClause: ArraySlice<Unicode.Scalar> {
        var i = endIndex
        let floor = Swift.max(startIndex, endIndex - 200)
        while i > floor {
            if Glyph.isClauseBreak(self[i - 1]) { break }
            i -= 1
        }
        return self[i..<endIndex]
    }

    /// The scalars before the first clause break.
    var firstClause: ArraySlice<Unicode.Scalar> {
        var i = startIndex
        while i < endIndex, !Glyph.isClauseBreak(self[i]) { i += 1 }
        return self[startIndex..<i]
    }

    func hasPrefix(_ prefix: String) -> Bool {
        var i = startIndex
        for p in prefix.unicodeScalars {
            guard i < endIndex, self[i] == p else { return false }
            i += 1
        }
        return true
    }

    func hasSuffix(_ suffix: String) -> Bool {
        let p = Array(suffix.unicodeScalars)
        guard p.count <= count else { return false }
        return Array(self[(count - p.count)...]) == p
    }

    /// Index of the first occurrence of `needle` at or after `from`, or nil.
    func firstIndex(of needle: String, from: Int = 0) -> Int? {
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, count >= n.count, from >= 0 else { return nil }
        var i = from
        while i + n.count <= count {
            if self[i] == n[0] {
                var ok = true
                var k = 1
                while k < n.count {
                    if self[i + k] != n[k] { ok = false; break }
                    k += 1
                }
                if ok { return i }
            }
            i += 1
        }
        return nil
    }

    func contains(_ needle: String) -> Bool { firstIndex(of: needle) != nil }

    /// The scalars with every whitespace scalar removed.
    var withoutSpaces: [Unicode.Scalar] { filter { !Glyph.isSpace($0) } }
}
