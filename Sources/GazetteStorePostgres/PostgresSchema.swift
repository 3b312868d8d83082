import GazetteStore
import PostgresNIO

/// The PostgreSQL store's schema as named, ordered migrations, recorded in
/// `gazette_migrations`. As on SQLite, a released migration never changes: a new need is a
/// new migration at the end.
enum PostgresSchema {
    static let migrations: [(id: String, sql: String)] = [
        ("pg-v1-files-articles-labels", """
            CREATE TABLE files (
                id BIGSERIAL PRIMARY KEY,
                -- the page's identity: the constraint decides which of two hosts stores it
                sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) > 0),
                name TEXT NOT NULL,
                size BIGINT NOT NULL,
                encoding TEXT NOT NULL,
                replaced_bytes BIGINT NOT NULL DEFAULT 0,
                source TEXT,
                received_at TIMESTAMPTZ NOT NULL,
                stored_at TIMESTAMPTZ NOT NULL,
                article_count INTEGER NOT NULL,
                duplicate_count INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX files_received_at ON files(received_at);
            CREATE INDEX files_source ON files(source);

            CREATE TABLE duplicates (
                id BIGSERIAL PRIMARY KEY,
                file_id BIGINT NOT NULL REFERENCES files(id),
                name TEXT NOT NULL,
                source TEXT,
                size BIGINT NOT NULL,
                received_at TIMESTAMPTZ NOT NULL
            );
            CREATE INDEX duplicates_file_id ON duplicates(file_id);

            CREATE TABLE failures (
                id BIGSERIAL PRIMARY KEY,
                name TEXT NOT NULL,
                sha256 TEXT,
                size BIGINT NOT NULL,
                code TEXT NOT NULL,
                message TEXT NOT NULL,
                at TIMESTAMPTZ NOT NULL
            );

            CREATE TABLE articles (
                id BIGSERIAL PRIMARY KEY,
                file_id BIGINT NOT NULL REFERENCES files(id),
                seq INTEGER NOT NULL,
                kind TEXT NOT NULL,
                kicker TEXT,
                headline TEXT,
                subtitle TEXT,
                reporters TEXT NOT NULL DEFAULT '[]',       -- JSON arrays of strings, as on SQLite
                correspondents TEXT NOT NULL DEFAULT '[]',
                photographers TEXT NOT NULL DEFAULT '[]',
                source TEXT,
                dateline TEXT,
                continued_from TEXT,
                subheads TEXT NOT NULL DEFAULT '[]',
                paragraphs TEXT NOT NULL DEFAULT '[]',
                category TEXT,
                confidence DOUBLE PRECISION,
                scores TEXT,
                classified_at TIMESTAMPTZ,
                provinces TEXT NOT NULL DEFAULT '[]',
                places TEXT NOT NULL DEFAULT '[]',
                joined_breaks INTEGER NOT NULL DEFAULT 0,
                dropped_duplicates INTEGER NOT NULL DEFAULT 0,
                garbled_ratio DOUBLE PRECISION NOT NULL DEFAULT 0,
                content_sha256 TEXT NOT NULL,
                -- SearchTokens of the fields with positions and weights (SearchVector)
                search TSVECTOR NOT NULL,
                UNIQUE (file_id, seq)
            );
            CREATE INDEX articles_category ON articles(category);
            CREATE INDEX articles_search ON articles USING GIN (search);

            CREATE TABLE labels (
                id BIGSERIAL PRIMARY KEY,
                article_id BIGINT NOT NULL REFERENCES articles(id),
                topic TEXT NOT NULL,
                at TIMESTAMPTZ NOT NULL
            );
            CREATE INDEX labels_article_id ON labels(article_id);
            """),
        // SQLite's v6 (issue #21): what each page was read from and how sure the OCR engine
        // was, per page and per article, with the same defaults: pages stored before are
        // text. DOUBLE PRECISION is SQLite's REAL, so a confidence reads back bit for bit.
        // A column with a constant default is added without rewriting the table.
        ("pg-v2-page-source", """
            ALTER TABLE files ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'text';
            ALTER TABLE files ADD COLUMN ocr_engine TEXT;
            ALTER TABLE files ADD COLUMN ocr_engine_version TEXT;
            ALTER TABLE files ADD COLUMN ocr_confidence DOUBLE PRECISION;
            ALTER TABLE articles ADD COLUMN ocr_confidence DOUBLE PRECISION;
            """),
    ]

    /// Refuses a database migrated by a newer Gazette; migrates a writable store (under an
    /// advisory lock, so two daemons starting at once do not both run a migration); refuses
    /// a read-only open of a store that still needs migrating.
    static func check(_ store: PostgresStore) throws(StoreError) {
        let location = store.location
        let applied = try store.query(SQL("""
            SELECT id FROM gazette_migrations ORDER BY applied_at, id
            """), ifTableExists: "gazette_migrations").map { row throws(StoreError) in try row.value("id", String.self) }
        let known = migrations.map(\.id)
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty { throw .schemaTooNew(path: location, unknownMigrations: unknown) }
        let missing = known.filter { !applied.contains($0) }
        guard !missing.isEmpty else { return }
        if store.readOnly {
            throw applied.isEmpty ? .notFound(path: location) : .schemaTooOld(path: location, missingMigrations: missing)
        }
        try store.transaction { db throws(StoreError) in
            try db.execute(SQL("SELECT pg_advisory_xact_lock(7478261)"))
            try db.execute(SQL("""
                CREATE TABLE IF NOT EXISTS gazette_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """))
            let done = try db.execute(SQL("SELECT id FROM gazette_migrations")).map { row throws(StoreError) in
                try row.value("id", String.self)
            }
            for migration in migrations where !done.contains(migration.id) {
                // One statement at a time: the extended protocol takes one per message.
                for statement in migration.sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try db.execute(SQL(String(statement)))
                }
                var record = SQL()
                record += "INSERT INTO gazette_migrations(id) VALUES (\(record.bind(migration.id)))"
                try db.execute(record)
            }
        }
    }

    /// Names of the applied migrations, in order.
    static func applied(_ store: PostgresStore) throws(StoreError) -> [String] {
        try store.query(SQL("SELECT id FROM gazette_migrations ORDER BY applied_at, id")).map { row throws(StoreError) in
            try row.value("id", String.self)
        }
    }
}

extension PostgresStore {
    /// Rows of `sql`, or none when `table` does not exist yet (a new, empty database).
    func query(_ sql: SQL, ifTableExists table: String) throws(StoreError) -> [PostgresRandomAccessRow] {
        var exists = SQL()
        exists += "SELECT to_regclass(\(exists.bind(table))) IS NOT NULL AS present"
        guard try query(exists).first?.value("present", Bool.self) == true else { return [] }
        return try query(sql)
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations() throws(StoreError) -> [String] { try PostgresSchema.applied(self) }
}

extension PostgresRandomAccessRow {
    /// The column's value, or a store error naming the column.
    func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws(StoreError) -> T {
        do {
            return try self[column].decode(T.self)
        } catch {
            throw .unavailable(path: "postgresql", detail: "cannot read column \(column) as \(T.self): \(error)")
        }
    }
}
