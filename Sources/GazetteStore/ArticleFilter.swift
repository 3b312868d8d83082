import Foundation
import GRDB

/// The filters shared by search, export and reclassify, as a SQL condition over
/// `articles a JOIN files f`.
struct ArticleFilter {
    var topic: String?
    var province: String?
    var source: String?
    var since: Date?
    var until: Date?

    func sql() -> (String, StatementArguments) {
        var clauses: [String] = ["1"]
        var arguments: StatementArguments = []
        if let topic {
            clauses.append("coalesce((SELECT topic FROM labels l WHERE l.article_id = a.id ORDER BY l.id DESC LIMIT 1), a.category) = ?")
            arguments += [topic]
        }
        if let province {
            clauses.append("EXISTS (SELECT 1 FROM json_each(a.provinces) p WHERE p.value = ? OR p.value LIKE ? || '%')")
            arguments += [province, province]
        }
        if let source {
            clauses.append("(f.source = ? OR a.source = ?)")
            arguments += [source, source]
        }
        if let since {
            clauses.append("f.received_at >= ?")
            arguments += [since]
        }
        if let until {
            clauses.append("f.received_at < ?")
            arguments += [until]
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}
