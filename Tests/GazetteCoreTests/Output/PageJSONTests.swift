import Foundation
import Testing
@testable import GazetteCore

@Suite struct PageJSONTests {
    private let full = Article(
        seq: 1, kind: .interview, kicker: "唱好“双城记” 建好“经济圈”", headline: "资源共享 守护医保基金安全",
        subtitle: "——访市审计局局长", reporters: ["赵蝶", "陈润"], correspondents: ["杨雪柔"],
        photographers: ["李鹏飞"], source: "本报", dateline: "9月30日", continuedFrom: "A01版",
        subheads: ["“一县一策”差异化发展"], paragraphs: ["第一段。", "第二段\t含\"引号\"和\\反斜杠"],
        classification: Classification(
            category: "healthcare-security", confidence: 0.912345,
            scores: ["healthcare-security": 0.912345, "audit-finance": 0.04, "economy": 0.03, "other": 0.017655]),
        provinces: ["四川省", "重庆市"], places: ["广安市"],
        quality: Quality(joinedBreaks: 3, droppedDuplicates: 1, garbledRatio: 0.125))

    private func object(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// Key order as written: every `"key":` in the line, in sequence (topic ids with a `-`
    /// are not matched).
    private func keys(of line: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "\"([a-z_0-9]+)\":")
        let range = NSRange(line.startIndex..., in: line)
        return pattern.matches(in: line, range: range).compactMap { Range($0.range(at: 1), in: line).map { String(line[$0]) } }
    }

    @Test func keysComeInTheContractOrder() throws {
        let page = ParsedPage(sha256: String(repeating: "a", count: 64), encoding: .gb18030, articles: [full])
        let line = PageJSON.line(file: "seeds/000.txt", page: page)
        let topics = full.classification?.scores ?? [:]
        #expect(keys(of: line).filter { topics[$0] == nil } == [
            "file", "sha256", "encoding", "articles",
            "seq", "kind", "kicker", "headline", "subtitle", "reporters", "correspondents", "photographers",
            "source", "dateline", "continued_from", "subheads", "paragraphs", "category", "confidence",
            "scores",
            "provinces", "places", "quality", "joined_breaks", "dropped_duplicates", "garbled_ratio",
            "dropped_furniture",
        ])
    }

    @Test func fieldValuesRoundTrip() throws {
        let page = ParsedPage(sha256: "abc123", encoding: .gb18030, articles: [full])
        let json = try object(PageJSON.line(file: "dir/页 \"1\".txt", page: page))
        #expect(json["file"] as? String == "dir/页 \"1\".txt")
        #expect(json["sha256"] as? String == "abc123")
        #expect(json["encoding"] as? String == "gb18030")
        let article = try #require((json["articles"] as? [[String: Any]])?.first)
        #expect(article["seq"] as? Int == 1)
        #expect(article["kind"] as? String == "interview")
        #expect(article["kicker"] as? String == full.kicker)
        #expect(article["headline"] as? String == full.headline)
        #expect(article["subtitle"] as? String == full.subtitle)
        #expect(article["reporters"] as? [String] == full.reporters)
        #expect(article["correspondents"] as? [String] == full.correspondents)
        #expect(article["photographers"] as? [String] == full.photographers)
        #expect(article["source"] as? String == "本报")
        #expect(article["dateline"] as? String == "9月30日")
        #expect(article["continued_from"] as? String == "A01版")
        #expect(article["subheads"] as? [String] == full.subheads)
        #expect(article["paragraphs"] as? [String] == full.paragraphs)
        #expect(article["category"] as? String == "healthcare-security")
        #expect(article["confidence"] as? Double == 0.9123)
        #expect(article["scores"] as? [String: Double] == ["healthcare-security": 0.9123, "audit-finance": 0.04, "economy": 0.03])
        #expect(article["provinces"] as? [String] == ["四川省", "重庆市"])
        #expect(article["places"] as? [String] == ["广安市"])
        let quality = try #require(article["quality"] as? [String: Any])
        #expect(quality["joined_breaks"] as? Int == 3)
        #expect(quality["dropped_duplicates"] as? Int == 1)
        #expect(quality["garbled_ratio"] as? Double == 0.125)
    }

    @Test func classificationFieldsAreAbsentUntilClassified() throws {
        let bare = Article(seq: 2, paragraphs: ["正文"])
        let line = PageJSON.line(file: "f", page: ParsedPage(sha256: "", encoding: .utf8, articles: [bare]))
        let article = try #require((try object(line)["articles"] as? [[String: Any]])?.first)
        #expect(article["category"] == nil && article["confidence"] == nil && article["scores"] == nil)
        #expect(article["headline"] is NSNull)
        #expect(article["kicker"] is NSNull && article["subtitle"] is NSNull && article["source"] is NSNull)
        #expect(article["reporters"] as? [String] == [])
        #expect(line.contains("\"headline\":null"))
        #expect(line.contains("\"garbled_ratio\":0.0,\"dropped_furniture\":0}"))
    }

    @Test func pagesWithoutArticlesHaveAnEmptyList() throws {
        let line = PageJSON.line(file: "f", page: ParsedPage(sha256: "x", encoding: .utf8Lossy, articles: []))
        #expect(line == #"{"file":"f","sha256":"x","encoding":"utf-8-lossy","articles":[]}"#)
    }

    @Test func stringsAreEscaped() throws {
        let nasty = "q\"b\\s/\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}\u{2028}\u{2029}中文😀"
        let line = PageJSON.line(file: nasty, page: ParsedPage(sha256: "", encoding: .utf8, articles: []))
        #expect(line.hasPrefix(#"{"file":"q\"b\\s/\n\r\t\b\f\u0001\u001f\u007f\u2028\u2029中文😀","#))
        #expect(try object(line)["file"] as? String == nasty)
    }

    @Test(arguments: [
        (0.0, "0.0"), (1.0, "1.0"), (0.91, "0.91"), (0.123456, "0.1235"), (0.99999, "1.0"),
        (-0.5, "-0.5"), (-0.00001, "0.0"), (12.5, "12.5"), (Double.nan, "null"), (Double.infinity, "null"),
    ])
    func numbersHaveLimitedDigits(value: Double, expected: String) {
        var buffer = JSONBuffer()
        buffer.number(value)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == expected)
    }

    @Test func topScoresAreTheBestThreeAndTiesAreStable() {
        let scores = ["a": 0.1, "b": 0.5, "c": 0.1, "d": 0.3, "e": 0.0]
        let top = ArticleJSON.ranked(scores, .best(PageJSON.topScoreCount))
        #expect(top.map(\.key) == ["b", "d", "a"])
        // Export's `.all` is the same order, every topic.
        #expect(ArticleJSON.ranked(scores, .all).map(\.key) == ["b", "d", "a", "c", "e"])
    }

    @Test(arguments: SeedCorpus.pages)
    func seedPagesGiveOneValidLine(seed: SeedCorpusPage) throws {
        let page = try PageParser.parse(seed.bytes)
        let line = PageJSON.line(file: seed.url.path, page: page)
        let json = try object(line)
        #expect(json["sha256"] as? String == page.sha256)
        let articles = try #require(json["articles"] as? [[String: Any]])
        #expect(articles.count == page.articles.count)
        for (decoded, article) in zip(articles, page.articles) {
            #expect(decoded["paragraphs"] as? [String] == article.paragraphs)
            #expect(decoded["headline"] as? String == article.headline)
        }
    }
}
