import Foundation
import GRDB
import GazetteCore

/// One line of `gazette export`: the parse contract's article fields plus the article id
/// and its page's SHA-256, file name, paper folder and arrival time.
public struct ExportedArticle: Sendable, Encodable {
    public var article: StoredArticle

    public init(article: StoredArticle) { self.article = article }

    enum CodingKeys: String, CodingKey {
        case id, fileSHA256 = "file_sha256", file, folder, receivedAt = "received_at"
        case seq, kind, kicker, headline, subtitle, reporters, correspondents, photographers
        case source, dateline, continuedFrom = "continued_from", subheads, paragraphs
        case category, confidence, scores, label, topic, provinces, places, quality
        case contentSHA256 = "content_sha256"
        case sourceKind = "source_kind", ocrEngine = "ocr_engine", ocrEngineVersion = "ocr_engine_version"
        case ocrConfidence = "ocr_confidence"
    }

    struct QualityJSON: Encodable {
        var joined_breaks: Int
        var dropped_duplicates: Int
        var garbled_ratio: Double
        var ocr_confidence: Double?
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let a = article.article
        try c.encode(article.id, forKey: .id)
        try c.encode(article.fileSHA256, forKey: .fileSHA256)
        try c.encode(article.fileName, forKey: .file)
        try c.encode(article.fileSource, forKey: .folder)
        try c.encode(article.receivedAt.formatted(.iso8601), forKey: .receivedAt)
        try c.encode(a.seq, forKey: .seq)
        try c.encode(a.kind.rawValue, forKey: .kind)
        try c.encode(a.kicker, forKey: .kicker)
        try c.encode(a.headline, forKey: .headline)
        try c.encode(a.subtitle, forKey: .subtitle)
        try c.encode(a.reporters, forKey: .reporters)
        try c.encode(a.correspondents, forKey: .correspondents)
        try c.encode(a.photographers, forKey: .photographers)
        try c.encode(a.source, forKey: .source)
        try c.encode(a.dateline, forKey: .dateline)
        try c.encode(a.continuedFrom, forKey: .continuedFrom)
        try c.encode(a.subheads, forKey: .subheads)
        try c.encode(a.paragraphs, forKey: .paragraphs)
        if let classification = a.classification {
            try c.encode(classification.category, forKey: .category)
            try c.encode(classification.confidence, forKey: .confidence)
            try c.encode(classification.scores, forKey: .scores)
        }
        try c.encodeIfPresent(article.label, forKey: .label)
        try c.encodeIfPresent(article.topic, forKey: .topic)
        try c.encode(a.provinces, forKey: .provinces)
        try c.encode(a.places, forKey: .places)
        try c.encode(
            QualityJSON(
                joined_breaks: a.quality.joinedBreaks, dropped_duplicates: a.quality.droppedDuplicates,
                garbled_ratio: a.quality.garbledRatio, ocr_confidence: a.quality.ocrConfidence), forKey: .quality)
        try c.encode(article.contentSHA256, forKey: .contentSHA256)
        // Additive (issue #21): the page's source, for pages read from a scan or a PDF only.
        if article.pageSource != .text {
            try c.encode(article.pageSource.kind.rawValue, forKey: .sourceKind)
            try c.encodeIfPresent(article.pageSource.engine, forKey: .ocrEngine)
            try c.encodeIfPresent(article.pageSource.engineVersion, forKey: .ocrEngineVersion)
            try c.encodeIfPresent(article.pageSource.meanConfidence, forKey: .ocrConfidence)
        }
    }

    /// The encoder for export lines: sorted keys, one line. Make one per export and reuse it.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// One JSON object on one line (no trailing newline).
    public func jsonLine(encoder: JSONEncoder = makeEncoder()) throws -> String {
        String(decoding: try encoder.encode(self), as: UTF8.self)
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
