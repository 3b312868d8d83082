import Foundation
import GazetteTestSupport
import GRDB
import GazetteCore
import Testing
@testable import GazetteStore

/// The index's tokens and the phrases queries become (see `SearchTokens`).
@Suite("search tokens")
struct SearchTokenTests {
    @Test("a CJK run is its bigrams then its last character; words are lowercased; the rest separates")
    func indexText() {
        #expect(SearchTokens.text("医保基金") == "医保 保基 基金 金 ")
        #expect(SearchTokens.text("医") == "医 ")
        #expect(SearchTokens.text("医保，基金") == "医保 保 基金 金 ")
        #expect(SearchTokens.text("推进5G网络建设，ABC公司") == "推进 进 5g 网络 络建 建设 设 abc 公司 司 ")
        #expect(SearchTokens.text("５Ｇ网络") == "5g 网络 络 ")
        #expect(SearchTokens.text("Ελλάδα café") == "ελλάδα café ")
        #expect(SearchTokens.text("二〇二五年") == "二〇 〇二 二五 五年 年 ")
        #expect(SearchTokens.text("𠀀𠀁") == "𠀀𠀁 𠀁 ")
        #expect(SearchTokens.text("（——）  ") == "")
        #expect(SearchTokens.text(nil as String?) == "")
        #expect(SearchTokens.text(["医保", "基金"]) == "医保 保 基金 金 ", "each part ends its run")
    }

    @Test("the punctuation fast path separates exactly what Unicode's tables would (no letter or digit in it)")
    func punctuationFastPath() {
        var listed = 0
        for value in UInt32(0x2000)...UInt32(0xFFFF) where SearchTokens.isPunctuation(value) {
            listed += 1
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(!scalar.properties.isAlphabetic && scalar.properties.numericType == nil,
                    "U+\(String(value, radix: 16, uppercase: true)) is a letter or digit")
        }
        #expect(listed > 100, "the fast path covers the common punctuation")
        #expect(SearchTokens.text("审计，“医保”——基金、５Ｇ。") == "审计 计 医保 保 基金 金 5g ")
        #expect(SearchTokens.text("第〡期") == "第 〡 期 ", "a Hangzhou numeral (numeric, outside the fast path) stays a word")
    }

    @Test("a term becomes a phrase; its trailing run has no closing character, or is a prefix when single",
          arguments: [
              ("医", "\"医\" *"),
              ("医保", "\"医保\""),
              ("医保基金", "\"医保 保基 基金\""),
              ("医保，基金", "\"医保 保 基金\""),
              ("医保，基", "\"医保 保 基\" *"),
              ("5G网络", "\"5g 网络\""),
              ("网络5G", "\"网络 络 5g\""),
              ("AI", "\"ai\""),
              // Punctuation around a term is not part of it: 医保。 is 医保 (issue 14).
              ("医保。", "\"医保\""),
              ("“医保基金”", "\"医保 保基 基金\""),
              ("\"审计", "\"审计\""),
          ])
    func phrases(term: String, phrase: String) {
        #expect(SearchTokens.phrase(term) == phrase)
    }

    @Test("a term with nothing to search for has no phrase")
    func empty() {
        #expect(SearchTokens.phrase("，。！") == nil)
    }
}

/// How terms match stored text: runs, punctuation, mixed scripts.
@Suite("search matching")
struct SearchMatchingTests {
    static func store(_ dir: URL, bodies: [String]) throws -> GazetteStore {
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        _ = try store.ingest(bodies.enumerated().map { index, body in
            PageRecord(
                fileName: "p\(index).txt", source: nil, size: 1, receivedAt: Date(),
                page: ParsedPage(sha256: "p\(index)", encoding: .utf8, articles: [
                    Article(seq: 1, headline: "第\(index)篇", paragraphs: [body])
                ]))
        })
        return store
    }

    static func pages(_ store: GazetteStore, _ text: String) throws -> Set<String> {
        Set(try store.search(SearchQuery(text: text, limit: 100)).map(\.article.fileSHA256))
    }

    @Test("no match across punctuation")
    func punctuation() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.store(dir, bodies: ["加强医保，基金安全", "医保基金安全"])
        #expect(try Self.pages(store, "保基") == ["p1"])
        #expect(try Self.pages(store, "医保基金") == ["p1"])
        #expect(try Self.pages(store, "医保，基金") == ["p0"])
        #expect(try Self.pages(store, "保，基") == ["p0"], "first run a suffix, last run a prefix")
        #expect(try Self.pages(store, "医保，基金安全") == ["p0"])
        #expect(try Self.pages(store, "强医，保基") == [], "a middle/first run must end where the text's run ends")
    }

    @Test("a one-character query finds the character inside, at the end of a run, and alone")
    func oneCharacter() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.store(dir, bodies: ["去看医生", "我们去找医", "（医）", "没有那个字"])
        #expect(try Self.pages(store, "医") == ["p0", "p1", "p2"])
        let hits = try store.search(SearchQuery(text: "医", limit: 100))
        #expect(hits.allSatisfy { $0.snippet.contains("【医】") })
    }

    @Test("a term whose first run starts in the middle of the text's run")
    func midRun() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.store(dir, bodies: ["全市医保基金监管", "基金会"])
        #expect(try Self.pages(store, "保基金") == ["p0"])
        #expect(try Self.pages(store, "基金") == ["p0", "p1"])
        #expect(try Self.pages(store, "金监管") == ["p0"])
        #expect(try Self.pages(store, "市医保基金监管") == ["p0"])
        #expect(try Self.pages(store, "医保基金监管局") == [])
    }

    @Test("mixed Latin and CJK: Latin words and numbers match whole words, case- and width-folded")
    func mixed() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.store(dir, bodies: ["推进5G网络建设", "ＡＩ赋能５Ｇ网络", "AIDS防治"])
        #expect(try Self.pages(store, "5G网络") == ["p0", "p1"])
        #expect(try Self.pages(store, "5g") == ["p0", "p1"])
        #expect(try Self.pages(store, "G网络") == [], "G is not a word of the text")
        #expect(try Self.pages(store, "ai") == ["p1"], "AI is not a prefix of AIDS")
        #expect(try Self.pages(store, "AI赋能") == ["p1"])
        let hit = try #require(try store.search(SearchQuery(text: "5G网络")).first { $0.article.fileSHA256 == "p1" })
        #expect(hit.snippet.contains("【５Ｇ网络】"), "\(hit.snippet)")
    }

    @Test("ranking covers the newest rankWindow matches, or all of them when nil")
    func rankWindow() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        _ = try store.ingest((0..<5).map { index in
            PageRecord(
                fileName: "p\(index).txt", source: nil, size: 1, receivedAt: Date(),
                page: ParsedPage(sha256: "p\(index)", encoding: .utf8, articles: [
                    Article(seq: 1, headline: index == 0 ? "专项审计" : "今日要闻", paragraphs: ["开展审计工作。"])
                ]))
        })
        func pages(window: Int?, limit: Int) throws -> [String] {
            try store.search(SearchQuery(text: "审计", limit: limit, rankWindow: window)).map(\.article.fileSHA256)
        }
        #expect(try pages(window: nil, limit: 1) == ["p0"], "the headline match ranks first")
        #expect(try pages(window: 2, limit: 1) == ["p4"], "only the 2 newest are ranked; equal ranks, newest first")
        #expect(try pages(window: 2, limit: 5).count == 5, "the window is never smaller than the limit")
        #expect(try pages(window: 2, limit: 5).first == "p0")
    }

    @Test("gazette_rank is bm25 up to the one-term IDF factor: the same order", arguments: ["\"医保\"", "\"审计\"", "\"医\" *"])
    func rankIsBM25(phrase: String) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SearchTests.seededStore(dir)
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT bm25(search_text, \(GazetteStore.weights)) AS bm25, gazette_rank(search_text, \(GazetteStore.weights)) AS mine
                FROM search_text WHERE search_text MATCH ?
                """, arguments: [phrase])
        }
        #expect(rows.count >= 2)
        let ratios = rows.map { (Double.fromDatabaseValue($0["bm25"]) ?? 0) / (Double.fromDatabaseValue($0["mine"]) ?? 1) }
        let first = try #require(ratios.first)
        #expect(first > 0)
        #expect(ratios.allSatisfy { abs($0 - first) <= 1e-9 * abs(first) }, "\(ratios)")
    }
}
