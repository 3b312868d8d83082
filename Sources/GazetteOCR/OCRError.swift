/// Why a scan could not be read. Each description says what happened and what to do; the
/// `code` is the stable quarantine code the daemon writes into the reason file.
public enum OCRError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The image header says it is larger than `max_image_pixels`: refused before decoding.
    case imageTooLarge(width: Int, height: Int, limit: Int)
    /// The bytes look like an image but leptonica cannot read them.
    case corruptImage(format: String)
    /// The OCR engine would not start (no language data, a wrong `ocr_languages`).
    case engineUnavailable(languages: String, detail: String)
    /// Tesseract gave up on the page.
    case recognitionFailed(String)
    /// The PDF has more pages than `max_pdf_pages`.
    case tooManyPages(pages: Int, limit: Int)
    /// poppler could not read the PDF (truncated, encrypted, not a PDF after all).
    case unreadablePDF(String)
    /// A helper program (pdftotext, pdftoppm, pdfinfo) is missing or ran past its time.
    case tool(name: String, problem: String)
    /// The scan holds no text the engine could read.
    case noText(kind: String)

    /// A stable code for the reason file and the journal.
    public var code: String {
        switch self {
        case .imageTooLarge: "image-too-large"
        case .corruptImage: "corrupt-image"
        case .engineUnavailable: "ocr-unavailable"
        case .recognitionFailed: "ocr-failed"
        case .tooManyPages: "too-many-pages"
        case .unreadablePDF: "unreadable-pdf"
        case .tool: "ocr-tool"
        case .noText: "no-text"
        }
    }

    /// Whether a later attempt could succeed without changing the file (a missing package,
    /// a timeout under load): the daemon quarantines these too, but says so.
    public var blamesTheSystem: Bool {
        switch self {
        case .engineUnavailable, .tool: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .imageTooLarge(let width, let height, let limit):
            "the image is \(width) × \(height) = \(width * height) pixels, more than max_image_pixels (\(limit)); it was not decoded: scan at a lower resolution or split the page, or raise max_image_pixels in gazette.toml"
        case .corruptImage(let format):
            "the \(format) image cannot be decoded (truncated or corrupt): export the scan again"
        case .engineUnavailable(let languages, let detail):
            "tesseract could not start with languages \"\(languages)\" (\(detail)): install the language data (apt install tesseract-ocr-chi-sim) or fix ocr_languages in gazette.toml"
        case .recognitionFailed(let detail):
            "tesseract could not read the page (\(detail)): check the scan"
        case .tooManyPages(let pages, let limit):
            "the PDF has \(pages) pages, more than max_pdf_pages (\(limit)); nothing of it was read: split it into the paper's pages, or raise max_pdf_pages in gazette.toml"
        case .unreadablePDF(let detail):
            "the PDF cannot be read (\(detail)): it may be truncated or encrypted; export it again"
        case .tool(let name, let problem):
            "\(name) \(problem): install poppler-utils, or check the file"
        case .noText(let kind):
            "the \(kind) holds no text that OCR could read (blank, a photograph, or far too faint): check the scan, or drop its text"
        }
    }
}
