import Foundation
import GazetteCore
import GazetteStore

/// Store throughput with the real durability settings (WAL, `synchronous=FULL`), by batch
/// size: how many pages and articles per second `ingest` commits when the daemon groups
/// `batchSize` pages per transaction. For `gazette-bench store`; never asserted in tests.
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
            let (articles, seconds) = try fill(store, templates: templates, pages: pagesPerRun, batchSize: batchSize)
            results.append(Result(batchSize: batchSize, pages: pagesPerRun, articles: articles, seconds: seconds))
        }
        return results
    }

    /// Ingests `pages` distinct copies of `templates` (fresh SHA-256s) in batches of
    /// `batchSize`; returns the articles written and the seconds spent in `ingest`.
    public static func fill(
        _ store: GazetteStore, templates: [PageRecord], pages count: Int, batchSize: Int
    ) throws(StoreError) -> (articles: Int, seconds: Double) {
        guard !templates.isEmpty else { throw .invalidInput(detail: "the store benchmark needs at least one page") }
        let run = UUID().uuidString.prefix(8)
        let pages = (0..<count).map { index -> PageRecord in
            var record = templates[index % templates.count]
            record.page.sha256 = "bench-\(run)-\(index)-" + record.page.sha256
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
        return (articles, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Time of one search, averaged over `repeats`, for each query.
    public struct SearchTiming: Sendable, Encodable {
        public var query: String
        public var hits: Int
        public var milliseconds: Double
    }

    /// Times `queries` against an existing store, with no result limit worth mentioning.
    public static func searchTimings(
        store: GazetteStore, queries: [String], repeats: Int = 5
    ) throws(StoreError) -> [SearchTiming] {
        var timings: [SearchTiming] = []
        for query in queries {
            var hits = 0
            let start = ContinuousClock.now
            for _ in 0..<max(1, repeats) {
                hits = try store.search(SearchQuery(text: query, limit: 20)).count
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            timings.append(SearchTiming(query: query, hits: hits, milliseconds: seconds * 1000 / Double(max(1, repeats))))
        }
        return timings
    }
}
