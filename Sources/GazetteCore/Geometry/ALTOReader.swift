/// Reads an ALTO file (v2, v3 or v4: the namespaces differ, the elements read here do not)
/// into a `LayoutPage`: the format of newspaper digitisation programmes and OCR services,
/// and tesseract's `alto` output.
///
/// Read: `Page` (its size; several pages are stacked top to bottom), `TextBlock`,
/// `Illustration` (a picture: captions stand under it) and `GraphicalElement` (a rule),
/// `TextLine`, `String` `CONTENT` with `WC` confidence, `SP`, `HYP`; font sizes through
/// `STYLEREFS` → `TextStyle FONTSIZE`, looked up on the string, then its line, then its block.
/// Reading order is the file's order. Coordinates stay in the file's `MeasurementUnit`: only
/// ratios within the page are ever used.
public enum ALTOReader {
    public static func read(_ bytes: [UInt8]) throws(LayoutFileError) -> LayoutPage {
        var scanner = try XMLScanner(bytes)
        var state = State()
        while let event = try scanner.next() {
            switch event {
            case .start(let name, let a):
                state.start(name, a)
            case .end(let name):
                state.end(name)
            case .text(let t):
                if state.inUnit { state.unitText += t }
            }
        }
        if let root = scanner.rootName, root.lowercased() != "alto" { throw .notLayout(root: root) }
        guard state.pages.count > 0 else { throw .noPage }
        var blocks = state.blocks
        LayoutWords.fillFontSizes(&blocks)
        return LayoutPage(width: state.pages.width, height: state.pages.height, blocks: blocks)
    }

    private struct State {
        var styles: [String: Double] = [:]
        var pages = PageStack()
        var yOffset: Double { pages.yOffset }
        var blocks: [LayoutBlock] = []
        var blockStyle: [String] = []
        var openBlock: Int?
        var lineBox: LayoutBox?
        var lineStyle: [String] = []
        var words: [LayoutWord]?
        var inUnit = false
        var unitText = ""

        mutating func start(_ name: String, _ a: [String: String]) {
            switch name {
            case "MeasurementUnit":
                inUnit = true
            case "TextStyle":
                if let id = a["ID"], let size = a["FONTSIZE"].flatMap(Double.init), size > 0, size.isFinite { styles[id] = size }
            case "Page":
                let w = a["WIDTH"].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } ?? 0
                let h = a["HEIGHT"].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } ?? 0
                pages.start(width: w, height: h)
            case "TextBlock", "Illustration", "GraphicalElement":
                let kind: LayoutBlock.Kind = name == "TextBlock" ? .text : name == "Illustration" ? .illustration : .other
                // A block inside a block (rare) reads as the next block, in order.
                let box = self.box(a) ?? LayoutBox(x: 0, y: yOffset, width: 0, height: 0)
                blocks.append(LayoutBlock(kind: kind, box: box, lines: []))
                openBlock = kind == .text ? blocks.count - 1 : nil
                if kind == .text { blockStyle = refs(a) }
            case "TextLine":
                lineBox = box(a)
                lineStyle = refs(a)
                words = []
            case "String":
                guard words != nil else { return }
                let size = fontSize(refs(a)) ?? fontSize(lineStyle) ?? fontSize(blockStyle)
                let wc = a["WC"].flatMap(Double.init).flatMap { $0.isFinite ? min(1, max(0, $0)) : nil }
                let word = LayoutWord(text: a["CONTENT"] ?? "", box: box(a), fontSize: size, confidence: wc)
                words?.append(word)
            case "HYP":
                // The hyphen printed at the line's end belongs to its last word.
                if let c = a["CONTENT"], !c.isEmpty, var w = words, !w.isEmpty {
                    w[w.count - 1].text += c
                    words = w
                }
            default:
                break
            }
        }

        mutating func end(_ name: String) {
            switch name {
            case "MeasurementUnit":
                inUnit = false
            case "TextLine":
                guard let w = words else { return }
                let size = fontSize(lineStyle) ?? fontSize(blockStyle)
                if let line = LayoutWords.line(w, box: lineBox, fontSize: size) {
                    if openBlock == nil {
                        // A line outside any block: a block of its own.
                        blocks.append(LayoutBlock(box: line.box, lines: []))
                        openBlock = blocks.count - 1
                    }
                    if let b = openBlock { blocks[b].lines.append(line) }
                }
                words = nil
                lineBox = nil
                lineStyle = []
            case "TextBlock":
                if let b = openBlock, blocks[b].box.width == 0, let u = LayoutWords.union(blocks[b].lines.map(\.box)) {
                    blocks[b].box = u
                }
                openBlock = nil
                blockStyle = []
            default:
                break
            }
        }

        private func refs(_ a: [String: String]) -> [String] {
            (a["STYLEREFS"] ?? "").split(separator: " ").map(String.init)
        }

        private func fontSize(_ refs: [String]) -> Double? {
            for r in refs { if let s = styles[r] { return s } }
            return nil
        }

        private func box(_ a: [String: String]) -> LayoutBox? {
            guard let x = a["HPOS"].flatMap(Double.init), let y = a["VPOS"].flatMap(Double.init) else { return nil }
            let w = max(0, a["WIDTH"].flatMap(Double.init) ?? 0)
            let h = max(0, a["HEIGHT"].flatMap(Double.init) ?? 0)
            guard x.isFinite, y.isFinite, w.isFinite, h.isFinite else { return nil }
            return LayoutBox(x: x, y: y + yOffset, width: w, height: h)
        }
    }
}
