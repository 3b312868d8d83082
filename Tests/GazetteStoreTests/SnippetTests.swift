import GazetteCore
import Testing

@testable import GazetteStore

@Suite("Search snippets")
struct SnippetTests {
    static let marks = (open: "【", close: "】")

    @Test("the passage around the first match, every match in it marked, cut with … on both sides")
    func passage() {
        let before = String(repeating: "甲", count: 40)
        let after = String(repeating: "乙", count: 40)
        let article = Article(seq: 1, paragraphs: ["没有命中的段落。", before + "医保基金与医保" + after])
        let snippet = Snippet.make(for: article, terms: ["医保"], marks: Self.marks)
        #expect(snippet == "…" + String(repeating: "甲", count: Snippet.context) + "【医保】基金与【医保】"
            + String(repeating: "乙", count: Snippet.context - 5) + "…")
    }

    @Test("at the same place the longest term is marked; a field without a cut has no …")
    func longestTerm() {
        let article = Article(seq: 1, paragraphs: ["加强医保基金监管。"])
        #expect(Snippet.make(for: article, terms: ["医保", "医保基金"], marks: Self.marks) == "加强【医保基金】监管。")
        #expect(Snippet.make(for: article, terms: ["监管", "医保"], marks: Self.marks) == "加强【医保】基金【监管】。")
    }

    @Test("Latin letters match whatever their case or width; the text keeps its own")
    func folding() {
        let article = Article(seq: 1, paragraphs: ["推进５Ｇ网络和Ai应用"])
        #expect(Snippet.make(for: article, terms: ["5g网络", "AI"], marks: Self.marks) == "推进【５Ｇ网络】和【Ai】应用")
    }

    @Test("paragraphs first, then headline, subtitle, kicker and names; else the start of the text")
    func fieldsAndFallback() {
        let article = Article(
            seq: 1, kicker: "引题", headline: "标题里有审计", subtitle: "副题", reporters: ["赵蝶"],
            paragraphs: [String(repeating: "正文", count: 40)])
        #expect(Snippet.make(for: article, terms: ["审计"], marks: Self.marks) == "标题里有【审计】")
        #expect(Snippet.make(for: article, terms: ["赵蝶"], marks: Self.marks) == "【赵蝶】")
        #expect(Snippet.make(for: article, terms: ["没有"], marks: Self.marks)
            == String(repeating: "正文", count: Snippet.context) + "…")
        #expect(Snippet.make(for: Article(seq: 2), terms: ["没有"], marks: Self.marks) == "")
    }

    @Test("text that is not Chinese (emoji, CRLF, combining marks) is cut without a crash and kept as it is")
    func otherText() {
        let text = "👩‍👩‍👧 e\u{301}\r\n审计 " + String(repeating: "🇨🇳", count: 30)
        let snippet = Snippet.make(for: Article(seq: 1, paragraphs: [text]), terms: ["审计"], marks: Self.marks)
        #expect(snippet.hasPrefix("👩‍👩‍👧 e\u{301}\r\n【审计】 "))
        #expect(snippet.hasSuffix("…"))
    }
}
