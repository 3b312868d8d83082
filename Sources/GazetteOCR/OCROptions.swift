/// How scans are read: the `ocr_*` and `max_*` keys of gazette.toml, passed in by the caller
/// (GazetteOCR reads no configuration of its own).
public struct OCROptions: Sendable, Equatable {
    /// Tesseract languages joined by `+` (`chi_sim`, `chi_sim+eng`).
    public var languages: String
    /// The resolution given to tesseract when an image carries none: its size model
    /// depends on it, and a 300 dpi scan read as 70 dpi loses small print.
    public var dpiDefault: Int
    /// Images above this many pixels are refused from their header, never decoded: a
    /// 30,000 × 30,000 PNG of a few kilobytes would take 900 MB (a decompression bomb).
    public var maxImagePixels: Int
    /// PDFs above this many pages are refused before any page is read: a newspaper page is
    /// one to a few PDF pages, a 500-page book would hold a parse worker for an hour.
    public var maxPDFPages: Int
    /// The resolution scanned PDFs are rasterised at (`pdftoppm -r`).
    public var pdfRasterDPI: Int
    /// Seconds a poppler helper may run before it is killed and the file refused.
    public var toolTimeout: Double
    /// Where tesseract's language data is; nil for its built-in default.
    public var tessdataPath: String?

    public init(languages: String = "chi_sim", dpiDefault: Int = 300, maxImagePixels: Int = 40_000_000,
                maxPDFPages: Int = 20, pdfRasterDPI: Int = 300, toolTimeout: Double = 120, tessdataPath: String? = nil) {
        self.languages = languages
        self.dpiDefault = dpiDefault
        self.maxImagePixels = maxImagePixels
        self.maxPDFPages = maxPDFPages
        self.pdfRasterDPI = pdfRasterDPI
        self.toolTimeout = toolTimeout
        self.tessdataPath = tessdataPath
    }
}
