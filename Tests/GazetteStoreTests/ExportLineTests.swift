import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// `gazette export` and `gazette parse --json` write an article's contract fields with one
/// writer (`ArticleJSON`): a stored article exports exactly the fields its parse printed, plus
/// the store's own, and nothing of the contract is spelled differently.
@Suite("Export line against the parse contract")
struct ExportLineTests {
    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("every contract field of a parse line comes back from export unchanged")
    func sameFields() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        var record = try Fixtures.seedRecords()[2]
        // Four topics, so export (all scores) and parse (the best three) differ as designed.
        let scores = ["economy": 0.61, "audit-finance": 0.2, "healthcare-security": 0.15, "culture": 0.04]
        for index in record.page.articles.indices {
            record.page.articles[index].classification =
                Classification(category: "economy", confidence: 0.61, scores: scores)
        }
        guard case .stored(let fileID, _) = try store.ingest([record])[0] else {
            Issue.record("seed page not stored")
            return
        }
        let parsed = try Self.object(PageJSON.bytes(file: record.fileName, page: record.page))
        let parsedArticles = try #require(parsed["articles"] as? [[String: Any]])
        let stored = try store.articles(fileID: fileID)
        #expect(stored.count == parsedArticles.count && !stored.isEmpty)

        for (storedArticle, parseObject) in zip(stored, parsedArticles) {
            let export = try Self.object(ExportedArticle(article: storedArticle).jsonBytes())
            for (key, value) in parseObject where key != "scores" && key != "quality" {
                let exported = try #require(export[key], "export lacks \(key)")
                #expect((exported as? NSObject) == (value as? NSObject), "\(key) differs")
            }
            var parseQuality = try #require(parseObject["quality"] as? [String: Any])
            #expect(parseQuality.removeValue(forKey: "dropped_furniture") != nil)
            let exportQuality = try #require(export["quality"] as? [String: Any])
            #expect(NSDictionary(dictionary: parseQuality) == NSDictionary(dictionary: exportQuality))
            // Parse shows the best three; export the whole distribution, the same values.
            let parseScores = try #require(parseObject["scores"] as? [String: Double])
            let exportScores = try #require(export["scores"] as? [String: Double])
            #expect(parseScores.count == 3 && exportScores.count == 4)
            #expect(parseScores.allSatisfy { exportScores[$0.key] == $0.value })
            #expect(parseScores["culture"] == nil)
            // The store's own fields ride along.
            #expect(export["id"] as? Int == Int(storedArticle.id))
            #expect(export["file_sha256"] as? String == record.page.sha256)
            #expect(export["topic"] as? String == "economy")
        }
    }

    @Test("text that could break a JSON line stays inside its string")
    func escaping() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        let hostile = "本报讯 \"引号\" 反斜杠\\ 换\u{2028}行 <script>alert(1)</script>\n\n今天天气很好，记者走访了市场。"
        let record = try Fixtures.record(bytes: Array(hostile.utf8), name: "evil\"name.txt")
        guard case .stored(let fileID, _) = try store.ingest([record])[0] else {
            Issue.record("page not stored")
            return
        }
        for article in try store.articles(fileID: fileID) {
            let bytes = ExportedArticle(article: article).jsonBytes()
            #expect(!bytes.contains(0x0A))
            let export = try Self.object(bytes)
            #expect(export["file"] as? String == "evil\"name.txt")
            #expect((export["paragraphs"] as? [String]) == article.article.paragraphs)
        }
    }
}
