#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// An open directory, closed when the value goes away: the anchor of every `*at` call.
///
/// A *root* (the inbox, `processed/`, `failed/` as configured) is opened as the operator
/// wrote it, links included: the configuration is trusted. Everything beneath a root is
/// opened one component at a time with `O_NOFOLLOW | O_DIRECTORY`, so a producer who swaps
/// a subfolder for a link (or a file) makes the open fail instead of leading it elsewhere.
///
/// Not `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)`: below a root there are at most
/// two producer-named components (paper folder, file) and four of ours (`YYYY/MM/DD`,
/// paper), so the walk costs a few `openat`s, runs on every kernel, and leaves no second
/// code path (the fallback) to test.
final class DirectoryHandle: Sendable {
    let fd: Int32
    /// For messages only: the kernel is never given this path once the root is open.
    let path: FilePath

    private init(fd: Int32, path: FilePath) {
        self.fd = fd
        self.path = path
    }

    deinit {
        Sys.close(fd)
    }

    /// Opens a configured root directory; with `creating`, makes it first if it is missing
    /// (`processed/` or `failed/` removed by hand is made again, as at start-up).
    static func root(_ path: FilePath, creating: Bool = false) throws(SystemError) -> DirectoryHandle {
        do {
            return DirectoryHandle(fd: try Sys.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), path: path)
        } catch where creating && error.errno == ENOENT {
            try Sys.mkdirs(path)
            return DirectoryHandle(fd: try Sys.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), path: path)
        }
    }

    /// Opens the subdirectory `name`; a link, a file or nothing at the name fails
    /// (`ELOOP`, `ENOTDIR`, `ENOENT`).
    func directory(_ name: FilePath.Component) throws(SystemError) -> DirectoryHandle {
        let child = path.appending(name)
        return DirectoryHandle(fd: try Sys.openat(fd, name, Sys.directoryFlags, path: child), path: child)
    }

    /// Opens the subdirectory `name`, creating it if absent. When something else holds the
    /// name (a file, a link: `EEXIST`, `ELOOP`, `ENOTDIR`) it tries `name.2`, `name.3`, …:
    /// a collision is resolved, never retried for ever and never followed.
    func directory(creating name: FilePath.Component) throws(SystemError) -> DirectoryHandle {
        var number = 1
        while true {
            let candidate = Disposition.fittedName(name, number: number, reserve: 0)
            do {
                try Sys.mkdirat(fd, candidate, path: path.appending(candidate))
                return try directory(candidate)
            } catch where Self.isCollision(error) && number < Self.maxSuffix {
                number += 1
            }
        }
    }

    /// What is at `name`, without following a link; nil if nothing.
    func lstat(_ name: FilePath.Component) throws(SystemError) -> stat? {
        try Sys.lstatat(fd, name, path: path.appending(name))
    }

    func sync() throws(SystemError) {
        try Sys.fsync(fd, path: path)
    }

    /// Something that is not a directory sits where a directory should be.
    static func isCollision(_ error: SystemError) -> Bool {
        error.errno == EEXIST || error.errno == ELOOP || error.errno == ENOTDIR
    }

    /// How many numbered names are tried before giving up (then the error stands).
    static let maxSuffix = 1000
}
