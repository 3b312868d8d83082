import Foundation
import GazetteStore
import GazetteWeb
import Testing

@Suite("Reading room: article, overview, API")
struct ArticleOverviewRouteTests {
    @Test("the article page shows the stored fields, its places as links, and its page's other articles")
    func articlePage() async throws {
        let fixture = try WebFixture.shared.get()
        // The seed article with the most fields filled.
        let articles = try fixture.seedFileIDs.flatMap { try fixture.store.articles(fileID: $0) }
        let stored = try #require(articles.max { a, b in
            func score(_ s: StoredArticle) -> Int {
                [s.article.headline, s.article.dateline, s.article.subtitle, s.article.kicker].compactMap { $0 }.count
                    + (s.article.reporters.isEmpty ? 0 : 1) + (s.article.provinces.isEmpty ? 0 : 1)
            }
            return score(a) < score(b)
        })
        let a = stored.article
        let body = try await fixture.page("/articles/\(stored.id)")
        #expect(body.contains("<h1 class=\"headline\">\(a.headline ?? "（无标题）")</h1>"))
        if let kicker = a.kicker { #expect(body.contains("<p class=\"kicker\">\(kicker)</p>")) }
        if let subtitle = a.subtitle { #expect(body.contains("<p class=\"subtitle\">\(subtitle)</p>")) }
        if let dateline = a.dateline { #expect(body.contains("<dd class=\"dateline\">\(dateline)</dd>")) }
        for name in a.reporters { #expect(body.contains(name)) }
        #expect(body.contains("<dd class=\"paper\">\(try #require(stored.paper))</dd>"))
        for paragraph in a.paragraphs { #expect(body.contains("<p>\(paragraph)</p>")) }
        for province in a.provinces {
            let encoded = try #require(province.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            #expect(body.contains("<a href=\"/search?province=\(encoded)\">\(province)</a>"))
        }
        for place in a.places {
            let encoded = try #require(place.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            #expect(body.contains("<a href=\"/search?q=\(encoded)\">\(place)</a>"))
        }
        // Topic with its Chinese name, the confidence, and the runners-up.
        let c = try #require(a.classification)
        let names = TopicNames(taxonomy: try WebFixture.taxonomy.get())
        #expect(body.contains(">\(names.name(c.category))</a>"))
        #expect(body.contains("<span class=\"confidence\">\(String(format: "%.0f%%", c.confidence * 100))</span>"))
        #expect(body.contains("其次："))
        // The page it came from, listing its other articles as links.
        #expect(body.contains("来源版面"))
        for other in try fixture.store.articles(fileID: stored.fileID) where other.id != stored.id {
            #expect(body.contains("<a href=\"/articles/\(other.id)\">"))
        }
    }

    @Test("the overview draws a stacked SVG of the period's days and lists provinces, papers, pages and failures")
    func overview() async throws {
        let fixture = try WebFixture.shared.get()
        let body = try await fixture.page("/overview?days=7")
        #expect(body.contains("<svg class=\"chart stacked\""))
        // One segment per (day, topic) present in the last 7 days: the 5 seeds' days.
        let overview = try fixture.store.overview(since: WebFixture.now.addingTimeInterval(-6 * 86_400 - 12 * 3_600))
        let segments = overview.articlesByDayAndTopic.values.reduce(0) { $0 + $1.count }
        #expect(segments > 0)
        #expect(body.components(separatedBy: "<rect class=\"seg\"").count - 1 == segments)
        #expect(body.contains("<svg class=\"chart bars\""))
        #expect(body.contains("四川日报") && body.contains("重庆日报"))
        // The hostile page came 40 days ago: outside 7 days, inside 90.
        #expect(!body.contains(">测试报<"))
        let month = try await fixture.page("/overview?days=90")
        #expect(month.contains(">测试报<"))
        #expect(month.contains("<table class=\"pages\">"))
        #expect(month.contains("<table class=\"failed\">"))
        #expect(month.contains("<code>binary</code>"))
    }

    @Test("a failed folder's reason files are listed with their advice")
    func failedFolder() async throws {
        let failed = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-web-failed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: failed, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: failed) }
        let reason = """
            {"file": "\\"><img src=x onerror=alert(1)>.txt", "code": "too-large", "message": "page is 30 MB",
             "advice": "split the page {{x}}", "size": 31457280, "at": "2026-12-06T10:00:00Z"}
            """
        try reason.write(to: failed.appendingPathComponent("a.txt.reason.json"), atomically: true, encoding: .utf8)
        try "not json".write(to: failed.appendingPathComponent("b.txt.reason.json"), atomically: true, encoding: .utf8)
        let fixture = try WebFixture.shared.get()
        let body = try await fixture.page("/overview", room: try fixture.room(failedDirectory: failed.path))
        #expect(body.contains("失败文件（failed 目录）"))
        #expect(body.contains("<td>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.txt</td>"))
        #expect(body.contains("<code>too-large</code>"))
        #expect(body.contains("split the page {{x}}"))
        #expect(!body.contains("<code>binary</code>"))  // not the store's rows
    }

    @Test("the JSON API: search, article and stats shapes")
    func apiShapes() async throws {
        let fixture = try WebFixture.shared.get()
        let search = try await fixture.json("/api/search?q=%E5%8C%BB%E4%BF%9D")
        #expect(Set(search.keys) == ["query", "total", "total_exact", "page", "pages", "limit", "hits"])
        #expect(search["total_exact"] as? Bool == true)
        let hit = try #require((search["hits"] as? [[String: Any]])?.first)
        #expect(Set(hit.keys).isSuperset(of: ["id", "url", "headline", "paper", "received", "topic", "topic_name", "file", "seq", "snippet", "rank"]))
        #expect((hit["snippet"] as? String)?.contains("【医保】") == true)

        let id = try #require(hit["id"] as? Int)
        let article = try await fixture.json("/api/articles/\(id)")
        #expect(article["id"] as? Int == id)
        #expect(Set(article.keys).isSuperset(of: ["headline", "paragraphs", "provinces", "places", "topic", "file", "received_at"]))
        #expect(article["headline"] as? String == (try fixture.store.article(id: Int64(id)))?.article.headline)

        let stats = try await fixture.json("/api/stats")
        let expected = try fixture.store.stats()
        #expect(stats["pages"] as? Int == expected.pages)
        #expect(stats["articles"] as? Int == expected.articles)
        #expect(stats["failed"] as? Int == 1)
        #expect((stats["store_bytes"] as? Int ?? 0) > 0)
        #expect(stats["by_topic"] is [String: Int])
    }

    @Test("/metrics is Prometheus text with the store's counts")
    func metrics() async throws {
        let fixture = try WebFixture.shared.get()
        let stats = try fixture.store.stats()
        let box = Box()
        try await fixture.get("/metrics") { status, body, headers in
            #expect(status == .ok)
            #expect(headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            box.value = body
        }
        let lines = box.value.split(separator: "\n").map(String.init)
        #expect(lines.contains("gazette_pages \(stats.pages)"))
        #expect(lines.contains("gazette_articles \(stats.articles)"))
        #expect(lines.contains("gazette_duplicates 0"))
        #expect(lines.contains("gazette_failures 1"))
        #expect(lines.contains("# TYPE gazette_articles_by_topic gauge"))
        for (topic, n) in stats.byTopic { #expect(lines.contains("gazette_articles_by_topic{topic=\"\(topic)\"} \(n)")) }
        let size = try #require(lines.first { $0.hasPrefix("gazette_store_size_bytes ") })
        #expect((Int(size.split(separator: " ")[1]) ?? 0) >= fixture.store.sizeInBytes() / 2)
        // Every sample line is `name{labels} integer`.
        for line in lines where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: /gazette_[a-z_]+(\{[a-z_]+="[^"]*"\})? \d+/) != nil, "\(line)")
        }
    }
}
