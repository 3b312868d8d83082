import Foundation
import GazetteCore

/// Reads a PDF with poppler's tools: its text layer with positions when it has one
/// (`pdftotext -bbox-layout`), else each page rasterised (`pdftoppm -r 300`) and OCR'd.
///
/// The page count is asked first (`pdfinfo`) and a PDF above `max_pdf_pages` is refused
/// before anything is read: a newspaper page is one PDF page or a few, and each scanned
/// page costs seconds of a worker. Each tool runs with a time limit in a private temporary
/// folder that is removed afterwards, whatever happens.
public enum PDFReader {
    public struct Result: Sendable {
        public var layout: LayoutPage
        public var source: PageSource
        public var pages: Int
    }

    /// Fewer printed characters than this per page means no usable text layer: a scan.
    static let textLayerMinimum = 20

    /// `lane` is called for a scanned PDF only: it runs its argument (which OCRs every
    /// page) on an engine, or throws when none is free. Throws `OCRError` or what `lane` throws.
    public static func read(_ bytes: [UInt8], options: OCROptions, progress: (@Sendable () -> Void)? = nil,
                            lane: (_ pages: (OCREngine) throws(OCRError) -> Void) throws -> Void) throws -> Result {
        let folder = try Subprocess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("page.pdf")
            do {
                try Data(bytes).write(to: file)
            } catch {
                throw OCRError.tool(name: "gazette", problem: "could not write a temporary copy (\(error.localizedDescription))")
            }
            let info = try PDFInfo.read(file, in: folder, options: options)
            let pages = info.pages
            guard pages <= options.maxPDFPages else { throw OCRError.tooManyPages(pages: pages, limit: options.maxPDFPages) }
            let text = try Subprocess.run("pdftotext", ["-bbox-layout", "-enc", "UTF-8", "-l", String(pages), file.path, "-"],
                                          in: folder, timeout: options.toolTimeout)
            guard text.status == 0 else { throw OCRError.unreadablePDF(firstLine(text.stderr, or: "pdftotext failed")) }
            let layout = BBoxLayoutReader.read(text.stdout)
            if BBoxLayoutReader.printedCharacters(layout) >= textLayerMinimum * pages {
                return Result(layout: layout, source: PageSource(kind: .pdf, engine: "pdftotext", engineVersion: popplerVersion(text.stderr)),
                              pages: pages)
            }
            // A scan's page is rasterised at pdfRasterDPI: a page declared 200 inches wide would
            // be a decompression bomb made by pdftoppm itself, so its size is checked first.
            if let size = info.pageSize {
                let width = Int(size.width / 72 * Double(options.pdfRasterDPI))
                let height = Int(size.height / 72 * Double(options.pdfRasterDPI))
                if width > 0, height > 0, width > options.maxImagePixels / height {
                    throw OCRError.imageTooLarge(width: width, height: height, limit: options.maxImagePixels)
                }
            }
            var result: Result?
            try lane { (engine) throws(OCRError) in
                result = try scanned(file, pages: pages, in: folder, options: options, engine: engine, progress: progress)
            }
            guard let result else { throw OCRError.recognitionFailed("no OCR lane") }
            return result
    }

    /// Each page to a PNG at `pdfRasterDPI`, OCR'd in turn and stacked into one layout.
    private static func scanned(_ file: URL, pages: Int, in folder: URL, options: OCROptions,
                                engine: OCREngine, progress: (@Sendable () -> Void)?) throws(OCRError) -> Result {
        var layout = LayoutPage(width: 0, height: 0, blocks: [])
        var confidenceSum = 0.0, lines = 0
        for number in 1...max(1, pages) {
            let prefix = folder.appendingPathComponent("p\(number)")
            let raster = try Subprocess.run(
                "pdftoppm", ["-r", String(options.pdfRasterDPI), "-png", "-gray", "-singlefile", "-f", String(number), "-l", String(number),
                             file.path, prefix.path],
                in: folder, timeout: options.toolTimeout)
            let png = prefix.appendingPathExtension("png")
            defer { try? FileManager.default.removeItem(at: png) }
            guard raster.status == 0, let data = try? Data(contentsOf: png) else {
                throw .unreadablePDF(firstLine(raster.stderr, or: "pdftoppm could not render page \(number)"))
            }
            var pageOptions = options
            pageOptions.dpiDefault = options.pdfRasterDPI
            progress?()
            let result = try engine.read([UInt8](data), kind: .png, options: pageOptions, progress: progress)
            let offset = layout.height
            layout.width = max(layout.width, result.layout.width)
            layout.height += result.layout.height
            layout.blocks += result.layout.blocks.map { $0.shifted(by: offset) }
            confidenceSum += (result.meanConfidence ?? 0) * Double(result.lines)
            lines += result.lines
        }
        let source = PageSource(kind: .pdf, engine: OCREngine.name, engineVersion: OCREngine.version,
                                meanConfidence: lines > 0 ? confidenceSum / Double(lines) : nil)
        return Result(layout: layout, source: source, pages: pages)
    }

    static func firstLine(_ text: String, or fallback: String) -> String {
        text.split(separator: "\n").first.map(String.init) ?? fallback
    }

    /// pdftotext does not print its version on a normal run; the package's is recorded.
    private static func popplerVersion(_: String) -> String? { PopplerVersion.value }
}

/// poppler's version (`pdftotext -v`), asked once per process.
enum PopplerVersion {
    static let value: String? = {
        let outcome = try? Subprocess.withTemporaryDirectory { (folder) throws(OCRError) in
            try Subprocess.run("pdftotext", ["-v"], in: folder, timeout: 10)
        }
        guard let outcome else { return nil }
        let line = outcome.stderr.split(separator: "\n").first ?? ""
        return line.split(separator: " ").last.map(String.init)
    }()
}

extension LayoutBlock {
    func shifted(by offset: Double) -> LayoutBlock {
        var block = self
        block.box.y += offset
        block.lines = lines.map { line in
            var line = line
            line.box.y += offset
            return line
        }
        return block
    }
}

/// What `pdfinfo` says of a PDF: its page count and its first page's size in points.
struct PDFInfo {
    var pages: Int
    var pageSize: (width: Double, height: Double)?

    static func read(_ file: URL, in folder: URL, options: OCROptions) throws(OCRError) -> PDFInfo {
        let run = try Subprocess.run("pdfinfo", [file.path], in: folder, timeout: options.toolTimeout)
        guard run.status == 0 else { throw .unreadablePDF(PDFReader.firstLine(run.stderr, or: "pdfinfo failed")) }
        return try parse(String(decoding: run.stdout, as: UTF8.self))
    }

    /// `Pages:          3` and `Page size:      595 x 842 pts (A4)`.
    static func parse(_ text: String) throws(OCRError) -> PDFInfo {
        var pages: Int?
        var size: (Double, Double)?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Pages:") {
                pages = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("Page size:") {
                let words = line.dropFirst(10).split(separator: " ")
                if words.count >= 3, let width = Double(words[0]), let height = Double(words[2]) { size = (width, height) }
            }
        }
        guard let pages else { throw .unreadablePDF("pdfinfo found no page count") }
        return PDFInfo(pages: pages, pageSize: size)
    }
}
