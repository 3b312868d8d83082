/// Folds text into the scalar stream that terms and n-grams are matched against.
///
/// OCR pages break words with spaces and line breaks (`乡村振兴在 行动`), mix full- and
/// half-width forms (`ＤＲＧ`, `DRG`) and letter case. Chinese does not separate words with
/// spaces, so dropping whitespace loses nothing and lets a term match across a break.
enum TextFolding {
    /// Whitespace dropped, full-width ASCII mapped to ASCII, ASCII letters lower-cased.
    static func fold(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if let folded = fold(scalar.value) { out.append(folded) }
        }
        return out
    }

    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32? {
        var v = value
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x3000, 0x2000...0x200B, 0xFEFF: return nil
        case 0xFF01...0xFF5E: v -= 0xFEE0
        default: break
        }
        if v >= 0x41 && v <= 0x5A { v += 0x20 }
        return v
    }

    /// Whether a scalar carries meaning for the n-gram model (letters, digits, CJK), as
    /// opposed to punctuation and layout marks (□ ■ ●), which only add noise.
    @inline(__always)
    static func isContent(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF)
            || (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39)
            || (v >= 0x20000 && v <= 0x2FFFF)
    }
}
