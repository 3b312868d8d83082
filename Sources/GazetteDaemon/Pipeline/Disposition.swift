#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import SystemPackage

/// Moves files out of the inbox once their fate is sealed: to `processed/YYYY/MM/DD/`
/// (or unlinked) after the commit, or to `failed/` with a reason file beside them.
///
/// Every step is relative to directories held open: the inbox's subfolder, and each of
/// `processed/`'s day folders and paper subfolders, is opened (or made, `mkdirat`) with
/// `O_NOFOLLOW | O_DIRECTORY`, so no link a producer plants is followed. Only the file that
/// was read leaves: its (device, inode) is compared with what is at the name just before
/// the rename and again at the target just after it; a file renamed over the name in
/// between is put back and reported as ``Departure/replaced``, to be read as a new arrival.
///
/// Names never overwrite: a taken name gets a numbered suffix (`p1.2.txt`), and so does a
/// folder whose name is taken by a file (`processed/…/江门日报.2/`). Every rename is
/// followed, per batch, by an fsync of the directories it touched, so a crash cannot leave
/// a file in neither place.
struct Disposition: Sendable {
    let inbox: FilePath
    let processed: FilePath
    let failed: FilePath

    init(inbox: FilePath, processed: FilePath, failed: FilePath) {
        self.inbox = inbox
        self.processed = processed
        self.failed = failed
    }

    /// What became of a file the pipeline meant to move or delete.
    enum Departure: Sendable, Equatable {
        /// Moved to this path.
        case moved(FilePath)
        /// Unlinked (`after_success = "delete"`).
        case deleted
        /// Nothing is at its name any more (moved away by someone else): nothing to do.
        case gone
        /// Another file is at its name now (renamed over it after it was read): left in the
        /// inbox, untouched, to be processed as a new arrival.
        case replaced
    }

    /// The directories a batch's renames touched, held open until they are fsynced.
    struct Touched: Sendable {
        var directories: [FilePath: DirectoryHandle] = [:]

        init() {}

        mutating func insert(_ directory: DirectoryHandle) {
            directories[directory.path] = directory
        }

        /// Makes the renames of a batch durable.
        func sync() throws(SystemError) {
            for directory in directories.values { try directory.sync() }
        }
    }

    /// Moves a stored (or duplicate) file into today's `processed/` folder, or deletes it,
    /// provided it is still the file `identity` names (nil: whatever is there).
    func finish(_ entry: InboxEntry, identity: FileIdentity?, mode: DaemonConfig.AfterSuccess, now: Date,
                       touched: inout Touched) throws(SystemError) -> Departure {
        guard let source = try sourceFolder(of: entry, identity: identity) else { return .gone }
        if case .replaced = source { return .replaced }
        guard case .present(let folder) = source else { return .gone }
        switch mode {
        case .delete:
            // Renamed aside first (a dotted name the intake ignores), checked, then unlinked:
            // an unlink by name could remove a file renamed over it a moment before.
            let aside = FilePath.Component(".gazette-deleting-\(UUID().uuidString.prefix(8))")!
            try Sys.renameat(folder.fd, entry.name, folder.fd, aside, noReplace: true,
                             path: "\(entry.path(in: inbox)) -> \(aside)")
            if let identity, let info = try folder.lstat(aside), FileIdentity(info) != identity {
                try putBack(from: folder, aside, to: folder, entry.name)
                touched.insert(folder)
                return .replaced
            }
            try Sys.unlinkat(folder.fd, aside, path: folder.path.appending(aside))
            touched.insert(folder)
            return .deleted
        case .move:
            var target = try DirectoryHandle.root(processed, creating: true)
            for component in Self.dayFolder(now).components { target = try target.directory(creating: component) }
            if let sub = entry.folder { target = try target.directory(creating: sub) }
            let name = try move(entry.name, from: folder, to: target)
            touched.insert(folder)
            touched.insert(target)
            if let identity, let info = try target.lstat(name), FileIdentity(info) != identity {
                try putBack(from: target, name, to: folder, entry.name)
                return .replaced
            }
            return .moved(target.path.appending(name))
        }
    }

    /// Moves a file into `failed/` with `NAME.reason.json` beside it. The reason file is
    /// written (and made durable) first: a crash in between leaves the page in the inbox
    /// to be refused again, never a page in `failed/` without its reason.
    func quarantine(_ entry: InboxEntry, identity: FileIdentity?, reason: ReasonFile,
                           touched: inout Touched) throws(SystemError) -> Departure {
        guard let source = try sourceFolder(of: entry, identity: identity) else { return .gone }
        if case .replaced = source { return .replaced }
        guard case .present(let folder) = source else { return .gone }
        var target = try DirectoryHandle.root(failed, creating: true)
        if let sub = entry.folder { target = try target.directory(creating: sub) }
        let name = try Self.freeName(for: entry.name, in: target, reserve: Self.reasonFileOverhead).name
        let reasonName = Self.suffixed(name, ".reason.json")
        try Self.writeDurably(reason.json(), to: reasonName, in: target)
        do {
            try Sys.renameat(folder.fd, entry.name, target.fd, name, noReplace: true,
                             path: "\(entry.path(in: inbox)) -> \(target.path.appending(name))")
        } catch {
            try? Sys.unlinkat(target.fd, reasonName, path: target.path.appending(reasonName))
            throw error
        }
        touched.insert(folder)
        touched.insert(target)
        if let identity, let info = try target.lstat(name), FileIdentity(info) != identity {
            try? Sys.unlinkat(target.fd, reasonName, path: target.path.appending(reasonName))
            try putBack(from: target, name, to: folder, entry.name)
            return .replaced
        }
        return .moved(target.path.appending(name))
    }

    private enum Source {
        case present(DirectoryHandle)
        case replaced
    }

    /// The entry's folder in the inbox, if the entry is still there and still the file
    /// read. A folder that is no longer a real folder (a link now) counts as gone.
    private func sourceFolder(of entry: InboxEntry, identity: FileIdentity?) throws(SystemError) -> Source? {
        let folder: DirectoryHandle
        do {
            folder = try InboxPaths.folder(of: entry, in: inbox)
        } catch where error.errno == ENOENT || error.errno == ENOTDIR || error.errno == ELOOP {
            return nil
        }
        guard let info = try folder.lstat(entry.name) else { return nil }
        if let identity, FileIdentity(info) != identity { return .replaced }
        return .present(folder)
    }

    /// Returns a file moved by mistake (not the one read) to its inbox name, or to a
    /// numbered name beside it when yet another file took the name meanwhile: it is a
    /// producer's page all the same, never dropped.
    private func putBack(from directory: DirectoryHandle, _ name: FilePath.Component,
                         to folder: DirectoryHandle, _ original: FilePath.Component) throws(SystemError) {
        _ = try move(name, from: directory, to: folder, preferring: original)
    }

    /// Renames `name` into `target` under the first free name after `original` (itself,
    /// then `original.2` …); `RENAME_NOREPLACE` makes a name taken in between move on to
    /// the next number instead of overwriting.
    private func move(_ name: FilePath.Component, from source: DirectoryHandle, to target: DirectoryHandle,
                      preferring original: FilePath.Component? = nil) throws(SystemError) -> FilePath.Component {
        let original = original ?? name
        var number = 1
        while true {
            let candidate = try Self.freeName(for: original, in: target, from: number)
            do {
                try Sys.renameat(source.fd, name, target.fd, candidate.name, noReplace: true,
                                 path: "\(source.path.appending(name)) -> \(target.path.appending(candidate.name))")
                return candidate.name
            } catch where error.errno == EEXIST {
                number = candidate.number + 1
            }
        }
    }

    /// `YYYY/MM/DD` in local time.
    static func dayFolder(_ date: Date) -> FilePath {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let year = String(parts.tm_year + 1900)
        let month = parts.tm_mon + 1 < 10 ? "0\(parts.tm_mon + 1)" : "\(parts.tm_mon + 1)"
        let day = parts.tm_mday < 10 ? "0\(parts.tm_mday)" : "\(parts.tm_mday)"
        return FilePath("\(year)/\(month)/\(day)")
    }

    /// `name`, or `stem.N.ext` with the first free N (from `from`) in `folder`; shortened
    /// when the name plus `reserve` bytes would not fit NAME_MAX (see `fittedName`).
    static func freeName(for name: FilePath.Component, in folder: DirectoryHandle, reserve: Int = 0,
                         from first: Int = 1) throws(SystemError) -> (name: FilePath.Component, number: Int) {
        var number = first
        while true {
            let candidate = fittedName(name, number: number, reserve: reserve)
            if try folder.lstat(candidate) == nil { return (candidate, number) }
            number += 1
        }
    }

    /// Writes a small file in `folder` via a temporary name, fsync, rename: whole or absent.
    static func writeDurably(_ bytes: [UInt8], to name: FilePath.Component, in folder: DirectoryHandle) throws(SystemError) {
        let temporary = FilePath.Component(".gazette-\(UUID().uuidString.prefix(8)).tmp")!
        let temporaryPath = folder.path.appending(temporary)
        let fd = try Sys.openat(folder.fd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                                mode: 0o644, path: temporaryPath)
        do {
            try Sys.writeAll(fd, bytes, path: temporaryPath)
            try Sys.fsync(fd, path: temporaryPath)
            Sys.close(fd)
        } catch {
            Sys.close(fd)
            try? Sys.unlinkat(folder.fd, temporary, path: temporaryPath)
            throw error
        }
        try Sys.renameat(folder.fd, temporary, folder.fd, name, path: "\(temporaryPath) -> \(folder.path.appending(name))")
    }
}
