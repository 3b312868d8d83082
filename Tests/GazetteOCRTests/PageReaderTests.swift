import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteOCR

/// Every kind of file through `PageReader`, the one entry point of parse, inbox and import:
/// each gets a page or a refusal whose code says why.
@Suite("PageReader")
struct PageReaderTests {
    let reader = PageReader(options: OCROptions(), pool: OCRPool(lanes: 1))

    private func refusal(_ bytes: [UInt8]) -> String? {
        Self.refusal(bytes, reader)
    }

    private static func refusal(_ bytes: [UInt8], _ reader: PageReader) -> String? {
        do {
            _ = try reader.read(bytes: bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("the bytes decide the kind, never the name")
    func sniffing() {
        #expect(FileKind.sniff(TestFiles.png(width: 2, height: 2)) == .png)
        #expect(FileKind.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(FileKind.sniff(Array("II*\0".utf8)) == .tiff)
        #expect(FileKind.sniff(TestFiles.pdf(pages: [nil])) == .pdf)
        #expect(FileKind.sniff(Array("\u{FEFF}  <?xml version=\"1.0\"?><alto/>".utf8)) == .xml)
        #expect(FileKind.sniff(Array("本报讯 记者张三\n".utf8)) == .text)
    }

    @Test("a text page is parsed by the text pipeline and says it was text")
    func textPage() throws {
        let (page, source) = try reader.read(bytes: Array("团结奋进 共创未来\n\n本报讯（记者 王小明）昨天，全市召开大会，部署今年重点工作。\n".utf8))
        #expect(source == .text)
        #expect(page.source.kind == .text)
        #expect(!page.articles.isEmpty)
        #expect(page.articles.allSatisfy { $0.quality.ocrConfidence == nil })
    }

    @Test("XML that is not ALTO or hOCR is refused naming its root; an ALTO file with no page is refused as such")
    func xmlRefused() {
        #expect(refusal(Array("<?xml version=\"1.0\"?><rss><channel/></rss>".utf8)) == "layout-unknown-xml")
        #expect(refusal(Array("<?xml version=\"1.0\"?><alto></alto>".utf8)) == "layout-no-page")
    }

    @Test("an ALTO file is read with its geometry: the large line heads the article, the source says alto")
    func altoRead() throws {
        func line(_ text: String, y: Int, size: Int) -> String {
            "<TextLine HPOS=\"100\" VPOS=\"\(y)\" WIDTH=\"\(text.count * size)\" HEIGHT=\"\(size)\"><String CONTENT=\"\(text)\" HPOS=\"100\" VPOS=\"\(y)\" WIDTH=\"\(text.count * size)\" HEIGHT=\"\(size)\" WC=\"0.9\"/></TextLine>"
        }
        let body = "本市今年起将门诊费用纳入统筹报销范围，参保职工在定点医院就诊后可直接结算，不再需要先行垫付。"
        let alto = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page WIDTH="2000" HEIGHT="3000" PHYSICAL_IMG_NR="1"><PrintSpace HPOS="0" VPOS="0" WIDTH="2000" HEIGHT="3000">
            <TextBlock HPOS="100" VPOS="100" WIDTH="1800" HEIGHT="70">\(line("门诊费用纳入统筹报销", y: 100, size: 70))</TextBlock>
            <TextBlock HPOS="100" VPOS="220" WIDTH="1800" HEIGHT="200">\(line("本报记者 张明华", y: 220, size: 30))\(line(body, y: 270, size: 30))</TextBlock>
            </PrintSpace></Page></Layout></alto>
            """
        let (page, source) = try PageReader(pool: OCRPool(lanes: 1)).read(bytes: Array(alto.utf8))
        #expect(source.kind == .alto)
        #expect(page.articles.first?.headline == "门诊费用纳入统筹报销")
        #expect(page.articles.first?.paragraphs.joined().contains("直接结算") == true)
    }

    @Test("a 30,000 × 30,000 PNG is refused from its header, never decoded")
    func decompressionBomb() throws {
        let bomb = TestFiles.bombPNG(side: 30_000)
        #expect(bomb.count < 100)
        let header = try ImageHeader.read(bomb, kind: .png)
        #expect(header.pixels == 900_000_000)
        // The refusal comes before any engine is made, let alone any pixel decoded.
        let pool = OCRPool(lanes: 1)
        defer { #expect(pool.engines == 0) }
        do {
            _ = try PageReader(options: OCROptions(), pool: pool).read(bytes: bomb)
            Issue.record("a bomb was read")
        } catch {
            #expect(error.code == "image-too-large", "\(error)")
            #expect(error.description.contains("max_image_pixels"))
        }
    }

    @Test("a corrupt PNG is refused as corrupt", .needsChineseOCR)
    func corruptPNG() async throws {
        var png = TestFiles.png(width: 400, height: 300, value: 200)
        png.removeSubrange(60..<(png.count - 40)) // the header stays, the pixels go
        let corrupt = png, reader = reader
        let code = try await offPool { Self.refusal(corrupt, reader) }
        #expect(code == "corrupt-image")
        #expect(refusal(Array(png.prefix(12))) == "corrupt-image")
    }

    @Test("an image with no text is quarantined as no-text", .needsChineseOCR)
    func blankImage() async throws {
        let reader = reader
        let code = try await offPool { Self.refusal(TestFiles.png(width: 1200, height: 1600), reader) }
        #expect(code == "no-text")
    }

    @Test("a truncated PDF gets a clear refusal", .needsPoppler)
    func truncatedPDF() throws {
        let pdf = TestFiles.pdf(pages: [TestFiles.textStream(["Gazette test page"])])
        let code = refusal(Array(pdf.prefix(pdf.count / 3)))
        #expect(code == "unreadable-pdf" || code == "no-text", "got \(code ?? "a page")")
    }

    @Test("a 500-page PDF is refused from its page count, no page read", .needsPoppler)
    func fiveHundredPages() throws {
        let pdf = TestFiles.pdf(pages: Array(repeating: nil, count: 500))
        do {
            _ = try reader.read(bytes: pdf)
            Issue.record("a 500-page PDF was read")
        } catch {
            #expect(error.code == "too-many-pages")
            #expect(error.description.contains("500 pages"))
        }
    }

    @Test("a scanned PDF whose page would rasterise past max_image_pixels is refused before pdftoppm runs", .needsPoppler)
    func hugePDFPage() throws {
        // 200 inches square: 60,000 × 60,000 pixels at 300 dpi.
        let pdf = TestFiles.pdf(pages: [nil], mediaBox: "0 0 14400 14400")
        let pool = OCRPool(lanes: 1)
        do {
            _ = try PageReader(pool: pool).read(bytes: pdf)
            Issue.record("a 200-inch page was read")
        } catch {
            #expect(error.code == "image-too-large", "\(error)")
        }
        #expect(pool.engines == 0)
    }

    @Test("pdfinfo's page count and page size")
    func pdfInfo() throws {
        let info = try PDFInfo.parse("Producer:       x\nPages:          3\nPage size:      595.276 x 841.89 pts (A4)\n")
        #expect(info.pages == 3)
        #expect(info.pageSize?.width == 595.276 && info.pageSize?.height == 841.89)
        #expect(throws: OCRError.self) { try PDFInfo.parse("Producer: x\n") }
    }

    @Test("a text PDF is read from its text layer, with positions, no OCR", .needsPoppler)
    func textPDF() throws {
        let body = ["Gazette reads the text layer of a PDF.", "Every line keeps its box and its size.",
                    "No engine is asked for this page at all."]
        let pdf = TestFiles.pdf(pages: [TestFiles.textStream(["City Council Opens New Library"], size: 24)
            + "\n" + TestFiles.textStream(body, size: 10, top: 700)])
        // A text PDF needs no engine.
        let pool = OCRPool(lanes: 1)
        let (page, source) = try PageReader(options: OCROptions(), pool: pool).read(bytes: pdf)
        #expect(source.kind == .pdf)
        #expect(source.engine == "pdftotext")
        #expect(source.meanConfidence == nil)
        let text = page.articles.flatMap { [$0.headline ?? ""] + $0.paragraphs }.joined(separator: " ")
        #expect(text.contains("text layer"), "\(text)")
        #expect(text.contains("No engine is asked"), "\(text)")
        #expect(pool.engines == 0)
    }

    @Test("pdftotext's layout: lines in order, the headline printed larger", .needsPoppler)
    func bboxLayout() throws {
        let pdf = TestFiles.pdf(pages: [TestFiles.textStream(["Council Opens the New Library"], size: 24),
                                        TestFiles.textStream(["the second page holds the body line"], size: 10)])
        let result = try PDFReader.read(pdf, options: OCROptions()) { _ in Issue.record("OCR asked for") }
        let lines = result.layout.blocks.flatMap(\.lines)
        #expect(result.pages == 2)
        #expect(lines.map(\.text) == ["Council Opens the New Library", "the second page holds the body line"])
        #expect(lines[0].size > 2 * lines[1].size)
        #expect(lines[1].box.y > 842, "the second page stacks below the first")
    }
}

