/// Where a page's text came from: typed text, a scan read by an OCR engine, a PDF's text
/// layer, or a layout file. Stored with the page so that an analyst can tell a typed page
/// from a guessed one, and weigh an article by how sure the engine was.
public struct PageSource: Sendable, Equatable {
    /// The raw value is what the store and the JSON show (`source_kind`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case text, image, pdf, alto, hocr
    }

    public var kind: Kind
    /// The program that turned the file into text (`tesseract`, `pdftotext`), nil for text.
    public var engine: String?
    public var engineVersion: String?
    /// The engine's mean word confidence over the page in 0...1; nil when it gives none
    /// (text, a PDF's text layer).
    public var meanConfidence: Double?

    public init(kind: Kind, engine: String? = nil, engineVersion: String? = nil, meanConfidence: Double? = nil) {
        self.kind = kind
        self.engine = engine
        self.engineVersion = engineVersion
        self.meanConfidence = meanConfidence
    }

    /// A page of text, read as it was typed.
    public static let text = PageSource(kind: .text)
}
