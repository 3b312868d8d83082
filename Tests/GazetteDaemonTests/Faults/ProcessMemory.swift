#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A process's memory as the kernel reports it in `/proc/PID/status`, in KiB: what the
/// operator sees in `systemctl status` and what `MemoryMax=` is compared with.
struct ProcessMemory {
    /// Resident now.
    var rss: Int
    /// Resident at its peak ("high water mark") since the process started.
    var peak: Int
    /// The anonymous part of `rss` (the heap and stacks): where a leak shows. The rest is
    /// file-backed (the executable's pages, faulted in and dropped with the page cache).
    var anon: Int

    init?(pid: Int32) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM"), let anon = field("RssAnon") else { return nil }
        self.rss = rss
        self.peak = peak
        self.anon = anon
    }
}
