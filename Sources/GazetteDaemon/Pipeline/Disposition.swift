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
/// Names never overwrite: a taken name gets a numbered suffix (`p1.2.txt`). Every rename
/// is followed, per batch, by an fsync of the directories it touched, so a crash cannot
/// leave a file in neither place.
public struct Disposition: Sendable {
    public let inbox: FilePath
    public let processed: FilePath
    public let failed: FilePath

    public init(inbox: FilePath, processed: FilePath, failed: FilePath) {
        self.inbox = inbox
        self.processed = processed
        self.failed = failed
    }

    /// Moves a stored (or duplicate) file into today's `processed/` folder, or deletes it.
    /// Adds the directories to fsync to `touched`; returns the new path (nil if deleted).
    public func finish(_ entry: InboxEntry, mode: DaemonConfig.AfterSuccess, now: Date,
                       touched: inout Set<FilePath>) throws(SystemError) -> FilePath? {
        let source = entry.path(in: inbox)
        touched.insert(source.removingLastComponent())
        switch mode {
        case .delete:
            try Sys.unlink(source)
            return nil
        case .move:
            var folder = processed.pushing(Self.dayFolder(now))
            if let sub = entry.folder { folder.append(sub) }
            try Sys.mkdirs(folder)
            let target = try Self.freeName(for: entry.name, in: folder)
            try Sys.rename(source, target)
            touched.insert(folder)
            return target
        }
    }

    /// Moves a file into `failed/` with `NAME.reason.json` beside it. The reason file is
    /// written (and made durable) first: a crash in between leaves the page in the inbox
    /// to be refused again, never a page in `failed/` without its reason.
    public func quarantine(_ entry: InboxEntry, reason: ReasonFile,
                           touched: inout Set<FilePath>) throws(SystemError) -> FilePath {
        let source = entry.path(in: inbox)
        var folder = failed
        if let sub = entry.folder { folder.append(sub) }
        try Sys.mkdirs(folder)
        let target = try Self.freeName(for: entry.name, in: folder, reserve: Self.reasonFileOverhead)
        let reasonPath = folder.appending(target.lastComponent!.string + ".reason.json")
        try Self.writeDurably(reason.json(), to: reasonPath)
        try Sys.rename(source, target)
        touched.insert(source.removingLastComponent())
        touched.insert(folder)
        return target
    }

    /// Makes the renames of a batch durable.
    public static func sync(_ directories: Set<FilePath>) throws(SystemError) {
        for directory in directories { try Sys.fsyncDirectory(directory) }
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

    /// `folder/name`, or `folder/stem.N.ext` with the first free N; shortened when the name
    /// plus `reserve` bytes would not fit NAME_MAX (see `fittedName`).
    static func freeName(for name: FilePath.Component, in folder: FilePath, reserve: Int = 0) throws(SystemError) -> FilePath {
        var number = 1
        while true {
            let candidate = folder.appending(fittedName(name, number: number, reserve: reserve))
            if try Sys.lstat(candidate) == nil { return candidate }
            number += 1
        }
    }


    /// Writes a small file via a temporary name, fsync, rename: whole or absent.
    static func writeDurably(_ bytes: [UInt8], to path: FilePath) throws(SystemError) {
        let temporary = path.removingLastComponent().appending(".gazette-\(UUID().uuidString.prefix(8)).tmp")
        let fd = try Sys.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode: 0o644)
        do {
            try Sys.writeAll(fd, bytes, path: temporary)
            try Sys.fsync(fd, path: temporary)
            Sys.close(fd)
        } catch {
            Sys.close(fd)
            try? Sys.unlink(temporary)
            throw error
        }
        try Sys.rename(temporary, path)
    }
}
