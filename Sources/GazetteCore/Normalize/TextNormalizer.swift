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
        let (bytes, mayNeedComposition) = source.withUTF8 { Self.normalizedUTF8($0) }
        let result = String(decoding: bytes, as: UTF8.self)
        // NFC through Foundation is slow; pages of CJK, ASCII and punctuation are NFC already.
        return mayNeedComposition ? result.precomposedStringWithCanonicalMapping : result
    }

    /// The single pass over the UTF-8 bytes: line splitting, scalar mapping, space folding,
    /// markdown stripping and blank-line collapsing. Also says whether any kept scalar lies
    /// outside the ranges known to be unchanged by NFC.
    static func normalizedUTF8(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], mayNeedComposition: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var line: [UInt8] = []
        line.reserveCapacity(256)
        var state = LineState()
        var pendingBlank = false
        var mayNeedComposition = false

        func flushLine(paragraphBreakAfter: Bool) {
            MarkdownMarks.strip(&line)
            if line.isEmpty {
                if !out.isEmpty { pendingBlank = true }
            } else {
                if !out.isEmpty { out.append(0x0A) }
                if pendingBlank { out.append(0x0A) }
                out.append(contentsOf: line)
                pendingBlank = false
            }
            if paragraphBreakAfter, !out.isEmpty { pendingBlank = true }
            line.removeAll(keepingCapacity: true)
            state = LineState()
        }

        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            // ASCII fast path.
            if byte < 0x80 {
                index += 1
                switch byte {
                case 0x0A, 0x0B, 0x0C:
                    flushLine(paragraphBreakAfter: false)
                case 0x0D:
                    if index < count, input[index] == 0x0A { index += 1 }
                    flushLine(paragraphBreakAfter: false)
                case 0x09, 0x20:
                    state.pendingSpace = !line.isEmpty
                case 0x00..<0x20, 0x7F:
                    continue
                default:
                    state.emit(byte, into: &line)
                }
                continue
            }
            let (scalar, length) = Self.decodeScalar(input, at: index)
            index += length
            switch ScalarClass.of(scalar) {
            case .drop:
                continue
            case .space:
                state.pendingSpace = !line.isEmpty
            case .lineBreak:
                flushLine(paragraphBreakAfter: false)
            case .paragraphBreak:
                flushLine(paragraphBreakAfter: true)
            case .ascii(let ascii):
                state.emit(ascii, into: &line)
            case .keep:
                if !mayNeedComposition, !ScalarClass.isNFCStable(scalar) { mayNeedComposition = true }
                state.emitRaw(input, from: index - length, count: length, into: &line)
            }
        }
        flushLine(paragraphBreakAfter: false)
        return (out, mayNeedComposition)
    }

    /// Per-line state of the scalar pass: whether a space is owed before the next character.
    struct LineState {
        var pendingSpace = false

        @inline(__always)
        mutating func emit(_ byte: UInt8, into line: inout [UInt8]) {
            if pendingSpace { line.append(0x20); pendingSpace = false }
            line.append(byte)
        }

        @inline(__always)
        mutating func emitRaw(_ input: UnsafeBufferPointer<UInt8>, from start: Int, count: Int, into line: inout [UInt8]) {
            if pendingSpace { line.append(0x20); pendingSpace = false }
            for offset in 0..<count { line.append(input[start + offset]) }
        }
    }

    /// Decodes one scalar from valid UTF-8 (a Swift string's storage is always valid).
    @inline(__always)
    static func decodeScalar(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(input[index])
        if lead < 0xE0 {
            return (((lead & 0x1F) << 6) | (UInt32(input[index + 1]) & 0x3F), 2)
        } else if lead < 0xF0 {
            return (((lead & 0x0F) << 12) | ((UInt32(input[index + 1]) & 0x3F) << 6)
                | (UInt32(input[index + 2]) & 0x3F), 3)
        } else {
            return (((lead & 0x07) << 18) | ((UInt32(input[index + 1]) & 0x3F) << 12)
                | ((UInt32(input[index + 2]) & 0x3F) << 6) | (UInt32(input[index + 3]) & 0x3F), 4)
        }
    }
}
