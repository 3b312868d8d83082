import Foundation
import Synchronization

/// Lowers the kernel's inotify queue for one test (root only).
enum InotifyLimit {
    /// `/proc/sys/fs/inotify/max_queued_events`, lowered for the inotify instance `body`
    /// creates (the kernel takes the limit when the instance is made) and restored at once.
    /// One at a time (a lock), so two tests never save each other's lowered value.
    static func withTinyQueue<T>(_ body: () throws -> T) rethrows -> (T, lowered: Bool) {
        try lock.withLock { _ in
            let path = "/proc/sys/fs/inotify/max_queued_events"
            guard getuid() == 0, let old = try? String(contentsOfFile: path, encoding: .utf8),
                  Int(old.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 8 else {
                return (try body(), false)
            }
            let lowered = (try? "8\n".write(toFile: path, atomically: false, encoding: .utf8)) != nil
            defer { try? old.write(toFile: path, atomically: false, encoding: .utf8) }
            return (try body(), lowered)
        }
    }

    static let lock = Mutex(())
}
