import Foundation
import GRDB

/// What `verify` found: the checks run and the problems, each problem a sentence an
/// operator can act on. `isHealthy` when there are none.
public struct VerifyReport: Sendable, Codable {
    public var checks: [String]
    public var problems: [String]
    public var isHealthy: Bool { problems.isEmpty }
}

extension GazetteStore {
    /// `PRAGMA integrity_check` plus the store's own invariants:
    /// - every stored file has exactly the articles it was stored with (0 only when
    ///   recorded as a 0-article page), and no article is orphaned;
    /// - no SHA-256 is stored twice;
    /// - the full-text index holds exactly one row per article, and passes FTS5's own
    ///   `integrity-check` (which needs a writable store; a read-only one skips it and says so).
    public func verify() throws(StoreError) -> VerifyReport {
        var report = VerifyReport(checks: [], problems: [])
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            report.checks.append("integrity_check")
            if integrity != ["ok"] {
                report.problems.append("SQLite integrity_check failed: \(integrity.prefix(10).joined(separator: "; ")) — restore from backup")
                markDamaged()
            }
            let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            report.checks.append("foreign_key_check")
            if !keys.isEmpty {
                report.problems.append("\(keys.count) rows reference missing rows (PRAGMA foreign_key_check)")
            }
            report.checks.append("articles per file")
            for row in try Row.fetchAll(db, sql: """
                SELECT f.id, f.name, f.article_count, count(a.id) AS actual
                FROM files f LEFT JOIN articles a ON a.file_id = f.id
                GROUP BY f.id HAVING actual != f.article_count LIMIT 20
                """)
            {
                let name: String = row["name"]
                let expected: Int = row["article_count"]
                let actual: Int = row["actual"]
                report.problems.append("file #\(row["id"] as Int64) \(name) was stored with \(expected) articles but has \(actual)")
            }
            report.checks.append("unique sha256")
            for row in try Row.fetchAll(db, sql: "SELECT sha256, count(*) AS n FROM files GROUP BY sha256 HAVING n > 1 LIMIT 20") {
                report.problems.append("SHA-256 \(row["sha256"] as String) is stored \(row["n"] as Int) times")
            }
            report.checks.append("search index rows")
            let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM articles") ?? 0
            // search_text is contentless: its rows are the ids in its docsize table.
            for (index, ids) in [("search_text", "SELECT id FROM search_text_docsize")] {
                let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(ids))") ?? 0
                let missing = try Int.fetchOne(db, sql: "SELECT count(*) FROM articles WHERE id NOT IN (\(ids))") ?? 0
                if rows != articles || missing != 0 {
                    report.problems.append(
                        "full-text index \(index) has \(rows) rows for \(articles) articles (\(missing) articles missing): the index no longer matches; restore from backup")
                }
            }
        }
        if readOnly {
            report.checks.append("fts5 integrity-check skipped (store opened read-only)")
        } else {
            for index in ["search_text"] {
                report.checks.append("fts5 integrity-check \(index)")
                do {
                    try pool.write { db in try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES('integrity-check')") }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                    report.problems.append("full-text index \(index) fails its integrity-check: \(error.message ?? "corrupt")")
                } catch {
                    throw StoreError(error, path: path)
                }
            }
        }
        return report
    }
}
