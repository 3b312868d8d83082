import GazetteStore
import PostgresNIO

extension PostgresStore {
    /// The store's invariants on PostgreSQL (the server keeps its own pages and foreign
    /// keys whole): every file has the articles it was stored with, no SHA-256 twice, every
    /// article has its search vector and the search index is valid, every migration is
    /// applied, and commits are synchronous.
    public func verify() throws(StoreError) -> VerifyReport {
        try snapshot { db throws(StoreError) in
            var checks: [String] = []
            var problems: [String] = []
            checks.append("migrations")
            let applied = try db.execute(SQL("SELECT id FROM gazette_migrations")).map { row throws(StoreError) in
                try row.value("id", String.self)
            }
            let missing = PostgresSchema.migrations.map(\.id).filter { !applied.contains($0) }
            if !missing.isEmpty { problems.append("migrations not applied: \(missing.joined(separator: ", "))") }
            checks.append("synchronous_commit")
            let synchronous = try db.execute(SQL("SELECT current_setting('synchronous_commit') AS s")).first?
                .value("s", String.self)
            if synchronous != "on" {
                problems.append("synchronous_commit is \(synchronous ?? "unknown"), not on: a commit may be lost in a crash")
            }
            checks.append("articles per file")
            for row in try db.execute(SQL("""
                SELECT f.id, f.name, f.article_count, count(a.id) AS actual
                FROM files f LEFT JOIN articles a ON a.file_id = f.id
                GROUP BY f.id HAVING count(a.id) != f.article_count LIMIT 20
                """))
            {
                let name = try row.value("name", String.self)
                problems.append(
                    "file #\(try row.value("id", Int64.self)) \(name) was stored with \(try row.value("article_count", Int.self)) articles but has \(try row.value("actual", Int.self))")
            }
            checks.append("unique sha256")
            for row in try db.execute(SQL("SELECT sha256, count(*) AS n FROM files GROUP BY sha256 HAVING count(*) > 1 LIMIT 20")) {
                problems.append("SHA-256 \(try row.value("sha256", String.self)) is stored \(try row.value("n", Int.self)) times")
            }
            checks.append("search vectors")
            let empty = try Self.count(db, """
                SELECT count(*) AS n FROM articles WHERE length(search) = 0
                AND (coalesce(headline, '') ~ '[[:alnum:]]' OR paragraphs ~ '[[:alnum:]]')
                """)
            if empty > 0 {
                problems.append("\(empty) articles with text have an empty search vector: they cannot be found; re-run `gazette migrate` or restore from backup")
            }
            checks.append("search index valid")
            let valid = try db.execute(SQL("""
                SELECT coalesce(bool_and(i.indisvalid), false) AS ok FROM pg_index i WHERE i.indexrelid = to_regclass('articles_search')
                """)).first?.value("ok", Bool.self) ?? false
            if !valid { problems.append("the search index articles_search is missing or invalid: REINDEX INDEX articles_search") }
            return StoreBackend.verifyReport(checks: checks, problems: problems)
        }
    }
}
