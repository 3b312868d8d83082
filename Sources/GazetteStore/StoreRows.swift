import Foundation
import GRDB

/// The store's tables row by row, ids included, for copying a store into another database
/// (`gazette migrate`): what the other store needs to hold the same pages, duplicates,
/// failures and labels under the same ids. Articles are read as `StoredArticle`s.
package struct FileRow: Sendable {
    package var id: Int64
    package var sha256: String
    package var name: String
    package var size: Int
    package var encoding: String
    package var replacedBytes: Int
    package var source: String?
    package var receivedAt: Date
    package var storedAt: Date
    package var articleCount: Int
    package var duplicateCount: Int
    /// What the page was read from and the OCR engine's figures (schema v6), as stored:
    /// copied verbatim, not through `PageSource`, so the copy is the row itself.
    package var sourceKind: String
    package var ocrEngine: String?
    package var ocrEngineVersion: String?
    package var ocrConfidence: Double?
}

package struct DuplicateRow: Sendable {
    package var id: Int64
    package var fileID: Int64
    package var name: String
    package var source: String?
    package var size: Int
    package var receivedAt: Date
}

package struct FailureRow: Sendable {
    package var id: Int64
    package var name: String
    package var sha256: String?
    package var size: Int
    package var code: String
    package var message: String
    package var at: Date
}

package struct LabelRow: Sendable {
    package var id: Int64
    package var articleID: Int64
    package var topic: String
    package var at: Date
}

extension GazetteStore {
    /// Up to `limit` rows of `files` with ids above `id`, in id order.
    package func fileRows(after id: Int64, limit: Int) throws(StoreError) -> [FileRow] {
        try rows("SELECT * FROM files WHERE id > ? ORDER BY id LIMIT ?", id, limit) { row in
            FileRow(
                id: row["id"], sha256: row["sha256"], name: row["name"], size: row["size"], encoding: row["encoding"],
                replacedBytes: row["replaced_bytes"], source: row["source"], receivedAt: row["received_at"],
                storedAt: row["stored_at"], articleCount: row["article_count"], duplicateCount: row["duplicate_count"],
                sourceKind: row["source_kind"], ocrEngine: row["ocr_engine"], ocrEngineVersion: row["ocr_engine_version"],
                ocrConfidence: row["ocr_confidence"])
        }
    }

    package func duplicateRows(after id: Int64, limit: Int) throws(StoreError) -> [DuplicateRow] {
        try rows("SELECT * FROM duplicates WHERE id > ? ORDER BY id LIMIT ?", id, limit) { row in
            DuplicateRow(
                id: row["id"], fileID: row["file_id"], name: row["name"], source: row["source"], size: row["size"],
                receivedAt: row["received_at"])
        }
    }

    package func failureRows(after id: Int64, limit: Int) throws(StoreError) -> [FailureRow] {
        try rows("SELECT * FROM failures WHERE id > ? ORDER BY id LIMIT ?", id, limit) { row in
            FailureRow(
                id: row["id"], name: row["name"], sha256: row["sha256"], size: row["size"], code: row["code"],
                message: row["message"], at: row["at"])
        }
    }

    package func labelRows(after id: Int64, limit: Int) throws(StoreError) -> [LabelRow] {
        try rows("SELECT * FROM labels WHERE id > ? ORDER BY id LIMIT ?", id, limit) { row in
            LabelRow(id: row["id"], articleID: row["article_id"], topic: row["topic"], at: row["at"])
        }
    }

    /// How many rows each table holds: files, articles, duplicates, failures, labels.
    package func tableCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["files", "articles", "duplicates", "failures", "labels"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    private func rows<T>(_ sql: String, _ id: Int64, _ limit: Int, _ make: (Row) -> T) throws(StoreError) -> [T] {
        try read { db in try Row.fetchAll(db, sql: sql, arguments: [id, limit]).map(make) }
    }
}
