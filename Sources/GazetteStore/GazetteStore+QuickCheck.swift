import Foundation
import GRDB

extension GazetteStore {
    /// Before a writable open of an existing store: `quick_check` through a read-only
    /// connection. Opening a writable pool on a file damaged inside (its header intact)
    /// already writes to it (the header's change counter and schema cookie), and a writer
    /// would then add pages to a broken b-tree: a damaged store is refused untouched.
    static func refuseIfDamaged(path: String) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 else { return }
        var config = Configuration()
        config.readonly = true
        config.label = "gazette-store-check"
        let queue = try DatabaseQueue(path: path, configuration: config)
        let result = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        try queue.close()
        if result != ["ok"] {
            throw StoreError.corrupt(path: path, detail: "PRAGMA quick_check: " + result.prefix(5).joined(separator: "; "))
        }
    }
}
