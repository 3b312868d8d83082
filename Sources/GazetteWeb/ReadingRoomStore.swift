import Foundation
import GazetteStore

/// What the reading room reads from a store: every query it makes, and nothing that writes.
///
/// `GazetteStore` (SQLite) conforms below; another store (PostgreSQL) slots in by conforming
/// too, with the same query semantics, and the pages and the API do not change.
public protocol ReadingRoomStore: Sendable {
    /// Ranked hits for the query's terms under its filters (the semantics of `gazette search`).
    func search(_ query: SearchQuery, marks: (open: String, close: String)) throws(StoreError) -> [SearchHit]
    /// How many articles match the query's terms and filters, counting no further than `cap`.
    func countMatches(_ query: SearchQuery, cap: Int?) throws(StoreError) -> Int
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
    /// Bytes the store takes on disk (for /metrics).
    func sizeInBytes() -> Int
    /// A number that changes whenever the store's data does: the reading room keeps its
    /// answers until it moves (`AnswerCache`). nil when the store cannot tell; then nothing
    /// is kept.
    func currentDataVersion() -> Int?
}

extension ReadingRoomStore {
    public func currentDataVersion() -> Int? { nil }
}

extension GazetteStore: ReadingRoomStore {
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
