import Foundation
import GRDB
import GazetteCore

/// An article as the store holds it: the parsed article plus where and when its page came
/// in, and the analyst's label if any.
public struct StoredArticle: Sendable, Equatable {
    public var id: Int64
    public var fileID: Int64
    /// SHA-256 of the page's bytes (the page's identity).
    public var fileSHA256: String
    /// The page file's name as it arrived.
    public var fileName: String
    /// The inbox subfolder (paper) the page was dropped in, or nil.
    public var fileSource: String?
    public var receivedAt: Date
    public var storedAt: Date
    public var article: Article
    /// When the classification was last written (at ingest or by `reclassify`).
    public var classifiedAt: Date?
    /// The article's own content hash.
    public var contentSHA256: String
    /// The latest analyst label, which wins over the classifier.
    public var label: String?
    /// What the page was read from (text, an image's OCR, a PDF), and the OCR engine's figures.
    public var pageSource: PageSource = .text

    /// The topic to show and filter on: the analyst's label, else the classifier's category.
    public var topic: String? { label ?? article.classification?.category }

    /// The paper: the inbox subfolder, else the paper named in the byline.
    public var paper: String? { fileSource ?? article.source }
}

extension StoredArticle {
    /// The columns `init(row:)` reads; `a` is `articles`, `f` is `files`.
    static let columnsSQL = """
        a.*, f.sha256 AS file_sha256, f.name AS file_name, f.source AS file_source,
        f.received_at AS file_received_at, f.stored_at AS file_stored_at,
        f.source_kind AS file_source_kind, f.ocr_engine AS file_ocr_engine,
        f.ocr_engine_version AS file_ocr_engine_version, f.ocr_confidence AS file_ocr_confidence,
        (SELECT topic FROM labels l WHERE l.article_id = a.id ORDER BY l.id DESC LIMIT 1) AS label
        """
    static let fromSQL = "articles a JOIN files f ON f.id = a.file_id"
    static let selectSQL = "SELECT \(columnsSQL) FROM \(fromSQL)"

    init(row: Row) {
        var classification: Classification?
        if let category: String = row["category"] {
            classification = Classification(
                category: category, confidence: row["confidence"] ?? 0, scores: JSONColumn.scores(row["scores"]))
        }
        let article = Article(
            seq: row["seq"],
            kind: ArticleKind(rawValue: row["kind"] ?? "") ?? .news,
            kicker: row["kicker"], headline: row["headline"], subtitle: row["subtitle"],
            reporters: JSONColumn.strings(row["reporters"]),
            correspondents: JSONColumn.strings(row["correspondents"]),
            photographers: JSONColumn.strings(row["photographers"]),
            source: row["source"], dateline: row["dateline"], continuedFrom: row["continued_from"],
            subheads: JSONColumn.strings(row["subheads"]), paragraphs: JSONColumn.strings(row["paragraphs"]),
            classification: classification,
            provinces: JSONColumn.strings(row["provinces"]), places: JSONColumn.strings(row["places"]),
            quality: Quality(
                joinedBreaks: row["joined_breaks"], droppedDuplicates: row["dropped_duplicates"],
                garbledRatio: row["garbled_ratio"], ocrConfidence: row["ocr_confidence"]))
        self.init(
            id: row["id"], fileID: row["file_id"], fileSHA256: row["file_sha256"], fileName: row["file_name"],
            fileSource: row["file_source"], receivedAt: row["file_received_at"], storedAt: row["file_stored_at"],
            article: article, classifiedAt: row["classified_at"], contentSHA256: row["content_sha256"],
            label: row["label"],
            pageSource: PageSource(
                kind: PageSource.Kind(rawValue: row["file_source_kind"] ?? "text") ?? .text,
                engine: row["file_ocr_engine"], engineVersion: row["file_ocr_engine_version"],
                meanConfidence: row["file_ocr_confidence"]))
    }
}

extension GazetteStore {
    /// One article in full, or nil when there is no such id.
    public func article(id: Int64) throws(StoreError) -> StoredArticle? {
        try read { db in
            try Row.fetchOne(db, sql: StoredArticle.selectSQL + " WHERE a.id = ?", arguments: [id])
                .map(StoredArticle.init(row:))
        }
    }

    /// The articles of one stored page, in `seq` order.
    public func articles(fileID: Int64) throws(StoreError) -> [StoredArticle] {
        try read { db in
            try Row.fetchAll(db, sql: StoredArticle.selectSQL + " WHERE a.file_id = ? ORDER BY a.seq", arguments: [fileID])
                .map(StoredArticle.init(row:))
        }
    }

    /// Stored pages as (id, sha256, name, article_count), in id order: for checks and tools.
    public func files() throws(StoreError) -> [(id: Int64, sha256: String, name: String, articleCount: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, sha256, name, article_count FROM files ORDER BY id").map {
                (id: $0["id"], sha256: $0["sha256"], name: $0["name"], articleCount: $0["article_count"])
            }
        }
    }
}
