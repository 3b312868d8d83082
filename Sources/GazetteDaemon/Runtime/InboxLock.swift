#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import SystemPackage

/// One daemon per inbox: an exclusive `flock` on the inbox directory itself. Two daemons
/// with different stores on one inbox would race for every file, store many twice and
/// drive each other's queue figures negative; the store lock cannot see that.
///
/// The lock is on the directory, not on a file in it: nothing is added to the producers'
/// folder, and the kernel drops it when the process dies. The holder's PID is found in
/// `/proc/locks`, which lists each lock with its PID and the inode it is on.
public final class InboxLock: Sendable {
    public let path: FilePath
    private let fd: Int32

    /// Takes the lock at once or fails, naming the PID that holds it.
    public init(inbox: String) throws(DaemonError) {
        path = FilePath(inbox)
        let opened: Int32
        do {
            opened = try Sys.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        } catch {
            throw .lock(error)
        }
        do {
            try Sys.flock(opened, LOCK_EX | LOCK_NB, path: path)
        } catch {
            defer { Sys.close(opened) }
            if error.errno == EWOULDBLOCK {
                throw .inboxInUse(pid: Self.holder(of: opened), inbox: inbox)
            }
            throw .lock(error)
        }
        fd = opened
    }

    deinit {
        Sys.close(fd)
    }

    /// The PID of a process holding a `FLOCK` on the file `fd` is open on, from lines like
    /// `1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF` (device as hex major:minor).
    static func holder(of fd: Int32) -> String? {
        guard let info = try? Sys.fstat(fd, path: "/proc/locks"),
              let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        let device = UInt64(info.st_dev)
        let major = (device >> 8) & 0xfff | (device >> 32) & 0xffff_f000   // gnu_dev_major
        let minor = device & 0xff | (device >> 12) & 0xffff_ff00           // gnu_dev_minor
        let suffix = ":\(info.st_ino)"
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5].hasSuffix(suffix) else { continue }
            let parts = fields[5].split(separator: ":")
            guard parts.count == 3, UInt64(parts[0], radix: 16) == major, UInt64(parts[1], radix: 16) == minor else { continue }
            return String(fields[4])
        }
        return nil
    }
}
