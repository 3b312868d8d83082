import Foundation
import GazetteCore

/// Store throughput with the real durability settings (WAL, `synchronous=FULL`), by batch
/// size: how many pages and articles per second `ingest` commits when the daemon groups
/// `batchSize` pages per transaction. For `gazette bench store`; never asserted in tests.
public enum StoreBench {
    public struct Result: Sendable, Encodable {
        public var batchSize: Int
        public var pages: Int
        public var articles: Int
        public var seconds: Double
        public var pagesPerSecond: Double { seconds > 0 ? Double(pages) / seconds : 0 }
        public var articlesPerSecond: Double { seconds > 0 ? Double(articles) / seconds : 0 }

        enum CodingKeys: String, CodingKey {
            case batchSize = "batch_size", pages, articles, seconds, pagesPerSecond = "pages_per_second"
            case articlesPerSecond = "articles_per_second"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(batchSize, forKey: .batchSize)
            try c.encode(pages, forKey: .pages)
            try c.encode(articles, forKey: .articles)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(pagesPerSecond, forKey: .pagesPerSecond)
            try c.encode(articlesPerSecond, forKey: .articlesPerSecond)
        }
    }

    /// Ingests `pagesPerRun` distinct pages (copies of `templates` under fresh SHA-256s)
    /// into a fresh store in `directory` for each batch size; parsing is not timed.
    public static func run(
        templates: [PageRecord], pagesPerRun: Int, batchSizes: [Int], directory: URL
    ) throws(StoreError) -> [Result] {
        guard !templates.isEmpty else { throw .invalidInput(detail: "the store benchmark needs at least one page") }
        var results: [Result] = []
        for batchSize in batchSizes {
            let path = directory.appendingPathComponent("bench-\(batchSize)-\(UUID().uuidString).sqlite").path
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            let store = try GazetteStore(path: path)
            let pages = (0..<pagesPerRun).map { index -> PageRecord in
                var record = templates[index % templates.count]
                record.page.sha256 = String(format: "bench%08d-", index) + record.page.sha256
                record.fileName = "bench-\(index)-" + record.fileName
                return record
            }
            let articles = pages.reduce(0) { $0 + $1.page.articles.count }
            let start = ContinuousClock.now
            var offset = 0
            while offset < pages.count {
                let end = min(pages.count, offset + max(1, batchSize))
                _ = try store.ingest(Array(pages[offset..<end]))
                offset = end
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            results.append(Result(batchSize: batchSize, pages: pages.count, articles: articles, seconds: seconds))
        }
        return results
    }
}
