import Foundation
import CTesseract
import GazetteCore

/// One tesseract engine (a `TessBaseAPI`) with its languages loaded: ~100 MB for chi_sim
/// and about a second to start, so engines are kept and reused (`OCRPool`), one per OCR
/// lane. Not thread-safe: one page at a time, which the pool guarantees.
public final class OCREngine: @unchecked Sendable {
    public let languages: String
    private let handle: OpaquePointer

    /// "tesseract", for the page's source.
    public static let name = "tesseract"
    /// The library's version (`5.3.0`).
    public static var version: String { String(cString: TessVersion()) }

    public init(languages: String, tessdataPath: String? = nil) throws(OCRError) {
        guard let handle = TessBaseAPICreate() else {
            throw .engineUnavailable(languages: languages, detail: "out of memory")
        }
        let status: Int32
        if let tessdataPath {
            status = TessBaseAPIInit3(handle, tessdataPath, languages)
        } else {
            status = TessBaseAPIInit3(handle, nil, languages)
        }
        guard status == 0 else {
            TessBaseAPIDelete(handle)
            throw .engineUnavailable(languages: languages, detail: "its language data was not found")
        }
        // Tesseract's own debug output would go to stderr, under the journal's feet.
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        self.languages = languages
        self.handle = handle
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// What one image gave: its layout (blocks, lines with boxes, sizes and confidences)
    /// and the mean line confidence (0…1, nil when no line was read).
    public struct Result: Sendable {
        public var layout: LayoutPage
        public var meanConfidence: Double?
        /// Lines with a confidence: the weight of this page in a PDF's mean.
        public var lines: Int
    }

    /// Reads an image in memory (PNG, JPEG, TIFF). The header is checked against
    /// `maxPixels` first; the image's own resolution is used, else `dpiDefault`.
    ///
    /// `progress` is called as words are recognised (tesseract asks its monitor whether to
    /// cancel after each): a page takes seconds, and the daemon's watchdog must see a long
    /// scan as progress, not as a stuck pipeline.
    public func read(_ bytes: [UInt8], kind: FileKind, options: OCROptions,
                     progress: (@Sendable () -> Void)? = nil) throws(OCRError) -> Result {
        _ = try ImageHeader.check(bytes, kind: kind, maxPixels: options.maxImagePixels)
        let decoded = bytes.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        guard let pix = decoded else { throw .corruptImage(format: kind.rawValue.uppercased()) }
        defer {
            var owned: UnsafeMutablePointer<PIX>? = pix
            pixDestroy(&owned)
        }
        let width = Double(pixGetWidth(pix)), height = Double(pixGetHeight(pix))
        let resolution = pixGetXRes(pix)

        TessBaseAPISetPageSegMode(handle, PSM_AUTO)
        TessBaseAPISetImage2(handle, pix)
        // Below 70 dpi is a missing or bogus value (many PNGs say 0 or 72 by default only
        // when they say anything): tesseract sizes its line finding by it.
        TessBaseAPISetSourceResolution(handle, resolution >= 70 ? resolution : Int32(options.dpiDefault))
        defer { TessBaseAPIClear(handle) }

        let monitor = TessMonitorCreate()
        defer { TessMonitorDelete(monitor) }
        TessMonitorSetDeadlineMSecs(monitor, Int32(min(options.toolTimeout * 1000, Double(Int32.max))))
        let box = progress.map { Unmanaged.passRetained(ProgressBox($0)) }
        defer { box?.release() }
        if let box {
            TessMonitorSetCancelThis(monitor, box.toOpaque())
            TessMonitorSetCancelFunc(monitor) { context, _ in
                if let context { Unmanaged<ProgressBox>.fromOpaque(context).takeUnretainedValue().tick() }
                return false
            }
        }
        guard TessBaseAPIRecognize(handle, monitor) == 0 else {
            throw .recognitionFailed("recognition failed or ran past \(Int(options.toolTimeout)) s")
        }
        // The engine's own hOCR, read by the reader a dropped hOCR file goes through: one way
        // from tesseract's layout to a LayoutPage (lines, their sizes from `x_size`, word
        // confidences), so a page image and the same page's hOCR are read alike. Measured on
        // the dev page images: walking the result iterator ourselves (line size from word
        // boxes) separated 31 of 35 articles, the hOCR route 33, as the page's text does.
        guard let raw = TessBaseAPIGetHOCRText(handle, 0) else {
            return Result(layout: LayoutPage(width: width, height: height, blocks: []), meanConfidence: nil, lines: 0)
        }
        let hocr = Array(UnsafeRawBufferPointer(start: raw, count: strlen(raw)))
        TessDeleteText(raw)
        let layout: LayoutPage
        do {
            layout = try HOCRReader.read(hocr)
        } catch {
            throw .recognitionFailed("tesseract's layout (hOCR) could not be read: \(error)")
        }
        let confidence = layout.lineConfidence
        return Result(layout: layout, meanConfidence: confidence.mean, lines: confidence.lines)
    }
}

/// The progress callback, passed through tesseract's monitor as its `cancel_this`.
private final class ProgressBox {
    let tick: @Sendable () -> Void
    init(_ tick: @escaping @Sendable () -> Void) { self.tick = tick }
}

/// How OCR'd words make a line's text (the text layer of a PDF too).
enum OCRWords {
    /// Joins tesseract's words: Chinese without spaces (tesseract splits it into one "word"
    /// per character or two), a space only between two Latin or digit words (`COVID 19`).
    static func join(_ words: [String]) -> String {
        var line = ""
        for word in words {
            if let last = line.unicodeScalars.last, let first = word.unicodeScalars.first,
               isLatin(last), isLatin(first) {
                line += " "
            }
            line += word
        }
        return line
    }

    private static func isLatin(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
    }
}
