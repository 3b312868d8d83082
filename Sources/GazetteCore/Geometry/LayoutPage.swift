/// A page read with its geometry: what an OCR engine, an ALTO file or an hOCR file says about
/// where each line stands and how large it is printed. Plain text loses this; a scan keeps it,
/// and a headline printed twice the body's size is evidence no text cue gives.
///
/// Units are the source's own (pixels for an image, points or ALTO's MeasurementUnit for a
/// layout file): only ratios between lines of one page are used, never absolute sizes.
public struct LayoutPage: Sendable, Equatable {
    public var width: Double
    public var height: Double
    /// In the source's reading order.
    public var blocks: [LayoutBlock]

    public init(width: Double, height: Double, blocks: [LayoutBlock]) {
        self.width = width
        self.height = height
        self.blocks = blocks
    }

    /// The lines that carry a confidence, and their mean (0…1, nil when none does): the
    /// page's OCR confidence, whether the engine ran here or wrote a layout file.
    public var lineConfidence: (mean: Double?, lines: Int) {
        let confidences = blocks.flatMap(\.lines).compactMap(\.confidence)
        return (confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count), confidences.count)
    }
}

/// A region of the page: a text block (ALTO `TextBlock`, hOCR `ocr_carea`/`ocr_par`,
/// tesseract's block level) or a region with no text of its own (a picture, a rule).
public struct LayoutBlock: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case text
        /// A picture or graphic region: captions stand under it.
        case illustration
        /// A rule, a separator, anything else without text.
        case other
    }

    public var kind: Kind
    public var box: LayoutBox
    public var lines: [LayoutLine]

    public init(kind: Kind = .text, box: LayoutBox, lines: [LayoutLine]) {
        self.kind = kind
        self.box = box
        self.lines = lines
    }
}

/// One printed line, its words already joined (Chinese without spaces, Latin words with one).
public struct LayoutLine: Sendable, Equatable {
    public var box: LayoutBox
    public var text: String
    /// The printed size in the page's units (ALTO `FONTSIZE` via its style, hOCR `x_size`,
    /// tesseract's row height); nil when the source does not say, and then the box's height
    /// stands in for it.
    public var fontSize: Double?
    /// The engine's confidence in 0...1 (ALTO `WC`, hOCR `x_wconf`/100); nil when unknown.
    public var confidence: Double?
    /// The median height of the line's word boxes (words of letters or ideographs, not
    /// punctuation alone): a steadier measure of the printed size than the line's box, which
    /// one raised glyph or a tilted scan makes taller. Nil when the source lists no word boxes.
    public var wordHeight: Double?

    public init(box: LayoutBox, text: String, fontSize: Double? = nil, confidence: Double? = nil, wordHeight: Double? = nil) {
        self.box = box
        self.text = text
        self.fontSize = fontSize
        self.confidence = confidence
        self.wordHeight = wordHeight
    }

    /// The size used when comparing lines: the stated font size, else the box's height.
    public var size: Double { fontSize ?? box.height }
}

/// An axis-aligned box, origin at the page's top left.
public struct LayoutBox: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}
