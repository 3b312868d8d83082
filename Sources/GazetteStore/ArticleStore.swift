import Foundation
import GazetteCore

/// What reads a store: the analyst commands (search, show, stats, export, verify) and the
/// reading room, whichever database holds it.
///
/// The SQLite `GazetteStore` conforms, and so does the PostgreSQL store (GazetteStorePostgres):
/// the same query semantics — the same search tokens, filters, rank window and order of
/// equal ranks — so a command or a page never asks which one it has.
public protocol StoreReader: Sendable {
    /// Where the store is, for messages: the file's path, or the database URL (never a password).
    var location: String { get }
    /// Ranked hits for the query's terms under its filters (the semantics of `gazette search`).
    func search(_ query: SearchQuery, marks: (open: String, close: String)) throws(StoreError) -> [SearchHit]
    /// How many articles match the query's terms and filters, counting no further than `cap`.
    func countMatches(_ query: SearchQuery, cap: Int?) throws(StoreError) -> Int
    /// `search` and `countMatches(cap:)` together, as a page of results shows them; a store
    /// may answer both from one walk of its index.
    func searchCounting(_ query: SearchQuery, marks: (open: String, close: String), cap: Int) throws(StoreError)
        -> (hits: [SearchHit], total: Int)
    /// The newest articles (most recently stored first) under the query's filters (its text ignored).
    func newestArticles(filteredBy query: SearchQuery, limit: Int, offset: Int) throws(StoreError) -> [StoredArticle]
    /// How many articles pass the query's filters (its text ignored), counting no further than `cap`.
    func countArticles(filteredBy query: SearchQuery, cap: Int?) throws(StoreError) -> Int
    func article(id: Int64) throws(StoreError) -> StoredArticle?
    /// The articles of one page, in reading order.
    func articles(fileID: Int64) throws(StoreError) -> [StoredArticle]
    func stats(recentFailures: Int) throws(StoreError) -> StoreStats
    /// The totals alone (the overview's cards), cheaper than `stats`.
    func totals(recentFailures: Int) throws(StoreError) -> StoreTotals
    func overview(since: Date) throws(StoreError) -> StoreOverview
    func newestPages(limit: Int) throws(StoreError) -> [StoredPage]
    /// Streams the articles received in [since, until) in id order through `body`, in
    /// constant memory; returns how many.
    @discardableResult
    func exportArticles(since: Date?, until: Date?, _ body: (StoredArticle) throws -> Void) throws(StoreError) -> Int
    /// Every labelled article with its latest label, in id order.
    func labelledArticles() throws(StoreError) -> [(article: StoredArticle, label: String)]
    /// The database's own integrity checks plus the store's invariants.
    func verify() throws(StoreError) -> VerifyReport
    /// Bytes the store takes on disk (for /metrics).
    func sizeInBytes() -> Int
    /// A number that changes whenever the store's data does: the reading room keeps its
    /// answers until it moves (`AnswerCache`). nil when the store cannot tell; then nothing
    /// is kept.
    func currentDataVersion() -> Int?
}

extension StoreReader {
    public func currentDataVersion() -> Int? { nil }

    /// The two queries one after the other.
    public func searchCounting(_ query: SearchQuery, marks: (open: String, close: String), cap: Int) throws(StoreError)
        -> (hits: [SearchHit], total: Int)
    {
        let hits = try search(query, marks: marks)
        // Fewer hits than asked for: the ranking held every match (its window is never
        // smaller than the limit), so they are the count, exact.
        return (hits, hits.count < query.limit ? hits.count : try countMatches(query, cap: cap))
    }
}

/// A store the commands write to as well: pages (`gazette ingest`), failure records,
/// analyst labels and reclassification.
public protocol ArticleStore: StoreReader {
    /// Writes a batch of pages in one transaction, each stored exactly once by its SHA-256;
    /// durable when this returns. One outcome per page, in order.
    func ingest(_ pages: [PageRecord]) throws(StoreError) -> [IngestOutcome]
    func recordFailure(_ failure: FailureRecord) throws(StoreError)
    /// The id of the stored file with these bytes, if any.
    func fileID(sha256: String) throws(StoreError) -> Int64?
    @discardableResult
    func label(articleID: Int64, topic: String, at: Date) throws(StoreError) -> Int64
    func reclassify(
        since: Date?, batchSize: Int, at: Date, _ classify: (Article) -> Classification?
    ) throws(StoreError) -> ReclassifySummary
}

extension GazetteStore: ArticleStore {
    public var location: String { path }

    /// SQLite's data version (see `dataVersion()`); nil if it cannot be read, so that an
    /// error costs the cache, never a stale answer.
    public func currentDataVersion() -> Int? { try? dataVersion() }

    /// The database file with its write-ahead log and shared-memory index.
    public func sizeInBytes() -> Int {
        [path, path + "-wal", path + "-shm"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
            return total + (size ?? 0)
        }
    }
}
