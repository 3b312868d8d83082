#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// The `*at` calls: every name is resolved relative to a directory descriptor, one
/// component at a time, so that no path a producer can touch is ever walked by the kernel
/// from the top (where a subfolder swapped for a link would lead it out of the inbox).
///
/// `path` arguments only name the target in errors; the kernel never sees them.
extension Sys {
    /// The flags of every directory we open beneath a root: a link or a non-directory in
    /// its place fails (`ELOOP`, `ENOTDIR`) instead of being followed.
    static let directoryFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC

    static func openat(_ dirfd: Int32, _ name: FilePath.Component, _ flags: Int32, mode: mode_t = 0o644,
                              path: FilePath) throws(SystemError) -> Int32 {
        try retrying("openat", path.string) {
            name.withPlatformString { Glibc.openat(dirfd, $0, flags, mode) }
        }
    }

    /// `fstatat` without following a final link; nil when nothing is at the name (or a
    /// component before it is not a directory).
    static func lstatat(_ dirfd: Int32, _ name: FilePath.Component, path: FilePath) throws(SystemError) -> stat? {
        var info = stat()
        do {
            _ = try retrying("fstatat", path.string) {
                name.withPlatformString { Glibc.fstatat(dirfd, $0, &info, AT_SYMLINK_NOFOLLOW) }
            }
        } catch where error.errno == ENOENT || error.errno == ENOTDIR {
            return nil
        }
        return info
    }

    /// Renames within or between directories held open. With `noReplace` an existing
    /// target fails with `EEXIST` instead of being replaced (`renameat2(RENAME_NOREPLACE)`),
    /// which makes "take a free name" one atomic step; where the filesystem does not
    /// support the flag (`EINVAL`) the caller's own check before the call is all there is.
    static func renameat(_ fromDirectory: Int32, _ from: FilePath.Component,
                                _ toDirectory: Int32, _ to: FilePath.Component,
                                noReplace: Bool = false, path: @autoclosure () -> String) throws(SystemError) {
        if noReplace {
            do {
                _ = try retrying("renameat2", path()) {
                    from.withPlatformString { f in
                        to.withPlatformString { t in renameat2(fromDirectory, f, toDirectory, t, renameNoReplace) }
                    }
                }
                return
            } catch where error.errno == EINVAL || error.errno == ENOSYS {
                // Not supported here: fall through to a plain rename.
            }
        }
        _ = try retrying("renameat", path()) {
            from.withPlatformString { f in to.withPlatformString { t in Glibc.renameat(fromDirectory, f, toDirectory, t) } }
        }
    }

    /// `RENAME_NOREPLACE` (`stdio.h` under `_GNU_SOURCE`).
    static let renameNoReplace: UInt32 = 1

    /// glibc's `renameat2` (2.28+), looked up at run time: the C module does not export it
    /// to Swift. Where it is missing the call fails with `ENOSYS`, as an old kernel would.
    private static let renameat2Function: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32).self)
    }()

    private static func renameat2(_ fromDirectory: Int32, _ from: UnsafePointer<CChar>, _ toDirectory: Int32,
                                  _ to: UnsafePointer<CChar>, _ flags: UInt32) -> Int32 {
        guard let function = renameat2Function else {
            errno = ENOSYS
            return -1
        }
        return function(fromDirectory, from, toDirectory, to, flags)
    }

    static func unlinkat(_ dirfd: Int32, _ name: FilePath.Component, path: FilePath) throws(SystemError) {
        _ = try retrying("unlinkat", path.string) { name.withPlatformString { Glibc.unlinkat(dirfd, $0, 0) } }
    }

    /// Creates one directory in a directory held open; an existing *directory* is fine.
    /// Anything else at the name (a file, a link) fails with `EEXIST`: never followed.
    static func mkdirat(_ dirfd: Int32, _ name: FilePath.Component, mode: mode_t = 0o755,
                               path: FilePath) throws(SystemError) {
        do {
            _ = try retrying("mkdirat", path.string) { name.withPlatformString { Glibc.mkdirat(dirfd, $0, mode) } }
        } catch where error.errno == EEXIST {
            if let info = try lstatat(dirfd, name, path: path), (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw error
        }
    }
}
