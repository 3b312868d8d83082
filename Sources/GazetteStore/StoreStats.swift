import Foundation
import GRDB

/// Totals and breakdowns of the store, for `gazette stats`.
///
/// The JSON form has the top-level keys `pages` (distinct pages stored), `articles`,
/// `duplicates` (arrivals of already-stored bytes) and `failed` (quarantined files), plus
/// `by_topic`, `by_province`, `by_source`, `by_kind` (article counts) and `by_day` (pages
/// and articles per UTC day received), and `recent_failures`.
public struct StoreStats: Sendable, Codable, Equatable {
    public struct Day: Sendable, Codable, Equatable {
        public var pages: Int
        public var articles: Int
    }

    public struct Failure: Sendable, Codable, Equatable {
        public var name: String
        public var code: String
        public var message: String
        public var at: Date
    }

    public var pages: Int
    public var articles: Int
    public var duplicates: Int
    public var failed: Int
    public var labelled: Int
    public var byTopic: [String: Int]
    public var byProvince: [String: Int]
    public var bySource: [String: Int]
    public var byKind: [String: Int]
    public var byDay: [String: Day]
    public var recentFailures: [Failure]

    enum CodingKeys: String, CodingKey {
        case pages, articles, duplicates, failed, labelled
        case byTopic = "by_topic", byProvince = "by_province", bySource = "by_source", byKind = "by_kind"
        case byDay = "by_day", recentFailures = "recent_failures"
    }
}

extension GazetteStore {
    /// Counts over one consistent snapshot of the store.
    public func stats(recentFailures: Int = 20) throws(StoreError) -> StoreStats {
        try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            func tally(_ sql: String) throws -> [String: Int] {
                var out: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: sql) { out[row[0] ?? "(none)"] = row[1] }
                return out
            }
            var byDay: [String: StoreStats.Day] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT substr(received_at, 1, 10) AS day, count(*), sum(article_count) FROM files GROUP BY day
                """)
            {
                byDay[row[0]] = StoreStats.Day(pages: row[1], articles: row[2] ?? 0)
            }
            let failures = try Row.fetchAll(
                db, sql: "SELECT name, code, message, at FROM failures ORDER BY id DESC LIMIT ?",
                arguments: [recentFailures]
            ).map { StoreStats.Failure(name: $0["name"], code: $0["code"], message: $0["message"], at: $0["at"]) }
            return StoreStats(
                pages: try count("SELECT count(*) FROM files"),
                articles: try count("SELECT count(*) FROM articles"),
                duplicates: try count("SELECT count(*) FROM duplicates"),
                failed: try count("SELECT count(*) FROM failures"),
                labelled: try count("SELECT count(DISTINCT article_id) FROM labels"),
                byTopic: try tally("""
                    SELECT coalesce((SELECT topic FROM labels l WHERE l.article_id = a.id ORDER BY l.id DESC LIMIT 1),
                        a.category, 'unclassified') AS t, count(*) FROM articles a GROUP BY t
                    """),
                byProvince: try tally("""
                    SELECT coalesce(p.value, '(none)') AS v, count(*) FROM articles a
                    LEFT JOIN json_each(a.provinces) p GROUP BY v
                    """),
                bySource: try tally("""
                    SELECT coalesce(f.source, a.source, '(unknown)') AS s, count(*)
                    FROM articles a JOIN files f ON f.id = a.file_id GROUP BY s
                    """),
                byKind: try tally("SELECT kind, count(*) FROM articles GROUP BY kind"),
                byDay: byDay,
                recentFailures: failures)
        }
    }
}
