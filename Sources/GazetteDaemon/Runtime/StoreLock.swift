#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import SystemPackage

/// One daemon per store: an exclusive `flock` on `<store>.lock`, holding our PID. The
/// kernel drops the lock when the process dies, so a crash never leaves a stale lock.
final class StoreLock: Sendable {
    let path: FilePath
    private let fd: Int32

    /// Takes the lock at once or fails, naming the PID that holds it.
    init(store: String) throws(DaemonError) {
        path = FilePath(store + ".lock")
        let result: Sys.PIDLock
        do {
            result = try Sys.lockPIDFile(path)
        } catch {
            throw .lock(error)
        }
        switch result {
        case .taken(let opened): fd = opened
        case .held(let pid): throw .alreadyRunning(pid: pid, lock: path.string)
        }
    }

    deinit {
        Sys.close(fd)
    }
}
