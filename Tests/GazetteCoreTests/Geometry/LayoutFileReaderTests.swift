import Foundation
import Testing
@testable import GazetteCore

/// The ALTO and hOCR readers on real files.
///
/// Fixtures (in `Fixtures/`):
/// - `tesseract-crop.hocr`, `tesseract-crop.alto.xml`: tesseract 5.3.0 (chi_sim) on a crop of a
///   dev OCR page image, `p000.png` cropped to (100, 100)–(1240, 700): the folio, the rule
///   under it, a two-line headline, a byline and two body lines. Made with
///   `tesseract crop.png out -l chi_sim --psm 3 --dpi 300 hocr alto`, unedited but for the
///   image's path.
/// - `programme-alto4.xml`: an ALTO 4 page laid out by hand the way newspaper digitisation
///   programmes deliver them (mm10 units, TextStyle FONTSIZE through STYLEREFS, text blocks in
///   two columns, an Illustration with its caption block, rules, SP, HYP, WC, CC), checked by
///   hand against the ALTO 4 schema's element order and required attributes; the schema
///   itself (alto-4-*.xsd) could not be had offline here, so it is not machine-validated.
@Suite("ALTO and hOCR files read into pages")
struct LayoutFileReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    private func isWide(_ c: Character) -> Bool { LayoutWords.isWide(c.unicodeScalars.first) }

    // MARK: - tesseract's output

    @Test("tesseract's hOCR: the page, its blocks, lines with sizes and confidences")
    func tesseractHOCR() throws {
        let bytes = try Self.fixture("tesseract-crop.hocr")
        #expect(LayoutFileKind.sniff(bytes) == .hocr)
        let page = try HOCRReader.read(bytes)
        #expect(page.width == 1140 && page.height == 600)
        let lines = page.blocks.flatMap(\.lines)
        #expect(lines.count >= 5)
        #expect(page.blocks.contains { $0.kind == .other })  // the rule under the folio
        for line in lines {
            #expect(line.fontSize != nil)
            #expect(line.confidence.map { (0...1).contains($0) } == true)
            #expect(line.box.x >= 0 && line.box.maxX <= page.width && line.box.maxY <= page.height)
        }
        // The headline is printed at more than twice the size of the lines under it.
        let sizes = lines.map(\.size).sorted()
        #expect(sizes.last! > 2 * sizes[sizes.count / 2 - 1])
    }

    @Test("tesseract's ALTO reads to the same lines as its hOCR")
    func tesseractALTO() throws {
        let bytes = try Self.fixture("tesseract-crop.alto.xml")
        #expect(LayoutFileKind.sniff(bytes) == .alto)
        let alto = try ALTOReader.read(bytes)
        let hocr = try HOCRReader.read(try Self.fixture("tesseract-crop.hocr"))
        let altoLines = alto.blocks.flatMap(\.lines)
        let hocrLines = hocr.blocks.flatMap(\.lines)
        #expect(altoLines.map(\.text) == hocrLines.map(\.text))
        #expect(altoLines.map(\.box) == hocrLines.map(\.box))
        #expect(alto.width == 1140 && alto.height == 600)
        #expect(altoLines.allSatisfy { $0.fontSize == nil && $0.wordHeight != nil })
    }

    @Test("ideographs are not spaced apart where the engine cut its words, only at gaps in print")
    func cjkJoin() throws {
        let page = try HOCRReader.read(try Self.fixture("tesseract-crop.hocr"))
        var boundaries = 0
        var spaces = 0
        for line in page.blocks.flatMap(\.lines) {
            let c = Array(line.text)
            for i in c.indices.dropFirst() where isWide(c[i]) {
                if isWide(c[i - 1]) { boundaries += 1 }
                if i >= 2, c[i - 1] == " ", isWide(c[i - 2]) { spaces += 1 }
            }
        }
        // tesseract cuts Chinese into words of one or two characters; only a gap wider than
        // the line's usual one (between a byline's role and name, across a column) is a space.
        #expect(boundaries > 50)
        #expect(spaces >= 1 && spaces * 10 < boundaries)
    }

    // MARK: - a digitisation programme's ALTO 4

    @Test("ALTO 4: styles give font sizes, blocks keep their kinds and the file's order")
    func programmeALTO() throws {
        let bytes = try Self.fixture("programme-alto4.xml")
        #expect(LayoutFileKind.sniff(bytes) == .alto)
        let page = try ALTOReader.read(bytes)
        #expect(page.width == 2970 && page.height == 4200)
        #expect(page.blocks.map(\.kind).filter { $0 == .illustration }.count == 1)
        #expect(page.blocks.map(\.kind).filter { $0 == .other }.count == 2)
        let lines = page.blocks.flatMap(\.lines)
        let headlines = lines.filter { $0.fontSize == 24 }.map(\.text)
        #expect(headlines == ["城市公园今年新增三处", "图书馆延长周末开放时间"])
        #expect(lines.filter { $0.fontSize == 9 }.count >= 8)
        #expect(lines.contains { $0.fontSize == 7 && $0.text == "市民在新建的公园里散步。" })
        // Chinese words are joined without a space, Latin ones with one, a HYP ends its word.
        #expect(lines.contains { $0.text == "本报记者王明" })
        #expect(lines.contains { $0.text == "Opening hours are ex-" })
        #expect(lines.allSatisfy { abs(($0.confidence ?? 0) - 0.97) < 1e-9 })
        // The caption block comes right after the illustration, in the file's order.
        let picture = page.blocks.firstIndex { $0.kind == .illustration }!
        #expect(page.blocks[picture + 1].lines.first?.text == "市民在新建的公园里散步。")
    }

    @Test("ALTO: a size stated for some lines only is carried to the others in the same unit")
    func partialStyles() throws {
        let xml = """
            <alto xmlns="http://www.loc.gov/standards/alto/ns-v2#"><Styles><TextStyle ID="H" FONTSIZE="20"/></Styles>
            <Layout><Page WIDTH="1000" HEIGHT="1000"><PrintSpace>
            <TextBlock ID="a" STYLEREFS="H"><TextLine HPOS="0" VPOS="0" WIDTH="400" HEIGHT="100"><String CONTENT="标题" HPOS="0" VPOS="0" WIDTH="400" HEIGHT="100"/></TextLine></TextBlock>
            <TextBlock ID="b"><TextLine HPOS="0" VPOS="200" WIDTH="400" HEIGHT="40"><String CONTENT="正文" HPOS="0" VPOS="200" WIDTH="400" HEIGHT="40"/></TextLine></TextBlock>
            </PrintSpace></Page></Layout></alto>
            """
        let lines = try ALTOReader.read(Array(xml.utf8)).blocks.flatMap(\.lines)
        #expect(lines.map(\.fontSize) == [20, 8])
    }

    // MARK: - what is not a layout file

    @Test("XML that is neither ALTO nor hOCR is refused with its root's name; text is not markup")
    func notLayout() {
        let svg = Array(#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>标题</text></svg>"#.utf8)
        #expect(LayoutFileKind.sniff(svg) == nil)
        #expect(throws: LayoutFileError.notLayout(root: "svg")) { try LayoutFileKind.read(svg) }
        #expect(throws: LayoutFileError.notLayout(root: "svg")) { try ALTOReader.read(svg) }
        #expect(throws: LayoutFileError.notLayout(root: "svg")) { try HOCRReader.read(svg) }
        let plainHTML = Array("<html><body><p>一段文字</p></body></html>".utf8)
        #expect(LayoutFileKind.sniff(plainHTML) == nil)
        #expect(LayoutFileKind.sniff(Array("本报讯 今天上午<b>".utf8)) == nil)
        #expect(!LayoutFileKind.looksLikeMarkup(Array("本报讯".utf8)))
        #expect(throws: LayoutFileError.noPage) { try ALTOReader.read(Array("<alto><Layout/></alto>".utf8)) }
    }

    @Test("hOCR written as HTML by other engines: unquoted classes, words without boxes")
    func htmlHOCR() throws {
        let html = """
            <html><head><meta name=ocr-system content=other-engine></head><body>
            <div class=ocr_page title="bbox 0 0 800 1200">
            <div class=ocr_carea title="bbox 10 10 790 300">
            <span class=ocr_line title="bbox 10 10 790 100; x_size 80">公园 <b>新增</b> 三处</span>
            <span class=ocrx_line title="bbox 10 150 790 190; x_size 30"><span class=ocrx_word title="bbox 10 150 100 190; x_wconf 90">Park</span> <span class=ocrx_word title="bbox 120 150 300 190; x_wconf 70">opens</span></span>
            </div></div></body></html>
            """
        let bytes = Array(html.utf8)
        #expect(LayoutFileKind.sniff(bytes) == .hocr)
        let page = try HOCRReader.read(bytes)
        let lines = page.blocks.flatMap(\.lines)
        #expect(lines.map(\.text) == ["公园 新增 三处", "Park opens"])
        #expect(lines.map(\.fontSize) == [80, 30])
        // Weighted by characters: four at 0.9, five at 0.7.
        #expect(abs((lines[1].confidence ?? 0) - (4 * 0.9 + 5 * 0.7) / 9) < 1e-9)
        #expect(page.width == 800 && page.height == 1200)
    }
}
