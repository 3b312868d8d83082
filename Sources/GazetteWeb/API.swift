import Foundation
import GazetteStore

/// The JSON API beside the pages: the same queries, the same bounds, machine-readable.
enum API {
    struct SearchResponse: Encodable {
        struct Query: Encodable {
            var q: String
            var topic: String?
            var province: String?
            var source: String?
            var since: String?
            var until: String?
        }

        struct Hit: Encodable {
            var id: Int64
            var url: String
            var headline: String?
            var paper: String?
            var received: String
            var topic: String?
            var topic_name: String
            var file: String
            var seq: Int
            /// The passage around the first match, each match in 【】 (as `gazette search --json`);
            /// null when listing the newest articles.
            var snippet: String?
            var rank: Double?
        }

        var query: Query
        /// Matching articles, counted up to `SearchResults.countCap` (2,000) …
        var total: Int
        /// … false when the count stopped there (there are more).
        var total_exact: Bool
        var page: Int
        var pages: Int
        var limit: Int
        var hits: [Hit]
    }

    static func search(_ results: SearchResults, topics: TopicNames) -> SearchResponse {
        let p = results.parameters
        return SearchResponse(
            query: .init(q: p.text, topic: p.topic, province: p.province, source: p.source, since: p.since, until: p.until),
            total: results.total, total_exact: !results.totalIsLowerBound, page: p.page, pages: results.pageCount, limit: p.limit,
            hits: results.items.map { item in
                let stored = item.article
                return .init(
                    id: stored.id, url: "/articles/\(stored.id)", headline: stored.article.headline, paper: stored.paper,
                    received: Day.string(stored.receivedAt), topic: stored.topic, topic_name: topics.name(stored.topic),
                    file: stored.fileName, seq: stored.article.seq,
                    snippet: item.snippet.map {
                        String(String.UnicodeScalarView($0.unicodeScalars.map {
                            $0 == SearchResults.Marks.open ? "【" : $0 == SearchResults.Marks.close ? "】" : $0
                        }))
                    },
                    rank: item.rank)
            })
    }

    /// `gazette stats --json`'s object plus the store's size on disk.
    struct StatsResponse: Encodable {
        var stats: StoreStats
        var storeBytes: Int

        enum Keys: String, CodingKey { case storeBytes = "store_bytes" }

        func encode(to encoder: any Encoder) throws {
            try stats.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(storeBytes, forKey: .storeBytes)
        }
    }

    struct ErrorResponse: Encodable {
        var status: Int
        var error: String
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// `/metrics` in the Prometheus text exposition format (version 0.0.4), written by hand:
/// a handful of gauges read from the store at scrape time need no client library.
enum Metrics {
    static func render(_ stats: StoreStats, storeBytes: Int) -> String {
        var out = ""
        func gauge(_ name: String, _ help: String, _ samples: [(labels: String, value: Int)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples { out += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        gauge("gazette_pages", "Pages stored (distinct by SHA-256).", [("", stats.pages)])
        gauge("gazette_articles", "Articles stored.", [("", stats.articles)])
        gauge("gazette_duplicates", "Arrivals of already-stored pages.", [("", stats.duplicates)])
        gauge("gazette_failures", "Files refused and recorded in the store.", [("", stats.failed)])
        gauge(
            "gazette_articles_by_topic", "Articles per topic (analyst label, else classifier category).",
            stats.byTopic.sorted { $0.key < $1.key }.map { ("{topic=\"\(label($0.key))\"}", $0.value) })
        gauge("gazette_store_size_bytes", "Bytes the store takes on disk (database, WAL and shared memory).", [("", storeBytes)])
        return out
    }

    /// A label value: backslash, double quote and newline escaped, as the format requires.
    static func label(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
