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
    /// and the mean word confidence (0…1, nil when no word was read).
    public struct Result: Sendable {
        public var layout: LayoutPage
        public var meanConfidence: Double?
        public var words: Int
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
        guard let iterator = TessBaseAPIGetIterator(handle) else {
            return Result(layout: LayoutPage(width: width, height: height, blocks: []), meanConfidence: nil, words: 0)
        }
        defer { TessResultIteratorDelete(iterator) }
        var walker = LayoutWalker()
        walker.walk(iterator)
        let confidence = walker.words > 0 ? walker.confidenceSum / Double(walker.words) / 100 : nil
        return Result(layout: LayoutPage(width: width, height: height, blocks: walker.blocks),
                      meanConfidence: confidence, words: walker.words)
    }
}

/// The progress callback, passed through tesseract's monitor as its `cancel_this`.
private final class ProgressBox {
    let tick: @Sendable () -> Void
    init(_ tick: @escaping @Sendable () -> Void) { self.tick = tick }
}

/// Walks tesseract's result at word level, opening a block and a line where the iterator
/// says one begins: blocks, then lines in reading order, each line's words joined.
struct LayoutWalker {
    var blocks: [LayoutBlock] = []
    var words = 0
    var confidenceSum = 0.0

    private var lineWords: [(text: String, box: LayoutBox, confidence: Double)] = []
    private var lineBox: LayoutBox?

    mutating func walk(_ iterator: OpaquePointer) {
        let page = TessResultIteratorGetPageIterator(iterator)
        repeat {
            if TessPageIteratorIsAtBeginningOf(page, RIL_BLOCK) != 0 {
                finishLine()
                blocks.append(LayoutBlock(kind: .text, box: box(page, RIL_BLOCK) ?? LayoutBox(x: 0, y: 0, width: 0, height: 0), lines: []))
            }
            if TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 {
                finishLine()
                lineBox = box(page, RIL_TEXTLINE)
            }
            guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: raw)
            TessDeleteText(raw)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, let wordBox = box(page, RIL_WORD) else { continue }
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_WORD))
            lineWords.append((trimmed, wordBox, confidence))
            words += 1
            confidenceSum += confidence
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        finishLine()
        blocks.removeAll { $0.lines.isEmpty }
    }

    private mutating func finishLine() {
        defer { lineWords.removeAll(); lineBox = nil }
        guard !lineWords.isEmpty, let lineBox, !blocks.isEmpty else { return }
        let text = Self.join(lineWords.map(\.text))
        let confidence = lineWords.map(\.confidence).reduce(0, +) / Double(lineWords.count) / 100
        blocks[blocks.count - 1].lines.append(
            LayoutLine(box: lineBox, text: text, fontSize: Self.size(lineWords.map(\.box.height)), confidence: confidence))
    }

    /// The printed size of a line: the upper quartile of its words' heights. A line's own
    /// box grows with skew and with a tall bracket; the median is pulled down by flat
    /// glyphs (一, 、, —); the upper quartile is the height of a full Chinese character.
    static func size(_ heights: [Double]) -> Double {
        let sorted = heights.sorted()
        return sorted[min(sorted.count - 1, (sorted.count * 3) / 4)]
    }

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

    private func box(_ page: OpaquePointer?, _ level: TessPageIteratorLevel) -> LayoutBox? {
        var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
        guard TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0 else { return nil }
        return LayoutBox(x: Double(left), y: Double(top), width: Double(right - left), height: Double(bottom - top))
    }
}
