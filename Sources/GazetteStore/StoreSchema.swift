import GRDB

/// The store's schema as named, ordered migrations. A migration, once released, never
/// changes: a new need is a new migration appended at the end.
enum StoreSchema {
    static let filesArticles = "v1-files-articles"
    static let searchIndex = "v2-search-index"
    static let labels = "v3-labels"
    static let searchText = "v4-search-text"
    static let searchMerge = "v5-search-merge"
    static let pageSource = "v6-page-source"

    /// All migrations, in order; `migrate(_:upTo:)` stops after any of them (tests use it
    /// to build a store as an older Gazette left it).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(filesArticles) { db in
            try db.execute(sql: """
                CREATE TABLE files (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) > 0),
                    name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    encoding TEXT NOT NULL,
                    replaced_bytes INTEGER NOT NULL DEFAULT 0,
                    source TEXT,
                    received_at DATETIME NOT NULL,
                    stored_at DATETIME NOT NULL,
                    -- articles written with the file in the same transaction; verify checks it
                    article_count INTEGER NOT NULL,
                    duplicate_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX files_received_at ON files(received_at);
                CREATE INDEX files_source ON files(source);

                CREATE TABLE duplicates (
                    id INTEGER PRIMARY KEY,
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    name TEXT NOT NULL,
                    source TEXT,
                    size INTEGER NOT NULL,
                    received_at DATETIME NOT NULL
                );
                CREATE INDEX duplicates_file_id ON duplicates(file_id);

                CREATE TABLE failures (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    sha256 TEXT,
                    size INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    at DATETIME NOT NULL
                );

                CREATE TABLE articles (
                    id INTEGER PRIMARY KEY,
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    seq INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    kicker TEXT,
                    headline TEXT,
                    subtitle TEXT,
                    reporters TEXT NOT NULL DEFAULT '[]',       -- JSON arrays of strings
                    correspondents TEXT NOT NULL DEFAULT '[]',
                    photographers TEXT NOT NULL DEFAULT '[]',
                    source TEXT,
                    dateline TEXT,
                    continued_from TEXT,
                    subheads TEXT NOT NULL DEFAULT '[]',
                    paragraphs TEXT NOT NULL DEFAULT '[]',
                    category TEXT,
                    confidence REAL,
                    scores TEXT,                                -- JSON object, or NULL
                    classified_at DATETIME,
                    provinces TEXT NOT NULL DEFAULT '[]',
                    places TEXT NOT NULL DEFAULT '[]',
                    joined_breaks INTEGER NOT NULL DEFAULT 0,
                    dropped_duplicates INTEGER NOT NULL DEFAULT 0,
                    garbled_ratio REAL NOT NULL DEFAULT 0,
                    content_sha256 TEXT NOT NULL,
                    UNIQUE (file_id, seq)
                );
                CREATE INDEX articles_category ON articles(category);
                """)
        }
        migrator.registerMigration(searchIndex) { db in
            // trigram: substring match for queries of 3+ characters, with bm25 and snippet.
            // grams: unicode61 over Swift-computed unigrams + bigrams, for 1-2 character
            // queries (LIKE on a trigram table is wrong on SQLite 3.40.1). Contentless: its
            // text is only ever matched, never shown.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE search_trigram USING fts5(
                    headline, subtitle, kicker, body, names, tokenize = 'trigram');
                CREATE VIRTUAL TABLE search_grams USING fts5(
                    headline, subtitle, kicker, body, names, content = '', tokenize = 'unicode61');
                """)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, headline, subtitle, kicker, paragraphs, reporters, correspondents, photographers
                FROM articles ORDER BY id
                """)
            while let row = try rows.next() {
                try LegacySearchV2.insert(
                    db, articleID: row["id"], headline: row["headline"], subtitle: row["subtitle"],
                    kicker: row["kicker"], paragraphs: JSONColumn.strings(row["paragraphs"]),
                    names: JSONColumn.strings(row["reporters"]) + JSONColumn.strings(row["correspondents"])
                        + JSONColumn.strings(row["photographers"]))
            }
        }
        migrator.registerMigration(labels) { db in
            try db.execute(sql: """
                CREATE TABLE labels (
                    id INTEGER PRIMARY KEY,
                    article_id INTEGER NOT NULL REFERENCES articles(id),
                    topic TEXT NOT NULL,
                    at DATETIME NOT NULL
                );
                CREATE INDEX labels_article_id ON labels(article_id);
                """)
        }
        migrator.registerMigration(searchText) { db in
            // One contentless index over Swift-made tokens (CJK bigrams + each run's closing
            // character, words; see SearchTokens) replaces the trigram and grams indexes:
            // ~1 token per character instead of ~3, the whole cost of ingest. detail=full
            // keeps positions, for phrases and bm25.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE search_text USING fts5(
                    headline, subtitle, kicker, body, names, content = '', tokenize = 'ascii');
                """)
            try fillSearchText(db)
            try db.execute(sql: """
                DROP TABLE search_trigram;
                DROP TABLE search_grams;
                """)
        }
        migrator.registerMigration(searchMerge) { db in
            // FTS5 writes each commit's terms as a new segment and merges segments `automerge`
            // at a time, so every indexed byte is rewritten once per level: log_4 of the
            // commits by default, the largest cost of a commit after the tokens themselves.
            // Merging 16 at a time halves the levels (gazette-profile, 3,000 pages in batches
            // of 64: the store's instructions per page 13.9 M → 10.3 M). `crisismerge` above it
            // keeps the merging incremental, a little per commit: at 16 too, a level reaching
            // 16 segments would be merged whole inside one commit, stalling the writer for
            // as long as that level is large. `hashsize` lets a batch's terms wait in memory
            // up to 4 MB (default 1 MB) before they are written as a segment, so a batch of
            // 64 pages makes one segment instead of several (10.3 M → 9.0 M; the daemon's peak
            // RSS stayed at 55 MB). Searches read a few more segments per term.
            // The three settings live in the index's config table: stores created before
            // this migration get them here, new ones right after v4.
            try db.execute(sql: """
                INSERT INTO search_text(search_text, rank) VALUES('automerge', \(SearchMerge.automerge));
                INSERT INTO search_text(search_text, rank) VALUES('crisismerge', \(SearchMerge.crisismerge));
                INSERT INTO search_text(search_text, rank) VALUES('hashsize', \(SearchMerge.hashsize));
                """)
        }
        migrator.registerMigration(pageSource) { db in
            // Scans in (issue #21): what each page was read from and how sure the OCR engine
            // was, per page and per article. Pages stored before are text.
            try db.execute(sql: """
                ALTER TABLE files ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'text';
                ALTER TABLE files ADD COLUMN ocr_engine TEXT;
                ALTER TABLE files ADD COLUMN ocr_engine_version TEXT;
                ALTER TABLE files ADD COLUMN ocr_confidence REAL;
                ALTER TABLE articles ADD COLUMN ocr_confidence REAL;
                """)
        }
        return migrator
    }

    /// The FTS5 merge settings of `search_text` (migration v5).
    enum SearchMerge {
        /// Segments merged at a time (FTS5's default 4, its maximum 16).
        static let automerge = 16
        /// Segments on one level that force a whole-level merge at once (FTS5's default 16).
        static let crisismerge = 64
        /// Bytes of pending terms held in memory before they are flushed as a segment (FTS5's default 1 MB).
        static let hashsize = 4 << 20
    }

    /// Indexes every stored article in `search_text` (migration v4).
    static func fillSearchText(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, headline, subtitle, kicker, paragraphs, reporters, correspondents, photographers
            FROM articles ORDER BY id
            """)
        while let row = try rows.next() {
            let text = SearchText(
                headline: row["headline"], subtitle: row["subtitle"], kicker: row["kicker"],
                paragraphs: JSONColumn.strings(row["paragraphs"]),
                names: JSONColumn.strings(row["reporters"]) + JSONColumn.strings(row["correspondents"])
                    + JSONColumn.strings(row["photographers"]))
            try text.insert(db, articleID: row["id"])
        }
    }
}
