/// Why a layout file (ALTO or hOCR XML) could not be read. Each description says what was
/// wrong with the file and what the operator can do about it.
public enum LayoutFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Larger than `XMLScanner.maxBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// Elements nested deeper than `XMLScanner.maxDepth`.
    case tooDeep(limit: Int)
    /// The file ends inside markup or before its root element is closed.
    case truncated(detail: String)
    /// Markup that no tolerant reading can make sense of.
    case malformed(detail: String, offset: Int)
    /// A DOCTYPE that declares entities: refused, since layout files never need them and
    /// expanding them is how a few bytes become gigabytes.
    case entityDeclaration
    /// An encoding other than UTF-8 or UTF-16.
    case unsupportedEncoding(String)
    /// Well-formed enough, but neither ALTO nor hOCR (`root` is its first element's name).
    case notLayout(root: String)
    /// An ALTO or hOCR file with no page in it.
    case noPage

    /// A stable short code, like `PageError.code`.
    public var code: String {
        switch self {
        case .tooLarge: "layout-too-large"
        case .tooDeep: "layout-too-deep"
        case .truncated: "layout-truncated"
        case .malformed: "layout-malformed"
        case .entityDeclaration: "layout-entities"
        case .unsupportedEncoding: "layout-encoding"
        case .notLayout: "layout-unknown-xml"
        case .noPage: "layout-no-page"
        }
    }

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            "the layout file is \(bytes) bytes, more than the \(limit) a page's ALTO or hOCR can plausibly need: split it into one file per page"
        case .tooDeep(let limit):
            "the layout file nests elements more than \(limit) deep, which no ALTO or hOCR page does: check the producer, the file is not a page layout"
        case .truncated(let detail):
            "the layout file is cut short (\(detail)): check that the producer finished writing it before moving it into the inbox"
        case .malformed(let detail, let offset):
            "the layout file is not readable XML (\(detail) at byte \(offset)): re-export it from the OCR or digitisation tool"
        case .entityDeclaration:
            "the layout file declares its own XML entities, which ALTO and hOCR never need and which can expand without bound: remove the DOCTYPE's internal subset"
        case .unsupportedEncoding(let name):
            "the layout file is encoded as \(name): only UTF-8 and UTF-16 are read; re-export it as UTF-8"
        case .notLayout(let root):
            "the XML file is neither ALTO nor hOCR (its root element is <\(root)>): only ALTO (v2–v4) and hOCR page layouts are read; drop the page's text, image or a layout file instead"
        case .noPage:
            "the layout file describes no page (no ALTO <Page>, no hOCR ocr_page): check the export settings of the tool that wrote it"
        }
    }
}
