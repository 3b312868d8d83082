import Foundation
import GRDB
import GazetteCore

/// One line of `gazette export` (and `gazette show`, and the reading room's
/// `/api/articles/{id}`): the article id and its page's SHA-256, file name, paper folder and
/// arrival time, then the parse contract's article fields written by `ArticleJSON` — the
/// same writer as `gazette parse --json`, so the two cannot drift — then what the store adds:
/// the analyst's label and the effective topic, the content hash, and the page's source for
/// pages read from a scan or a PDF.
///
/// Differences from a parse line, on purpose: every topic's score (not the best three), and
/// no `dropped_furniture` (a fact of the page's parse the store does not keep).
public struct ExportedArticle: Sendable {
    public var article: StoredArticle

    public init(article: StoredArticle) { self.article = article }

    /// One JSON object on one line (no trailing newline), as UTF-8 bytes.
    public func jsonBytes() -> [UInt8] {
        var out = JSONBuffer()
        out.reserve(article.article.paragraphs.reduce(512) { $0 + $1.utf8.count + 8 })
        out.raw("{\"id\":"); out.integer(Int(article.id))
        out.raw(",\"file_sha256\":"); out.string(article.fileSHA256)
        out.raw(",\"file\":"); out.string(article.fileName)
        out.raw(",\"folder\":"); out.optionalString(article.fileSource)
        out.raw(",\"received_at\":"); out.string(article.receivedAt.formatted(.iso8601))
        out.raw(",")
        ArticleJSON.writeFields(of: article.article, scores: .all, droppedFurniture: false, to: &out)
        if let label = article.label { out.raw(",\"label\":"); out.string(label) }
        if let topic = article.topic { out.raw(",\"topic\":"); out.string(topic) }
        out.raw(",\"content_sha256\":"); out.string(article.contentSHA256)
        // Additive (issue #21): the page's source, for pages read from a scan or a PDF only.
        if article.pageSource != .text {
            out.raw(",\"source_kind\":"); out.string(article.pageSource.kind.rawValue)
            if let engine = article.pageSource.engine { out.raw(",\"ocr_engine\":"); out.string(engine) }
            if let version = article.pageSource.engineVersion {
                out.raw(",\"ocr_engine_version\":"); out.string(version)
            }
            if let confidence = article.pageSource.meanConfidence {
                out.raw(",\"ocr_confidence\":"); out.number(confidence)
            }
        }
        out.raw("}")
        return out.bytes
    }

    /// The same line as a `String`.
    public func jsonLine() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }
}

extension GazetteStore {
    /// Streams stored articles in id order through `body`, one at a time, from one reader
    /// snapshot with a database cursor: memory stays constant however big the store is.
    ///
    /// - Returns: the number of articles passed to `body`.
    @discardableResult
    public func exportArticles(
        since: Date? = nil, until: Date? = nil, _ body: (StoredArticle) throws -> Void
    ) throws(StoreError) -> Int {
        let (whereSQL, arguments) = ArticleFilter(since: since, until: until).sql()
        return try read { db in
            let rows = try Row.fetchCursor(
                db, sql: StoredArticle.selectSQL + " WHERE " + whereSQL + " ORDER BY a.id", arguments: arguments)
            var count = 0
            while let row = try rows.next() {
                try body(StoredArticle(row: row))
                count += 1
            }
            return count
        }
    }
}
