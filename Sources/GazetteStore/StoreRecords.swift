import Foundation
import GazetteCore

/// One parsed page on its way into the store, with where it came from.
///
/// Making a record also prepares its articles' rows (JSON columns, content hash, index
/// tokens: see ``ArticleRow``), so whoever makes it pays for that: the daemon makes
/// records on its parallel workers, and the store's single writer only binds and writes.
public struct PageRecord: Sendable {
    /// The file's name as it arrived in the inbox (relative to the inbox).
    public var fileName: String
    /// The paper: the inbox subfolder it was dropped in, or nil.
    public var source: String?
    public var size: Int
    public var receivedAt: Date
    public var page: ParsedPage {
        get { parsed }
        set {
            parsed = newValue
            rows = newValue.articles.map(ArticleRow.init)
        }
    }
    private var parsed: ParsedPage
    /// `page.articles` as the store writes them, kept in step with `page`.
    private(set) var rows: [ArticleRow]

    public init(fileName: String, source: String?, size: Int, receivedAt: Date, page: ParsedPage) {
        self.fileName = fileName
        self.source = source
        self.size = size
        self.receivedAt = receivedAt
        self.parsed = page
        self.rows = page.articles.map(ArticleRow.init)
    }

    /// The same articles (and prepared rows) under another identity: the store benchmark
    /// stores one parsed page many times as distinct files.
    func renamed(sha256: String, fileName: String) -> PageRecord {
        var copy = self
        copy.parsed.sha256 = sha256
        copy.fileName = fileName
        return copy
    }
}

/// The values of one article's `articles` and `search_text` rows that take work to make:
/// its JSON columns, its content hash and its index tokens. Pure functions of the article,
/// so they are made with the record (in parallel in the daemon), not in the transaction.
struct ArticleRow: Sendable {
    var reporters: String
    var correspondents: String
    var photographers: String
    var subheads: String
    var paragraphs: String
    var provinces: String
    var places: String
    var scores: String?
    var contentSHA256: String
    /// The index text of headline, subtitle, kicker, body and names, in column order.
    var search: [String]

    init(_ article: Article) {
        reporters = JSONColumn.text(article.reporters)
        correspondents = JSONColumn.text(article.correspondents)
        photographers = JSONColumn.text(article.photographers)
        subheads = JSONColumn.text(article.subheads)
        paragraphs = JSONColumn.text(article.paragraphs)
        provinces = JSONColumn.text(article.provinces)
        places = JSONColumn.text(article.places)
        scores = article.classification.map { JSONColumn.text($0.scores) }
        contentSHA256 = ArticleHash.hex(article)
        search = SearchText(
            headline: article.headline, subtitle: article.subtitle, kicker: article.kicker,
            paragraphs: article.paragraphs, names: article.reporters + article.correspondents + article.photographers
        ).columns
    }
}

/// What became of one page in `ingest`.
public enum IngestOutcome: Sendable, Equatable {
    /// Newly stored, with the ids of its articles in `seq` order.
    case stored(fileID: Int64, articleIDs: [Int64])
    /// The same bytes were stored before (under this file id); nothing new was written.
    case duplicate(ofFileID: Int64)
}

/// A file that could not be stored, for the record.
public struct FailureRecord: Sendable {
    public var fileName: String
    public var sha256: String?
    public var size: Int
    public var code: String
    public var message: String
    public var at: Date

    public init(fileName: String, sha256: String?, size: Int, code: String, message: String, at: Date) {
        self.fileName = fileName
        self.sha256 = sha256
        self.size = size
        self.code = code
        self.message = message
        self.at = at
    }
}
