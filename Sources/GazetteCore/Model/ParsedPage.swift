/// A whole page after the text pipeline: what `gazette parse` prints and what the store keeps.
public struct ParsedPage: Sendable, Equatable {
    /// Lower-case hex SHA-256 of the raw bytes: the page's identity for exactly-once storage.
    public var sha256: String
    /// How the bytes were decoded.
    public var encoding: TextEncoding
    /// Bytes replaced by U+FFFD during a lossy decode (0 for a clean decode).
    public var replacedBytes: Int
    public var articles: [Article]
    /// What the page was read from (text, an image's OCR, a PDF): `.text` unless a reader
    /// of scans says otherwise.
    public var source: PageSource = .text

    public init(sha256: String, encoding: TextEncoding, replacedBytes: Int = 0, articles: [Article]) {
        self.sha256 = sha256
        self.encoding = encoding
        self.replacedBytes = replacedBytes
        self.articles = articles
    }
}

/// The encodings Gazette reads; the raw value is what the contract's `encoding` field shows.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable, Codable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case gb18030 = "gb18030"
    /// Not valid in any supported encoding: decoded as UTF-8 with replacement characters.
    case utf8Lossy = "utf-8-lossy"
}
