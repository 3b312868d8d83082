import Testing
@testable import GazetteCore

@Suite("Pages read with geometry")
struct LayoutParseTests {
    private func line(_ text: String, y: Double, size: Double = 20) -> LayoutLine {
        LayoutLine(box: LayoutBox(x: 100, y: y, width: Double(text.count) * size, height: size), text: text)
    }

    @Test("a layout page keeps the file's identity and yields its article")
    func flattened() throws {
        let body = "本市今年起将门诊费用纳入统筹报销范围，参保职工在定点医院就诊后可直接结算，不再需要先行垫付再回单位报销。"
        let layout = LayoutPage(width: 2000, height: 3000, blocks: [
            LayoutBlock(box: LayoutBox(x: 100, y: 100, width: 800, height: 60), lines: [line("门诊费用纳入统筹报销", y: 100, size: 50)]),
            LayoutBlock(box: LayoutBox(x: 100, y: 200, width: 800, height: 200), lines: [
                line("本报记者 张明华", y: 200), line(body, y: 240),
            ]),
        ])
        let sha = String(repeating: "ab", count: 32)
        let page = try PageParser.parse(layout: layout, sha256: sha)
        #expect(page.sha256 == sha)
        #expect(page.articles.count == 1)
        #expect(page.articles.first?.headline == "门诊费用纳入统筹报销")
        #expect(page.articles.first?.paragraphs.joined().contains("直接结算") == true)
    }

    @Test("a layout with no text is the text path's no-text error")
    func empty() {
        let layout = LayoutPage(width: 100, height: 100, blocks: [LayoutBlock(kind: .illustration, box: LayoutBox(x: 0, y: 0, width: 100, height: 100), lines: [])])
        #expect(throws: PageError.self) { try PageParser.parse(layout: layout, sha256: "00") }
    }
}
