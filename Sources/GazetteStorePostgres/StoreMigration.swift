import Foundation
import GazetteCore
import GazetteStore
import PostgresNIO

/// `gazette migrate`: copies a SQLite store into a PostgreSQL one — pages, their articles
/// (under the same ids, with their search vectors made anew from the articles' text),
/// duplicates, failures and labels — then checks that the counts agree.
///
/// Resumable: each page goes in with its articles in one transaction, and a row already
/// there (same id or same SHA-256) is skipped, so a run stopped anywhere is simply run again.
public enum StoreMigration {
    /// What a run copied and what the two stores hold at the end.
    public struct Report: Sendable {
        /// Rows written by this run, per table.
        public var copied: [String: Int] = [:]
        /// Rows already there (an earlier run), per table.
        public var skipped: [String: Int] = [:]
        /// Rows per table in the SQLite store and in PostgreSQL at the end.
        public var source: [String: Int] = [:]
        public var target: [String: Int] = [:]
        /// The tables whose counts differ, each as a sentence.
        public var mismatches: [String] {
            Self.tables.compactMap { table in
                let (from, to) = (source[table] ?? 0, target[table] ?? 0)
                return from == to ? nil : "\(table): \(from) in the SQLite store, \(to) in PostgreSQL"
            }
        }
        static let tables = ["files", "articles", "duplicates", "failures", "labels"]
    }

    /// Pages per transaction (each with its articles).
    static let batch = 100

    public static func run(
        from source: GazetteStore, to target: PostgresStore, progress: (String) -> Void
    ) throws(StoreError) -> Report {
        var report = Report()
        report.source = try source.tableCounts()
        let totalFiles = report.source["files"] ?? 0
        var lastID: Int64 = 0
        var seen = 0
        while true {
            let files = try source.fileRows(after: lastID, limit: batch)
            guard let last = files.last else { break }
            lastID = last.id
            // Read outside the transaction; only the pages not yet copied are read in full.
            let (copied, articles) = try target.transaction { db throws(StoreError) -> (Int, Int) in
                var copied = 0
                var articles = 0
                for file in files {
                    guard try insert(file, db) else { continue }
                    copied += 1
                    let rows = try source.articles(fileID: file.id).map { stored in
                        PostgresStore.ArticleRow(
                            prepared: PreparedArticle(stored.article), classifiedAt: stored.classifiedAt, id: stored.id,
                            contentSHA256: stored.contentSHA256)
                    }
                    articles += try PostgresStore.insert(rows, fileID: file.id, db).count
                }
                return (copied, articles)
            }
            report.copied["files", default: 0] += copied
            report.copied["articles", default: 0] += articles
            report.skipped["files", default: 0] += files.count - copied
            seen += files.count
            progress("migrate: pages \(seen)/\(totalFiles) (\(report.copied["files"] ?? 0) copied, \(report.skipped["files"] ?? 0) already there), articles \(report.copied["articles"] ?? 0) copied")
        }
        try copy("duplicates", source.duplicateRows, insert, target, &report, progress)
        try copy("failures", source.failureRows, insert, target, &report, progress)
        try copy("labels", source.labelRows, insert, target, &report, progress)
        // The sequences continue after the copied ids, so the daemon's next page gets a new one.
        for table in Report.tables {
            try target.query(SQL("""
                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM \(table)
                """))
        }
        try target.query(SQL("ANALYZE"))
        for table in Report.tables {
            report.target[table] = try target.query(SQL("SELECT count(*) AS n FROM \(table)")).first?.value("n", Int.self) ?? 0
        }
        return report
    }

    /// Copies one table of rows keyed by id, a thousand per transaction.
    private static func copy<Row>(
        _ table: String, _ read: (Int64, Int) throws(StoreError) -> [Row],
        _ insert: (Row, PostgresStore.Transaction) throws(StoreError) -> (id: Int64, inserted: Bool),
        _ target: PostgresStore, _ report: inout Report, _ progress: (String) -> Void
    ) throws(StoreError) {
        var lastID: Int64 = 0
        var seen = 0
        while true {
            let rows = try read(lastID, 1_000)
            guard !rows.isEmpty else { break }
            let results = try target.transaction { db throws(StoreError) in
                try rows.map { row throws(StoreError) in try insert(row, db) }
            }
            lastID = results.last?.id ?? lastID
            let copied = results.filter(\.inserted).count
            report.copied[table, default: 0] += copied
            report.skipped[table, default: 0] += results.count - copied
            seen += rows.count
            progress("migrate: \(table) \(seen) (\(report.copied[table] ?? 0) copied)")
        }
    }

    /// Inserts a file row under its id; false when it (or its SHA-256) is there already.
    private static func insert(_ file: FileRow, _ db: PostgresStore.Transaction) throws(StoreError) -> Bool {
        var sql = SQL()
        sql += """
            INSERT INTO files(id, sha256, name, size, encoding, replaced_bytes, source, received_at, stored_at,
                article_count, duplicate_count, source_kind, ocr_engine, ocr_engine_version, ocr_confidence)
            VALUES (\(sql.bind(file.id)), \(sql.bind(file.sha256)), \(sql.bind(file.name)), \(sql.bind(file.size)),
                \(sql.bind(file.encoding)), \(sql.bind(file.replacedBytes)), \(sql.bind(file.source)),
                \(sql.bind(file.receivedAt)), \(sql.bind(file.storedAt)), \(sql.bind(file.articleCount)),
                \(sql.bind(file.duplicateCount)), \(sql.bind(file.sourceKind)), \(sql.bind(file.ocrEngine)),
                \(sql.bind(file.ocrEngineVersion)), \(sql.bind(file.ocrConfidence)))
            ON CONFLICT DO NOTHING RETURNING id
            """
        return try !db.execute(sql).isEmpty
    }

    private static func insert(_ row: DuplicateRow, _ db: PostgresStore.Transaction) throws(StoreError) -> (id: Int64, inserted: Bool) {
        var sql = SQL()
        sql += """
            INSERT INTO duplicates(id, file_id, name, source, size, received_at)
            VALUES (\(sql.bind(row.id)), \(sql.bind(row.fileID)), \(sql.bind(row.name)), \(sql.bind(row.source)),
                \(sql.bind(row.size)), \(sql.bind(row.receivedAt)))
            ON CONFLICT DO NOTHING RETURNING id
            """
        return (row.id, try !db.execute(sql).isEmpty)
    }

    private static func insert(_ row: FailureRow, _ db: PostgresStore.Transaction) throws(StoreError) -> (id: Int64, inserted: Bool) {
        var sql = SQL()
        sql += """
            INSERT INTO failures(id, name, sha256, size, code, message, at)
            VALUES (\(sql.bind(row.id)), \(sql.bind(row.name)), \(sql.bind(row.sha256)), \(sql.bind(row.size)),
                \(sql.bind(row.code)), \(sql.bind(row.message)), \(sql.bind(row.at)))
            ON CONFLICT DO NOTHING RETURNING id
            """
        return (row.id, try !db.execute(sql).isEmpty)
    }

    private static func insert(_ row: LabelRow, _ db: PostgresStore.Transaction) throws(StoreError) -> (id: Int64, inserted: Bool) {
        var sql = SQL()
        sql += """
            INSERT INTO labels(id, article_id, topic, at)
            VALUES (\(sql.bind(row.id)), \(sql.bind(row.articleID)), \(sql.bind(row.topic)), \(sql.bind(row.at)))
            ON CONFLICT DO NOTHING RETURNING id
            """
        return (row.id, try !db.execute(sql).isEmpty)
    }
}
