#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import SystemPackage

/// One daemon per store: an exclusive `flock` on `<store>.lock`, holding our PID. The
/// kernel drops the lock when the process dies, so a crash never leaves a stale lock.
public final class StoreLock: Sendable {
    public let path: FilePath
    private let fd: Int32

    /// Takes the lock at once or fails, naming the PID that holds it.
    public init(store: String) throws(DaemonError) {
        path = FilePath(store + ".lock")
        let opened: Int32
        do {
            opened = try Sys.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode: 0o644)
        } catch {
            throw .lock(error)
        }
        do {
            try Sys.flock(opened, LOCK_EX | LOCK_NB, path: path)
        } catch {
            defer { Sys.close(opened) }
            if error.errno == EWOULDBLOCK {
                throw .alreadyRunning(pid: Self.readPID(opened), lock: path.string)
            }
            throw .lock(error)
        }
        fd = opened
        let pid = Array("\(getpid())\n".utf8)
        try? Sys.ftruncate(fd, 0, path: path)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        Sys.close(fd)
    }

    static func readPID(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
