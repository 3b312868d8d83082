#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import SystemPackage

extension Sys {
    /// What `lockPIDFile` found: the lock taken (its descriptor, holding our PID), or held by
    /// another process (its PID as written, when readable).
    enum PIDLock {
        case taken(Int32)
        case held(pid: String?)
    }

    /// Takes an exclusive `flock` on `path` at once (created if absent, never through a link)
    /// and writes our PID into it. The kernel drops the lock when the process dies, so a crash
    /// never leaves a stale lock; the PID is only for the message naming the holder. The store
    /// lock and the inbox lock are both this.
    static func lockPIDFile(_ path: FilePath) throws(SystemError) -> PIDLock {
        let fd = try open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode: 0o644)
        do {
            try flock(fd, LOCK_EX | LOCK_NB, path: path)
        } catch {
            defer { close(fd) }
            if error.errno == EWOULDBLOCK { return .held(pid: readPID(fd)) }
            throw error
        }
        let pid = Array("\(getpid())\n".utf8)
        try? ftruncate(fd, 0, path: path)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return .taken(fd)
    }

    /// The PID a lock file holds, as written, or nil.
    static func readPID(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
