import GazetteCore

/// What a file is, from its first bytes (never its name: a scan saved as `.txt` is still a
/// scan, and a page of text named `.png` is still text).
public enum FileKind: String, Sendable, Equatable {
    case png, jpeg, tiff, pdf
    /// An XML document: an ALTO or hOCR layout file, or XML we do not read.
    case xml
    /// Anything else goes to the text pipeline, which has its own refusals (binary, empty).
    case text

    public var isImage: Bool { self == .png || self == .jpeg || self == .tiff }

    public static func sniff(_ bytes: [UInt8]) -> FileKind {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        // `%PDF-` may follow a few bytes of junk; readers accept it within the first 1 KiB.
        if let at = firstIndex(of: Array("%PDF-".utf8), in: bytes.prefix(1024)), at >= 0 { return .pdf }
        // A layout file the quick test misses (a prefixed `<alto:alto>`, UTF-16) is still one.
        if looksLikeXML(bytes) || LayoutFileKind.sniff(bytes) != nil { return .xml }
        return .text
    }

    /// `<?xml`, or an `<html`/`<!DOCTYPE` (hOCR is XHTML) after an optional BOM and white space.
    private static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        var rest = bytes.prefix(512)[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        rest = rest.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        let head = String(decoding: rest.prefix(16), as: UTF8.self).lowercased()
        return head.hasPrefix("<?xml") || head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
            || head.hasPrefix("<alto")
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        let start = haystack.startIndex
        for offset in 0...(haystack.count - needle.count) where haystack[(start + offset)...].starts(with: needle) {
            return offset
        }
        return nil
    }
}
