import Foundation
import GazetteStore
import GazetteWeb
import Testing

@Suite("Reading room: escaping, bounds, errors")
struct SecurityRouteTests {
    @Test("a page whose text is markup shows it as text on the article, search and overview pages")
    func hostilePageIsEscaped() async throws {
        let fixture = try WebFixture.shared.get()
        let articles = try fixture.store.articles(fileID: fixture.hostileFileID)
        let text = articles.map { a in
            ([a.article.headline, a.article.subtitle, a.article.kicker].compactMap { $0 } + a.article.paragraphs).joined()
        }.joined()
        // The parser kept the hostile strings: the test has something to escape.
        #expect(text.contains(WebFixture.script))
        #expect(text.contains(WebFixture.image))
        #expect(text.contains(WebFixture.template))

        let id = try #require(articles.first?.id)
        let article = try await fixture.page("/articles/\(id)")
        let search = try await fixture.page("/search?q=%E7%9B%91%E7%AE%A1&source=%E6%B5%8B%E8%AF%95%E6%8A%A5")  // 监管, 测试报
        let overview = try await fixture.page("/overview")
        let listing = try await fixture.page("/search?source=%E6%B5%8B%E8%AF%95%E6%8A%A5")
        for (name, body) in [("article", article), ("search", search), ("overview", overview), ("listing", listing)] {
            #expect(!body.contains("<script"), "\(name): raw <script")
            #expect(!body.contains("<img"), "\(name): raw <img")
            #expect(!body.contains("onerror=alert(1)>"), "\(name): unescaped attribute")
        }
        #expect(article.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(article.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(article.contains(WebFixture.template))
        // The file name is markup too.
        #expect(article.contains("&lt;img src=x onerror=alert(1)&gt;.txt"))
        #expect(overview.contains("&lt;img src=x onerror=alert(1)&gt;.txt"))
        #expect(search.contains("<mark>监管</mark>"))
    }

    @Test("a query that is markup is echoed as text in the box and the count")
    func hostileQueryIsEscaped() async throws {
        let fixture = try WebFixture.shared.get()
        let query = "\"><script>alert(1)</script>"
        let encoded = try #require(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let body = try await fixture.page("/search?q=\(encoded)")
        #expect(!body.contains("<script"))
        #expect(body.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
    }

    @Test("every response carries a script-free content security policy and nosniff")
    func headers() async throws {
        let fixture = try WebFixture.shared.get()
        for uri in ["/", "/overview", "/api/stats", "/nope"] {
            try await fixture.get(uri) { _, _, headers in
                let csp = headers[.init("Content-Security-Policy")!] ?? ""
                #expect(csp.contains("default-src 'none'"), "\(uri)")
                #expect(!csp.contains("script-src"), "\(uri)")
                #expect(headers[.init("X-Content-Type-Options")!] == "nosniff", "\(uri)")
            }
        }
    }

    @Test("out-of-bounds and malformed parameters are a plain 400 page", arguments: [
        "/search?q=" + String(repeating: "%E5%8C%BB", count: SearchQuery.maxCharacters + 1),
        "/search?q=" + Array(repeating: "a", count: SearchQuery.maxTerms + 1).joined(separator: "+"),
        "/search?q=%E5%8C%BB%E4%BF%9D&limit=101",
        "/search?q=%E5%8C%BB%E4%BF%9D&limit=0",
        "/search?page=0",
        "/search?page=abc",
        "/search?limit=100&page=11",
        "/search?topic=weather",
        "/search?since=2026-02-30",
        "/search?until=yesterday",
        "/search?q=%EF%BC%8C",  // ， alone: nothing to search for
        "/search?q=%ZZ",
        "/overview?days=0",
        "/overview?days=9999",
    ])
    func badRequests(uri: String) async throws {
        let fixture = try WebFixture.shared.get()
        try await fixture.get(uri) { status, body, headers in
            #expect(status == .badRequest, "\(uri): \(status)")
            #expect(headers[.contentType] == "text/html; charset=utf-8")
            #expect(body.contains("<h1>400 请求有误</h1>"))
        }
    }

    @Test("the API answers a bad request with a JSON error")
    func apiBadRequest() async throws {
        let fixture = try WebFixture.shared.get()
        try await fixture.get("/api/search?limit=500") { status, body, headers in
            #expect(status == .badRequest)
            #expect(headers[.contentType] == "application/json; charset=utf-8")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(object["status"] as? Int == 400)
            #expect((object["error"] as? String)?.contains("每页条数") == true)
        }
    }

    @Test("what does not exist is a plain 404", arguments: [
        "/articles/999999", "/articles/abc", "/articles/-1", "/articles/99999999999999999999", "/nope", "/api/articles/999999",
    ])
    func notFound(uri: String) async throws {
        let fixture = try WebFixture.shared.get()
        try await fixture.get(uri) { status, body, _ in
            #expect(status == .notFound, "\(uri): \(status)")
            #expect(uri.hasPrefix("/api/") ? body.contains("\"status\":404") : body.contains("<h1>404 未找到</h1>"))
        }
    }
}
