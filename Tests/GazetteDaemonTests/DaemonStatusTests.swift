import Testing
@testable import GazetteDaemon

@Suite("Daemon status and watchdog health")
struct DaemonStatusTests {
    @Test("the STATUS line reads as the operator expects")
    func line() {
        let status = DaemonStatus()
        status.update {
            $0.storedPages = 1234
            $0.storedArticles = 8765
            $0.queue = 3
            $0.failed = 2
        }
        #expect(status.figures.line == "stored 1234 pages, 8765 articles; queue 3; failed 2")
        _ = status.beginTransient("store: the disk is full")
        #expect(status.figures.line.hasSuffix("; retrying: store: the disk is full"))
    }

    @Test("healthy when idle or moving; stuck (no watchdog ping) when work waits and nothing moved for the interval")
    func health() {
        let status = DaemonStatus()
        status.heartbeat()
        let now = ContinuousClock.now
        #expect(status.isHealthy(queue: 0, limit: .seconds(1), now: now + .seconds(60)), "idle is healthy")
        #expect(status.isHealthy(queue: 5, limit: .seconds(1), now: now + .milliseconds(500)))
        #expect(!status.isHealthy(queue: 5, limit: .seconds(1), now: now + .seconds(2)), "stuck")
    }

    @Test("a transient episode is reported once, backs off, and ends")
    func episode() {
        let status = DaemonStatus()
        #expect(status.beginTransient("busy"))
        #expect(!status.beginTransient("busy"))
        #expect(!status.beginTransient("busy"))
        #expect(status.backoff == .milliseconds(1000))
        #expect(status.endTransient() == "busy")
        #expect(status.endTransient() == nil)
        #expect(status.beginTransient("busy"), "a new episode is reported again")
        #expect(status.backoff == .milliseconds(250))
    }
}
