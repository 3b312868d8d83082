import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// A scanned page keeps its source (kind, OCR engine and version, mean confidence) and
/// each article its OCR confidence, on both backends and back out of export.
@Suite("Page source in the store")
struct PageSourceStoreTests {
    static func scanned(_ record: PageRecord) -> PageRecord {
        var record = record
        record.page.source = PageSource(kind: .image, engine: "tesseract", engineVersion: "5.3.0", meanConfidence: 0.42)
        for index in record.page.articles.indices {
            record.page.articles[index].quality.ocrConfidence = 0.3 + Double(index) / 100
        }
        return record
    }

    @Test("ingest writes the source; read and export give it back; text pages stay text", arguments: Backend.allCases)
    func roundTrip(backend: Backend) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try backend.makeStore(in: dir)
        let records = try Fixtures.seedRecords()
        let scan = Self.scanned(records[0])
        let outcomes = try store.ingest([scan, records[1]])
        guard case .stored(let scanID, _) = outcomes[0], case .stored(let textID, _) = outcomes[1] else {
            Issue.record("not stored: \(outcomes)")
            return
        }
        let articles = try store.articles(fileID: scanID)
        #expect(articles.count == scan.page.articles.count)
        for (stored, written) in zip(articles, scan.page.articles) {
            #expect(stored.pageSource == scan.page.source)
            #expect(stored.article.quality.ocrConfidence == written.quality.ocrConfidence)
        }
        let line = ExportedArticle(article: try #require(articles.first)).jsonLine()
        #expect(line.contains("\"source_kind\":\"image\"") && line.contains("\"ocr_engine\":\"tesseract\""))
        #expect(line.contains("\"ocr_confidence\":0.3"))
        let text = try store.articles(fileID: textID)
        #expect(text.allSatisfy { $0.pageSource == .text && $0.article.quality.ocrConfidence == nil })
        let textLine = ExportedArticle(article: try #require(text.first)).jsonLine()
        #expect(!textLine.contains("source_kind") && !textLine.contains("ocr_"))
    }
}
