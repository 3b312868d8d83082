#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import SystemPackage

/// One daemon per inbox: an exclusive `flock` on `.<inbox name>.gazette-lock` beside the
/// inbox (its real path: two spellings of one folder share the lock), holding our PID. Two
/// daemons with different stores on one inbox would race for every file, store many twice
/// and drive each other's queue figures negative; the store lock cannot see that.
///
/// Beside, not in or on the inbox: anything held open inside the inbox (or the inbox
/// itself) keeps the kernel from reporting the inbox's deletion (`IN_DELETE_SELF` comes
/// only once the last reference goes), and producers own what is inside.
final class InboxLock: Sendable {
    let path: FilePath
    private let fd: Int32?

    /// Takes the lock at once or fails, naming the PID that holds it. Where the folder
    /// that holds the inbox is not writable by the daemon, there is no lock (`isHeld` is
    /// false) and the caller says so: the inbox works, only a second daemon goes unseen.
    init(inbox: String) throws(DaemonError) {
        let real = URL(fileURLWithPath: inbox).resolvingSymlinksInPath().path
        let name = FilePath(real).lastComponent?.string ?? "inbox"
        path = FilePath(DaemonConfig.beside(real, ".\(name).gazette-lock"))
        let result: Sys.PIDLock
        do {
            result = try Sys.lockPIDFile(path)
        } catch where error.errno == EACCES || error.errno == EPERM || error.errno == EROFS {
            fd = nil
            return
        } catch {
            throw .lock(error)
        }
        switch result {
        case .taken(let opened): fd = opened
        case .held(let pid): throw .inboxInUse(pid: pid, inbox: inbox, lock: path.string)
        }
    }

    /// Whether the lock could be taken (see `init`).
    var isHeld: Bool { fd != nil }

    deinit {
        if let fd { Sys.close(fd) }
    }
}
