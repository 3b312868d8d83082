/// Why a file is not a page Gazette can read. Each case is permanent for these bytes:
/// the daemon quarantines such a file in `failed/` with this reason.
public enum PageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero bytes.
    case empty
    /// Only whitespace or layout marks: nothing to store.
    case noText
    /// Looks like a binary (NUL-heavy, control bytes, a known magic number).
    case binary(detail: String)

    /// A stable short code, used in `failed/NAME.reason.json` and the journal.
    public var code: String {
        switch self {
        case .empty: "empty"
        case .noText: "no-text"
        case .binary: "binary"
        }
    }

    public var description: String {
        switch self {
        case .empty:
            "the file is empty: check that the producer finished writing it before moving it into the inbox"
        case .noText:
            "the file holds no text, only whitespace or layout marks: check that the OCR step produced output for this page"
        case .binary(let detail):
            "the file is not text (\(detail)): only OCR'd text pages (UTF-8, UTF-16 or GB18030) can be ingested; remove it or drop the page's text export instead"
        }
    }
}
