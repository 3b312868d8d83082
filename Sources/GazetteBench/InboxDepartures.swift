#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteBenchKit

/// Watches the inbox (inotify IN_MOVED_FROM and IN_DELETE) and timestamps each page as it
/// leaves: the daemon moves a file out only after its articles are committed and fsynced,
/// so the departure is the moment the page is durable *and* the producer can see it done.
/// That is the commit time of the drop-to-commit latency (a few µs after the fsync,
/// unlike the store's `stored_at`, which is taken before the transaction runs).
final class InboxDepartures: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var times: [String: Double] = [:]
    private var first: Double?
    private var stopping = false
    private var thread: Thread?

    init(inbox: URL) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw BenchError("inotify_init1: \(String(cString: strerror(errno)))") }
        let mask = UInt32(IN_MOVED_FROM) | UInt32(IN_DELETE)
        guard inotify_add_watch(fd, inbox.path, mask) >= 0 else {
            throw BenchError("inotify_add_watch \(inbox.path): \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [self] in self.loop() }
        thread.stackSize = 1 << 20
        self.thread = thread
        thread.start()
    }

    deinit { close(fd) }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 50)
            lock.lock()
            let done = stopping
            lock.unlock()
            if done { return }
            guard ready > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            let now = monotonicSeconds()
            guard n > 0 else { continue }
            var names: [String] = []
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= n {
                    let length = Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self))
                    let start = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = raw[start..<(start + length)].prefix { $0 != 0 }
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    if !name.hasPrefix(".") { names.append(name) }
                    offset = start + length
                }
            }
            lock.lock()
            for name in names where times[name] == nil { times[name] = now }
            if first == nil, !names.isEmpty { first = now }
            lock.unlock()
        }
    }

    func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
        while thread?.isFinished == false { usleep(1_000) }
    }

    /// Departure time of each page that has left, by name.
    var snapshot: [String: Double] {
        lock.lock()
        defer { lock.unlock() }
        return times
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return times.count
    }

    /// Waits until `expected` pages have left or `timeout` seconds pass without progress.
    @discardableResult
    func wait(for expected: Int, stallTimeout: Double) -> Bool {
        var last = count
        var lastChange = monotonicSeconds()
        while true {
            let now = count
            if now >= expected { return true }
            if now != last {
                last = now
                lastChange = monotonicSeconds()
            } else if monotonicSeconds() - lastChange > stallTimeout {
                return false
            }
            usleep(2_000)
        }
    }
}
