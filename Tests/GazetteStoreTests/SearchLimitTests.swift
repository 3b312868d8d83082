import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// What a query may ask of the store: bounded in terms and length, punctuation around a
/// term ignored, an unknown topic and a zero limit answered plainly.
@Suite("Search limits and query hygiene")
struct SearchLimitTests {
    @Test("a 5,000-term query is refused at once with the limits, not evaluated (it was quadratic: 3,200 terms took 4.6 s)")
    func manyTerms() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        let text = Array(repeating: "医保", count: 5_000).joined(separator: " ")
        let started = ContinuousClock.now
        #expect(throws: StoreError.queryTooLarge(terms: 5_000, characters: text.unicodeScalars.count)) {
            try store.search(SearchQuery(text: text))
        }
        // Loose on purpose (a shared machine): the refusal is a count, it takes microseconds.
        #expect(ContinuousClock.now - started < .seconds(5))
        let message = StoreError.queryTooLarge(terms: 5_000, characters: 14_999).description
        #expect(message.contains("at most \(SearchQuery.maxTerms) terms") && message.contains("\(SearchQuery.maxCharacters) characters"),
                "\(message)")
    }

    @Test("a query at the term limit is answered, like the single term when it is one term repeated")
    func atTheLimit() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        let once = try store.search(SearchQuery(text: "医保", limit: 1_000)).map(\.article.id)
        let text = Array(repeating: "医保", count: SearchQuery.maxTerms).joined(separator: " ")
        let repeated = try store.search(SearchQuery(text: text, limit: 1_000)).map(\.article.id)
        #expect(!once.isEmpty)
        #expect(repeated == once)
        #expect(throws: StoreError.self) {
            try store.search(SearchQuery(text: text + " 医保"))
        }
    }

    @Test("a query longer than the character limit is refused, even as one term")
    func longQuery() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        let text = String(repeating: "医保基金", count: SearchQuery.maxCharacters / 4 + 1)
        #expect(throws: StoreError.queryTooLarge(terms: 1, characters: text.unicodeScalars.count)) {
            try store.search(SearchQuery(text: text))
        }
    }

    @Test("quotes and punctuation around a term find what the bare term finds",
          arguments: [("\"医保基金\"", "医保基金"), ("医保基金，", "医保基金"), ("“医保”", "医保"), ("「赵蝶」。", "赵蝶"),
                      ("(医保)", "医保")])
    func punctuation(written: String, bare: String) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        let expected = try store.search(SearchQuery(text: bare, limit: 1_000))
        let found = try store.search(SearchQuery(text: written, limit: 1_000))
        #expect(!expected.isEmpty)
        #expect(found.map(\.article.id) == expected.map(\.article.id), "\(written) vs \(bare)")
        #expect(found.allSatisfy { $0.snippet.contains("【\(bare)】") }, "\(found.map(\.snippet))")
    }

    @Test("an unknown topic is an error naming the topics; limit 0 returns nothing")
    func topicAndLimit() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        do {
            _ = try store.search(SearchQuery(text: "医保", topic: "nonsense"))
            Issue.record("an unknown topic was accepted")
        } catch {
            #expect(error.description.contains("nonsense") && error.description.contains("healthcare-security"), "\(error)")
        }
        #expect(try store.search(SearchQuery(text: "医保", topic: "healthcare-security")).count >= 0)
        #expect(try store.search(SearchQuery(text: "医保", limit: 0)).isEmpty)
        #expect(try store.search(SearchQuery(text: "医保", limit: 1)).count == 1)
    }
}
