import Foundation
import GazetteTestSupport
import SystemPackage
import Testing
@testable import GazetteDaemon

@Suite("inotify watcher")
struct WatcherTests {
    /// Collects events until `count` arrived or two seconds passed.
    static func collect(_ watcher: InotifyWatcher, count: Int) async -> [WatchEvent] {
        await withTaskGroup(of: [WatchEvent]?.self) { group in
            group.addTask {
                var events: [WatchEvent] = []
                for await event in watcher.events {
                    if case .appeared = event { continue }  // IN_CREATE before the close-write
                    events.append(event)
                    if events.count >= count { break }
                }
                return events
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                watcher.stop()  // ends `events`, so the collector returns what it has
                return nil
            }
            var collected: [WatchEvent] = []
            for await result in group {
                if let result {
                    collected = result
                    group.cancelAll()
                }
            }
            return collected
        }
    }

    static func entry(_ name: String, _ folder: String? = nil) -> InboxEntry {
        InboxEntry(folder: folder.map { FilePath.Component($0)! }, name: FilePath.Component(name)!)
    }

    @Test("close-write, rename-in and a new subfolder are reported; temporary names are not")
    func events() async throws {
        let directory = TestDirectory()
        let inbox = directory.sub("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let watcher = try InotifyWatcher(inbox: FilePath(inbox))
        try watcher.watchInbox()
        watcher.start()
        try writeInPlace(Data("a".utf8), to: inbox + "/a.txt")
        try renameIn(Data("b".utf8), to: inbox + "/b.txt")
        try Data("c".utf8).write(to: URL(fileURLWithPath: inbox + "/c.txt.part"))
        try FileManager.default.createDirectory(atPath: inbox + "/江门日报", withIntermediateDirectories: false)
        try await Task.sleep(for: .milliseconds(100))
        try writeInPlace(Data("p".utf8), to: inbox + "/江门日报/p1.txt")
        let events = await Self.collect(watcher, count: 4)
        #expect(events == [.arrived(Self.entry("a.txt")), .arrived(Self.entry("b.txt")),
                           .folderAppeared(FilePath.Component("江门日报")), .arrived(Self.entry("p1.txt", "江门日报"))])
        watcher.stop()
    }

    @Test("the inbox being removed is reported")
    func inboxGone() async throws {
        let directory = TestDirectory()
        let inbox = directory.sub("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let watcher = try InotifyWatcher(inbox: FilePath(inbox))
        try watcher.watchInbox()
        watcher.start()
        try FileManager.default.removeItem(atPath: inbox)
        let events = await Self.collect(watcher, count: 1)
        #expect(events == [.inboxGone])
        watcher.stop()
    }

    @Test("more events than the kernel queue holds: the watcher reports the overflow")
    func overflow() async throws {
        let directory = TestDirectory()
        let inbox = directory.sub("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let limit = Int((try String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 16384
        let (watcher, lowered) = InotifyLimit.withTinyQueue { try? InotifyWatcher(inbox: FilePath(inbox)) }
        let queued = lowered ? 8 : limit
        let watching = try #require(watcher)
        try watching.watchInbox()
        // The reading thread is not started yet: every event waits in the kernel queue.
        for number in 0...queued {
            try Data().write(to: URL(fileURLWithPath: inbox + "/\(number).txt"))
        }
        watching.start()
        let events = await Self.collect(watching, count: queued + 1)
        #expect(events.contains(.overflow))
        watching.stop()
    }
}
