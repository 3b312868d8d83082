/// Reads an hOCR file (tesseract's `hocr` output, and other engines' XHTML or HTML) into a
/// `LayoutPage`.
///
/// Roles come from each element's `class`: `ocr_page` (its `bbox` is the page; several
/// pages are stacked top to bottom), `ocr_carea` and `ocr_par` (a block: the innermost one
/// around a line), `ocr_line` and its kin `ocrx_line`, `ocr_header`, `ocr_caption`,
/// `ocr_textfloat` (a line), `ocrx_word` (a word, its text the element's text), `ocr_photo`,
/// `ocr_image`, `ocr_graphic` (a picture), `ocr_separator` (a rule). Geometry and sizes come
/// from the `title` properties: `bbox x0 y0 x1 y1`, `x_size`, `x_wconf` (0–100).
public enum HOCRReader {
    public static func read(_ bytes: [UInt8]) throws(LayoutFileError) -> LayoutPage {
        var scanner = try XMLScanner(bytes)
        var state = State()
        while let event = try scanner.next() {
            switch event {
            case .start(let name, let a): state.start(name, a)
            case .end: state.end()
            case .text(let t): state.text(t)
            }
        }
        guard state.pages.count > 0 else {
            if let root = scanner.rootName, root.lowercased() != "html" { throw .notLayout(root: root) }
            throw .noPage
        }
        var blocks = state.blocks
        LayoutWords.fillFontSizes(&blocks)
        return LayoutPage(width: state.pages.width, height: state.pages.height, blocks: blocks)
    }

    /// What an open element was opened as, so that its end closes the right thing.
    private enum Role { case none, page, block, line, word, figure }

    private struct State {
        var roles: [Role] = []
        var pages = PageStack()
        var yOffset: Double { pages.yOffset }
        var blocks: [LayoutBlock] = []
        /// Open blocks, innermost last: their box, and their index in `blocks` once a line
        /// has been put in them (a block is listed at its first line, so an `ocr_carea` that
        /// only holds `ocr_par`s never becomes an empty block).
        var openBlocks: [(box: LayoutBox?, index: Int?)] = []
        var lineBox: LayoutBox?
        var lineSize: Double?
        var words: [LayoutWord]?
        var looseText = ""
        var word: LayoutWord?

        mutating func start(_ name: String, _ a: [String: String]) {
            let classes = (a["class"] ?? "").split(whereSeparator: \.isWhitespace)
            let props = Properties(a["title"] ?? "", yOffset: yOffset)
            var role = Role.none
            for c in classes {
                switch c {
                case "ocr_page":
                    let page = Properties(a["title"] ?? "", yOffset: 0).box
                    pages.start(width: page?.maxX ?? 0, height: page?.maxY ?? 0)
                    role = .page
                case "ocr_carea", "ocr_par", "ocrx_block":
                    openBlocks.append((props.box, nil))
                    role = .block
                case "ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat":
                    guard words == nil else { continue }
                    lineBox = props.box
                    lineSize = props.xSize
                    words = []
                    looseText = ""
                    role = .line
                case "ocrx_word":
                    guard words != nil, word == nil else { continue }
                    word = LayoutWord(text: "", box: props.box, fontSize: props.xSize, confidence: props.confidence)
                    role = .word
                case "ocr_photo", "ocr_image", "ocr_graphic", "ocr_separator", "ocr_linedrawing":
                    if let box = props.box {
                        let kind: LayoutBlock.Kind = c == "ocr_separator" || c == "ocr_linedrawing" ? .other : .illustration
                        blocks.append(LayoutBlock(kind: kind, box: box, lines: []))
                    }
                    role = .figure
                default:
                    continue
                }
                break
            }
            roles.append(role)
        }

        mutating func end() {
            guard let role = roles.popLast() else { return }
            switch role {
            case .word:
                if var w = word {
                    w.text = w.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    words?.append(w)
                }
                word = nil
            case .line:
                if let w = words, let line = LayoutWords.line(w, box: lineBox, fontSize: lineSize, looseText: looseText) {
                    let open = openBlocks.count - 1
                    if open >= 0, let index = openBlocks[open].index {
                        blocks[index].lines.append(line)
                    } else {
                        let box = open >= 0 ? openBlocks[open].box ?? line.box : line.box
                        blocks.append(LayoutBlock(box: box, lines: [line]))
                        if open >= 0 { openBlocks[open].index = blocks.count - 1 }
                    }
                }
                words = nil
                word = nil
            case .block:
                _ = openBlocks.popLast()
            case .none, .page, .figure:
                break
            }
        }

        mutating func text(_ t: String) {
            if word != nil {
                word?.text += t
            } else if words != nil {
                looseText += t
            }
        }
    }

    /// The `title` attribute's properties: `bbox 10 20 110 60; x_size 38; x_wconf 95`.
    private struct Properties {
        var box: LayoutBox?
        var xSize: Double?
        var confidence: Double?

        init(_ title: String, yOffset: Double) {
            for part in title.split(separator: ";") {
                let f = part.split(whereSeparator: \.isWhitespace)
                guard let key = f.first else { continue }
                let values = f.dropFirst().compactMap { Double($0) }.filter(\.isFinite)
                switch key {
                case "bbox" where values.count == 4:
                    let (x0, y0, x1, y1) = (values[0], values[1], values[2], values[3])
                    box = LayoutBox(
                        x: min(x0, x1), y: min(y0, y1) + yOffset, width: abs(x1 - x0), height: abs(y1 - y0))
                case "x_size" where values.count == 1 && values[0] > 0:
                    xSize = values[0]
                case "x_wconf" where values.count == 1:
                    confidence = min(1, max(0, values[0] / 100))
                default:
                    break
                }
            }
        }
    }
}
