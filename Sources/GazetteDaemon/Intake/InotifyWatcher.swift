#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Synchronization
import SystemPackage

/// inotify on the inbox and its immediate subfolders, read on a thread of its own.
///
/// The blocking wait (`poll` on the inotify descriptor and a wake-up pipe) must not sit on
/// a thread of Swift's cooperative pool, so a dedicated `Thread` does it and hands each
/// event to `deliver` (the intake puts it straight into its own stream: one hop). With
/// nothing arriving the thread sleeps in the kernel: an idle daemon uses no CPU. `stop()`
/// writes to the pipe to end the thread, which then calls `finished`.
final class InotifyWatcher: Sendable {
    let inbox: FilePath
    private let deliver: @Sendable (WatchEvent) -> Void
    private let finished: @Sendable () -> Void
    private let fd: Int32
    private let wake: (read: Int32, write: Int32)
    /// Watch descriptor → subfolder (nil for the inbox itself).
    private let watches = Mutex<[Int32: FilePath.Component?]>([:])

    private static let inboxMask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF)
        | UInt32(IN_ONLYDIR) | UInt32(IN_EXCL_UNLINK)
    /// `IN_DONT_FOLLOW`: a subfolder swapped for a link is not watched through the link.
    private static let folderMask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)
        | UInt32(IN_ONLYDIR) | UInt32(IN_EXCL_UNLINK) | UInt32(IN_DONT_FOLLOW)

    init(inbox: FilePath, deliver: @escaping @Sendable (WatchEvent) -> Void,
         finished: @escaping @Sendable () -> Void = {}) throws(SystemError) {
        self.inbox = inbox
        self.deliver = deliver
        self.finished = finished
        fd = try Sys.inotifyInit()
        do {
            wake = try Sys.pipe()
        } catch {
            Sys.close(fd)
            throw error
        }
    }

    deinit {
        Sys.close(fd)
        Sys.close(wake.read)
        Sys.close(wake.write)
    }

    /// Watches the inbox and every subfolder now in it. Called before the start-up scan
    /// (so nothing slips between the two) and again when a vanished inbox returns.
    func watchInbox() throws(SystemError) {
        let wd = try Sys.inotifyAddWatch(fd, inbox, mask: Self.inboxMask)
        watches.withLock { $0[wd] = .some(nil) }
        for folder in (try? InboxScanner(inbox: inbox).folders()) ?? [] {
            try? watch(folder: folder)
        }
    }

    /// Watches one subfolder (idempotent: the kernel returns the same descriptor).
    func watch(folder: FilePath.Component) throws(SystemError) {
        let wd = try Sys.inotifyAddWatch(fd, inbox.appending(folder), mask: Self.folderMask)
        watches.withLock { $0[wd] = folder }
    }

    /// Starts the reading thread.
    func start() {
        let thread = Thread { [self] in self.readLoop() }
        thread.name = "gazette-inotify"
        thread.start()
    }

    /// Ends the reading thread; `finished` is called once it has gone.
    func stop() {
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
    }

    private func readLoop() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer {
            buffer.deallocate()
            finished()
        }
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            guard (try? Sys.poll(&fds, timeoutMilliseconds: -1)) != nil else { return }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            while true {
                let count: Int
                do {
                    count = try Sys.read(fd, into: buffer, path: inbox)
                } catch {
                    break  // EAGAIN: drained
                }
                if count <= 0 { break }
                for event in decode(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) {
                    deliver(event)
                }
            }
        }
    }

    /// Turns raw `struct inotify_event`s into what the intake acts on, keeping the watch
    /// table current (new subfolders are watched here, on the spot, before anything can
    /// be written into them unseen).
    private func decode(_ bytes: UnsafeRawBufferPointer) -> [WatchEvent] {
        var result: [WatchEvent] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= bytes.count {
            let wd = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[(offset + header)..<min(bytes.count, offset + header + length)])
            offset += header + length

            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                result.append(.overflow)
                continue
            }
            let owner = watches.withLock { $0[wd] }
            guard let folder = owner else { continue }  // a watch we already dropped
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 || mask & UInt32(IN_IGNORED) != 0 {
                watches.withLock { _ = $0.removeValue(forKey: wd) }
                if folder == nil { result.append(.inboxGone) }
                if folder == nil, mask & UInt32(IN_MOVE_SELF) != 0 { Sys.inotifyRemoveWatch(fd, wd) }
                continue
            }
            guard let name = Self.component(nameBytes) else { continue }
            let isDirectory = mask & UInt32(IN_ISDIR) != 0
            if isDirectory {
                if folder == nil, InboxEntry.isSourceFolder(name), mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    try? watch(folder: name)
                    result.append(.folderAppeared(name))
                } else if folder != nil, InboxEntry.isCandidate(name), mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    // A directory inside a source folder is not a page: refused later, with a reason.
                    result.append(.appeared(InboxEntry(folder: folder, name: name)))
                }
                continue
            }
            guard InboxEntry.isCandidate(name) || InboxEntry.isReasonFile(name) else { continue }
            let entry = InboxEntry(folder: folder, name: name)
            if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
                result.append(.arrived(entry))
            } else if mask & UInt32(IN_CREATE) != 0 {
                result.append(.appeared(entry))
            }
        }
        return result
    }

    /// The NUL-padded name of an event as a path component.
    private static func component(_ bytes: UnsafeRawBufferPointer) -> FilePath.Component? {
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        guard end > 0 else { return nil }
        var chars = bytes[0..<end].map { CChar(bitPattern: $0) }
        chars.append(0)
        return chars.withUnsafeBufferPointer { FilePath.Component(platformString: $0.baseAddress!) }
    }
}
