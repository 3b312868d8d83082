/// What the normalizer does with one non-ASCII scalar.
///
/// Decided by code point ranges rather than Unicode properties: the set is small, fixed, and
/// this runs once per character of every page.
enum ScalarClass: Equatable {
    /// Invisible or control: removed (zero-width spaces and joiners, BOM, soft hyphen, bidi marks, C1 controls).
    case drop
    /// A space of some width (NBSP, U+3000, U+2000…U+200A …): folded into one ASCII space inside a line.
    case space
    /// Ends the line (NEL, U+2028).
    case lineBreak
    /// Ends the paragraph (U+2029).
    case paragraphBreak
    /// A full-width ASCII letter or digit, replaced by its half-width form.
    case ascii(UInt8)
    /// Kept as is.
    case keep

    @inline(__always)
    static func of(_ scalar: UInt32) -> ScalarClass {
        switch scalar {
        case 0x85: .lineBreak
        case 0x80...0x9F, 0xAD: .drop
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: .space
        case 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: .drop
        case 0x2028: .lineBreak
        case 0x2029: .paragraphBreak
        case 0xFF10...0xFF19: .ascii(UInt8(scalar - 0xFF10) + 0x30)  // ０…９
        case 0xFF21...0xFF3A: .ascii(UInt8(scalar - 0xFF21) + 0x41)  // Ａ…Ｚ
        case 0xFF41...0xFF5A: .ascii(UInt8(scalar - 0xFF41) + 0x61)  // ａ…ｚ
        default: .keep
        }
    }

    /// True for scalars that NFC leaves alone whatever surrounds them: no canonical
    /// decomposition, combining class 0, never the second half of a composition. Covers what
    /// Chinese pages are made of (Latin-1, general punctuation, shapes, CJK punctuation, kana,
    /// unified ideographs, full-width forms); anything else sends the page through full NFC.
    @inline(__always)
    static func isNFCStable(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0..<0x300, 0x2010...0x206F, 0x2460...0x27BF, 0x3000...0x3098, 0x309B...0x30FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF, 0xFFFD:
            true
        default:
            false
        }
    }
}
