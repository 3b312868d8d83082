import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// How much of a store a writable open checks before writing to it.
///
/// A full `quick_check` reads the whole file: 64 s at 300,000 pages, minutes at a million,
/// at every start of the daemon and every import. It is only needed when the file may have
/// changed since a writer last left it whole. SQLite repairs an interrupted writer itself
/// (the WAL's committed frames are replayed, the rest dropped), so a crash alone does not
/// damage the file; what the check is for — a broken disk, a bad copy or restore, someone
/// writing into the file — changes the file behind the last writer's back. So:
/// - `.bounded` when the last writable close was clean and nothing has touched the file
///   since (the clean-shutdown marker matches the file's size and modification time, and no
///   WAL holds frames): the header and the schema are read, which refuses a file that is not
///   a database or whose first pages are gone;
/// - `.full` otherwise (no marker: first open, a crash or `kill -9`, another process has the
///   store open, or the file was written since).
/// Damage inside a file that nobody wrote since its clean close (a disk that rots quietly)
/// is found by `gazette verify` (`integrity_check` of every page) and by SQLite itself when
/// it reads the damaged page (`SQLITE_CORRUPT`, refused as a permanent error).
public enum OpenCheck: Equatable, Sendable {
    case bounded, full

    /// The check a writable open of `path` needs now.
    public static func needed(path: String) -> OpenCheck {
        CleanShutdownMarker.matches(path: path) ? .bounded : .full
    }
}

/// `STORE.clean`, beside the store: written after a writable close that left the file whole
/// (the WAL checkpointed into it and truncated, every connection closed), removed before a
/// writable open touches the file. It holds the file's size and modification time as the
/// close left them; the close also sets the modification time's nanoseconds to a random
/// value, so that a write after it — even within the same clock tick — cannot leave the
/// same time behind (the time moves back by less than a second).
enum CleanShutdownMarker {
    static func path(for store: String) -> String { store + ".clean" }

    /// The marker is there, names this file's size and time, and no WAL frames wait.
    static func matches(path store: String) -> Bool {
        guard let text = try? String(contentsOfFile: path(for: store), encoding: .utf8),
              let stamp = FileStamp(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let now = FileStamp(path: store), now == stamp
        else { return false }
        let wal = (try? FileManager.default.attributesOfItem(atPath: store + "-wal"))?[.size] as? Int ?? 0
        return wal == 0
    }

    /// Before a writable open: from now on the file may change, until a clean close says
    /// otherwise. Fails only when the marker is there and cannot be removed.
    static func remove(path store: String) throws {
        let marker = path(for: store)
        guard FileManager.default.fileExists(atPath: marker) else { return }
        try FileManager.default.removeItem(atPath: marker)
    }

    /// After a clean close: stamps the file and records the stamp. Writes nothing when the
    /// WAL still holds frames (another connection, maybe another process, is still writing).
    static func write(path store: String) {
        let wal = (try? FileManager.default.attributesOfItem(atPath: store + "-wal"))?[.size] as? Int ?? 0
        guard wal == 0, let stamp = FileStamp.stamp(path: store) else { return }
        let marker = path(for: store)
        let temporary = marker + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(stamp.description.utf8)) else { return }
        if rename(temporary, marker) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
}

/// A file's size and modification time to the nanosecond.
struct FileStamp: Equatable, CustomStringConvertible {
    var size: Int64
    var seconds: Int64
    var nanoseconds: Int64

    var description: String { "\(size) \(seconds) \(nanoseconds)" }

    init?(_ text: String) {
        let parts = text.split(separator: " ").compactMap { Int64($0) }
        guard parts.count == 3 else { return nil }
        (size, seconds, nanoseconds) = (parts[0], parts[1], parts[2])
    }

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        seconds = Int64(info.st_mtim.tv_sec)
        nanoseconds = Int64(info.st_mtim.tv_nsec)
    }

    /// Sets the file's modification time to the last whole second with random nanoseconds
    /// (see `CleanShutdownMarker`), and returns the stamp as it then reads.
    static func stamp(path: String) -> FileStamp? {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let omit = (1 << 30) - 2  // UTIME_OMIT: the access time stays as it is
        let times = [timespec(tv_sec: 0, tv_nsec: omit),
                     timespec(tv_sec: now.tv_sec - 1, tv_nsec: Int.random(in: 1..<1_000_000_000))]
        guard utimensat(AT_FDCWD, path, times, 0) == 0 else { return nil }
        return FileStamp(path: path)
    }
}

extension GazetteStore {
    /// Before a writable open of an existing store, through a read-only connection: a
    /// damaged store is refused untouched. Opening a writable pool on a file damaged inside
    /// (its header intact) already writes to it (the header's change counter and schema
    /// cookie), and a writer would then add pages to a broken b-tree. `OpenCheck` says how
    /// much is read: everything (`quick_check`) unless the last writer closed it cleanly.
    static func refuseIfDamaged(path: String) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 else { return }
        var config = Configuration()
        config.readonly = true
        config.label = "gazette-store-check"
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        switch OpenCheck.needed(path: path) {
        case .full:
            let result = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            if result != ["ok"] {
                throw StoreError.corrupt(path: path, detail: "PRAGMA quick_check: " + result.prefix(5).joined(separator: "; "))
            }
        case .bounded:
            // The header and every schema page: a file that is not a database, or whose
            // schema cannot be parsed, fails here (SQLITE_NOTADB / SQLITE_CORRUPT).
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema") }
        }
    }

    /// At the end of a writable store's life: checkpoint the WAL into the file and truncate
    /// it, close every connection, and — when that left the file whole — write the
    /// clean-shutdown marker, so that the next writable open need not read the whole file.
    func closeCleanly() {
        guard !readOnly, !damaged.withLock({ $0 }) else { return }
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try pool.close()
        } catch {
            return
        }
        CleanShutdownMarker.write(path: path)
    }

    /// `verify` found the file damaged: no clean-shutdown marker, now or at the close.
    func markDamaged() {
        damaged.withLock { $0 = true }
        try? CleanShutdownMarker.remove(path: path)
    }
}
