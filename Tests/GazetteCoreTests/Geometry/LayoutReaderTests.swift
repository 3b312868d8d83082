import Testing
@testable import GazetteCore

/// The layout reader: what a page's geometry tells the segmenter that its text cannot.
/// Pages are laid out here line by line, in pixels, with generic sentences.
@Suite("The layout reader")
struct LayoutReaderTests {
    /// A column of lines at `size`, from `y` down, one line every 1.5 sizes; a line starting
    /// with two ideographic spaces is indented (a paragraph's first line).
    private func column(_ lines: [String], x: Double = 100, y: Double, size: Double = 20, width: Double = 600) -> LayoutBlock {
        var out: [LayoutLine] = []
        var top = y
        for text in lines {
            let indent = text.hasPrefix("　　") ? 2 * size : 0
            let t = text.trimmingPrefix("　　")
            let w = min(width - indent, Double(t.count) * size)
            out.append(LayoutLine(box: LayoutBox(x: x + indent, y: top, width: w, height: size), text: String(t)))
            top += 1.5 * size
        }
        return LayoutBlock(box: LayoutWords.union(out.map(\.box))!, lines: out)
    }

    /// A paragraph cut at `perLine` characters, its first line indented.
    private func paragraph(_ text: String, perLine: Int = 28) -> [String] {
        var rows: [String] = []
        var rest = Substring(text)
        var first = true
        while !rest.isEmpty {
            let n = first ? perLine - 2 : perLine
            rows.append((first ? "　　" : "") + rest.prefix(n))
            rest = rest.dropFirst(n)
            first = false
        }
        return rows
    }

    private let storyA = "今年以来，本市在城区新建了三处公园，总面积超过二十公顷，附近居民步行十分钟就能走进绿地，傍晚散步的人越来越多。"
    private let storyA2 = "公园的设计听取了居民的意见，保留了原有的大树和水塘，增加了儿童游乐场和健身步道，还设置了多处休息座椅。"
    private let storyB = "从下个月起，市图书馆周末的开放时间将延长到晚上九点，读者可以提前在网上预约阅览室的座位。"
    private let storyB2 = "馆方表示，这项措施是根据读者问卷调查的结果作出的，试行三个月以后再根据使用情况作出调整。"

    private func parse(_ blocks: [LayoutBlock], height: Double = 3000) throws -> ParsedPage {
        try PageParser.parse(layout: LayoutPage(width: 1400, height: height, blocks: blocks), sha256: String(repeating: "0", count: 64))
    }

    @Test("a line printed large over body text starts an article with that headline")
    func largeLineOpensArticle() throws {
        let headB = "图书馆延长周末开放时间"
        let blocks = [
            column(["城市新建三处公园"], y: 100, size: 50),
            column(paragraph(storyA) + paragraph(storyA2), y: 200),
            column([headB], y: 700, size: 50),
            column(paragraph(storyB) + paragraph(storyB2), y: 800),
        ]
        let page = try parse(blocks)
        #expect(page.articles.map(\.headline) == ["城市新建三处公园", headB])
        #expect(page.articles.last?.paragraphs.first?.hasPrefix("从下个月起") == true)

        // The same words at the body's size are a subhead: no second article starts there.
        var flat = blocks
        flat[2] = column([headB], y: 700, size: 20)
        let same = try parse(flat)
        #expect(!same.articles.contains { $0.headline == headB })
    }

    @Test("lines of one block become paragraphs at indents, not at every printed line")
    func paragraphsFromIndents() throws {
        let page = try parse([column(["公园建设"], y: 100, size: 50), column(paragraph(storyA) + paragraph(storyA2), y: 200)])
        #expect(page.articles.count == 1)
        #expect(page.articles.first?.paragraphs == [storyA, storyA2])
    }

    @Test("a short line under a picture is its caption, not a headline")
    func captionUnderPicture() throws {
        let caption = "傍晚在公园里散步的市民"
        let picture = LayoutBlock(kind: .illustration, box: LayoutBox(x: 100, y: 200, width: 600, height: 400), lines: [])
        let blocks = [
            column(["城市新建三处公园"], y: 100, size: 50),
            picture,
            column([caption], y: 610, size: 16),
            column(paragraph(storyA) + paragraph(storyA2), y: 660),
        ]
        let page = try parse(blocks)
        #expect(!page.articles.contains { $0.headline == caption })
        #expect(page.articles.first?.headline == "城市新建三处公园")
        #expect(page.articles.contains { $0.kind == .photo && $0.paragraphs == [caption] })

        // Away from the picture, the same short line over prose is read by the text path's rules.
        var apart = blocks
        apart.remove(at: 1)
        let text = try parse(apart)
        #expect(!text.articles.contains { $0.kind == .photo })
    }

    @Test("the lines above the rule across the top of the page are the folio, dropped")
    func folioBand() throws {
        let band = "城乡周末 本期八版"
        let rule = LayoutBlock(kind: .other, box: LayoutBox(x: 100, y: 90, width: 1200, height: 4), lines: [])
        let blocks = [
            column([band], y: 50, size: 16),
            rule,
            column(["城市新建三处公园"], y: 150, size: 50),
            column(paragraph(storyA) + paragraph(storyA2), y: 250),
        ]
        let page = try parse(blocks)
        #expect(!page.articles.flatMap { $0.paragraphs + [$0.headline ?? ""] }.contains { $0.contains("本期八版") })
        #expect(page.articles.first?.quality.droppedFurniture == 1)

        // Without the rule the line is the page's text.
        let none = try parse([blocks[0]] + blocks[2...])
        #expect(none.articles.flatMap { $0.paragraphs + [$0.kicker ?? "", $0.headline ?? ""] }.contains { $0.contains("本期八版") })
    }

    @Test("a headline the file lists after the column printed under it is put back above it")
    func titleBackAbove() throws {
        let blocks = [
            column(paragraph(storyB) + paragraph(storyB2), y: 200),
            column(["图书馆延长周末开放时间"], y: 100, size: 50),
        ]
        let page = try parse(blocks)
        #expect(page.articles.count == 1)
        #expect(page.articles.first?.headline == "图书馆延长周末开放时间")
        #expect(page.articles.first?.paragraphs == [storyB, storyB2])
    }

    @Test("a headline broken over two rows is one headline; a smaller line above it is its kicker")
    func titleLines() throws {
        let blocks = [
            column(["节假日服务再升级"], y: 40, size: 28),
            column(["图书馆周末"], x: 100, y: 100, size: 50),
            column(["延长开放时间"], x: 100, y: 160, size: 50),
            column(paragraph(storyB) + paragraph(storyB2), y: 260),
        ]
        let page = try parse(blocks)
        #expect(page.articles.count == 1)
        #expect(page.articles.first?.kicker == "节假日服务再升级")
        #expect(page.articles.first?.headline == "图书馆周末延长开放时间")
    }

    @Test("the programme's ALTO page: two stories with their headlines, the caption and the folio apart")
    func programmePage() throws {
        let bytes = try LayoutFileReaderTests.fixture("programme-alto4.xml")
        let page = try PageParser.parse(layout: try LayoutFileKind.read(bytes), sha256: SHA256.hex(of: bytes))
        let stories = page.articles.filter { $0.kind != .photo }
        #expect(stories.map(\.headline) == ["城市公园今年新增三处", "图书馆延长周末开放时间"])
        #expect(stories.first?.reporters == ["王明"])
        #expect(stories.first?.paragraphs.count == 3)
        #expect(page.articles.contains { $0.kind == .photo && $0.paragraphs == ["市民在新建的公园里散步。"] })
        #expect(page.articles.first?.quality.droppedFurniture == 2)
    }

    @Test("a text page reads exactly as before: the hints are absent, not neutral")
    func textPathUnchanged() throws {
        let text = "图书馆延长周末开放时间\n\n\(storyB)\n\(storyB2)\n"
        let page = try PageParser.parse(Array(text.utf8))
        let lines = PageLine.lines(of: TextNormalizer.normalizedScalars(text)).lines
        #expect(lines.allSatisfy { $0.hint == nil })
        #expect(page.articles.first?.headline == "图书馆延长周末开放时间")
    }
}

@Suite("The layout reader on oversized files", .timeLimit(.minutes(2)))
struct LayoutReaderBoundsTests {
    @Test("one block of 20,000 lines and 5,000 pictures reads to its text (quadratic work would outrun the limit)")
    func hugeBlock() throws {
        let sentence = "本市今年新建的公园向市民开放。"
        var lines: [LayoutLine] = []
        for i in 0..<20_000 {
            lines.append(LayoutLine(box: LayoutBox(x: 100, y: Double(i) * 30, width: 300, height: 20), text: sentence))
        }
        var blocks = [LayoutBlock(box: LayoutWords.union(lines.map(\.box))!, lines: lines)]
        for i in 0..<5_000 {
            blocks.append(LayoutBlock(kind: .illustration, box: LayoutBox(x: 1000, y: Double(i) * 40, width: 10, height: 10), lines: []))
        }
        let reading = LayoutReader.read(LayoutPage(width: 2000, height: 600_000, blocks: blocks))
        // Full lines with no indent run on: one paragraph, every line's text in it.
        #expect(reading.hints.count == 1)
        #expect(reading.text.count == 20_000 * sentence.unicodeScalars.count)
    }
}
