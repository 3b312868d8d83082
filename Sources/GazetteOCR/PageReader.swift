import GazetteCore

/// One file's bytes → one parsed page, whatever the file is: the entry point of `gazette
/// parse`, the daemon's inbox and `gazette import`.
///
/// The bytes decide, never the name (`FileKind.sniff`): PNG, JPEG and TIFF are OCR'd, a PDF
/// is read from its text layer or OCR'd page by page, XML goes to the layout-file readers,
/// anything else is text for `PageParser.parse`. The page's `source` says which it was.
public struct PageReader: Sendable {
    public var options: OCROptions
    public var pool: OCRPool
    public var places: PlaceFinder
    /// Called while a scan is read (see `OCREngine.read`): the daemon's heartbeat.
    public var progress: (@Sendable () -> Void)?

    /// Below this mean confidence the page is still stored, but the daemon warns: the text
    /// is mostly guesses (a faint or skewed scan) and an operator should look at it.
    public static let lowConfidence = 0.5

    public init(options: OCROptions = OCROptions(), pool: OCRPool, places: PlaceFinder = PlaceFinder(),
                progress: (@Sendable () -> Void)? = nil) {
        self.options = options
        self.pool = pool
        self.places = places
        self.progress = progress
    }

    /// Why a file gave no page.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The text pipeline refused it (empty, binary …).
        case page(PageError)
        /// A scan that could not be read, for good or for now (see `OCRError`).
        case ocr(OCRError)
        /// An ALTO or hOCR file that could not be read, or XML that is neither.
        case layout(LayoutFileError)
        /// A scan while every OCR lane is busy: look at it again later (the daemon's way of
        /// keeping a lane for text pages, see `OCRPool`).
        case busy

        public var code: String {
            switch self {
            case .page(let error): error.code
            case .ocr(let error): error.code
            case .layout(let error): error.code
            case .busy: "ocr-busy"
            }
        }

        public var description: String {
            switch self {
            case .page(let error): error.description
            case .ocr(let error): error.description
            case .layout(let error): error.description
            case .busy: "every OCR lane is busy: the scan waits for one"
            }
        }
    }

    /// Reads and parses one file. `wait: false` returns `.busy` at once when no OCR lane is
    /// free (the daemon); `wait: true` is for callers whose pool has a lane per worker.
    public func read(bytes: [UInt8], sha256: String? = nil) throws(Failure) -> (ParsedPage, PageSource) {
        let kind = FileKind.sniff(bytes)
        let layout: LayoutPage
        var source: PageSource
        switch kind {
        case .text:
            do {
                let page = try PageParser.parse(bytes, sha256: sha256, places: places)
                return (page, page.source)
            } catch {
                throw .page(error)
            }
        case .xml:
            // An ALTO or hOCR file (the digitisation workflow's, or an OCR service's) is read
            // with its geometry; any other XML is refused with its root element named.
            let layoutKind = LayoutFileKind.sniff(bytes)
            do {
                layout = try LayoutFileKind.read(bytes, as: layoutKind)
            } catch {
                throw .layout(error)
            }
            source = PageSource(kind: layoutKind == .hocr ? .hocr : .alto, meanConfidence: layout.lineConfidence.mean)
        case .png, .jpeg, .tiff:
            // The header first, before a lane is taken or a pixel decoded (a bomb costs nothing).
            do {
                _ = try ImageHeader.check(bytes, kind: kind, maxPixels: options.maxImagePixels)
            } catch {
                throw .ocr(error)
            }
            let result = try withEngine { (engine) throws(OCRError) in try engine.read(bytes, kind: kind, options: options, progress: progress) }
            layout = result.layout
            source = PageSource(kind: .image, engine: OCREngine.name, engineVersion: OCREngine.version,
                                meanConfidence: result.meanConfidence)
        case .pdf:
            do {
                let result = try PDFReader.read(bytes, options: options, progress: progress) { pages in
                    // A scanned PDF holds one lane for all its pages.
                    try withEngine { (engine) throws(OCRError) in try pages(engine) }
                }
                layout = result.layout
                source = result.source
            } catch let error as Failure {
                throw error
            } catch let error as OCRError {
                throw .ocr(error)
            } catch {
                throw .ocr(.recognitionFailed("\(error)"))
            }
        }
        return try parse(layout, sha256: sha256 ?? SHA256.hex(of: bytes), source: source, kind: kind)
    }

    private func parse(_ layout: LayoutPage, sha256: String, source: PageSource, kind: FileKind) throws(Failure) -> (ParsedPage, PageSource) {
        guard layout.blocks.contains(where: { !$0.lines.isEmpty }) else {
            throw .ocr(.noText(kind: kind == .pdf ? "PDF" : kind == .xml ? "layout file" : "image"))
        }
        var page: ParsedPage
        do {
            page = try PageParser.parse(layout: layout, sha256: sha256, places: places)
        } catch {
            throw .page(error)
        }
        page.source = source
        ArticleConfidence.assign(to: &page, from: layout, fallback: source.meanConfidence)
        return (page, source)
    }

    /// Runs `body` on a free engine, or fails `.busy` when every lane is taken.
    private func withEngine<R>(_ body: (OCREngine) throws(OCRError) -> R) throws(Failure) -> R {
        let free: OCREngine?
        do {
            free = try pool.tryCheckout(options)
        } catch {
            throw .ocr(error)
        }
        guard let engine = free else { throw .busy }
        defer { pool.checkIn(engine) }
        do {
            return try body(engine)
        } catch {
            throw .ocr(error)
        }
    }
}
