#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// The daemon's one door to the kernel: each function makes one system call, retries it
/// while it fails with `EINTR`, and turns any other failure into a ``SystemError`` that
/// carries the operation and the path (the shape of swift-nio's `NIOPosix/System.swift`).
///
/// Paths are `FilePath`s so that names which are not valid UTF-8 reach the kernel
/// byte for byte; they are rendered (repaired) only for messages.
enum Sys {
    /// Runs `body` until it stops failing with `EINTR`; `-1` becomes a typed error.
    @inline(__always)
    static func retrying<T: FixedWidthInteger>(
        _ operation: String, _ path: @autoclosure () -> String?, _ body: () -> T
    ) throws(SystemError) -> T {
        while true {
            let result = body()
            if result == -1 {
                let code = errno
                if code == EINTR { continue }
                throw SystemError(operation: operation, path: path(), errno: code)
            }
            return result
        }
    }

    static func open(_ path: FilePath, _ flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> Int32 {
        try retrying("open", path.string) { path.withPlatformString { Glibc.open($0, flags, mode) } }
    }

    /// Closes without retrying: on Linux the descriptor is gone even when `close` reports
    /// `EINTR`, and retrying could close a descriptor another thread just opened.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func fstat(_ fd: Int32, path: FilePath) throws(SystemError) -> stat {
        var info = stat()
        _ = try retrying("fstat", path.string) { Glibc.fstat(fd, &info) }
        return info
    }

    /// `stat` (links followed), or nil when nothing is there.
    static func statFollowing(_ path: FilePath) -> stat? {
        var info = stat()
        return path.withPlatformString { fstatat(AT_FDCWD, $0, &info, 0) } == 0 ? info : nil
    }

    /// Whether `path`, links followed, is a directory.
    static func isDirectory(following path: FilePath) -> Bool {
        guard let info = statFollowing(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `lstat`, or nil when nothing is at `path`.
    static func lstat(_ path: FilePath) throws(SystemError) -> stat? {
        var info = stat()
        do {
            _ = try retrying("lstat", path.string) { path.withPlatformString { Glibc.lstat($0, &info) } }
        } catch where error.errno == ENOENT || error.errno == ENOTDIR {
            return nil
        }
        return info
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: FilePath) throws(SystemError) -> Int {
        try retrying("read", path.string) { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: FilePath) throws(SystemError) -> Int {
        try retrying("write", path.string) { Glibc.write(fd, bytes.baseAddress, bytes.count) }
    }

    /// Writes all of `bytes`, looping over short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: FilePath) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let result: Result<Int, SystemError> = bytes.withUnsafeBytes { raw in
                do throws(SystemError) {
                    return .success(try write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]), path: path))
                } catch {
                    return .failure(error)
                }
            }
            offset += try result.get()
        }
    }

    static func rename(_ from: FilePath, _ to: FilePath) throws(SystemError) {
        _ = try retrying("rename", "\(from.string) -> \(to.string)") {
            from.withPlatformString { f in to.withPlatformString { t in Glibc.rename(f, t) } }
        }
    }

    static func unlink(_ path: FilePath) throws(SystemError) {
        _ = try retrying("unlink", path.string) { path.withPlatformString { Glibc.unlink($0) } }
    }

    static func fsync(_ fd: Int32, path: FilePath) throws(SystemError) {
        _ = try retrying("fsync", path.string) { Glibc.fsync(fd) }
    }

    /// Makes a directory's entries durable: after a rename, the new name survives a crash
    /// only once the directory itself has been fsynced.
    static func fsyncDirectory(_ path: FilePath) throws(SystemError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    static func flock(_ fd: Int32, _ operation: Int32, path: FilePath) throws(SystemError) {
        _ = try retrying("flock", path.string) { systemFlock(fd, operation) }
    }

    static func ftruncate(_ fd: Int32, _ length: Int, path: FilePath) throws(SystemError) {
        _ = try retrying("ftruncate", path.string) { Glibc.ftruncate(fd, off_t(length)) }
    }

    /// Creates one directory; an existing directory is fine.
    static func mkdir(_ path: FilePath, mode: mode_t = 0o755) throws(SystemError) {
        do {
            _ = try retrying("mkdir", path.string) { path.withPlatformString { Glibc.mkdir($0, mode) } }
        } catch where error.errno == EEXIST {
            if let info = try lstat(path), (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw error
        }
    }

    /// Creates a directory and any missing parents (`mkdir -p`).
    ///
    /// A link to a directory counts as the directory: these are the configured roots and the
    /// folders above them, which an operator may well put elsewhere (`/var/lib/gazette` a
    /// link to a data disk); before, such a path made the daemon refuse to start with
    /// "mkdir … File exists". Links are still never followed inside the inbox.
    static func mkdirs(_ path: FilePath, mode: mode_t = 0o755) throws(SystemError) {
        if let info = try lstat(path) {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR || (kind == S_IFLNK && isDirectory(following: path)) { return }
        }
        let parent = path.removingLastComponent()
        if !parent.isEmpty, parent != path { try mkdirs(parent, mode: mode) }
        try mkdir(path, mode: mode)
    }

    static func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        _ = try retrying("pipe", nil) { Glibc.pipe(&fds) }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return (fds[0], fds[1])
    }

    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) throws(SystemError) -> Int32 {
        try retrying("poll", nil) { Glibc.poll(&fds, nfds_t(fds.count), timeoutMilliseconds) }
    }

    // MARK: inotify

    static func inotifyInit() throws(SystemError) -> Int32 {
        try retrying("inotify_init1", nil) { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
    }

    static func inotifyAddWatch(_ fd: Int32, _ path: FilePath, mask: UInt32) throws(SystemError) -> Int32 {
        try retrying("inotify_add_watch", path.string) {
            path.withPlatformString { inotify_add_watch(fd, $0, mask) }
        }
    }

    static func inotifyRemoveWatch(_ fd: Int32, _ wd: Int32) {
        _ = inotify_rm_watch(fd, wd)
    }
}

/// The C `flock(2)`, outside `Sys` where the struct of the same name shadows it.
private func systemFlock(_ fd: Int32, _ operation: Int32) -> Int32 {
    flock(fd, operation)
}
