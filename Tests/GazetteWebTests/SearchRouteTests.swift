import Foundation
import GazetteStore
import GazetteWeb
import Testing

@Suite("Reading room: search")
struct SearchRouteTests {
    @Test("a two-character query lists its hits with the count the store gives and the matches marked")
    func twoCharacterQuery() async throws {
        let fixture = try WebFixture.shared.get()
        let body = try await fixture.page("/search?q=%E5%8C%BB%E4%BF%9D")  // 医保
        let total = try fixture.store.countMatches(SearchQuery(text: "医保"))
        #expect(total > 1)
        #expect(body.contains("找到 <b class=\"total\">\(total)</b> 篇文章"))
        #expect(body.contains("<mark>医保</mark>"))
        let hits = try fixture.store.search(SearchQuery(text: "医保", limit: 20))
        #expect(body.components(separatedBy: "<li class=\"hit\">").count - 1 == min(total, 20))
        // The best hit comes first, with its headline, paper, day and topic.
        let best = try #require(hits.first?.article)
        let firstHit = try #require(body.components(separatedBy: "<li class=\"hit\">").dropFirst().first)
        #expect(firstHit.contains("href=\"/articles/\(best.id)\""))
        #expect(firstHit.contains(HTML.escape(best.article.headline ?? "（无标题）")))
        #expect(firstHit.contains(best.paper ?? "—"))
        #expect(firstHit.contains(ISO8601DateFormatter.day(best.receivedAt)))
        // The query stays in the box.
        #expect(body.contains("name=\"q\" value=\"医保\""))
    }

    @Test("counts stop at their cap: a capped count is the cap, an uncapped one the whole")
    func cappedCounts() throws {
        let fixture = try WebFixture.shared.get()
        let all = try fixture.store.countMatches(SearchQuery(text: "医保"))
        #expect(all > 3)
        #expect(try fixture.store.countMatches(SearchQuery(text: "医保"), cap: 3) == 3)
        #expect(try fixture.store.countMatches(SearchQuery(text: "医保"), cap: all + 5) == all)
        let articles = try fixture.store.countArticles(filteredBy: SearchQuery(text: ""))
        #expect(try fixture.store.countArticles(filteredBy: SearchQuery(text: ""), cap: 7) == 7)
        #expect(try fixture.store.countArticles(filteredBy: SearchQuery(text: "", topic: "healthcare-security"), cap: 1_000_000)
            < articles)
    }

    @Test("an empty query lists the newest articles first, with the store's count")
    func emptyQueryListsNewest() async throws {
        let fixture = try WebFixture.shared.get()
        let body = try await fixture.page("/")
        let all = try fixture.store.countArticles(filteredBy: SearchQuery(text: ""))
        #expect(body.contains("最新文章 · 共 <b>\(all)</b> 篇"))
        // The most recently stored article heads the list (the hostile page, stored last),
        // then the others in the order they were stored.
        let listed = body.matches(of: /<li class="hit">\n<h2><a href="\/articles\/(\d+)"/).map { Int64($0.output.1)! }
        let newest = try #require(try fixture.store.articles(fileID: fixture.hostileFileID).map(\.id).max())
        #expect(listed.count == 20)  // a page of the default size
        #expect(listed.first == newest)
        #expect(listed == listed.sorted(by: >))
    }

    @Test("filters narrow the hits: topic, province, paper and dates")
    func filters() async throws {
        let fixture = try WebFixture.shared.get()
        let topic = try await fixture.json("/api/search?q=%E5%8C%BB%E4%BF%9D&topic=healthcare-security&limit=100")
        let topicHits = try #require(topic["hits"] as? [[String: Any]])
        #expect(!topicHits.isEmpty)
        #expect(topicHits.allSatisfy { $0["topic"] as? String == "healthcare-security" })
        #expect(topicHits.allSatisfy { $0["topic_name"] as? String == "医疗保障" })

        let paper = try await fixture.json("/api/search?source=%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5&limit=100")  // 重庆日报
        let paperHits = try #require(paper["hits"] as? [[String: Any]])
        #expect(!paperHits.isEmpty)
        #expect(paperHits.allSatisfy { $0["paper"] as? String == "重庆日报" })
        #expect(paper["total"] as? Int == paperHits.count)

        // Only today's page: seed 0's articles.
        let today = try await fixture.json("/api/search?since=2026-12-06&until=2026-12-06&limit=100")
        let todayIDs = Set(try #require(today["hits"] as? [[String: Any]]).compactMap { ($0["id"] as? NSNumber)?.int64Value })
        #expect(todayIDs == Set(try fixture.store.articles(fileID: fixture.seedFileIDs[0]).map(\.id)))

        let province = try await fixture.json("/api/search?province=%E5%9B%9B%E5%B7%9D&limit=100")  // 四川
        let provinceHits = try #require(province["hits"] as? [[String: Any]])
        #expect(!provinceHits.isEmpty)
        for hit in provinceHits {
            let id = try #require((hit["id"] as? NSNumber)?.int64Value)
            #expect(try fixture.store.article(id: id)?.article.provinces.contains { $0.hasPrefix("四川") } == true)
        }
    }

    @Test("pages of results: each page its own hits, links to the next, a page past the end is empty")
    func pagination() async throws {
        let fixture = try WebFixture.shared.get()
        let first = try await fixture.json("/api/search?q=%E5%8C%BB%E4%BF%9D&limit=2")
        let second = try await fixture.json("/api/search?q=%E5%8C%BB%E4%BF%9D&limit=2&page=2")
        let ids1 = try #require(first["hits"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
        let ids2 = try #require(second["hits"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
        #expect(ids1.count == 2)
        #expect(!ids2.isEmpty)
        #expect(Set(ids1).isDisjoint(with: ids2))
        // Pages 1 and 2 are the first four of one ranking.
        let ranked = try fixture.store.search(SearchQuery(text: "医保", limit: 4)).map { Int($0.article.id) }
        #expect(ids1 + ids2 == Array(ranked.prefix(ids1.count + ids2.count)))
        #expect(first["pages"] as? Int == ((first["total"] as? Int ?? 0) + 1) / 2)

        let html = try await fixture.page("/search?q=%E5%8C%BB%E4%BF%9D&limit=2")
        #expect(html.contains("rel=\"next\" href=\"/search?q=%E5%8C%BB%E4%BF%9D&amp;limit=2&amp;page=2\""))
        #expect(html.contains("第 1 / "))
    }
}

extension ISO8601DateFormatter {
    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
