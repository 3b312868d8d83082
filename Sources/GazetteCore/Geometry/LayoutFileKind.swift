/// The layout file formats read directly, told apart by their content, never their name.
public enum LayoutFileKind: String, Sendable, Equatable {
    case alto
    case hocr

    /// How far into a file the sniffer looks for hOCR's marks: its `<meta name="ocr-system">`
    /// and its first `ocr_page` sit in the first few hundred bytes.
    static let sniffWindow = 64 << 10

    /// `.alto` for a document whose root is `<alto>` (any version, any prefix), `.hocr` for
    /// an (X)HTML document or fragment carrying hOCR's classes or its `ocr-system` meta, nil
    /// for anything else: other XML (which the caller refuses with `notLayout(root:)`'s
    /// reason, see `rootElement`), and anything that is not markup at all.
    public static func sniff(_ bytes: [UInt8]) -> LayoutFileKind? {
        guard looksLikeMarkup(bytes) else { return nil }
        var scanner: XMLScanner
        do { scanner = try XMLScanner(Array(bytes.prefix(sniffWindow))) } catch { return nil }
        var first = true
        var htmlRoot = false
        while true {
            let event: XMLEvent?
            do { event = try scanner.next() } catch { return nil }  // cut at the window: no mark found
            guard case .start(let name, let a)? = event else {
                if event == nil { return nil }
                continue
            }
            let lower = name.lowercased()
            if first {
                first = false
                if lower == "alto" { return .alto }
                htmlRoot = lower == "html"
            }
            if let c = a["class"], c.split(separator: " ").contains(where: { $0 == "ocr_page" || $0 == "ocr_line" || $0 == "ocrx_word" }) {
                return .hocr
            }
            if htmlRoot, lower == "meta", let n = a["name"], n == "ocr-system" || n == "ocr-capabilities" { return .hocr }
        }
    }

    /// The name of the document's first element, for the refusal of XML that is neither
    /// format; nil when the bytes are not markup.
    public static func rootElement(_ bytes: [UInt8]) -> String? {
        guard looksLikeMarkup(bytes), var scanner = try? XMLScanner(Array(bytes.prefix(sniffWindow))) else { return nil }
        while let event = try? scanner.next() {
            if case .start(let name, _) = event { return name }
        }
        return nil
    }

    /// Reads a layout file of either kind; other XML is refused with `notLayout`.
    public static func read(_ bytes: [UInt8]) throws(LayoutFileError) -> LayoutPage {
        try read(bytes, as: sniff(bytes))
    }

    /// Reads a file already sniffed as `kind` (nil: not a layout file, refused with `notLayout`),
    /// for a caller that needs the kind too and should not scan the file for it twice.
    public static func read(_ bytes: [UInt8], as kind: LayoutFileKind?) throws(LayoutFileError) -> LayoutPage {
        switch kind {
        case .alto: try ALTOReader.read(bytes)
        case .hocr: try HOCRReader.read(bytes)
        case nil: throw .notLayout(root: rootElement(bytes) ?? "none")
        }
    }

    /// The first byte after a BOM and whitespace is `<` (in UTF-8 or UTF-16): cheap, so that
    /// a text page is never scanned as markup.
    public static func looksLikeMarkup(_ bytes: [UInt8]) -> Bool {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { i = 2 }
        while i < bytes.count, i < 4096 {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x00: i += 1
            case UInt8(ascii: "<"): return true
            default: return false
            }
        }
        return false
    }
}
