#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteBenchKit

/// The producer: writes each page as `.NAME.tmp` in the inbox, then renames it to `NAME`
/// (what a well-behaved scanner or rsync does); the rename is the drop time. Either as
/// fast as it can, or paced at a fixed rate against the monotonic clock (no drift: page i
/// is due at start + i / rate, and a late page is written at once, not skipped).
enum PageDropper {
    /// Drops `pages` into `inbox` as `prefix-00001.txt`…; returns each name's drop time.
    static func drop(_ pages: [[UInt8]], into inbox: URL, prefix: String, rate: Double?) throws -> [String: Double] {
        var dropped: [String: Double] = [:]
        dropped.reserveCapacity(pages.count)
        let start = monotonicSeconds()
        for (index, page) in pages.enumerated() {
            if let rate { sleepUntil(start + Double(index) / rate) }
            let name = "\(prefix)-\(String(format: "%06d", index)).txt"
            let temporary = inbox.appendingPathComponent(".\(name).tmp").path
            let final = inbox.appendingPathComponent(name).path
            try write(page, to: temporary)
            guard rename(temporary, final) == 0 else {
                throw BenchError("rename \(temporary) → \(final): \(String(cString: strerror(errno)))")
            }
            dropped[name] = monotonicSeconds()
        }
        return dropped
    }

    /// Writes the bytes to a new file (mode 0644), closing it (the close-write the daemon sees).
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw BenchError("write \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// Writes a backlog directly as final names, with mtimes an hour old: pages that
    /// waited while the daemon was down (the start-up scan takes old files at once).
    static func backlog(_ pages: [[UInt8]], into inbox: URL, prefix: String) throws -> [String] {
        var names: [String] = []
        var old = timespec()
        clock_gettime(CLOCK_REALTIME, &old)
        old.tv_sec -= 3600
        let times = [old, old]
        for (index, page) in pages.enumerated() {
            let name = "\(prefix)-\(String(format: "%06d", index)).txt"
            let path = inbox.appendingPathComponent(name).path
            try write(page, to: path)
            _ = times.withUnsafeBufferPointer { utimensat(AT_FDCWD, path, $0.baseAddress, 0) }
            names.append(name)
        }
        return names
    }
}
