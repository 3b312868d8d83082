import Foundation
import GRDB
import GazetteCore

/// What `reclassify` did.
public struct ReclassifySummary: Sendable, Codable, Equatable {
    /// Articles handed to the classifier.
    public var examined: Int
    /// Articles whose category, confidence or scores changed.
    public var changed: Int
    /// Articles left alone because an analyst labelled them.
    public var skippedLabelled: Int
    /// Articles the classifier returned no verdict for (left as they were).
    public var noVerdict: Int

    enum CodingKeys: String, CodingKey {
        case examined, changed, skippedLabelled = "skipped_labelled", noVerdict = "no_verdict"
    }
}

extension GazetteStore {
    /// Records an analyst's topic for an article; the latest label wins over the classifier
    /// everywhere (search filters, stats, export) and `reclassify` never touches it.
    @discardableResult
    public func label(articleID: Int64, topic: String, at: Date = Date()) throws(StoreError) -> Int64 {
        guard Taxonomy.allIDs.contains(topic) else {
            throw .invalidInput(detail: "unknown topic \"\(topic)\": use one of \(Taxonomy.allIDs.joined(separator: ", "))")
        }
        return try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM articles WHERE id = ?", arguments: [articleID]) != nil else {
                throw StoreError.noSuchArticle(id: articleID)
            }
            try db.execute(
                sql: "INSERT INTO labels(article_id, topic, at) VALUES (?, ?, ?)", arguments: [articleID, topic, at])
            return db.lastInsertedRowID
        }
    }

    /// Re-runs `classify` over stored articles (received at or after `since`), in batches of
    /// `batchSize`: each batch is read from a snapshot, classified outside any transaction,
    /// and written in one short transaction, so the daemon is never blocked for long.
    /// Labelled articles are skipped, and the update re-checks for a label in the same
    /// transaction, so a label recorded meanwhile is not overridden either.
    public func reclassify(
        since: Date? = nil, batchSize: Int = 500, at: Date = Date(),
        _ classify: (Article) -> Classification?
    ) throws(StoreError) -> ReclassifySummary {
        var summary = ReclassifySummary(examined: 0, changed: 0, skippedLabelled: 0, noVerdict: 0)
        let (whereSQL, arguments) = ArticleFilter(since: since).sql()
        summary.skippedLabelled = try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM articles a JOIN files f ON f.id = a.file_id WHERE " + whereSQL
                    + " AND EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.id)", arguments: arguments) ?? 0
        }
        var lastID: Int64 = 0
        while true {
            let batch = try read { db in
                try Row.fetchAll(
                    db, sql: StoredArticle.selectSQL + " WHERE " + whereSQL
                        + " AND a.id > ? AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.id) ORDER BY a.id LIMIT ?",
                    arguments: arguments + [lastID, max(1, batchSize)]
                ).map(StoredArticle.init(row:))
            }
            guard let last = batch.last else { break }
            lastID = last.id
            var updates: [(Int64, Classification)] = []
            for stored in batch {
                summary.examined += 1
                guard let verdict = classify(stored.article) else {
                    summary.noVerdict += 1
                    continue
                }
                if verdict != stored.article.classification { updates.append((stored.id, verdict)) }
            }
            guard !updates.isEmpty else { continue }
            summary.changed += try write { db in
                var changed = 0
                for (id, verdict) in updates {
                    try db.execute(
                        sql: """
                            UPDATE articles SET category = ?, confidence = ?, scores = ?, classified_at = ?
                            WHERE id = ? AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.article_id = articles.id)
                            """,
                        arguments: [verdict.category, verdict.confidence, JSONColumn.text(verdict.scores), at, id])
                    changed += db.changesCount
                }
                return changed
            }
        }
        return summary
    }
}

extension GazetteStore {
    /// Every labelled article with its latest label, in article id order: what
    /// `gazette train --store` learns from.
    public func labelledArticles() throws(StoreError) -> [(article: StoredArticle, label: String)] {
        try read { db in
            try Row.fetchAll(
                db, sql: StoredArticle.selectSQL + " WHERE EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.id) ORDER BY a.id"
            ).map(StoredArticle.init(row:)).compactMap { stored in stored.label.map { (stored, $0) } }
        }
    }
}
