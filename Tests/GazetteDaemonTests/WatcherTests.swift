import Foundation
import GazetteTestSupport
import SystemPackage
import Testing
@testable import GazetteDaemon

@Suite("inotify watcher")
struct WatcherTests {
    /// A watcher on `inbox` delivering into a stream, as the intake's is.
    static func watcher(_ inbox: String) throws -> (InotifyWatcher, AsyncStream<WatchEvent>) {
        let (events, sink) = AsyncStream.makeStream(of: WatchEvent.self)
        let watcher = try InotifyWatcher(inbox: FilePath(inbox), deliver: { sink.yield($0) }, finished: { sink.finish() })
        return (watcher, events)
    }

    /// Collects events until `count` arrived or two seconds passed.
    static func collect(_ watching: (InotifyWatcher, AsyncStream<WatchEvent>), count: Int) async -> [WatchEvent] {
        let (watcher, stream) = watching
        return await withTaskGroup(of: [WatchEvent]?.self) { group in
            group.addTask {
                var events: [WatchEvent] = []
                for await event in stream {
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
        let watching = try Self.watcher(inbox)
        let watcher = watching.0
        try watcher.watchInbox()
        watcher.start()
        try writeInPlace(Data("a".utf8), to: inbox + "/a.txt")
        try renameIn(Data("b".utf8), to: inbox + "/b.txt")
        try Data("c".utf8).write(to: URL(fileURLWithPath: inbox + "/c.txt.part"))
        try FileManager.default.createDirectory(atPath: inbox + "/江门日报", withIntermediateDirectories: false)
        try await Task.sleep(for: .milliseconds(100))
        try writeInPlace(Data("p".utf8), to: inbox + "/江门日报/p1.txt")
        let events = await Self.collect(watching, count: 4)
        #expect(events == [.arrived(Self.entry("a.txt")), .arrived(Self.entry("b.txt")),
                           .folderAppeared(FilePath.Component("江门日报")), .arrived(Self.entry("p1.txt", "江门日报"))])
        watcher.stop()
    }

    @Test("the inbox being removed is reported")
    func inboxGone() async throws {
        let directory = TestDirectory()
        let inbox = directory.sub("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let watching = try Self.watcher(inbox)
        let watcher = watching.0
        try watcher.watchInbox()
        watcher.start()
        try FileManager.default.removeItem(atPath: inbox)
        let events = await Self.collect(watching, count: 1)
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
        let (made, lowered) = InotifyLimit.withTinyQueue { try? Self.watcher(inbox) }
        let queued = lowered ? 8 : limit
        let (watching, stream) = try #require(made)
        try watching.watchInbox()
        // The reading thread is not started yet: every event waits in the kernel queue.
        for number in 0...queued {
            try Data().write(to: URL(fileURLWithPath: inbox + "/\(number).txt"))
        }
        watching.start()
        let events = await Self.collect((watching, stream), count: queued + 1)
        #expect(events.contains(.overflow))
        watching.stop()
    }
}

@Suite("the watcher's backlog in the intake's stream")
struct WatchBacklogTests {
    /// The signals a finished stream holds: (watch events, backlog overflows).
    static func tally(_ signals: AsyncStream<Intake.Signal>) async -> (watched: Int, overflows: Int) {
        var tally = (watched: 0, overflows: 0)
        for await signal in signals {
            switch signal {
            case .watch: tally.watched += 1
            case .backlogOverflow: tally.overflows += 1
            default: break
            }
        }
        return tally
    }

    @Test("past the limit events are dropped and one overflow stands for them until the intake rescans")
    func bounded() async {
        let backlog = WatchBacklog()
        let event = WatchEvent.arrived(WatcherTests.entry("a.txt"))
        let (signals, sink) = AsyncStream.makeStream(of: Intake.Signal.self)
        for _ in 0..<(WatchBacklog.limit + 100) { backlog.deliver(event, to: sink) }
        sink.finish()
        let first = await Self.tally(signals)
        #expect(first.watched == WatchBacklog.limit)
        #expect(first.overflows == 1, "one overflow for every event dropped")

        let (later, laterSink) = AsyncStream.makeStream(of: Intake.Signal.self)
        backlog.deliver(event, to: laterSink)  // still full, overflow pending: dropped
        backlog.taken()
        backlog.overflowHandled()
        backlog.deliver(event, to: laterSink)  // room again, rescan begun: admitted
        laterSink.finish()
        let second = await Self.tally(later)
        #expect(second.watched == 1 && second.overflows == 0)
    }
}
