import Foundation

/// Layout-level clean-up of decoded page text, so that segmentation sees one shape of text
/// whatever the OCR tool, editor or operating system produced.
///
/// The output contract (what `PageLayout` relies on):
/// - lines are separated by `\n` only (CRLF, lone CR, VT, FF, NEL and U+2028 become `\n`;
///   U+2029 becomes a blank line);
/// - every line is trimmed, and inside a line every run of spaces (ASCII space, tab, NBSP,
///   ideographic space U+3000, the U+2000 typographic spaces) is one ASCII space;
/// - paragraphs are separated by exactly one blank line (runs of blank lines collapse);
///   the text neither starts nor ends with a blank line or a newline;
/// - full-width ASCII letters and digits are half-width (`ＡＢＣ１２３` → `ABC123`);
///   full-width and Chinese punctuation (`，。：（）“”％`) is kept as printed;
/// - markdown used as layout is gone: `#` … `######` heading prefixes, `**` bold marks,
///   `-`/`*`/`+` bullets followed by a space, `>` quote marks, `---`/`***`/`___`/`===` rules;
/// - zero-width and invisible format characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen,
///   bidi marks) and control characters are removed;
/// - the text is in Unicode NFC, so an NFD-encoded page stores the same text and hashes to
///   the same search terms.
///
/// ```swift
/// TextNormalizer.normalize("## 标题\r\n\r\n\r\n**本报讯**　ＧＤＰ增长\u{200B}") // "标题\n\n本报讯 GDP增长"
/// ```
///
/// It never fails and never reorders text; it only drops layout marks and invisible characters.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
        var source = text
        let (bytes, mayNeedComposition) = source.withUTF8 { NormalizerPass.run($0) }
        let result = String(decoding: bytes, as: UTF8.self)
        // NFC through Foundation is slow; pages of CJK, ASCII and punctuation are NFC already.
        return mayNeedComposition ? result.precomposedStringWithCanonicalMapping : result
    }

    /// `normalize(text)` as scalars, the form the layout stages work on. Pages that need no
    /// NFC (nearly all) go from the normalizer's bytes to scalars without a String between.
    static func normalizedScalars(_ text: String) -> [Unicode.Scalar] {
        var source = text
        let (bytes, mayNeedComposition) = source.withUTF8 { NormalizerPass.run($0) }
        if mayNeedComposition {
            return String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping.scalarArray
        }
        return bytes.withUnsafeBufferPointer { [Unicode.Scalar](validUTF8: $0) }
    }
}
