#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import GazetteTestSupport
import Testing
@testable import GazetteDaemon

@Suite("Intake queue and quiet period")
struct IntakeQueueTests {
    static func entry(_ name: String, _ folder: String? = nil) -> InboxEntry {
        InboxEntry(folder: folder.map { FilePath.Component($0)! }, name: FilePath.Component(name)!)
    }

    @Test("a path already queued or in flight is not queued twice")
    func noDoubleQueue() async {
        let queue = IntakeQueue(maxInFlight: 4)
        #expect(queue.enqueue(Self.entry("a.txt")))
        #expect(!queue.enqueue(Self.entry("a.txt")))
        let taken = await queue.next()
        #expect(taken == Self.entry("a.txt"))
        queue.finished(Self.entry("a.txt"))
        #expect(queue.enqueue(Self.entry("a.txt")), "a new file of the same name after the first was finished")
        #expect(await queue.next() == Self.entry("a.txt"))
        queue.finished(Self.entry("a.txt"))
        #expect(queue.enqueue(Self.entry("a.txt", "江门日报")), "same name in a subfolder is another file")
    }

    @Test("a file that arrives again while its name is in flight is queued again when that one is finished")
    func arrivedAgain() async {
        let queue = IntakeQueue(maxInFlight: 4)
        let a = Self.entry("a.txt")
        #expect(queue.enqueue(a))
        #expect(!queue.enqueue(a), "pending: one entry is enough, nothing remembered")
        #expect(await queue.next() == a)
        #expect(!queue.enqueue(a), "in flight: not queued twice …")
        queue.finished(a)
        #expect(queue.contains(a), "… but queued again once the first is finished")
        #expect(queue.depth == 1)
        #expect(await queue.next() == a)
        queue.finished(a)
        #expect(!queue.contains(a), "nothing arrived during the second pass: forgotten")
        #expect(queue.enqueue(a))
        #expect(await queue.next() == a)
        queue.finished(a, again: true)
        #expect(queue.contains(a), "the pipeline can ask for a name to be read again")
    }

    @Test("drained for a holder of every taken file, when nothing more can be handed out")
    func drained() async {
        let queue = IntakeQueue(maxInFlight: 2)
        #expect(queue.isDrained(holding: 0), "empty")
        for name in ["a", "b", "c"] { queue.enqueue(Self.entry(name)) }
        _ = await queue.next()
        #expect(!queue.isDrained(holding: 1), "b could be handed out now")
        _ = await queue.next()
        #expect(queue.isDrained(holding: 2), "c waits for the bound: only the held files can free it")
        #expect(!queue.isDrained(holding: 1), "one taken file is elsewhere (being parsed)")
        queue.finished(Self.entry("a"))
        queue.finished(Self.entry("b"))
        #expect(!queue.isDrained(holding: 0), "c can be handed out again")
    }

    @Test("no more than maxInFlight files are taken before some are finished")
    func boundsInFlight() async {
        let queue = IntakeQueue(maxInFlight: 2)
        for name in ["a", "b", "c"] { queue.enqueue(Self.entry(name)) }
        let first = await queue.next()
        let second = await queue.next()
        #expect(first != nil && second != nil)
        async let third = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        #expect(queue.depth == 3)
        queue.finished(first!)
        #expect(await third == Self.entry("c"))
    }

    @Test("close wakes waiting workers with nil and drops what is pending")
    func close() async {
        let queue = IntakeQueue(maxInFlight: 1)
        queue.enqueue(Self.entry("a"))
        queue.enqueue(Self.entry("b"))
        _ = await queue.next()
        async let waiting = queue.next()
        try? await Task.sleep(for: .milliseconds(30))
        queue.close()
        #expect(await waiting == nil)
        #expect(!queue.contains(Self.entry("b")))
        #expect(!queue.enqueue(Self.entry("c")))
    }

    @Test("a file sent to retry stays known, frees its place, and comes back after its delay")
    func retryAfter() async {
        let queue = IntakeQueue(maxInFlight: 1)
        queue.enqueue(Self.entry("a"))
        queue.enqueue(Self.entry("b"))
        let a = await queue.next()!
        queue.retry(a, after: .milliseconds(50))
        #expect(!queue.enqueue(a), "still known while it waits")
        #expect(await queue.next() == Self.entry("b"), "its in-flight place is free for another")
        queue.finished(Self.entry("b"))
        #expect(await queue.next() == a, "back after the delay")
    }

    @Test("closing the queue ends the retry waits and forgets their files")
    func retryClosed() async {
        let queue = IntakeQueue(maxInFlight: 1)
        queue.enqueue(Self.entry("a"))
        let a = await queue.next()!
        queue.retry(a, after: .seconds(60))
        queue.close()
        #expect(await queue.next() == nil)
        #expect(await eventually(timeout: .seconds(5)) { !queue.contains(a) })
    }

    @Test("a file is stable only after the quiet period without change")
    func stability() {
        var tracker = StabilityTracker()
        let e = Self.entry("p.txt")
        let start = ContinuousClock.now
        let quiet = Duration.milliseconds(500)
        func at(_ ms: Int, size: Int, mtime: Int) -> Bool {
            tracker.observe(e, size: size, modified: timespec(tv_sec: mtime, tv_nsec: 0), age: .zero,
                            now: start + .milliseconds(ms), quiet: quiet)
        }
        #expect(!at(0, size: 10, mtime: 1))
        #expect(!at(400, size: 10, mtime: 1))
        #expect(!at(450, size: 20, mtime: 2), "grew: the clock restarts")
        #expect(!at(900, size: 20, mtime: 2))
        #expect(at(951, size: 20, mtime: 2))
        #expect(tracker.isEmpty)
        let old = tracker.observe(e, size: 1, modified: timespec(), age: .seconds(5), now: start, quiet: quiet)
        #expect(old, "untouched for longer than the quiet period when first seen")
    }

    @Test("dotfiles, temporary names and reason files are not candidates",
          arguments: [(".hidden.txt", false), ("p.txt.part", false), ("p.tmp", false), ("p.txt~", false),
                      ("p.txt.reason.json", false), ("p.txt", true), ("-dash.txt", true), ("page", true)])
    func candidates(name: String, candidate: Bool) {
        #expect(InboxEntry.isCandidate(FilePath.Component(name)!) == candidate)
    }
}
