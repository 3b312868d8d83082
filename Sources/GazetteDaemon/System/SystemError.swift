#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed system call: which operation, on which path, and the `errno` it returned.
///
/// Every syscall the daemon makes goes through ``Sys``, which retries `EINTR` and throws
/// this. The description names the operation and the path so that a journal line alone
/// tells the operator what went wrong where.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call, e.g. `"open"`, `"rename"`, `"inotify_add_watch"`.
    public var operation: String
    /// The path the call was about, when there is one (for `rename`: `"FROM -> TO"`).
    public var path: String?
    public var errno: Int32

    public init(operation: String, path: String?, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The C library's text for `errno`.
    public var reason: String { String(cString: strerror(errno)) }

    /// Conditions that go away by themselves (space freed, descriptors released, a busy
    /// device): the file must stay in the inbox and be retried, never quarantined.
    public var isTransient: Bool {
        switch errno {
        case ENOSPC, EDQUOT, EMFILE, ENFILE, ENOMEM, EBUSY, EAGAIN, ETXTBSY, EIO, EROFS: true
        default: false
        }
    }

    public var description: String {
        let target = path.map { " \($0)" } ?? ""
        return "\(operation)\(target) failed: \(reason) (errno \(errno))\(advice)"
    }

    private var advice: String {
        switch errno {
        case ENOSPC, EDQUOT: ": free disk space; Gazette retries by itself"
        case EACCES, EPERM: ": check the owner and mode of the path (the daemon runs as the unit's user)"
        case EROFS: ": the filesystem is read-only; remount it read-write"
        case EMFILE, ENFILE: ": too many open files; raise LimitNOFILE in the unit"
        case ENOENT: ""
        default: ""
        }
    }
}
